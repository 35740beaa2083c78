package backprop.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The HTTP layer's own refusals (a request line or URI it cannot parse, a bad Host header, headers too
 * large, a broken chunked body) in the API's form, {@code {"error": "..."}}, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** A request Jetty read far enough to make into one. */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = Json.write(new Exchange.ErrorBody(describe(code, message)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A request too broken to become one (its request line or headers): only a status and a body. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        fields.put("X-Content-Type-Options", "nosniff");
        return ByteBuffer.wrap(Json.write(new Exchange.ErrorBody(describe(status, reason))));
    }

    /** "bad request: Bad Host header" rather than just the status's name. */
    static String describe(int status, String reason) {
        String name = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
        if (reason == null || reason.isBlank() || reason.equalsIgnoreCase(HttpStatus.getMessage(status))) {
            return status == HttpStatus.BAD_REQUEST_400
                    ? name + ": the request line, its path or a header is malformed (a path may not leave the root "
                    + "with '..', nor hold encoded separators or invalid escapes)"
                    : name;
        }
        return name + ": " + reason;
    }
}
