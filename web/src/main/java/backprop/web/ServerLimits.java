package backprop.web;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may cost the playground, so that the server stays up and fair to the others.
 *
 * @param idleTimeout        a connection that sends or receives nothing for this long is closed: a request
 *                           whose headers or body stop coming is dropped
 * @param bodyTimeout        a request body that has not arrived whole after this long is refused (408), however
 *                           steadily it trickles in
 * @param maxConnections     open connections at most; beyond them new ones wait to be accepted
 * @param concurrentDecodes  images decoded at once (each on a core of its own)
 * @param decodeWait         how long an image waits for a turn before the answer is 503
 * @param maxTrainingWork    a training job's epochs x examples x parameters at most
 */
public record ServerLimits(Duration idleTimeout, Duration bodyTimeout, int maxConnections, int concurrentDecodes,
                           Duration decodeWait, long maxTrainingWork) {
    /** About ten minutes of training at batch size 1 on the largest network allowed, a minute at batch size 10. */
    public static final long DEFAULT_MAX_TRAINING_WORK = 500_000_000_000L;

    public ServerLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(decodeWait, "decodeWait");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1 || concurrentDecodes < 1 || maxTrainingWork < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }

    /**
     * 30 s of silence, 60 s for a body, 200 connections, one image decoding per core waiting up to 2 s,
     * and {@link #DEFAULT_MAX_TRAINING_WORK}.
     */
    public static ServerLimits defaults() {
        return new ServerLimits(Duration.ofSeconds(30), Duration.ofSeconds(60), 200,
                Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2), DEFAULT_MAX_TRAINING_WORK);
    }

    public ServerLimits withTimeouts(Duration idle, Duration body) {
        return new ServerLimits(idle, body, maxConnections, concurrentDecodes, decodeWait, maxTrainingWork);
    }

    public ServerLimits withDecodes(int concurrent, Duration wait) {
        return new ServerLimits(idleTimeout, bodyTimeout, maxConnections, concurrent, wait, maxTrainingWork);
    }

    public ServerLimits withMaxTrainingWork(long work) {
        return new ServerLimits(idleTimeout, bodyTimeout, maxConnections, concurrentDecodes, decodeWait, work);
    }
}
