package backprop.engine;

import backprop.nn.Convolution;
import backprop.nn.Layer;

import java.util.Arrays;

/**
 * A convolutional layer in float, as matrix products over a whole part of the mini-batch ("im2col"):
 * the part's inputs are unrolled into a matrix {@code X} with one row per filter weight
 * {@code (c, i, j)} and one column per output position {@code (example, y, x)}, holding
 * {@code a_in[c][y+i][x+j]}. Then, with {@code W} the filters as rows and {@code Δ} the errors laid
 * out like {@code W X}:
 * <pre>
 *   Z = W X + b              the forward pass, every filter at every position
 *   ∇W += Δ Xᵀ, ∇b += Δ 1     BP3 and BP4, summed over the positions where the weights are shared
 *   ∂C/∂X = Wᵀ Δ             BP2, then folded back onto the inputs each column came from
 * </pre>
 * One product per pass instead of one per example makes them long enough for the register-blocked
 * kernels of {@link MatrixKernels}. The gradient is kept per part and summed in part order at the step.
 *
 * <p>How {@code X} is read depends on its shape. A first layer has few weights per filter (25 for
 * 5x5 on one channel) and many positions: {@code X} is stored a row per weight, so that vectors run
 * along the positions. A deeper layer has many (500 for 5x5 on 20 maps) and few positions (320 for
 * 8x8 on a part of 5 examples): there {@code X} is never stored: the forward product and the weight
 * gradient read its entries where they lie in the input ({@link MatrixKernels#multiplyAddGathered},
 * {@code Zᵀ = Xᵀ Wᵀ} and {@code ∇Wᵀ = X Δᵀ}), with vectors along the filters, and no product needs
 * a dot product, whose closing sum across a vector's lanes would cost as much as its few
 * multiply-adds. Unrolling {@code X} took a third of that layer's forward pass. BP2 is taken an
 * example at a time in both layouts.
 *
 * <p>Behind max-pooling, three errors in four are zero: only a window's largest input gets its
 * error back (and a ReLU's zeros come on top). When at most {@link #SPARSE_UP_TO} of a part's
 * errors are non-zero, the backward pass lists them per filter and takes BP3 and BP2 from those
 * alone, an example at a time: {@code ∇W[f] += Σ δ[f][p] X[p]} over the positions {@code p} with
 * an error, each position's window copied out as a row of {@code X}, and
 * {@code ∂C/∂X[p] = Σ δ[f][p] W[f]} over the filters with an error at {@code p}, folded back onto
 * the inputs ({@link MatrixKernels#multiplySparseAdd}). A quarter of the multiply-adds of the
 * dense products, whose multiplications by zero change no sum.
 */
final class FastConvolution extends FastLayer {
    /**
     * Spare floats after every matrix the kernels read or write: a masked vector at the end of a
     * matrix that would reach past its array takes the Vector API's slow path, element by element.
     */
    private static final int PADDING = 16;
    /** Weights per filter from which {@code X} is read in place, a row per position (see the class comment). */
    static final int BY_POSITION_FROM = 64;
    /** The largest share of non-zero errors for which the backward pass skips the zeros (see the class comment). */
    static final double SPARSE_UP_TO = 0.4;

