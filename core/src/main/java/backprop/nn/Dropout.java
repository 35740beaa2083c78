package backprop.nn;

/**
 * Which neurons dropout silences, decided by hashing where a neuron is (step, layer, example in the
 * mini-batch, neuron) with the run's seed. Counter-based rather than a stream, so that the same
 * neurons drop whichever engine computes a layer and however the threads share it; both engines
 * therefore train to the same weights, and the fast engine's result does not depend on how its
 * threads divide the work.
 */
public final class Dropout {
    private Dropout() {
    }

    /** Whether the neuron is kept, with probability {@code 1 - rate}. */
    public static boolean keeps(long seed, long step, int layer, int example, int neuron, double rate) {
        return uniform(seed, step, layer, example, neuron) >= rate;
    }

    /** A uniform number in [0, 1) that depends only on the arguments (SplitMix64's finalizer). */
    static double uniform(long seed, long step, int layer, int example, int neuron) {
        long z = seed * 0x9E3779B97F4A7C15L + step;
        z = z * 0xBF58476D1CE4E5B9L + layer;
        z = z * 0x94D049BB133111EBL + example;
        z = z * 0x9E3779B97F4A7C15L + neuron;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
