package backprop.predict;

/**
 * The two products the {@link Predictor} needs beyond the engine's batched forward pass.
 *
 * <p>{@link #multiply}: a convolution as a matrix product without unrolling its input:
 * {@code out[to + f*P + p] = b[f] + Σ_q w[f*K + q] · in[at + rows[q] + p]} for every filter
 * {@code f < F} and position {@code p < P}. Weight q of a filter (channel c, offset i, j) meets, at
 * output position (y, x), the input value at {@code (c*H + y+i)*W + x+j}; counting positions on the
 * input's width ({@code p = y*W + x}) makes that {@code rows[q] + p} with {@code rows[q] = (c*H + i)*W + j},
 * a contiguous run of the input, so the SIMD version loads it directly. The columns {@code x} past
 * the output's width read values from the next row and are computed only to be dropped. Positions are
 * the long dimension (672 for MNIST's first 5x5 convolution), so the SIMD version runs along them with
 * no horizontal sums, and the result comes out in the [filter][position] layout. {@code P} is a
 * multiple of {@link #ALIGN}; {@code in} must hold {@code P} values from every row start.
 *
 * <p>{@link #multiplyOne}: a fully connected layer's {@code z = b + W x} for one example, the latency
 * case, where the engine's batched kernel (built for mini-batches) keeps too few sums in flight.
 *
 * <p>Two implementations, as the engine's kernels have: plain loops, and the Vector API when
 * {@code jdk.incubator.vector} is present.
 */
interface InferenceKernels {
    int ALIGN = 16;

    void multiply(float[] w, float[] b, int filters, int k, float[] in, int at, int[] rows, int positions, float[] out,
                  int to);

    /**
     * {@code z[zAt + j] = b[bAt + j] + Σ_k w[wAt + j*n + k] x[xAt + k]} for {@code j < outputs}; {@code n}
     * is a multiple of {@link #ALIGN}.
     */
    void multiplyOne(float[] w, int wAt, float[] b, int bAt, int outputs, int n, float[] x, int xAt, float[] z, int zAt);

    /**
     * One row of 2x2 max-pooling windows: {@code out[to + x] = max(max(in[at], in[at + 1]),
     * max(in[at + width], in[at + width + 1]))} with {@code at = top + 2x}, for {@code x < windows}, by
     * {@link Math#max} (NaN wins). {@code in} must have {@code 2 * ALIGN} spare floats after the row below.
     */
    void maxPool2x2(float[] in, int top, int width, int windows, float[] out, int to);

    static InferenceKernels best() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? new VectorInferenceKernels() : new ScalarInferenceKernels();
    }
}
