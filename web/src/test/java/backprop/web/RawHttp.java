package backprop.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 by hand over a socket: requests no well-behaved client would send. */
final class RawHttp {
    /** What came back: the status (0 if none), the raw text, whether the server closed the connection. */
    record Reply(int status, String text, boolean closed, long millis) {
        String body() {
            int blank = text.indexOf("\r\n\r\n");
            return blank < 0 ? "" : text.substring(blank + 4);
        }

        boolean isJsonError() {
            return isJson() && body().startsWith("{\"error\":\"");
        }

        boolean isJson() {
            return text.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json");
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} whole, then reads until the server closes or {@code timeoutMillis} pass. */
    static Reply send(int port, byte[] request, int timeoutMillis) throws IOException {
        return send(port, request, timeoutMillis, true);
    }

    /**
     * @param halfClose whether to close our side after sending (so the server sees the end of the
     *                  request) or keep it open (so it waits for more)
     */
    static Reply send(int port, byte[] request, int timeoutMillis, boolean halfClose) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = false;
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                // Still open when we stopped waiting.
            } catch (IOException e) {
                closed = true; // reset by the server
            }
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int status = 0;
            if (text.startsWith("HTTP/1.1 ") && text.length() >= 12) {
                status = Integer.parseInt(text.substring(9, 12));
            }
            return new Reply(status, text, closed, (System.nanoTime() - started) / 1_000_000);
        }
    }

    static Reply send(int port, String request, int timeoutMillis) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), timeoutMillis);
    }
}
