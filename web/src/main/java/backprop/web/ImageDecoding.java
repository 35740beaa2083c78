package backprop.web;

import backprop.image.BlankImageException;
import backprop.image.DigitImage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Uploaded images are decoded and preprocessed here: at most a few at once, each on a platform thread
 * of its own. Requests run on virtual threads, which share a carrier thread per core and are not
 * preempted: a second of decoding on one of them would hold that core's carrier, and every other
 * request would wait. On platform threads the operating system shares the cores out instead, so other
 * requests stay fast while images decode; beyond the limit an image waits a moment for its turn and
 * is then refused with 503.
 */
final class ImageDecoding implements AutoCloseable {
    private final Semaphore turns;
    private final ExecutorService threads;
    private final Duration wait;
    private final int concurrent;

    ImageDecoding(int concurrent, Duration wait) {
        this.concurrent = concurrent;
        this.turns = new Semaphore(concurrent, true);
        this.threads = Executors.newFixedThreadPool(concurrent,
                Thread.ofPlatform().name("backprop-image-", 0).daemon(true).factory());
        this.wait = wait;
    }

    /** The 784 MNIST-style inputs of an uploaded image, or the client's error (400) or 503 when busy. */
    double[] pixels(byte[] encoded) throws IOException {
        try {
            if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApiError(ApiError.SERVICE_UNAVAILABLE, "the server is busy decoding other images ("
                        + concurrent + " at a time); try again in a moment", 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to decode", e);
        }
        try {
            Future<double[]> decoded = threads.submit(() -> DigitImage.decode(encoded, "the uploaded image"));
            try {
                return decoded.get();
            } catch (InterruptedException e) {
                decoded.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while decoding", e);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BlankImageException || cause instanceof IOException) {
                throw ApiError.badRequest(cause.getMessage());
            }
            if (cause instanceof OutOfMemoryError error) {
                throw error;
            }
            throw new IllegalStateException("decoding the uploaded image failed", cause);
        } finally {
            turns.release();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
