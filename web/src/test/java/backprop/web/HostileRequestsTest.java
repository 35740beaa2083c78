package backprop.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests a browser never sends: headers or bodies that never end or trickle in, broken chunked
 * framing, text after the JSON, URIs and Host headers the HTTP layer refuses. Each gets an answer
 * in the API's JSON form, or a closed connection, in bounded time.
 */
class HostileRequestsTest {
    static final Duration IDLE = Duration.ofSeconds(2);
    static final Duration BODY = Duration.ofSeconds(3);

    @TempDir
    static Path directory;
    static TestServer server;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.withLimits(directory, ServerLimits.defaults().withTimeouts(IDLE, BODY));
        port = server.server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void headersThatNeverEndAreTimedOut() throws IOException {
        RawHttp.Reply reply = RawHttp.send(port, "GET /api/model HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), 15_000, false);

        assertTrue(reply.closed(), "still open after " + reply.millis() + " ms: " + reply.text());
        assertTrue(reply.millis() < IDLE.toMillis() + 5_000, reply.millis() + " ms");
    }

    @Test
    void aBodyThatNeverEndsIsTimedOut() throws IOException {
        String request = "POST /api/model/save HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\":";

        RawHttp.Reply reply = RawHttp.send(port, request.getBytes(StandardCharsets.ISO_8859_1), 15_000, false);

        assertTrue(reply.closed(), "still open after " + reply.millis() + " ms: " + reply.text());
        assertTrue(reply.millis() < IDLE.toMillis() + 5_000, reply.millis() + " ms");
        assertTrue(reply.status() == 0 || reply.status() == 408 && reply.isJsonError(), reply.text());
    }

    @Test
    void aBodyThatTricklesInIsRefusedAfterTheBodyTimeout() throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            // A byte every half second: never idle for long, never done.
            while (System.nanoTime() - started < Duration.ofSeconds(15).toNanos()) {
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                try {
                    int n;
                    byte[] buffer = new byte[4096];
                    if ((n = in.read(buffer)) < 0) {
                        break;
                    }
                    reply.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (reply.indexOf("}") > 0) {
                        break;
                    }
                } catch (java.net.SocketTimeoutException more) {
                    // Nothing yet.
                }
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertTrue(seconds < BODY.toSeconds() + 5, seconds + " s");
            assertTrue(reply.toString().startsWith("HTTP/1.1 408"), reply.toString());
            assertTrue(reply.toString().contains("{\"error\":\"the request body did not arrive within 3 s\"}"),
                    reply.toString());
        }
    }

    @Test
    void textAfterTheJsonBodyIsRefused() {
        Api.Response response = server.api.postJson("/api/model/save", "{\"name\":\"x\"} ]]]");

        assertTrue(response.error(400).startsWith("bad JSON: "), response.text());
        assertFalse(Files.exists(server.models.resolve("x.json")));
        assertTrue(server.api.postJson("/api/predict", Api.pixelsJson(0.5, 784) + "{}").error(400)
                .startsWith("bad JSON: "));
    }

    @Test
    void aMalformedChunkedBodyIsABadRequest() throws IOException {
        for (String chunks : new String[] {"zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}XX0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n",
                "FFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\n"}) {
            RawHttp.Reply reply = RawHttp.send(port, "POST /api/model/save HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + chunks, 10_000);

            assertEquals(400, reply.status(), chunks + ": " + reply.text());
            assertTrue(reply.isJsonError(), chunks + ": " + reply.text());
        }
    }

    @Test
    void theHttpLayersRefusalsAreJsonErrors() throws IOException {
        for (String target : new String[] {"/a\\b", "/%zz", "/api/%", "/../../etc/passwd", "/%2e%2e/x", "/a%00b"}) {
            RawHttp.Reply reply = RawHttp.send(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n", 10_000);

            assertTrue(reply.status() == 400 || reply.status() == 404, target + ": " + reply.text());
            assertTrue(reply.isJsonError(), target + ": " + reply.text());
            assertFalse(reply.text().contains("<html"), target + ": " + reply.text());
        }
        for (String request : new String[] {"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
                "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", "BREW /\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + "a".repeat(100_000) + "\r\n\r\n"}) {
            RawHttp.Reply reply = RawHttp.send(port, request, 10_000);

            assertTrue(reply.status() >= 400 && reply.status() < 600, request.substring(0, Math.min(20, request.length())) + ": " + reply.text());
            assertTrue(reply.isJsonError(), request.substring(0, Math.min(20, request.length())) + ": " + reply.text());
        }
    }

    @Test
    void hostHeadersWithAnythingButAPortAfterTheNameAreRefused() throws IOException {
        for (String host : new String[] {"127.0.0.1:evil.com", "[::1]evil.com", "localhost:80:80", "localhost:x",
                "127.0.0.1.evil.com", "localhost@evil.com", "[::1]:80evil", ""}) {
            RawHttp.Reply reply = RawHttp.send(port, "GET /api/model HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n", 10_000);

            assertTrue(reply.status() == 400 || reply.status() == 403, host + ": " + reply.text());
            assertTrue(reply.isJsonError(), host + ": " + reply.text());
        }
        RawHttp.Reply twoHosts = RawHttp.send(port, "GET /api/model HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.com\r\n"
                + "Connection: close\r\n\r\n", 10_000);
        assertTrue(twoHosts.status() == 400 || twoHosts.status() == 403, twoHosts.text());
        RawHttp.Reply ours = RawHttp.send(port, "GET /api/model HTTP/1.1\r\nHost: [::1]:" + port
                + "\r\nConnection: close\r\n\r\n", 10_000);
        assertEquals(200, ours.status(), ours.text());
    }

    @Test
    void hostNamesAreReadStrictly() {
        assertEquals("localhost", Router.hostName("LocalHost:8080"));
        assertEquals("[::1]", Router.hostName("[::1]:8080"));
        assertEquals("[::1]", Router.hostName("[::1]"));
        assertEquals(null, Router.hostName("127.0.0.1:evil.com"));
        assertEquals(null, Router.hostName("[::1]evil.com"));
        assertEquals(null, Router.hostName("[::1"));
        assertEquals(null, Router.hostName(":8080"));
    }
}
