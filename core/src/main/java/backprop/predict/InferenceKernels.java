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
 * <p>{@link #multiplyBatch}: the same for a chunk of examples, as BLAS libraries compute a matrix
 * product, on the weights transposed and packed once ({@link #pack}): the outputs of a panel of
 * {@link #panel()} neurons lie side by side for each input, so a tile of examples times one panel
 * keeps its running sums in registers, each input value of an example broadcast once and each row of
 * the panel loaded once per tile. The examples stay in their rows, so nothing is transposed per call
 * (the engine's transposed tiles, built for training's wide layers, gather the batch first, which
 * costs a fifth of the time at 784 inputs by 100 neurons).
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

    /** Neurons per panel of {@link #pack}'s layout; a multiple of the vector length, dividing {@link #ALIGN} or divided by it. */
    int panel();

    /**
     * The weights {@code w[wAt + j*wStride + k]} of {@code outputs} neurons, {@code n} inputs, as
     * {@link #multiplyBatch} reads them: panels of {@link #panel()} neurons (the last one narrower
     * when the padded outputs end sooner), panel {@code j0} at {@code at + j0 * n}, holding
     * {@code W[j0 + c][k]} at {@code k * width + c}; neurons from {@code outputs} to
     * {@code paddedOutputs} (a multiple of {@link #ALIGN}) are zeros.
     */
    default float[] pack(float[] w, int wAt, int wStride, int outputs, int paddedOutputs, int n, int at) {
        float[] packed = new float[at + paddedOutputs * n];
        for (int j0 = 0; j0 < paddedOutputs; j0 += panel()) {
            int width = Math.min(panel(), paddedOutputs - j0);
            for (int c = 0; c < width && j0 + c < outputs; c++) {
                for (int k = 0; k < n; k++) {
                    packed[at + j0 * n + k * width + c] = w[wAt + (j0 + c) * wStride + k];
                }
            }
        }
        return packed;
    }

    /**
     * {@code z[zAt + e*zStride + j] = b[bAt + j] + Σ_k x[xAt + e*xStride + k] W[j][k]} for every example
     * {@code e < m} and neuron {@code j < outputs}, with {@code W} as {@link #pack} laid it out from
     * {@code packedAt}; {@code outputs}
     * is the padded count (a multiple of {@link #ALIGN}), {@code b} has zeros after the real neurons.
     */
    void multiplyBatch(float[] packed, int packedAt, float[] b, int bAt, int outputs, int n, float[] x, int xAt,
                       int xStride, int m, float[] z, int zAt, int zStride);

    static InferenceKernels best() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? new VectorInferenceKernels() : new ScalarInferenceKernels();
    }
}
