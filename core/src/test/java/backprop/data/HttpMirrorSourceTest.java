package backprop.data;

import static backprop.data.IdxTestFiles.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a server on the loopback interface, so no network is needed. */
class HttpMirrorSourceTest {
    private static final byte[] LABELS = IdxTestFiles.cyclingLabels(30);

    @TempDir
    Path dir;

    private HttpServer server;
    private URI base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mnist/", exchange -> {
            byte[] body = exchange.getRequestURI().getPath().equals("/mnist/train-labels-idx1-ubyte.gz")
                    ? gzip(LABELS) : null;
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        base = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
                + "/mnist/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void downloadsGzippedFilesAndStoresThemRaw() throws Exception {
        new HttpMirrorSource(base).fetch(List.of(Mnist.TRAIN_LABELS), dir, line -> {
        });

        assertArrayEquals(LABELS, Files.readAllBytes(dir.resolve(Mnist.TRAIN_LABELS)));
    }

    @Test
    void httpErrorStatusIsReportedWithTheAddress() {
        IOException e = assertThrows(IOException.class,
                () -> new HttpMirrorSource(base).fetch(List.of(Mnist.TEST_LABELS), dir, line -> {
                }));

        assertEquals("HTTP 404 for " + base + "t10k-labels-idx1-ubyte.gz", e.getMessage());
    }

    @Test
    void refusedConnectionIsReportedWithTheHost() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/mnist/");

        IOException e = assertThrows(IOException.class,
                () -> new HttpMirrorSource(nowhere).fetch(List.of(Mnist.TEST_LABELS), dir, line -> {
                }));

        assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1: "), e.getMessage());
    }
}
