package backprop.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page: a fixed list of files read from the jar at start-up. Only these names are served, so no
 * request path can reach anything else, however it is written; paths with {@code ..} segments are
 * refused outright rather than normalized.
 */
final class StaticFiles {
    private static final String RESOURCE_DIRECTORY = "/backprop/web/static/";
    /** Scripts and styles only from this server; images also from canvases (data: and blob: URLs). */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
            + "style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    private record Asset(byte[] content, String contentType) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    StaticFiles() {
        for (String name : List.of("index.html", "app.js", "diagram.js", "charts.js", "experiments.js",
                "style.css", "favicon.svg", "vendor/uPlot.iife.min.js", "vendor/uPlot.min.css", "vendor/uPlot.LICENSE.txt")) {
            assets.put("/" + name, new Asset(read(name), contentType(name)));
        }
        assets.put("/", assets.get("/index.html"));
    }

    void serve(Exchange exchange) throws IOException {
        String method = exchange.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.setHeader("Allow", "GET, HEAD");
            throw new ApiError(ApiError.METHOD_NOT_ALLOWED, method + " is not allowed on " + exchange.path() + "; use GET");
        }
        if (hasDotSegment(exchange.rawPath()) || hasDotSegment(exchange.path())) {
            throw ApiError.badRequest("bad path " + exchange.rawPath() + ": '.' and '..' segments are not allowed");
        }
        Asset asset = assets.get(exchange.path());
        if (asset == null) {
            throw ApiError.notFound("not found: " + exchange.path());
        }
        exchange.setHeader("Cache-Control", "no-cache");
        exchange.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.setHeader("Referrer-Policy", "no-referrer");
        exchange.send(200, asset.contentType(), asset.content());
    }

    static boolean hasDotSegment(String path) {
        for (String segment : path.replace('\\', '/').split("/", -1)) {
            String lower = segment.toLowerCase(Locale.ROOT);
            if (lower.equals("..") || lower.equals(".") || lower.equals("%2e%2e") || lower.equals("%2e")
                    || lower.equals(".%2e") || lower.equals("%2e.")) {
                return true;
            }
        }
        return path.contains("%2f") || path.contains("%2F") || path.contains("%5c") || path.contains("%5C");
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(RESOURCE_DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("the page's file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (name.endsWith(".txt")) {
            return "text/plain; charset=utf-8";
        }
        throw new IllegalArgumentException("no content type for " + name);
    }
}
