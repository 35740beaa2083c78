package backprop.engine;

import backprop.nn.FullyConnected;
import backprop.nn.Layer;

import java.util.Arrays;

/**
 * A fully connected layer in float. Its weight gradient is never stored whole: in the step each
 * thread computes {@link #BLOCK} rows of {@code Σ_x δ_j a_k} at a time from every part's errors and
 * inputs (BP4) and steps those rows at once, so the weights are read and written once per step,
 * however large the layer (network3's 1,000-neuron layers would otherwise stream a gradient of their
 * size through memory three times more).
 */
final class FastFullyConnected extends FastLayer {
    /** Weight rows whose gradient is computed and applied together. */
    private static final int BLOCK = 8;

    private final MatrixKernels kernels;
    private final float[] weights;
    private final float[] biases;
    /**
     * Spare floats after each block's gradients: the kernels' masked vector at the end of a row of
     * 1,000 would reach past an array without them, and the Vector API then checks it lane by lane
     * in Java code (network3-e's step spent an eighth of its training time there).
     */
    private static final int PADDING = 16;

    /** Per thread, a block of gradient rows. */
    private final float[][] rowGradients = new float[LayeredBackprop.PARTS][];
    private final float[][] biasGradients = new float[LayeredBackprop.PARTS][];
    /** Per thread, for plain SGD: the parts' inputs and errors, example after example, and the bias sums. */
    private final float[][] gatheredInputs = new float[LayeredBackprop.PARTS][];
    private final float[][] gatheredDeltas = new float[LayeredBackprop.PARTS][];
    private final float[][] biasSums = new float[LayeredBackprop.PARTS][];

    /**
     * BP2 sums over the neurons in these many ranges, each from zero, then adds the ranges' sums in
     * order: the threads that share a wide layer ({@link SharedLayers}) each take the neurons whose
     * weights they already hold, and a part's own pass gives the same floats.
     */
    static final int HALVES = 2;

    /** Per part: BP2's sum over the second range of neurons, before it is added to the first's. */
    private final float[][] secondHalf;

    FastFullyConnected(FullyConnected layer, int parts, int capacity, MatrixKernels kernels) {
        super(layer.inputShape(), layer.outputShape(), layer.activation());
        this.secondHalf = new float[parts][capacity * layer.inputShape().size() + PADDING];
        this.kernels = kernels;
        this.weights = toFloats(layer.parameters().get(0).values());
        this.biases = toFloats(layer.parameters().get(1).values());
        for (int t = 0; t < rowGradients.length; t++) {
            rowGradients[t] = new float[BLOCK * inputSize + PADDING];
            biasGradients[t] = new float[BLOCK + PADDING];
            gatheredInputs[t] = new float[parts * capacity * inputSize + PADDING];
            gatheredDeltas[t] = new float[parts * capacity * outputSize + PADDING];
            biasSums[t] = new float[outputSize];
        }
    }

    @Override
    float[][] parameters() {
        return new float[][] {weights, biases};
    }

    /** {@code z_j = Σ_k w_jk a_k + b_j} (equation 23), per example. */
    @Override
    void forward(int part, float[] in, int examples, float[] z) {
        for (int i = 0; i < examples; i++) {
            System.arraycopy(biases, 0, z, i * outputSize, outputSize);
        }
        kernels.multiplyTransposedAdd(examples, outputSize, inputSize, in, 0, inputSize, weights, 0, inputSize, z, 0,
                outputSize);
    }

    /**
     * {@link #forward} for neurons {@code [j0, j1)} only, into their columns of {@code z}: threads that
     * share the layer by neurons ({@link SharedLayers}). Every weighted input is the float
     * {@link #forward} gives it, whatever the range and however many examples.
     */
    void forwardNeurons(float[] in, int examples, float[] z, int j0, int j1) {
        for (int i = 0; i < examples; i++) {
            System.arraycopy(biases, j0, z, i * outputSize + j0, j1 - j0);
        }
        kernels.multiplyTransposedAdd(examples, j1 - j0, inputSize, in, 0, inputSize, weights, j0 * inputSize,
                inputSize, z, j0, outputSize);
    }

    /** The weights, for {@link SharedLayers} to size its buffers by. */
    int weightCount() {
        return weights.length;
    }

