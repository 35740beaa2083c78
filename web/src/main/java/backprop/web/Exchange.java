package backprop.web;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request and its response: the request's parts read with their limits and checks, and the
 * response written as JSON, bytes or an event stream. Every client mistake surfaces as an
 * {@link ApiError}, which the {@link Router} turns into {@code {"error": "..."}}.
 */
final class Exchange {
    /** Beyond the limit, this much more of a body is read and dropped so the client can receive the 413. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private final HttpExchange http;
    private final int maxBodyBytes;
    private Map<String, String> query;

    Exchange(HttpExchange http, int maxBodyBytes) {
        this.http = http;
        this.maxBodyBytes = maxBodyBytes;
    }

    String method() {
        return http.getRequestMethod();
    }

    /** The decoded path, e.g. {@code /api/predict}. */
    String path() {
        return http.getRequestURI().getPath();
    }

    /** The path as sent, percent-escapes and all. */
    String rawPath() {
        return http.getRequestURI().getRawPath();
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    /** The media type of the body without parameters, lower case ({@code application/json}), or "" if none. */
    String contentType() {
        String value = header("Content-Type");
        if (value == null) {
            return "";
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** A query parameter, or null when absent. */
    String parameter(String name) {
        if (query == null) {
            query = parseQuery(http.getRequestURI().getRawQuery());
        }
        return query.get(name);
    }

    /** An integer query parameter in {@code [min, max]}, or {@code fallback} when absent. */
    int intParameter(String name, int fallback, int min, int max) {
        String value = parameter(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw ApiError.badRequest("query parameter '" + name + "' must be between " + min + " and " + max
                        + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + name + "' must be a whole number, got '" + value + "'");
        }
    }

    /** The request body, refused with 413 beyond the server's limit. */
    byte[] body() throws IOException {
        String declared = header("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("bad Content-Length header '" + declared + "'");
            }
        }
        InputStream in = http.getRequestBody();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            body.write(buffer, 0, n);
            if (body.size() > maxBodyBytes) {
                throw tooLarge();
            }
        }
        return body.toByteArray();
    }

    private ApiError tooLarge() {
        return new ApiError(ApiError.PAYLOAD_TOO_LARGE, "the request body is larger than the "
                + describeBytes(maxBodyBytes) + " limit");
    }

    static String describeBytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MB" : bytes % 1024 == 0 ? (bytes >> 10) + " KB" : bytes + " bytes";
    }

    /**
     * Reads and drops what is left of the request body, up to a bound: the JDK server closes a
     * connection whose body was left unread, and a client still sending would then see a reset
     * instead of our answer.
     */
    void drainBody() {
        try {
            InputStream in = http.getRequestBody();
            long skipped = 0;
            byte[] buffer = new byte[8192];
            int n;
            while (skipped < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
                skipped += n;
            }
        } catch (IOException ignored) {
            // The client stopped sending; there is nobody left to answer.
        }
    }

    void sendJson(int status, Object value) throws IOException {
        send(status, "application/json; charset=utf-8", Json.write(value));
    }

    void sendError(int status, String message) throws IOException {
        sendJson(status, new ErrorBody(message));
    }

    record ErrorBody(String error) {
    }

    void send(int status, String contentType, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (!http.getResponseHeaders().containsKey("Cache-Control")) {
            http.getResponseHeaders().set("Cache-Control", "no-store");
        }
        boolean head = method().equals("HEAD");
        http.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
    }

    void setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    /** Starts a {@code text/event-stream} response of unknown length; the caller writes events and flushes. */
    OutputStream startEventStream() throws IOException {
        http.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        http.getResponseHeaders().set("Cache-Control", "no-store");
        http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        http.sendResponseHeaders(200, 0);
        return http.getResponseBody();
    }

    void close() {
        http.close();
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("bad query string: " + e.getMessage());
            }
        }
        return parameters;
    }
}
