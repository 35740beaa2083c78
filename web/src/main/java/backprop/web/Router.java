package backprop.web;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.time.Duration;
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
final class Router extends Handler.Abstract {
    /** What a route does with its request. */
    @FunctionalInterface
    interface Route {
        void handle(Exchange exchange) throws IOException;
    }

    private final Map<String, Map<String, Route>> routes = new TreeMap<>();
    private final StaticFiles staticFiles;
    private final Set<String> allowedHosts;
    private final int maxBodyBytes;
    private final Duration bodyTimeout;
    private final Consumer<String> log;

    /**
     * @param allowedHosts host names the Host header may carry, or empty to accept any (a server bound
     *                     beyond loopback is reached under names we cannot know)
     */
    Router(StaticFiles staticFiles, Set<String> allowedHosts, int maxBodyBytes, Duration bodyTimeout,
           Consumer<String> log) {
        // Blocking: handlers read and write as plain streams, on a virtual thread each.
        super(InvocationType.BLOCKING);
        this.staticFiles = staticFiles;
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        this.log = log;
    }

    Router add(String method, String path, Route handler) {
        Route previous = routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
        if (previous != null) {
            throw new IllegalStateException("two routes for " + method + " " + path);
        }
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, maxBodyBytes, bodyTimeout);
        try {
            checkHost(exchange);
            checkOrigin(exchange);
            route(exchange).handle(exchange);
            callback.succeeded();
        } catch (ApiError e) {
            if (e.status() != ApiError.REQUEST_TIMEOUT) {
                // A body left unread (a refusal before the handler read it, or past the size limit) makes
                // the server close the connection after answering, which a client that pooled it may
                // not see in time: its next request on it gets no answer. Read, the connection stays usable.
                exchange.drainBody();
            }
            if (e.retryAfterSeconds() > 0) {
                exchange.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            respond(exchange, e.status(), e.getMessage(), callback);
        } catch (IOException e) {
            // The client went away mid-request or mid-response: nobody is left to tell.
            callback.failed(e);
        } catch (OutOfMemoryError e) {
            // The server's fault, and likely passing: not the client's request.
            log.accept("out of memory on " + exchange.method() + " " + exchange.path());
            respond(exchange, ApiError.SERVICE_UNAVAILABLE, "the server is short of memory; try again in a moment",
                    callback);
        } catch (RuntimeException | Error e) {
            log.accept("internal error on " + exchange.method() + " " + exchange.path() + ": " + e);
            respond(exchange, 500, "internal error: " + e, callback);
            if (e instanceof Error error) {
                throw error;
            }
        }
        return true;
    }

    private Route route(Exchange exchange) {
        String path = exchange.path();
        if (!path.startsWith("/api/")) {
            return staticFiles::serve;
        }
        Map<String, Route> byMethod = routes.get(path);
        if (byMethod == null) {
            throw ApiError.notFound("no API endpoint " + path + " (see web/README.md for the endpoints)");
        }
        Route handler = byMethod.get(exchange.method().toUpperCase(Locale.ROOT));
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
        String host = exchange.headerCount("Host") == 1 ? hostName(exchange.header("Host")) : null;
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

    /**
     * The host part of a Host header, without the port, lower case; null when missing or when anything
     * but a port follows the name ({@code 127.0.0.1:evil.com}, {@code [::1]evil.com}).
     */
    static String hostName(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim().toLowerCase(Locale.ROOT);
        int end;
        if (value.startsWith("[")) {
            end = value.indexOf(']') + 1;
            if (end == 0) {
                return null;
            }
        } else {
            end = value.indexOf(':');
            end = end < 0 ? value.length() : end;
        }
        String port = value.substring(end);
        if (!port.isEmpty() && !port.matches(":[0-9]{1,5}")) {
            return null;
        }
        String name = value.substring(0, end);
        return name.isEmpty() ? null : name;
    }

    private static void respond(Exchange exchange, int status, String message, Callback callback) {
        if (exchange.committed()) {
            // Headers already sent (a stream that failed midway): the connection is cut instead.
            callback.failed(new IOException(message));
            return;
        }
        try {
            exchange.sendError(status, message);
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }
}
