package backprop.engine;

/**
 * Decides, epoch by epoch, whether the fast engine's threads all work or thread 0 works alone.
 *
 * <p>Threads that share a mini-batch meet at barriers many thousand times a second. On a quiet
 * machine a barrier costs well under a microsecond; but when another process takes one of the cores,
 * a thread can wait milliseconds for a partner that is not running, and the run slows tenfold. So:
 * when thread 0 spent more than three quarters of an epoch waiting at barriers, the next epoch runs on one
 * thread; after a while on one thread, all threads try again, waiting twice as long before each
 * new try while the crowding lasts.
 */
final class ContentionPolicy {
    /** The share of an epoch spent waiting at barriers above which one thread is faster. */
    static final double WAITING_LIMIT = 0.75;
    private static final int LONGEST_BACKOFF = 16;

    private final int threads;
    private long lastDecision = System.nanoTime();
    private int epochsAlone;
    private int backoff = 1;

    ContentionPolicy(int threads) {
        this.threads = threads;
    }

    /**
     * @param active      the threads at work in the epoch that just ended
     * @param waitedNanos how long thread 0 waited at barriers in it
     * @param now         {@link System#nanoTime()}
     * @return the threads to put to work in the next epoch
     */
    int nextActive(int active, long waitedNanos, long now) {
        long elapsed = now - lastDecision;
        lastDecision = now;
        if (threads == 1) {
            return 1;
        }
        if (active > 1) {
            if (elapsed > 0 && waitedNanos > WAITING_LIMIT * elapsed) {
                epochsAlone = 0;
                return 1;
            }
            backoff = 1;
            return active;
        }
        if (++epochsAlone >= backoff) {
            backoff = Math.min(2 * backoff, LONGEST_BACKOFF);
            return threads;
        }
        return 1;
    }
}