    private final MatrixKernels kernels;
    private final float[] weights;
    private final float[] biases;
    private final int channels;
    private final int inHeight;
    private final int inWidth;
    private final int filters;
    private final int kernelHeight;
    private final int kernelWidth;
    private final int outHeight;
    private final int outWidth;
    /** Rows of the unrolled input: weights per filter. */
    private final int unrolled;
    /** Output positions per example. */
    private final int positions;
    /**
     * Per part: the unrolled inputs, a row per weight, reused for an example's {@code ∂C/∂X} once the
     * weight gradient is taken; in the by-position layout only the latter.
     */
    private final float[][] columns;
    /**
     * Per part: {@code Z} and then {@code Δ}, filter by filter ({@code filters x examples·positions}),
     * or position by position in the by-position layout.
     */
    private final float[][] byFilter;
    /** Whether {@code X} is read in place a row per output position (see the class comment). */
    private final boolean byPosition;
    /**
     * In that layout, where each output position's window begins in a part's input ({@code (e, y, x)}
     * to {@code in[e][0][y][x]}), and where each weight's input lies from there ({@code (c, i, j)} to
     * {@code c·H·W + i·W + j}): {@code X} read in place, {@link MatrixKernels#multiplyAddGathered}.
     */
    private final int[] windowStarts;
    private final int[] weightOffsets;
    /** Per part, in that layout: {@code ∇Wᵀ} of the part's last backward pass, before it is added to the gradient. */
    private final float[][] transposedGradients;
    /** In that layout, {@code Wᵀ} (a row per weight, the filters along it), kept in step with the weights. */
    private final float[] transposedWeights;
    private final float[][] weightGradients;
    private final float[][] biasGradients;
    private final double sparseUpTo;
    /** Floats per row of an example's windows in the sparse backward pass: a filter's weights, rounded up to whole vectors. */
    private final int windowRow;
    /** Where each of a window's rows {@code (c, i)} begins from the window's corner in the input. */
    private final int[] runOffsets;
    /**
     * Per part: one example's windows, a row per position, then its {@code ∂C/∂X} in the same layout;
     * from {@link #origin}, so that every row starts a cache line (a load across two lines costs two).
     */
    private final float[][] windows;
    private final int origin;
    /** Per part: the non-zero errors, listed per example and filter: where each list starts, positions, values. */
    private final int[][] listStarts;
    private final int[][] listPositions;
    private final float[][] listValues;
    /** Per part: one example's non-zero errors listed per position instead: starts, filters, values. */
    private final int[][] positionStarts;
    private final int[][] positionNext;
    private final int[][] positionFilters;
    private final float[][] positionValues;
    /**
     * The weights a filter per row of {@link #windowRow} floats from {@link #origin} (rows on cache
     * lines, room for whole vectors after the last), for BP2's sparse product; kept in step with them.
     */
    private final float[] paddedWeights;

    FastConvolution(Convolution layer, int parts, int capacity, MatrixKernels kernels) {
        this(layer, parts, capacity, kernels, SPARSE_UP_TO);
    }

