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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's boundary: loopback by default, the page's files and nothing else, 404, 405, the Host check. */
class HttpSafetyTest {
    @TempDir
    static Path directory;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.withModel(directory);
        api = server.api;
        Files.writeString(directory.resolve("secret.txt"), "secret");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listensOnLoopbackByDefault() {
        assertEquals("127.0.0.1", server.server.uri().getHost());
        assertEquals("127.0.0.1", PlaygroundOptions.defaults(line -> { }).host());
    }

    @Test
    void thePageAndItsFilesAreServedWithAContentSecurityPolicy() {
        Api.Response page = api.get("/");
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertTrue(page.text().contains("<canvas id=\"pad\""));
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
        assertEquals("text/javascript; charset=utf-8", api.get("/app.js").header("Content-Type"));
        assertEquals("text/css; charset=utf-8", api.get("/style.css").header("Content-Type"));
        assertEquals(page.text(), api.get("/index.html").text());
    }

    @Test
    void unknownPathsAreNotFound() {
        assertEquals("no API endpoint /api/nothing (see web/README.md for the endpoints)", api.get("/api/nothing").error(404));
        assertEquals("not found: /secret.txt", api.get("/secret.txt").error(404));
        assertEquals("not found: /backprop/web/static/app.js", api.get("/backprop/web/static/app.js").error(404));
        assertEquals("not found: /api", api.get("/api").error(404));
    }

    @Test
    void wrongMethodsOnThePageAreNotAllowed() {
        Api.Response response = api.postJson("/", "{}");
        assertEquals("POST is not allowed on /; use GET", response.error(405));
        assertEquals("GET, HEAD", response.header("Allow"));
    }

    @Test
    void dotDotPathsAreRefusedHoweverTheyAreWritten() throws IOException {
        for (String path : new String[] {"/../secret.txt", "/static/../../secret.txt", "/%2e%2e/secret.txt",
                "/..%2fsecret.txt", "/.%2e/app.js", "/..\\secret.txt"}) {
            String response = rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertFalse(response.contains("secret\n") || response.endsWith("secret"), path + ": " + response);
            assertTrue(response.startsWith("HTTP/1.1 400") || response.startsWith("HTTP/1.1 404"), path + ": " + response);
        }
        // Jetty refuses a path that leaves the root before it reaches us; what is left is refused by StaticFiles.
        String plain = rawRequest("GET /../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(plain.startsWith("HTTP/1.1 400") && plain.contains("{\"error\":\"bad request: "), plain);
        String inside = rawRequest("GET /static/./app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(inside.startsWith("HTTP/1.1 400") && inside.contains("\"error\":\"bad path /static/./app.js: "
                + "'.' and '..' segments are not allowed\""), inside);
    }

    @Test
    void foreignHostHeadersAreRefused() throws IOException {
        // What a page on another site gets when it rebinds its own name to 127.0.0.1.
        String response = rawRequest("GET /api/model HTTP/1.1\r\nHost: evil.example:8080\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 403"), response);
        assertTrue(response.contains("unexpected Host header 'evil.example:8080'"), response);
        String local = rawRequest("GET /api/model HTTP/1.1\r\nHost: localhost:" + server.server.port()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(local.startsWith("HTTP/1.1 200"), local);
    }

    @Test
    void postsFromPagesOfOtherSitesAreRefused() {
        String seven = "{\"name\": \"from-elsewhere\"}";
        var foreign = java.net.http.HttpRequest.newBuilder(api.base.resolve("/api/model/save"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(seven));
        assertEquals("cross-origin request from http://evil.example refused", api.send(foreign).error(403));
        var own = java.net.http.HttpRequest.newBuilder(api.base.resolve("/api/model/save"))
                .header("Content-Type", "application/json")
                .header("Origin", "http://127.0.0.1:" + server.server.port())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(seven));
        assertEquals(200, api.send(own).status());
        // A form can only send text/plain, urlencoded or multipart bodies without a preflight.
        assertEquals(415, api.post("/api/train/stop", "text/plain", new byte[0]).status());
        assertEquals(415, api.post("/api/model/save", "application/x-www-form-urlencoded", "name=x".getBytes()).status());
    }

    @Test
    void aRefusedPostLeavesItsConnectionUsableForTheNextRequest() throws Exception {
        // The body arrives after the refusal could have been sent: a server that answered without reading it
        // would close the connection, and a client that had pooled it would get no answer to its next request.
        String body = "{\"name\": \"" + "x".repeat(20_000) + "\"}";
        String head = "POST /api/model/save HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n";
        String next = "GET /api/model HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((head + body.substring(0, 100)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(300);
            String responses;
            try {
                out.write((body.substring(100) + next).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } finally {
                responses = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(responses.startsWith("HTTP/1.1 403"), responses);
            assertEquals(2, responses.split("HTTP/1\\.1 \\d{3} ", -1).length - 1, responses);
        }
    }

    @Test
    void hostNamesAreReadWithoutTheirPort() {
        assertEquals("localhost", Router.hostName("LocalHost:8080"));
        assertEquals("[::1]", Router.hostName("[::1]:8080"));
        assertEquals("127.0.0.1", Router.hostName("127.0.0.1"));
    }

    private static String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
