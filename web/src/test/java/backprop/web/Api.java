package backprop.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The playground's API over real HTTP, as a test sees it. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, HttpResponse<byte[]> http) {
        String text() {
            return new String(http.body(), StandardCharsets.UTF_8);
        }

        byte[] bytes() {
            return http.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(http.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        /** Asserts the status and that the body is {"error": ...}; returns the message. */
        String error(int expectedStatus) {
            assertEquals(expectedStatus, status, text());
            assertTrue(header("Content-Type").startsWith("application/json"), header("Content-Type"));
            JsonNode body = json();
            assertEquals(1, body.size(), text());
            assertTrue(body.get("error").isTextual(), text());
            return body.get("error").asText();
        }
    }

    final URI base;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(URI base) {
        this.base = base;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Response postJson(String path, String json) {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    Response post(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    Response method(String method, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String pixelsJson(double value, int count) {
        StringBuilder json = new StringBuilder("{\"pixels\": [");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(value);
        }
        return json.append("]}").toString();
    }
}
