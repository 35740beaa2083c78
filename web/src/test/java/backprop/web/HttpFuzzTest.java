package backprop.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random requests against a live server: the API's JSON bodies mutated byte by byte, bodies
 * sent in chunks framed right and wrong, and headers mutated (Host, Content-Length, Transfer-Encoding,
 * names and values). Whatever is sent, the answer is a response with a status the API documents
 * (never 500) and, for a refusal, the API's {@code {"error": "..."}}, in bounded time: the server never
 * hangs on a request.
 */
class HttpFuzzTest {
    /** Statuses the API and the HTTP layer document; 500 is not among them. */
    static final Set<Integer> EXPECTED = Set.of(200, 202, 400, 403, 404, 405, 408, 409, 411, 413, 414, 415, 417,
            431, 501, 503, 505);
    static final int TIMEOUT_MILLIS = 15_000;

    @TempDir
    static Path directory;
    static TestServer server;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        // Short timeouts so that a request cut short ends quickly; small jobs so that an accepted one ends soon.
        server = TestServer.withLimits(directory, ServerLimits.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).withMaxTrainingWork(50_000_000L));
        port = server.server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Endpoint(String path, String body) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/api/predict", Api.pixelsJson(0.5, 784)),
            new Endpoint("/api/train", "{\"layers\": [784, 10, 10], \"eta\": 3.0, \"batchSize\": 10, \"epochs\": 1, "
                    + "\"trainingExamples\": 100, \"cost\": \"cross-entropy\", \"lambda\": 0.1, \"seed\": 3}"),
            new Endpoint("/api/train/stop", "{}"),
            new Endpoint("/api/model/save", "{\"name\": \"fuzzed\"}"),
            new Endpoint("/api/model/load", "{\"name\": \"network2-trained\"}"));

    @Test
    void mutatedJsonBodiesGetAnAnswerOrAJsonError() throws IOException {
        Random random = new Random(11);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Endpoint endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            byte[] body = mutateJson(endpoint.body().getBytes(StandardCharsets.UTF_8), random);
            byte[] request = request("POST", endpoint.path(), List.of("Content-Type: application/json",
                    "Content-Length: " + body.length), body);
            check("json " + i + " " + endpoint.path() + " " + preview(body), request, failures);
        }
        assertTrue(failures.isEmpty(), failures.size() + " failed:\n" + String.join("\n", failures));
    }

    @Test
    void chunkedBodiesFramedRightOrWrongGetAnAnswerOrAJsonError() throws IOException {
        Random random = new Random(12);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Endpoint endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            byte[] body = chunked(endpoint.body().getBytes(StandardCharsets.UTF_8), random);
            byte[] request = request("POST", endpoint.path(), List.of("Content-Type: application/json",
                    "Transfer-Encoding: chunked"), body);
            check("chunked " + i + " " + endpoint.path() + " " + preview(body), request, failures);
        }
        assertTrue(failures.isEmpty(), failures.size() + " failed:\n" + String.join("\n", failures));
    }

    @Test
    void mutatedHeadersGetAnAnswerOrAJsonError() throws IOException {
        Random random = new Random(13);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Endpoint endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            byte[] body = endpoint.body().getBytes(StandardCharsets.UTF_8);
            List<String> headers = new ArrayList<>(List.of("Host: 127.0.0.1:" + port, "Content-Type: application/json",
                    "Content-Length: " + body.length));
            String method = random.nextInt(10) == 0 ? pick(random, "GET", "PUT", "DELETE", "OPTIONS", "HEAD", "X\u0000") : "POST";
            for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) {
                mutateHeaders(headers, body.length, random);
            }
            byte[] request = rawRequest(method, endpoint.path(), headers, body);
            check("headers " + i + " " + method + " " + headers, request, method.equals("HEAD"), failures);
        }
        assertTrue(failures.isEmpty(), failures.size() + " failed:\n" + String.join("\n", failures));
    }

    /** The property: a response with an expected status, a JSON error for a refusal, in bounded time. */
    static void check(String label, byte[] request, List<String> failures) throws IOException {
        check(label, request, false, failures);
    }

    /**
     * @param head whether the request was HEAD: an answer to one has the JSON content type and no body,
     *             unless the request was too broken for its method to count (then the connection closes)
     */
    static void check(String label, byte[] request, boolean head, List<String> failures) throws IOException {
        RawHttp.Reply reply = RawHttp.send(port, request, TIMEOUT_MILLIS);
        if (!reply.closed()) {
            failures.add(label + ": no end after " + reply.millis() + " ms: " + reply.text());
        } else if (!EXPECTED.contains(reply.status())) {
            failures.add(label + ": status " + reply.status() + ": " + preview(reply.text().getBytes(StandardCharsets.ISO_8859_1)));
        } else if (reply.status() >= 400 && !(reply.isJsonError() || head && reply.isJson() && reply.body().isEmpty())) {
            failures.add(label + ": refusal without a JSON error: " + reply.text());
        }
    }

    /** A request with our Host header and these others. */
    static byte[] request(String method, String path, List<String> headers, byte[] body) {
        List<String> all = new ArrayList<>(headers);
        all.addFirst("Host: 127.0.0.1:" + port);
        return rawRequest(method, path, all, body);
    }

    /** A request with exactly these headers (and Connection: close). */
    static byte[] rawRequest(String method, String path, List<String> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (String header : headers) {
            out.writeBytes((header + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static final byte[] JSON_BYTES = "{}[]\",:0123456789.eE-+ntrufalsNI\\u \u00e9\u0000".getBytes(StandardCharsets.UTF_8);

    static byte[] mutateJson(byte[] body, Random random) {
        byte[] out = body;
        for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) {
            out = switch (random.nextInt(8)) {
                case 0 -> {
                    byte[] copy = out.clone();
                    if (copy.length > 0) {
                        copy[random.nextInt(copy.length)] = JSON_BYTES[random.nextInt(JSON_BYTES.length)];
                    }
                    yield copy;
                }
                case 1 -> java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
                case 2 -> concat(out, pick(random, " ]]]", "{}", "\u0000", "x", "\n{\"name\":\"y\"}").getBytes(StandardCharsets.UTF_8));
                case 3 -> ("[".repeat(1 + random.nextInt(5000)) + "]".repeat(random.nextInt(5000))).getBytes(StandardCharsets.UTF_8);
                case 4 -> new String(out, StandardCharsets.UTF_8).replaceFirst("[0-9]+(\\.[0-9]+)?",
                        pick(random, "1e999999", "-0", "99999999999999999999999", "1.7976931348623157E309", "NaN",
                                "\"3\"", "null", "true", "[]", "{}")).getBytes(StandardCharsets.UTF_8);
                case 5 -> new String(out, StandardCharsets.UTF_8).replaceFirst("\"[a-z]+\"",
                        pick(random, "\"" + "a".repeat(100_000) + "\"", "\"\\ud800\"", "\"\"", "\"pixels\"",
                                "\"layers\"", "\"name\"")).getBytes(StandardCharsets.UTF_8);
                case 6 -> {
                    byte[] copy = out.clone();
                    if (copy.length > 0) {
                        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    yield copy;
                }
                default -> {
                    byte[] noise = new byte[random.nextInt(64)];
                    random.nextBytes(noise);
                    yield concat(java.util.Arrays.copyOf(out, random.nextInt(out.length + 1)), noise);
                }
            };
        }
        return out;
    }

    /** The body in random chunks, most framed right, some with wrong sizes, bad hex, extensions, trailers or cut short. */
    static byte[] chunked(byte[] body, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int size = Math.min(body.length - at, 1 + random.nextInt(Math.max(1, body.length / 3)));
            String declared = Integer.toHexString(size);
            switch (random.nextInt(12)) {
                case 0 -> declared = Integer.toHexString(size + 1 + random.nextInt(10));
                case 1 -> declared = Integer.toHexString(Math.max(0, size - 1));
                case 2 -> declared = pick(random, "zz", "-1", "", " ", "0x10", "FFFFFFFFFFFFFFFFFFFF", "1;", "1 1");
                case 3 -> declared = declared + ";name=value";
                default -> {
                }
            }
            String lineEnd = random.nextInt(20) == 0 ? "\n" : "\r\n";
            out.writeBytes((declared + lineEnd).getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, size);
            out.writeBytes((random.nextInt(20) == 0 ? "XX" : "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            at += size;
        }
        switch (random.nextInt(6)) {
            case 0 -> {
                // cut short: no last chunk
            }
            case 1 -> out.writeBytes("0\r\nX-Trailer: yes\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            case 2 -> out.writeBytes("0\r\n".getBytes(StandardCharsets.ISO_8859_1));
            default -> out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    static void mutateHeaders(List<String> headers, int bodyLength, Random random) {
        switch (random.nextInt(10)) {
            case 0 -> replace(headers, "Host", pick(random, "127.0.0.1:evil.com", "[::1]evil.com", "evil.com",
                    "localhost:" + port, "", "127.0.0.1:99999999", "LOCALHOST", "127.0.0.1:" + port + " x", "\u00e9"));
            case 1 -> headers.add("Host: " + pick(random, "evil.com", "127.0.0.1"));
            case 2 -> replace(headers, "Content-Length", pick(random, "-1", "abc", "99999999999999999999", "",
                    Integer.toString(bodyLength + 10), Integer.toString(Math.max(0, bodyLength - 10)), "0", "3000000"));
            case 3 -> headers.add("Content-Length: " + (bodyLength + random.nextInt(3)));
            case 4 -> headers.add("Transfer-Encoding: " + pick(random, "chunked", "gzip", "chunked, gzip", "identity", "x"));
            case 5 -> replace(headers, "Content-Type", pick(random, "text/plain", "application/json; charset=utf-16",
                    "image/png", "", "application/json;;;", "multipart/form-data; boundary=x"));
            case 6 -> headers.add(pick(random, "Bad Header: x", "X-Long: " + "a".repeat(20_000), "X-Nul: a\u0000b",
                    " folded: value", "X-Empty:", ": no name", "X-Utf: \u00e9\u00e8"));
            case 7 -> headers.add("Origin: " + pick(random, "http://evil.example", "null", "http://127.0.0.1:" + port));
            case 8 -> headers.add("Expect: " + pick(random, "100-continue", "200-ok"));
            default -> {
                if (!headers.isEmpty()) {
                    headers.remove(random.nextInt(headers.size()));
                }
            }
        }
    }

    /** Sets the first header of this name to {@code value}, or adds it when an earlier mutation removed it. */
    static void replace(List<String> headers, String name, String value) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                headers.set(i, name + ": " + value);
                return;
            }
        }
        headers.add(name + ": " + value);
    }

    @SafeVarargs
    static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.ISO_8859_1);
        return text.replace("\r", "\\r").replace("\n", "\\n") + (bytes.length > 120 ? "... (" + bytes.length + " bytes)" : "");
    }
}
