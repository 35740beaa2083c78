package backprop.web;

/**
 * A request the server refuses, with the HTTP status and the one-line message the client gets as
 * {@code {"error": "..."}}.
 */
final class ApiError extends RuntimeException {
    static final int BAD_REQUEST = 400;
    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int REQUEST_TIMEOUT = 408;
    static final int CONFLICT = 409;
    static final int PAYLOAD_TOO_LARGE = 413;
    static final int UNSUPPORTED_MEDIA_TYPE = 415;
    static final int SERVICE_UNAVAILABLE = 503;

    private final int status;
    private final int retryAfterSeconds;

    ApiError(int status, String message) {
        this(status, message, 0);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} when positive: the server is busy, not broken */
    ApiError(int status, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int status() {
        return status;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ApiError badRequest(String message) {
        return new ApiError(BAD_REQUEST, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(NOT_FOUND, message);
    }

    static ApiError conflict(String message) {
        return new ApiError(CONFLICT, message);
    }
}
