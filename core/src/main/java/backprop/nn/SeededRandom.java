package backprop.nn;

/**
 * A small, fast, reproducible random stream (SplitMix64) whose whole state is one {@code long}.
 *
 * <p>Why not {@link java.util.Random}: a checkpoint must capture the generator exactly so that a
 * resumed run shuffles the same way an uninterrupted one would, and one long is easy to save.
 */
public final class SeededRandom {
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    /** A stream that depends on {@code seed} alone: same seed, same numbers, on every JVM. */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** The generator's whole state: {@code new SeededRandom(0).restore(s)} continues this stream. */
    public long state() {
        return state;
    }

    /** Continues the stream from a {@link #state()} saved earlier; returns this generator. */
    public SeededRandom restore(long savedState) {
        this.state = savedState;
        return this;
    }

    /** The next 64 random bits (SplitMix64). */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound), without modulo bias (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal N(0, 1) by the Box-Muller transform; no cached spare, so the state stays one long. */
    public double nextGaussian() {
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle, as Python's {@code random.shuffle} does to the book's training data. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** An independent stream derived from this one, e.g. one per thread or per purpose. */
    public SeededRandom split() {
        return new SeededRandom(nextLong() ^ 0x5DEECE66DL);
    }
}
