package backprop.predict;

/**
 * The matrix product a convolution becomes once its input is unrolled into patches:
 * {@code out[f*P + p] = b[f] + Σ_k w[f*K + k] · patches[k*P + p]} for every filter {@code f < F} and
 * position {@code p < P}, where row {@code k} of {@code patches} holds, for every output position, the
 * input value under weight {@code k} of the filter (im2col, transposed). Positions are the long,
 * contiguous dimension (576 for MNIST's first 5x5 convolution), so the SIMD version runs along them
 * with no horizontal sums, and the result comes out in the [filter][y][x] layout the next layer reads.
 *
 * <p>{@code P} is a multiple of {@link #ALIGN}. Two implementations, as the engine's kernels have:
 * plain loops, and the Vector API when {@code jdk.incubator.vector} is present.
 */
interface ConvolutionKernel {
    int ALIGN = 16;

    void multiply(float[] w, float[] b, int filters, int k, float[] patches, int positions, float[] out, int to);

    static ConvolutionKernel best() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? new VectorConvolutionKernel() : new ScalarConvolutionKernel();
    }
}
