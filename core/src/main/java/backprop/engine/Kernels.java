package backprop.engine;

/**
 * The few float operations the fast engine spends its time in, over batch-major arrays: an
 * activation matrix {@code a} of {@code m} examples holds example {@code i}'s {@code n} values at
 * {@code a[i*n .. i*n+n)}, and a weight matrix {@code w} holds neuron {@code j}'s {@code n} incoming
 * weights at {@code w[j*n .. j*n+n)}. Every operation works on a range of neurons
 * {@code [j0, j1)} so that threads can share a layer; outputs are arguments, nothing is allocated.
 *
 * <p>Every matrix and vector these operations take (activations, weights, biases, errors) starts at
 * index {@link #origin()} of its array rather than at 0, so the formulas below index from there:
 * {@code a[i*n + k]} stands for {@code a[origin + i*n + k]}. A Java array's elements start 16 bytes
 * after the object, so with objects aligned to 64 bytes ({@code -XX:ObjectAlignmentInBytes=64}, which
 * the launcher sets) an origin of 12 floats puts every row of whole vectors at the start of a cache
 * line; a 512-bit load that straddles two lines costs two accesses, and the book's network trained
 * 13–17% faster aligned (on two threads and on one). The ranged operations ({@link #unitFloats},
 * {@link #sigmoid}, {@link #tanh}) take positions in the array as they are.
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

    /** The index in every array at which the matrices and vectors these kernels take begin. */
    int origin();

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
     * {@code s = -(η/m) δ} and {@code decay = 1 - ηλ/n} is network2.py's L2 weight decay. The sum
     * over the batch is taken apart from the weight and added to it once, as the matrix form does: a
     * weight is rounded once per step, not once per example (see {@link VectorKernels}' update).
     */
    void update(float[] s, int sStride, int m, float[] a, int n, float[] w, float[] b, int j0, int j1, float decay);

    /**
     * The rest of a step for a sigmoid output layer of at most 16 neurons, once its weighted inputs
     * {@code z} are known, for examples {@code i < m}: {@code out = σ(z)}; the output
     * error {@code δ = out - y} (y one-hot at {@code labels[i]}), times {@code σ'} for the quadratic
     * cost (the cross-entropy cost cancels it); BP2's sum {@code back = δ · w} with the weights before
     * the step; the steps {@code δ ← -rate δ} (subnormal products as zero); and the update
     * {@code w ← decay w + δᵀ a}, {@code b ← b + Σ δ}. {@code z}, {@code out} and {@code delta} have
     * rows of {@code stride} floats, {@code a}, {@code back} and {@code w} rows of {@code n}. The same
     * floats as {@link #sigmoid}, {@link #backward} and {@link #update} one after another (which is
     * what this default does); an implementation may do it all in one pass over the few values.
     */
    default void sigmoidOutputStep(float[] z, float[] out, float[] delta, int stride, int neurons, int[] labels,
                                   boolean quadratic, float[] a, int m, int n, float[] w, float[] b, float rate,
                                   float decay, float[] back) {
        int o = origin();
        for (int i = 0; i < m; i++) {
            sigmoid(z, out, o + i * stride, o + i * stride + neurons);
            for (int j = 0; j < neurons; j++) {
                int at = o + i * stride + j;
                float g = out[at] - (j == labels[i] ? 1f : 0f);
                delta[at] = quadratic ? FloatLayers.flushed(g * (out[at] * (1 - out[at]))) : g;
            }
        }
        backward(delta, stride, m, w, n, 0, neurons, back);
        for (int i = 0; i < m; i++) {
            for (int at = o + i * stride; at < o + i * stride + neurons; at++) {
                delta[at] = FloatLayers.flushed(delta[at] * -rate);
            }
        }
        update(delta, stride, m, a, n, w, b, 0, neurons, decay);
    }

    /** {@code out[to + k] = (in[from + k] & 0xFF) / 255f} for {@code k < count}: pixels to inputs in [0, 1]. */
    void unitFloats(byte[] in, int from, float[] out, int to, int count);

    /** {@code out[from..to) = sigmoid(z[from..to))}, subnormal results as zero (see {@link FloatLayers}). */
    void sigmoid(float[] z, float[] out, int from, int to);

    /** {@code out[from..to) = tanh(z[from..to))}, subnormal results as zero. */
    void tanh(float[] z, float[] out, int from, int to);

    /**
     * {@code out[k] = z[k] > 0 ? z[k] : slope · z[k]} on {@code [from, to)}: leaky ReLU, and ReLU
     * with a slope of 0, which gives {@code +0} (not {@code 0 · z}'s {@code -0} or NaN) for every
     * {@code z} not above 0.
     */
    void rectify(float[] z, float[] out, int from, int to, float slope);

    /**
     * BP2's {@code g ⊙ σ'(z)} for (leaky) ReLU, in place: {@code g[k] = z[k] > 0 ? g[k] : slope · g[k]}
     * on {@code [from, to)}, with a slope of 0 giving {@code +0}.
     */
    void rectifyBackward(float[] z, float[] g, int from, int to, float slope);
}
