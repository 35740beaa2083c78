package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Dropout;

/**
 * One thread's share of a mini-batch step through fully connected layers: the forward pass
 * (equation 25), the output error (BP1), the errors of the layers below (BP2) and the update from
 * BP3 and BP4, for the neurons the {@link LayerPlan} gives the thread, in float on the
 * {@link Kernels}.
 *
 * <p>The threads meet at a barrier after a split layer's forward pass (the next layer needs all its
 * activations, which the threads therefore write to shared arrays) and, in the backward pass, after
 * each chunk's share of BP2 is summed. The book's network, whose one split layer is the first, so
 * needs one barrier per mini-batch. Every sum is taken in the same order whichever thread computes
 * it, so the weights depend only on the seed, not on the number of threads.
 */
final class DenseStep {
    private final LayerPlan plan;
    private final Kernels kernels;
    private final int origin;
    private final Activation[] activations;
    private final Cost cost;
    private final double dropout;
    private final long seed;
    /** Plain SGD without L1: the update kernel applies network2.py's rule in the same pass as the gradient. */
    private final boolean fusedSgd;
    /** The output layer has at most 16 sigmoid neurons, trained by plain SGD: the rest of its step is {@link Kernels#sigmoidOutputStep}. */
    private final boolean outputStep;
    private final ThreadCopies parameters;
    private final DenseOptimizer optimizer;
    private final EngineThreads threads;
    private final StepBuffers[] buffers;
    private final InputRing[] rings;
    /** Activations of split layers, shared by all threads, alternating between consecutive batches. */
    private final float[][][] sharedActivations;
    /** Each chunk's share of BP2's sum for a split layer, alternating between consecutive layers. */
    private final float[][][] partials;
    private final MeasuredCost measuredCost = new MeasuredCost();

    /**
     * @param batch   the largest mini-batch, which every buffer is sized for
     * @param fusedSgd whether the optimizer is plain SGD without L1, which the update kernel applies itself
     */
    DenseStep(LayerPlan plan, Kernels kernels, Cost cost, double dropout, long seed, boolean fusedSgd,
              ThreadCopies parameters, DenseOptimizer optimizer, EngineThreads threads, Dataset training, int batch) {
        this.plan = plan;
        this.kernels = kernels;
        this.origin = plan.origin;
        this.activations = plan.activations;
        this.cost = cost;
        this.dropout = dropout;
        this.seed = seed;
        this.fusedSgd = fusedSgd;
        this.parameters = parameters;
        this.optimizer = optimizer;
        this.threads = threads;
        int layers = plan.layers;
        int last = layers - 1;
        this.outputStep = fusedSgd && last > 0 && !plan.split[last] && plan.sizes[layers] <= FloatLayout.PADDING
                && activations[last] == Activation.SIGMOID && (cost == Cost.QUADRATIC || cost == Cost.CROSS_ENTROPY);
        this.buffers = new StepBuffers[plan.threads];
        this.rings = new InputRing[plan.threads];
        for (int t = 0; t < plan.threads; t++) {
            rings[t] = new InputRing(training, batch, plan.widths[0], kernels, origin);
            buffers[t] = new StepBuffers(plan.widths, batch, origin);
        }
        this.sharedActivations = new float[2][layers][];
        for (int parity = 0; parity < 2; parity++) {
            for (int l = 0; l < layers; l++) {
                sharedActivations[parity][l] = plan.split[l]
                        ? FloatLayout.padded(origin, batch * plan.widths[l + 1]) : null;
            }
        }
        this.partials = new float[2][plan.anySplit() ? LayerPlan.CHUNKS : 0][];
        for (float[][] pair : partials) {
            for (int c = 0; c < pair.length; c++) {
                pair[c] = FloatLayout.padded(origin, Math.multiplyExact(batch, plan.maxWidth()));
            }
        }
    }

    /** Measure the cost of every {@code everySteps}-th step from now on (0: none). */
    void trackCost(int everySteps) {
        measuredCost.every = everySteps;
    }

    /** {@code Σ C_x} over the last measured step's examples, before its update; NaN for a step not measured. */
    double costOfLastStep() {
        return measuredCost.last;
    }

    /** Empties every thread's ring for {@code order}; call when no step is running. */
    void restart(int[] order) {
        for (InputRing ring : rings) {
            ring.restart(order);
        }
    }

