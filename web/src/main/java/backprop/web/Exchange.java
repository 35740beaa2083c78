package backprop.web;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One request and its response: the request's parts read with their limits and checks, and the
 * response written as JSON, bytes or an event stream. Every client mistake surfaces as an
 * {@link ApiError}, which the {@link Router} turns into {@code {"error": "..."}}. Reads and writes
 * block; requests run on virtual threads, so that costs no platform thread.
 */
final class Exchange {
    /** Beyond the limit, this much more of a body is read and dropped so the client can receive the 413. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private final Request request;
    private final Response response;
    private final int maxBodyBytes;
    private final Duration bodyTimeout;
    private Map<String, String> query;

    Exchange(Request request, Response response, int maxBodyBytes, Duration bodyTimeout) {
        this.request = request;
        this.response = response;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
    }

    String method() {
        return request.getMethod();
    }

    /** The decoded path, e.g. {@code /api/predict}. */
    String path() {
        String decoded = request.getHttpURI().getDecodedPath();
        return decoded == null ? rawPath() : decoded;
    }

    /** The path as sent, percent-escapes and all. */
    String rawPath() {
        String raw = request.getHttpURI().getPath();
        return raw == null ? "" : raw;
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** How many times the header is present: a request with two Host headers is ambiguous. */
    int headerCount(String name) {
        int count = 0;
        for (HttpField field : request.getHeaders()) {
            if (field.is(name)) {
                count++;
            }
        }
        return count;
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
            query = parseQuery(request.getHttpURI().getQuery());
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

    /**
     * The request body, refused with 413 beyond the server's limit, 408 when it has not arrived whole
     * within the body timeout (or the connection went silent), and 400 when its framing is broken
     * (a malformed chunked body, a body cut short).
     */
    byte[] body() throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        long deadline = System.nanoTime() + bodyTimeout.toNanos();
        InputStream in = Content.Source.asInputStream(request);
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
                if (body.size() > maxBodyBytes) {
                    throw tooLarge();
                }
                if (System.nanoTime() > deadline) {
                    throw bodyTooSlow();
                }
            }
        } catch (IOException e) {
            throw unreadableBody(e);
        }
        return body.toByteArray();
    }

    private ApiError bodyTooSlow() {
        return new ApiError(ApiError.REQUEST_TIMEOUT, "the request body did not arrive within "
                + bodyTimeout.toSeconds() + " s");
    }

    /** What went wrong while reading a body, as the client's error: a timeout, broken framing, an early end. */
    private ApiError unreadableBody(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return new ApiError(ApiError.REQUEST_TIMEOUT, "the request body stopped arriving (no data for "
                        + "a while); send it whole");
            }
            if (cause instanceof org.eclipse.jetty.http.HttpException http && http.getCode() >= 400
                    && http.getCode() < 500) {
                return new ApiError(ApiError.BAD_REQUEST, "the request body is malformed: " + http.getReason());
            }
        }
        return ApiError.badRequest("the request body could not be read: it ended early or its framing is broken ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
    }

    private ApiError tooLarge() {
        return new ApiError(ApiError.PAYLOAD_TOO_LARGE, "the request body is larger than the "
                + describeBytes(maxBodyBytes) + " limit");
    }

    static String describeBytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MB" : bytes % 1024 == 0 ? (bytes >> 10) + " KB" : bytes + " bytes";
    }

    /**
     * Reads and drops what is left of the request body, up to a bound: a connection whose body was
     * left unread is closed, and a client still sending would then see a reset instead of our answer.
     */
    void drainBody() {
        try {
            InputStream in = Content.Source.asInputStream(request);
            long skipped = 0;
            byte[] buffer = new byte[8192];
            int n;
            while (skipped < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
                skipped += n;
            }
        } catch (IOException | RuntimeException ignored) {
            // The client stopped sending, or the body was broken: the answer is sent all the same.
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
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        commonHeaders();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
    }

    /** Sends {@code length} bytes from {@code content} as the body, without holding them all in memory. */
    void send(int status, String contentType, long length, InputStream content) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        commonHeaders();
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            content.transferTo(out);
        }
    }

    private void commonHeaders() {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (!response.getHeaders().contains(HttpHeader.CACHE_CONTROL)) {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        }
    }

    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Starts a {@code text/event-stream} response of unknown length; the caller writes events and flushes. */
    OutputStream startEventStream() throws IOException {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        OutputStream out = Content.Sink.asOutputStream(response);
        out.flush();
        return out;
    }

    /** Whether the response's status and headers are on their way: an error can no longer be sent. */
    boolean committed() {
        return response.isCommitted();
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
