package backprop.engine;

/**
 * The few float operations the fast engine spends its time in, over batch-major arrays: an
 * activation matrix {@code a} of {@code m} examples holds example {@code i}'s {@code n} values at
 * {@code a[i*n .. i*n+n)}, and a weight matrix {@code w} holds neuron {@code j}'s {@code n} incoming
 * weights at {@code w[j*n .. j*n+n)}. Every operation works on a range of neurons
 * {@code [j0, j1)} so that threads can share a layer; outputs are arguments, nothing is allocated.
 *
 * <p>Two implementations, picked once at start-up and tested against each other: {@link ScalarKernels}
 * (plain loops, always available) and {@link VectorKernels} (the JDK Vector API, when the
 * {@code jdk.incubator.vector} module is present).
 */
public interface Kernels {

    /** The implementation for this JVM: SIMD when the Vector API is available, else scalar. */
    static Kernels best() {
        return KernelSelection.BEST;
    }

    String name();

    /**
     * Forward pass (equation 25 for a batch): {@code z[i*zStride + j] = b[j] + Σ_k a[i*n + k] w[j*n + k]}
     * for every example {@code i < m} and neuron {@code j0 <= j < j1}.
     */
    void forward(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride);

    /** The most inputs a layer may have for {@link #forwardSmall}; it may have at most 16 neurons. */
    int SMALL_INPUTS = 64;

    /**
     * {@link #forward} for a small layer (at most {@link #SMALL_INPUTS} inputs and 16 neurons), which
     * dot products would spend most of their time summing; the same result up to rounding. Whether a
     * layer is computed this way must depend on the layer alone, never on how threads share it.
     */
    void forwardSmall(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride);

    /**
     * The sum in BP2 over the neurons {@code [j0, j1)}: {@code out[i*n + k] = Σ_j d[i*dStride + j] w[j*n + k]}
     * for every example {@code i < m} and input {@code k < n}; overwrites {@code out}.
     */
    void backward(float[] d, int dStride, int m, float[] w, int n, int j0, int j1, float[] out);

    /**
     * Gradient-descent step for neurons {@code [j0, j1)}, BP3 and BP4 summed over the batch and
     * applied at once: {@code w[j*n+k] = decay * w[j*n+k] + Σ_i s[i*sStride+j] a[i*n+k]} and
     * {@code b[j] += Σ_i s[i*sStride+j]}, where the caller has scaled the errors to
     * {@code s = -(η/m) δ} and {@code decay = 1 - ηλ/n} is network2.py's L2 weight decay.
     */
    void update(float[] s, int sStride, int m, float[] a, int n, float[] w, float[] b, int j0, int j1, float decay);

    /** {@code out[to + k] = (in[from + k] & 0xFF) / 255f} for {@code k < count}: pixels to inputs in [0, 1]. */
    void unitFloats(byte[] in, int from, float[] out, int to, int count);

    /** {@code out[from..to) = sigmoid(z[from..to))}, subnormal results as zero (see {@link FloatLayers}). */
    void sigmoid(float[] z, float[] out, int from, int to);

    /** {@code out[from..to) = tanh(z[from..to))}, subnormal results as zero. */
    void tanh(float[] z, float[] out, int from, int to);
}