    /**
     * Thread {@code t}'s share, with {@code active} threads at work, of the step on examples
     * {@code [from, to)} of {@code order}: the {@code step}-th since the start, with buffers of
     * {@code parity}; {@code decay} is L2's {@code 1 - ηλ/n}, {@code rate} is {@code η/m}.
     */
    void run(int t, int active, int[] order, int from, int to, int parity, long step, float decay, float rate,
             float eta) {
        int layers = plan.layers;
        int[][] rowFrom = plan.rowFrom(active);
        int[][] rowTo = plan.rowTo(active);
        StepBuffers ws = buffers[t];
        InputRing ring = rings[t];
        int m = to - from;
        if (!ring.holds(order, from, m)) {
            ring.gather(order, from, m);
        }

        float[] input = ring.input;
        for (int l = 0; l < layers; l++) {
            int j0 = rowFrom[l][t];
            int j1 = rowTo[l][t];
            float[] output = activationsOf(l, ws, parity);
            plan.forward(kernels, l, input, m, parameters.weights(t, l), parameters.biases(t, l), j0, j1, ws.z[l]);
            if (!outputStep || l < layers - 1) {
                FloatLayers.activate(activations[l], kernels, ws.z[l], output, m, plan.widths[l + 1], plan.sizes[l + 1],
                        j0, j1);
            }
            if (dropout > 0 && l < layers - 1) {
                dropOut(ws, l, m, step, j0, j1, output);
            }
            if (plan.split[l] && active > 1) {
                threads.barrier(t, ring);
            }
            input = output;
        }

        int last = layers - 1;
        if (outputStep) {
            float[] below = activationsOf(last - 1, ws, parity);
            kernels.sigmoidOutputStep(ws.z[last], activationsOf(last, ws, parity), ws.delta[last], plan.widths[layers],
                    plan.sizes[layers], ring.labels, cost == Cost.QUADRATIC, below, m, plan.widths[last],
                    parameters.weights(t, last), parameters.biases(t, last), rate, decay, ws.delta[last - 1]);
            derivative(t, active, last - 1, m, ws, below);
        } else {
            FloatLayers.outputDelta(cost, activations[last], ws.z[last], activationsOf(last, ws, parity),
                    ring.labels, ws.delta[last], m, plan.widths[layers], plan.sizes[layers], rowFrom[last][t],
                    rowTo[last][t], ws.scratch, origin);
        }
        if (t == 0) {
            // After the output error: it leaves the activations as they were.
            int every = measuredCost.every;
            boolean measured = every > 0 && step % every == 0 && !plan.split[last];
            measuredCost.last = measured
                    ? FloatLayers.costSum(cost, activations[last], ws.z[last], activationsOf(last, ws, parity),
                            ring.labels, m, plan.widths[layers], plan.sizes[layers], origin)
                    : Double.NaN;
        }

        for (int l = outputStep ? last - 1 : last; l >= 0; l--) {
            int j0 = rowFrom[l][t];
            int j1 = rowTo[l][t];
            float[] below = l == 0 ? ring.input : activationsOf(l - 1, ws, parity);
            if (l > 0) {
                backpropagate(t, active, l, m, ws, below, ring);
            }
            float[] weights = parameters.weights(t, l);
            float[] biases = parameters.biases(t, l);
            if (fusedSgd) {
                scale(ws.delta[l], m, plan.widths[l + 1], origin + j0, origin + j1, -rate);
                kernels.update(ws.delta[l], plan.widths[l + 1], m, below, plan.widths[l], weights, biases, j0, j1,
                        decay);
            } else {
                scale(ws.delta[l], m, plan.widths[l + 1], origin + j0, origin + j1, 1f / m);
                optimizer.step(t, l, ws.delta[l], m, below, weights, biases, j0, j1, step, eta);
            }
        }
        if (t > 0) {
            ring.gatherAhead(order, to, m);
        }
    }

    /**
     * Inverted dropout on this thread's neurons of hidden layer {@code l}: each is kept with
     * probability {@code 1 - p} and scaled by {@code 1/(1-p)}; the masks come from {@link Dropout},
     * so they are the reference engine's. The unmasked activations are kept for {@code σ'} in BP2.
     */
    private void dropOut(StepBuffers ws, int l, int m, long step, int j0, int j1, float[] output) {
        int stride = plan.widths[l + 1];
        float keep = (float) (1 / (1 - dropout));
        for (int i = 0; i < m; i++) {
            for (int j = j0; j < j1; j++) {
                int at = origin + i * stride + j;
                float mask = Dropout.keeps(seed, step, l, i, j, dropout) ? keep : 0f;
                ws.unmasked[l][at] = output[at];
                ws.mask[l][at] = mask;
                output[at] *= mask;
            }
        }
    }