    /** BP2's {@code (wᵀ δ)_k}; the gradient waits for the step. */
    @Override
    void backward(int part, float[] in, float[] delta, int examples, float[] back) {
        if (back == null) {
            return;
        }
        Arrays.fill(back, 0, examples * inputSize, 0f);
        propagateNeurons(delta, examples, neuronRange(0), neuronRange(1), back);
        float[] later = secondHalf[part];
        for (int h = 1; h < HALVES; h++) {
            Arrays.fill(later, 0, examples * inputSize, 0f);
            propagateNeurons(delta, examples, neuronRange(h), neuronRange(h + 1), later);
            for (int k = 0; k < examples * inputSize; k++) {
                back[k] += later[k];
            }
        }
    }

    /** Where range {@code h} of the neurons begins, of {@link #HALVES}. */
    int neuronRange(int h) {
        return shareStart(outputSize, h, HALVES);
    }

    /** {@code back[e][k] += Σ_{j0 <= j < j1} δ[e][j] w_jk} for {@code examples} rows of {@code delta}: BP2 over some neurons. */
    void propagateNeurons(float[] delta, int examples, int j0, int j1, float[] back) {
        kernels.multiplyAdd(examples, inputSize, j1 - j0, delta, j0, outputSize, 1, weights, j0 * inputSize, inputSize,
                back, 0, inputSize);
    }

    /** BP3 and BP4 for this thread's rows, block by block, each block stepped as soon as it is summed. */
    @Override
    void step(int member, int threads, float[][] inputs, float[][] deltas, int[] examples, float[][][] moments,
              ParameterStep rule) {
        int from = shareStart(outputSize, member, threads);
        int to = shareStart(outputSize, member + 1, threads);
        if (rule.stepsByExamples()) {
            stepByExamples(member, from, to, inputs, deltas, examples, rule, moments[1]);
            return;
        }
        float[] gradient = rowGradients[member];
        float[] biasGradient = biasGradients[member];
        float[][] weightMoments = moments[0];
        float[][] biasMoments = moments[1];
        for (int j0 = from; j0 < to; j0 += BLOCK) {
            int rows = Math.min(BLOCK, to - j0);
            Arrays.fill(gradient, 0, rows * inputSize, 0f);
            Arrays.fill(biasGradient, 0f);
            for (int p = 0; p < examples.length; p++) {
                int m = examples[p];
                if (m == 0) {
                    continue;
                }
                float[] delta = deltas[p];
                kernels.multiplyAdd(rows, inputSize, m, delta, j0, 1, outputSize, inputs[p], 0, inputSize, gradient, 0,
                        inputSize);
                for (int i = 0; i < m; i++) {
                    for (int r = 0; r < rows; r++) {
                        biasGradient[r] += delta[i * outputSize + j0 + r];
                    }
                }
            }
            rule.apply(weights, j0 * inputSize, gradient, 0, rows * inputSize, weightMoments, true);
            rule.apply(biases, j0, biasGradient, 0, rows, biasMoments, false);
        }
    }

    /**
     * Plain SGD for rows {@code [from, to)}: the parts' examples side by side, then each weight stepped
     * from its ten products directly ({@link ParameterStep#applyByExamples}). The weights are read and
     * written once, and no gradient block is stored, zeroed and read back (that took three quarters
     * of network3-e's step).
     */
    private void stepByExamples(int member, int from, int to, float[][] inputs, float[][] deltas, int[] examples,
                                ParameterStep rule, float[][] biasMoments) {
        float[] x = gatheredInputs[member];
        float[] delta = gatheredDeltas[member];
        int count = 0;
        for (int p = 0; p < examples.length; p++) {
            System.arraycopy(inputs[p], 0, x, count * inputSize, examples[p] * inputSize);
            System.arraycopy(deltas[p], 0, delta, count * outputSize, examples[p] * outputSize);
            count += examples[p];
        }
        rule.applyByExamples(to - from, inputSize, count, delta, from, 1, outputSize, x, inputSize, weights,
                from * inputSize, inputSize);
        float[] biasSum = biasSums[member];
        for (int j = from; j < to; j++) {
            float sum = 0f;
            for (int e = 0; e < count; e++) {
                sum += delta[e * outputSize + j];
            }
            biasSum[j - from] = sum;
        }
        rule.apply(biases, from, biasSum, 0, to - from, biasMoments, false);
    }

    @Override
    Layer toLayer() {
        return FullyConnected.of(inputShape, outputSize, activation, toDoubles(weights), toDoubles(biases));
    }
}
