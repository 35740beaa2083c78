package backprop.web;

import backprop.data.Splits;

import java.io.IOException;

/**
 * Opens the data once, on first use, so that a server started only to draw digits never reads (or
 * fetches) MNIST. A failure is not remembered: the next request tries again.
 */
final class DataLoader {
    private final SplitsSource source;
    private final String name;
    private Splits splits;

    DataLoader(SplitsSource source, String name) {
        this.source = source;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** The data, or a 503 saying why it cannot be had. */
    synchronized Splits splits() {
        if (splits == null) {
            try {
                splits = source.open();
            } catch (IOException | RuntimeException e) {
                throw new ApiError(ApiError.SERVICE_UNAVAILABLE, "the " + name + " data is not available: "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return splits;
    }
}