    /**
     * BP2: {@code δ^{l-1} = (W^l)ᵀ δ^l ⊙ σ'(z^{l-1})}, using layer {@code l}'s weights before their
     * update. For a split layer the sum over its neurons is taken chunk by chunk, each chunk's share
     * into its own buffer, and the shares are added in chunk order: the same additions in the same
     * order whichever thread computes which chunk, so the result does not depend on the thread count.
     */
    private void backpropagate(int t, int active, int l, int m, StepBuffers ws, float[] below, InputRing ring) {
        int n = plan.widths[l];
        int k0 = plan.rowFrom(active)[l - 1][t];
        int k1 = plan.rowTo(active)[l - 1][t];
        float[] target = ws.delta[l - 1];
        float[] weights = parameters.weights(t, l);
        if (plan.split[l]) {
            float[][] shares = partials[l & 1];
            int[] chunkStart = plan.chunkStart[l];
            for (int c = plan.firstChunk(l, t, active); c < plan.firstChunk(l, t + 1, active); c++) {
                kernels.backward(ws.delta[l], plan.widths[l + 1], m, weights, n, chunkStart[c], chunkStart[c + 1],
                        shares[c]);
            }
            if (active > 1) {
                threads.barrier(t, ring);
            }
            // Chunk by chunk, each a plain loop the JIT vectorizes; the same additions, in the same
            // order, as summing the chunks' shares of each element one after the other.
            int chunks = plan.chunkCount[l];
            for (int i = 0; i < m; i++) {
                int row = origin + i * n;
                System.arraycopy(shares[0], row + k0, target, row + k0, k1 - k0);
                for (int c = 1; c < chunks; c++) {
                    float[] share = shares[c];
                    for (int k = row + k0; k < row + k1; k++) {
                        target[k] += share[k];
                    }
                }
            }
        } else {
            kernels.backward(ws.delta[l], plan.widths[l + 1], m, weights, n, 0, plan.sizes[l + 1], target);
        }
        derivative(t, active, l - 1, m, ws, below);
    }

    /** The end of BP2 for this thread's neurons of layer {@code l}: {@code δ^l ⊙= σ'(z^l)}, and the dropout mask. */
    private void derivative(int t, int active, int l, int m, StepBuffers ws, float[] activation) {
        int n = plan.widths[l + 1];
        int k0 = plan.rowFrom(active)[l][t];
        int k1 = plan.rowTo(active)[l][t];
        float[] target = ws.delta[l];
        if (dropout > 0) {
            FloatLayers.multiplyByDerivative(activations[l], ws.unmasked[l], target, m, n, k0, k1, origin);
            FloatLayers.multiply(ws.mask[l], target, m, n, k0, k1, origin);
        } else {
            FloatLayers.multiplyByDerivative(activations[l], activation, target, m, n, k0, k1, origin);
        }
    }

    /**
     * {@code δ ← factor δ} on the block, turning errors into steps once BP2 no longer needs them; a
     * product too small to be a normal float becomes zero (see {@link FloatLayers}). Row {@code i}'s
     * block is {@code [i*stride + from, i*stride + to)}, the origin included in {@code from} and {@code to}.
     */
    private static void scale(float[] delta, int m, int stride, int from, int to, float factor) {
        for (int i = 0; i < m; i++) {
            for (int j = i * stride + from; j < i * stride + to; j++) {
                delta[j] = FloatLayers.flushed(delta[j] * factor);
            }
        }
    }

    private float[] activationsOf(int l, StepBuffers ws, int parity) {
        return plan.split[l] ? sharedActivations[parity][l] : ws.activations[l];
    }

    /**
     * How often to measure the cost, and the last step's, written by thread 0 (the caller of step, so
     * read without synchronization) at every step. An object of its own because objects start on
     * cache lines (the launcher's 64-byte alignment): as fields of the step, each write would take
     * from the other threads the cache line of the fields they read all through their share.
     */
    private static final class MeasuredCost {
        int every;
        double last = Double.NaN;
    }
}
