package backprop.engine;

import backprop.nn.Activation;
import backprop.nn.Dropout;

import java.util.Arrays;

/**
 * The wide fully connected layers of a network (network3-e's two layers of 1,000 neurons), run
 * forward in training by all threads together, each taking a share of the neurons for the whole
 * mini-batch, instead of each thread running its part's five examples through all of them.
 *
 * <p>Why: a 1000x1000 layer's weights (4 MB) do not fit a core's cache, and five examples make only
 * five multiply-adds of each weight read, so the forward pass was bound by how fast the weights
 * stream in; with both threads streaming all of them for their own parts, the two cores shared
 * that bandwidth and the second thread added little. Shared by neurons, each weight is read once
 * per step, by one thread, for all ten examples.
 *
 * <p>The parts first copy their inputs of the first shared layer in ({@link #gather}); after a
 * barrier each thread computes its neurons' weighted inputs, activations and dropout for every
 * example ({@link #forwardShare}), one barrier per layer; then each part copies its rows back
 * ({@link #scatter}) and goes on alone. Every float is the one the parts' own pass gives: a weighted
 * input does not depend on which examples or neurons a product covers
 * ({@link FastFullyConnected#forwardNeurons}), and a dropout choice depends on the example's place in
 * the mini-batch and the neuron, not on the thread.
 */
final class SharedLayers {
    /** Fully connected layers with at least this many weights are shared: more than a core's L2 cache holds. */
    static final int MIN_WEIGHTS = 1 << 18;

    /** The shared layers are {@code [first, end)} of the network. */
    final int first;
    final int end;
    private final FastFullyConnected[] layers;
    private final Kernels activationKernels;
    private final boolean[] dropped;
    private final double dropout;
    private final long seed;
    /** {@code input[q]}: shared layer q's input for the whole mini-batch; {@code input[count]}: what follows them. */
    private final float[][] input;
    private final float[][] z;
    private final float[][] out;
    private final float[][] masks;
    /** {@code errors[q]}: shared layer q's errors {@code δ} for the whole mini-batch, for BP2 by neurons. */
    private final float[][] errors;
    /** {@code partials[h]}: BP2's sum over neuron range h of the layer being propagated, for every example. */
    private final float[][] partials;

    private SharedLayers(FastLayer[] network, int first, int end, int rows, Kernels activationKernels,
                         boolean[] dropped, double dropout, long seed) {
        this.first = first;
        this.end = end;
        this.activationKernels = activationKernels;
        this.dropped = dropped;
        this.dropout = dropout;
        this.seed = seed;
        int count = end - first;
        this.layers = new FastFullyConnected[count];
        this.input = new float[count + 1][];
        this.z = new float[count][];
        this.out = new float[count][];
        this.masks = new float[count][];
        this.errors = new float[count][];
        int widestInput = 0;
        for (int q = 0; q < count; q++) {
            FastFullyConnected layer = (FastFullyConnected) network[first + q];
            layers[q] = layer;
            input[q] = q == 0 ? new float[rows * layer.inputSize + LayeredBackprop.PADDING] : input[q];
            z[q] = new float[rows * layer.outputSize + LayeredBackprop.PADDING];
            out[q] = new float[rows * layer.outputSize + LayeredBackprop.PADDING];
            masks[q] = new float[rows * layer.outputSize + LayeredBackprop.PADDING];
            input[q + 1] = new float[rows * layer.outputSize + LayeredBackprop.PADDING];
            errors[q] = new float[rows * layer.outputSize + LayeredBackprop.PADDING];
            widestInput = Math.max(widestInput, layer.inputSize);
        }
        this.partials = new float[FastFullyConnected.HALVES][rows * widestInput + LayeredBackprop.PADDING];
    }

    /**
     * The run of wide fully connected layers to share, or null when the network has none: from the
     * first fully connected layer with {@code minWeights} weights ({@link #MIN_WEIGHTS} in training) that is neither the first layer
     * nor the output layer, up to the first layer that is not such a layer.
     */
    static SharedLayers of(FastLayer[] network, int minWeights, int rows, Kernels activationKernels,
                           boolean[] dropped, double dropout, long seed) {
        int first = -1;
        int end = -1;
        for (int l = 1; l + 1 < network.length; l++) {
            boolean wide = network[l] instanceof FastFullyConnected fc && fc.weightCount() >= minWeights
                    && fc.activation != Activation.SOFTMAX;
            if (wide && first < 0) {
                first = l;
            }
            if (first >= 0) {
                if (!wide) {
                    break;
                }
                end = l + 1;
            }
        }
        return first < 0 ? null
                : new SharedLayers(network, first, end, rows, activationKernels, dropped, dropout, seed);
    }

