package backprop.web;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the router answers when a handler fails for reasons that are not the client's. */
class RouterFaultsTest {
    @Test
    void runningOutOfMemoryIsAnswered503NotTheClientsBadRequest() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Router router = new Router(new StaticFiles(), Set.of(), 1 << 20, Duration.ofSeconds(5), log::add);
        router.add("POST", "/api/predict", exchange -> {
            throw new OutOfMemoryError("Java heap space");
        });
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(router);
        server.start();
        try {
            Api api = new Api(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"));

            Api.Response response = api.post("/api/predict", "image/png", new byte[] {1, 2, 3});

            assertEquals("the server is short of memory; try again in a moment", response.error(503));
            assertTrue(log.contains("out of memory on POST /api/predict"), log.toString());
        } finally {
            server.stop();
        }
    }
}
