package backprop.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Every request goes through here: the Host check, the route for the path and method (404 for an
 * unknown path, 405 for a known path with another method), and one JSON error for every refusal.
 * Paths outside {@code /api/} are the page's static files.
 */
final class Router implements HttpHandler {
    /** What a route does with its request. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private final Map<String, Map<String, Handler>> routes = new TreeMap<>();
    private final StaticFiles staticFiles;
    private final Set<String> allowedHosts;
    private final int maxBodyBytes;
    private final Consumer<String> log;

    /**
     * @param allowedHosts host names the Host header may carry, or empty to accept any (a server bound
     *                     beyond loopback is reached under names we cannot know)
     */
    Router(StaticFiles staticFiles, Set<String> allowedHosts, int maxBodyBytes, Consumer<String> log) {
        this.staticFiles = staticFiles;
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.maxBodyBytes = maxBodyBytes;
        this.log = log;
    }

    Router add(String method, String path, Handler handler) {
        Handler previous = routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
        if (previous != null) {
            throw new IllegalStateException("two routes for " + method + " " + path);
        }
        return this;
    }

    @Override
    public void handle(HttpExchange http) {
        Exchange exchange = new Exchange(http, maxBodyBytes);
        try {
            checkHost(exchange);
            checkOrigin(exchange);
            route(exchange).handle(exchange);
        } catch (ApiError e) {
            if (e.status() == ApiError.PAYLOAD_TOO_LARGE) {
                exchange.drainBody();
            }
            respond(exchange, e.status(), e.getMessage());
        } catch (IOException e) {
            // The client went away mid-request or mid-response: nobody is left to tell.
        } catch (RuntimeException | Error e) {
            log.accept("internal error on " + exchange.method() + " " + exchange.path() + ": " + e);
            respond(exchange, 500, "internal error: " + e);
            if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
        } finally {
            exchange.close();
        }
    }

    private Handler route(Exchange exchange) {
        String path = exchange.path();
        if (!path.startsWith("/api/")) {
            return staticFiles::serve;
        }
        Map<String, Handler> byMethod = routes.get(path);
        if (byMethod == null) {
            throw ApiError.notFound("no API endpoint " + path + " (see web/README.md for the endpoints)");
        }
        Handler handler = byMethod.get(exchange.method().toUpperCase(Locale.ROOT));
        if (handler == null) {
            String allowed = String.join(", ", byMethod.keySet());
            exchange.setHeader("Allow", allowed);
            throw new ApiError(ApiError.METHOD_NOT_ALLOWED, exchange.method() + " is not allowed on " + path
                    + "; use " + allowed);
        }
        return handler;
    }

    /**
     * A page on another site can make the browser send requests to a loopback server under its own
     * host name (DNS rebinding); refusing unknown Host headers keeps such pages out.
     */
    private void checkHost(Exchange exchange) {
        if (allowedHosts.isEmpty()) {
            return;
        }
        String host = hostName(exchange.header("Host"));
        if (host == null || !allowedHosts.contains(host)) {
            throw new ApiError(ApiError.FORBIDDEN, "unexpected Host header '" + exchange.header("Host")
                    + "'; open the page at the address the server printed");
        }
    }

    /**
     * A page on another site may post a form to this server (its Host header is then ours); browsers
     * name that page in the Origin header, and a request that changes something must come from our own.
     */
    private static void checkOrigin(Exchange exchange) {
        String method = exchange.method();
        String origin = exchange.header("Origin");
        if (origin == null || method.equals("GET") || method.equals("HEAD")) {
            return;
        }
        String host = exchange.header("Host");
        if (host == null || !origin.equalsIgnoreCase("http://" + host.trim())) {
            throw new ApiError(ApiError.FORBIDDEN, "cross-origin request from " + origin + " refused");
        }
    }

    /** The host part of a Host header, without the port, lower case; null when missing. */
    static String hostName(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(0, end + 1);
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    private void respond(Exchange exchange, int status, String message) {
        try {
            exchange.sendError(status, message);
        } catch (IOException | RuntimeException ignored) {
            // Headers already sent (a stream that failed midway) or the client is gone.
        }
    }
}
