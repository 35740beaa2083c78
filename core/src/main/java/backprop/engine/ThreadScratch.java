package backprop.engine;

/** Per-thread work arrays of the vector kernels: allocated once, then reused, so that no step allocates. */
final class ThreadScratch {
    private ThreadScratch() {
    }

    /** This thread's array of {@code scratch}, at least {@code length} long. */
    static float[] floats(ThreadLocal<float[]> scratch, int length) {
        float[] array = scratch.get();
        if (array.length < length) {
            array = new float[length];
            scratch.set(array);
        }
        return array;
    }
}