    /** Copies a part's input of the first shared layer, {@code examples} rows, into the batch's rows from {@code row}. */
    void gather(float[] partInput, int row, int examples) {
        int size = layers[0].inputSize;
        System.arraycopy(partInput, 0, input[0], row * size, examples * size);
    }

    /** Shared layer q for {@code rows} examples: this thread's share of its neurons, then its activation and dropout. */
    void forwardShare(int q, int member, int threads, int rows, boolean drop, long step) {
        FastFullyConnected layer = layers[q];
        int size = layer.outputSize;
        int j0 = FastLayer.shareStart(size, member, threads);
        int j1 = FastLayer.shareStart(size, member + 1, threads);
        if (j0 == j1) {
            return;
        }
        layer.forwardNeurons(input[q], rows, z[q], j0, j1);
        boolean masked = drop && dropped[first + q];
        float keep = (float) (1 / (1 - dropout));
        for (int r = 0; r < rows; r++) {
            int at = r * size;
            LayeredBackprop.activate(activationKernels, layer.activation, z[q], out[q], at + j0, at + j1);
            for (int j = j0; j < j1; j++) {
                if (masked) {
                    float mask = Dropout.keeps(seed, step, first + q, r, j, dropout) ? keep : 0f;
                    masks[q][at + j] = mask;
                    input[q + 1][at + j] = out[q][at + j] * mask;
                } else {
                    input[q + 1][at + j] = out[q][at + j];
                }
            }
        }
    }

    /** Copies a part's errors of shared layer q, {@code examples} rows, into the batch's rows from {@code row}. */
    void gatherErrors(int q, float[] partDelta, int row, int examples) {
        int size = layers[q].outputSize;
        System.arraycopy(partDelta, 0, errors[q], row * size, examples * size);
    }

    /**
     * BP2 of shared layer q for {@code rows} examples, this thread's share of the neuron ranges: each
     * thread multiplies by the rows of the weights it computed forward and steps, so that no core
     * reads what the other is about to write (a part's own BP2 read the whole matrix, and every line
     * the other thread then stepped had to be fetched back from this core's cache).
     */
    void backwardShare(int q, int member, int threads, int rows) {
        FastFullyConnected layer = layers[q];
        for (int h = member; h < FastFullyConnected.HALVES; h += threads) {
            float[] partial = partials[h];
            Arrays.fill(partial, 0, rows * layer.inputSize, 0f);
            layer.propagateNeurons(errors[q], rows, layer.neuronRange(h), layer.neuronRange(h + 1), partial);
        }
    }

    /**
     * A part's {@code ∂C/∂a} below shared layer q, {@code examples} rows from {@code row}: the neuron
     * ranges' sums added in order, as the layer's own {@link FastFullyConnected#backward} adds them.
     */
    void addPartials(int q, int row, int examples, float[] back) {
        int size = layers[q].inputSize;
        int from = row * size;
        int count = examples * size;
        System.arraycopy(partials[0], from, back, 0, count);
        for (int h = 1; h < FastFullyConnected.HALVES; h++) {
            float[] partial = partials[h];
            for (int k = 0; k < count; k++) {
                back[k] += partial[from + k];
            }
        }
    }

    /**
     * Copies a part's rows of every shared layer back into its own buffers, as its own forward pass
     * would have left them: {@code z[l]}, {@code out[l]}, and under dropout {@code masks[l]} and
     * {@code masked[l]}, which is then layer l+1's input.
     */
    void scatter(int row, int examples, float[][] partZ, float[][] partOut, float[][] partMasks,
                 float[][] partMasked, float[][] partInputs, boolean drop) {
        for (int q = 0; q < layers.length; q++) {
            int l = first + q;
            int size = layers[q].outputSize;
            int from = row * size;
            int count = examples * size;
            System.arraycopy(z[q], from, partZ[l], 0, count);
            if (partOut[l] != partZ[l]) {
                System.arraycopy(out[q], from, partOut[l], 0, count);
            }
            if (drop && dropped[l]) {
                System.arraycopy(masks[q], from, partMasks[l], 0, count);
                System.arraycopy(input[q + 1], from, partMasked[l], 0, count);
                partInputs[l + 1] = partMasked[l];
            } else {
                partInputs[l + 1] = partOut[l];
            }
        }
    }
}