    /** With the share of non-zero errors up to which the backward pass skips zeros (0: never, 1: always). */
    FastConvolution(Convolution layer, int parts, int capacity, MatrixKernels kernels, double sparseUpTo) {
        super(layer.inputShape(), layer.outputShape(), layer.activation());
        this.kernels = kernels;
        this.weights = toFloats(layer.parameters().get(0).values());
        this.biases = toFloats(layer.parameters().get(1).values());
        this.channels = inputShape.channels();
        this.inHeight = inputShape.height();
        this.inWidth = inputShape.width();
        this.filters = layer.filters();
        this.kernelHeight = layer.kernelHeight();
        this.kernelWidth = layer.kernelWidth();
        this.outHeight = outputShape.height();
        this.outWidth = outputShape.width();
        this.unrolled = channels * kernelHeight * kernelWidth;
        this.positions = outHeight * outWidth;
        this.byPosition = unrolled >= BY_POSITION_FROM;
        this.origin = KernelSelection.origin();
        this.columns = new float[parts][origin + unrolled * (byPosition ? 1 : capacity) * positions + PADDING];
        this.transposedWeights = new float[weights.length + PADDING];
        transposeWeights(0, weights.length);
        this.byFilter = new float[parts][origin + filters * capacity * positions + PADDING];
        this.weightGradients = new float[parts][weights.length + PADDING];
        this.windowStarts = new int[capacity * positions];
        for (int e = 0; e < capacity; e++) {
            for (int y = 0; y < outHeight; y++) {
                for (int xx = 0; xx < outWidth; xx++) {
                    windowStarts[(e * outHeight + y) * outWidth + xx] = e * inputSize + y * inWidth + xx;
                }
            }
        }
        this.weightOffsets = new int[unrolled];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernelHeight; i++) {
                for (int j = 0; j < kernelWidth; j++) {
                    weightOffsets[(c * kernelHeight + i) * kernelWidth + j] = (c * inHeight + i) * inWidth + j;
                }
            }
        }
        this.transposedGradients = new float[byPosition ? parts : 0][weights.length + PADDING];
        this.biasGradients = new float[parts][filters];
        this.sparseUpTo = sparseUpTo;
        this.windowRow = (unrolled + PADDING - 1) / PADDING * PADDING;
        this.runOffsets = new int[channels * kernelHeight];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernelHeight; i++) {
                runOffsets[c * kernelHeight + i] = (c * inHeight + i) * inWidth;
            }
        }
        this.windows = new float[parts][origin + positions * windowRow + PADDING];
        this.listStarts = new int[parts][capacity * filters + 1];
        this.listPositions = new int[parts][capacity * filters * positions + PADDING];
        this.listValues = new float[parts][capacity * filters * positions + PADDING];
        this.positionStarts = new int[parts][positions + 1];
        this.positionNext = new int[parts][positions];
        this.positionFilters = new int[parts][filters * positions];
        this.positionValues = new float[parts][filters * positions];
        this.paddedWeights = new float[origin + filters * windowRow + PADDING];
        padWeights(0, weights.length);
    }

    @Override
    float[][] parameters() {
        return new float[][] {weights, biases};
    }

    /** {@link #paddedWeights} for the weights {@code W[from..to)}. */
    private void padWeights(int from, int to) {
        // Filter by filter: an index division per weight cost more than the copy.
        for (int f = from / unrolled, start = f * unrolled; start < to; f++, start += unrolled) {
            int first = Math.max(from, start);
            int end = Math.min(to, start + unrolled);
            System.arraycopy(weights, first, paddedWeights, origin + f * windowRow + first - start, end - first);
        }
    }

    /** {@code Wᵀ[k][f] = W[f][k]} for the weights {@code W[from..to)}. */
    private void transposeWeights(int from, int to) {
        for (int f = from / unrolled, start = f * unrolled; start < to; f++, start += unrolled) {
            for (int at = Math.max(from, start), end = Math.min(to, start + unrolled); at < end; at++) {
                transposedWeights[(at - start) * filters + f] = weights[at];
            }
        }
    }

    @Override
    void forward(int part, float[] in, int examples, float[] z) {
        if (byPosition) {
            forwardByPosition(part, in, examples, z);
            return;
        }
        int n = examples * positions;
        float[] x = columns[part];
        float[] zf = byFilter[part];
        unroll(in, examples, x);
        for (int f = 0; f < filters; f++) {
            Arrays.fill(zf, origin + f * n, origin + (f + 1) * n, biases[f]);
        }
        kernels.multiplyAdd(filters, n, unrolled, weights, 0, unrolled, 1, x, origin, n, zf, origin, n);
        for (int f = 0; f < filters; f++) {
            for (int e = 0; e < examples; e++) {
                System.arraycopy(zf, origin + f * n + e * positions, z, e * outputSize + f * positions, positions);
            }
        }
    }

    /** {@code x[(c, i, j)][(e, y, x)] = in[e][c][y+i][x+j]}, from {@link #origin}. */
    private void unroll(float[] in, int examples, float[] x) {
        int n = examples * positions;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernelHeight; i++) {
                for (int j = 0; j < kernelWidth; j++) {
                    int row = origin + ((c * kernelHeight + i) * kernelWidth + j) * n;
                    for (int e = 0; e < examples; e++) {
                        int source = e * inputSize + (c * inHeight + i) * inWidth + j;
                        int target = row + e * positions;
                        for (int y = 0; y < outHeight; y++) {
                            System.arraycopy(in, source + y * inWidth, x, target + y * outWidth, outWidth);
                        }
                    }
                }
            }
        }
    }

    /** {@code Zᵀ = Xᵀ Wᵀ + 1 bᵀ}: a row of all filters' weighted inputs per position, {@code X} read in place. */
    private void forwardByPosition(int part, float[] in, int examples, float[] z) {
        int n = examples * positions;
        float[] zt = byFilter[part];
        for (int at = 0; at < n; at++) {
            System.arraycopy(biases, 0, zt, at * filters, filters);
        }
        kernels.multiplyAddGathered(n, filters, unrolled, in, windowStarts, weightOffsets, transposedWeights, 0,
                filters, zt, 0, filters);
        for (int e = 0; e < examples; e++) {
            for (int p = 0; p < positions; p++) {
                int row = (e * positions + p) * filters;
                int out = e * outputSize + p;
                for (int f = 0; f < filters; f++) {
                    z[out + f * positions] = zt[row + f];
                }
            }
        }
    }

    /**
     * BP3 and BP4 as {@code ∇Wᵀ = X Δᵀ} with {@code X} read in place, added to the gradient
     * transposed; BP2 as {@code ∂C/∂Xᵀ = Δᵀ W}, then folded back onto the inputs.
     */
    private void backwardByPosition(int part, float[] in, float[] delta, int examples, float[] back) {
        int n = examples * positions;
        float[] x = columns[part];
        float[] dt = byFilter[part];
        float[] biasGradient = biasGradients[part];
        for (int e = 0; e < examples; e++) {
            for (int p = 0; p < positions; p++) {
                int row = (e * positions + p) * filters;
                int from = e * outputSize + p;
                for (int f = 0; f < filters; f++) {
                    dt[row + f] = delta[from + f * positions];
                }
            }
        }
        for (int at = 0; at < n; at++) {
            for (int f = 0; f < filters; f++) {
                biasGradient[f] += dt[at * filters + f];
            }
        }
        float[] gradientT = transposedGradients[part];
        Arrays.fill(gradientT, 0, weights.length, 0f);
        kernels.multiplyAddGathered(unrolled, filters, n, in, weightOffsets, windowStarts, dt, 0, filters, gradientT,
                0, filters);
        float[] gradient = weightGradients[part];
        for (int k = 0; k < unrolled; k++) {
            for (int f = 0; f < filters; f++) {
                gradient[f * unrolled + k] += gradientT[k * filters + f];
            }
        }
        if (back == null) {
            return;
        }
        propagateBack(part, delta, examples, back);
    }

    @Override
    void backward(int part, float[] in, float[] delta, int examples, float[] back) {
        if (listNonZeros(part, delta, examples)) {
            backwardSparse(part, in, examples, back);
            return;
        }
        if (byPosition) {
            backwardByPosition(part, in, delta, examples, back);
            return;
        }
        int n = examples * positions;
        float[] x = columns[part];
        float[] d = byFilter[part];
        float[] biasGradient = biasGradients[part];
        for (int f = 0; f < filters; f++) {
            for (int e = 0; e < examples; e++) {
                System.arraycopy(delta, e * outputSize + f * positions, d, origin + f * n + e * positions, positions);
            }
            float sum = 0;
            for (int k = origin + f * n; k < origin + (f + 1) * n; k++) {
                sum += d[k];
            }
            biasGradient[f] += sum;
        }
        kernels.multiplyTransposedAdd(filters, unrolled, n, d, origin, n, x, origin, n, weightGradients[part], 0,
                unrolled);
        if (back == null) {
            return;
        }
        propagateBack(part, delta, examples, back);
    }

    /** Lists the part's non-zero errors per example and filter; whether they are few enough to skip the zeros. */
    private boolean listNonZeros(int part, float[] delta, int examples) {
        if (sparseUpTo <= 0) {
            return false;
        }
        int[] start = listStarts[part];
        int at = 0;
        for (int e = 0; e < examples; e++) {
            for (int f = 0; f < filters; f++) {
                start[e * filters + f] = at;
                at = kernels.nonZeros(delta, e * outputSize + f * positions, positions, listPositions[part],
                        listValues[part], at);
            }
        }
        start[examples * filters] = at;
        return at <= sparseUpTo * examples * filters * positions;
    }

    /**
     * BP3, BP4 and BP2 from the listed non-zero errors alone, an example at a time (see the class
     * comment): the sums over the other positions would only add zeros.
     */
    private void backwardSparse(int part, float[] in, int examples, float[] back) {
        int[] start = listStarts[part];
        float[] value = listValues[part];
        float[] biasGradient = biasGradients[part];
        for (int f = 0; f < filters; f++) {
            float sum = 0;
            for (int e = 0; e < examples; e++) {
                for (int t = start[e * filters + f]; t < start[e * filters + f + 1]; t++) {
                    sum += value[t];
                }
            }
            biasGradient[f] += sum;
        }
        float[] x = windows[part];
        if (back != null) {
            Arrays.fill(back, 0, examples * inputSize, 0f);
        }
        for (int e = 0; e < examples; e++) {
            for (int p = 0; p < positions; p++) {
                kernels.copyRuns(in, windowStarts[e * positions + p], runOffsets, runOffsets.length, kernelWidth, x,
                        origin + p * windowRow);
            }
            kernels.multiplySparseAdd(filters, unrolled, start, e * filters, listPositions[part], value, x, origin,
                    windowRow, weightGradients[part], 0, unrolled);
            if (back != null) {
                listByPosition(part, e);
                Arrays.fill(x, origin, origin + positions * windowRow, 0f);
                kernels.multiplySparseAdd(positions, unrolled, positionStarts[part], 0, positionFilters[part],
                        positionValues[part], paddedWeights, origin, windowRow, x, origin, windowRow);
                foldWindows(x, e, back);
            }
        }
    }

    /** Example {@code e}'s lists per filter regrouped per position, each position's filters in order. */
    private void listByPosition(int part, int e) {
        int[] start = listStarts[part];
        int[] position = listPositions[part];
        float[] value = listValues[part];
        int[] byPosition = positionStarts[part];
        Arrays.fill(byPosition, 0);
        int first = start[e * filters];
        int end = start[(e + 1) * filters];
        for (int t = first; t < end; t++) {
            byPosition[position[t] + 1]++;
        }
        for (int p = 0; p < positions; p++) {
            byPosition[p + 1] += byPosition[p];
        }
        int[] next = positionNext[part];
        System.arraycopy(byPosition, 0, next, 0, positions);
        int[] filter = positionFilters[part];
        float[] values = positionValues[part];
        for (int f = 0; f < filters; f++) {
            for (int t = start[e * filters + f]; t < start[e * filters + f + 1]; t++) {
                int at = next[position[t]]++;
                filter[at] = f;
                values[at] = value[t];
            }
        }
    }

    /**
     * Adds example {@code e}'s {@code ∂C/∂X}, a row per position, onto the inputs each window came
     * from: per input row, the runs of the positions along an output row, shifted into place.
     */
    private void foldWindows(float[] x, int e, float[] back) {
        // An output row at a time: its positions' rows of ∂C/∂X (16 KB for network3's second
        // convolution) stay in the core's first-level cache while every (c, i) is folded from them.
        for (int y = 0; y < outHeight; y++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kernelHeight; i++) {
                    kernels.addShifted(x, origin + y * outWidth * windowRow + (c * kernelHeight + i) * kernelWidth, windowRow,
                            outWidth, kernelWidth, back, e * inputSize + (c * inHeight + i + y) * inWidth);
                }
            }
        }
    }

    /**
     * BP2, an example at a time: {@code ∂C/∂X = Wᵀ Δ} with a row per weight (an example's errors are
     * laid out a row per filter already), then folded back onto the inputs a run of an output row's
     * positions at a time (in the other layout a filter row's 5 weights, whose overlapping runs of 5
     * cost more than the product). One example's {@code ∂C/∂X} (128 KB for network3's second
     * convolution) stays in the core's cache where a part's did not.
     */
    private void propagateBack(int part, float[] delta, int examples, float[] back) {
        float[] x = columns[part];
        Arrays.fill(back, 0, examples * inputSize, 0f);
        for (int e = 0; e < examples; e++) {
            Arrays.fill(x, 0, unrolled * positions, 0f);
            kernels.multiplyAdd(unrolled, positions, filters, weights, 0, 1, unrolled, delta, e * outputSize,
                    positions, x, 0, positions);
            fold(x, e, back);
        }
    }

    /**
     * The inverse of {@link #unroll} for example {@code e}, adding: every input gets the gradient of
     * each position it fed, an input row at a time from the runs of the weights along a filter row
     * (in order of {@code j} for each input, as a plain loop over the weights would add them).
     */
    private void fold(float[] x, int e, float[] back) {
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernelHeight; i++) {
                int weightRow = (c * kernelHeight + i) * kernelWidth * positions;
                for (int y = 0; y < outHeight; y++) {
                    int to = e * inputSize + (c * inHeight + i + y) * inWidth;
                    kernels.addShifted(x, weightRow + y * outWidth, positions, kernelWidth, outWidth, back, to);
                }
            }
        }
    }

    @Override
    void step(int member, int threads, float[][] inputs, float[][] deltas, int[] examples, float[][][] moments,
              ParameterStep rule) {
        stepTensor(member, threads, weights, weightGradients, moments[0], rule, true);
        stepTensor(member, threads, biases, biasGradients, moments[1], rule, false);
        int from = shareStart(weights.length, member, threads);
        padWeights(from, shareStart(weights.length, member + 1, threads));
        if (byPosition) {
            // Each thread transposes the weights it stepped; the next step's forward pass reads them all after the crew's sync.
            transposeWeights(shareStart(weights.length, member, threads), shareStart(weights.length, member + 1, threads));
        }
    }

    private static void stepTensor(int member, int threads, float[] theta, float[][] gradients, float[][] moments,
                                   ParameterStep rule, boolean isWeights) {
        int from = shareStart(theta.length, member, threads);
        int to = shareStart(theta.length, member + 1, threads);
        float[] sum = gradients[0];
        for (int p = 1; p < gradients.length; p++) {
            float[] add = gradients[p];
            for (int k = from; k < to; k++) {
                sum[k] += add[k];
            }
            Arrays.fill(add, from, to, 0f);
        }
        rule.apply(theta, from, sum, from, to - from, moments, isWeights);
        Arrays.fill(sum, from, to, 0f);
    }

    @Override
    Layer toLayer() {
        return Convolution.of(inputShape, filters, kernelHeight, kernelWidth, activation, toDoubles(weights),
                toDoubles(biases));
    }
}
