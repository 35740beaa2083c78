package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Dropout;
import backprop.nn.Network;
import backprop.train.Backprop;
import backprop.train.Evaluation;
import backprop.train.Optimizer;
import backprop.train.OptimizerState;
import backprop.train.TrainingOptions;

import java.util.List;

/**
 * The fast engine: the reference algorithm in float, one mini-batch at a time as batch-major
 * matrices, through SIMD {@link Kernels}, shared between threads.
 *
 * <p><b>How the threads share a step.</b> A large layer is <em>split</em> into {@value #CHUNKS}
 * chunks of neurons, and each thread owns whole chunks: it computes their weighted inputs for every
 * example of the batch, their errors, and updates their weights; the threads meet at a barrier after
 * the layer's forward pass (the next layer needs all its activations) and, in the backward pass,
 * after each chunk's share of BP2 is summed. A small layer (such as the 30-to-10 output of the
 * book's network) is <em>replicated</em>: every thread computes all of it on its own copy of the
 * weights, which stays identical on all threads because the same operations run on the same data.
 * The book's network so needs one barrier per mini-batch. Each thread keeps its own copy of every
 * layer's parameters, even of a split layer, of which it updates only its own rows: where threads
 * updated one shared array, the cache lines at the borders of their rows (and the biases' few lines)
 * went back and forth between the cores at every step, and the steps of the book's network took a
 * fifth longer. Thread 0's copy is brought up to date from the others before anything reads all
 * the parameters ({@link #settle}). Every sum is taken in the same order
 * whichever thread computes it, so the weights depend only on the seed, not on the number of
 * threads; that lets the engine drop to one thread while other processes crowd the cores
 * ({@link ContentionPolicy}) without changing the result.
 *
 * <p>Nothing is allocated per step: every buffer is sized for the mini-batch up front.
 */
public final class FastBackprop implements Backprop {
    /** Fewer weights than this are not worth sharing between threads: a barrier would cost more than the work. */
    static final long SMALLEST_SPLIT = 4096;
    /** Chunks of a split layer's neurons; at most this many threads share a layer. */
    static final int CHUNKS = 8;
    /** Spare floats at the end of every buffer; one 512-bit vector, see {@link #padded}. */
    static final int PADDING = 16;
    /** The size of each thread's ring of upcoming training images: a good part of a core's L2 cache. */
    private static final int RING_BYTES = 256 * 1024;
    /** Examples per block when evaluating. */
    private static final int EVALUATION_BLOCK = 64;
    /** A layer with less than this share of all weights is computed by every thread rather than split. */
    private static final double SPLIT_SHARE = 0.05;

    private final Kernels kernels;
    /** Where every matrix and vector begins in its array: {@link Kernels#origin()}. */
    private final int origin;
    private final int[] sizes;
    private final int layers;
    private final Activation[] activations;
    private final Cost cost;
    private final Dataset training;
    private final double lambda;
    private final double l1;
    private final double dropout;
    private final long seed;
    /** Plain SGD without L1: the update kernel applies network2.py's rule in the same pass as the gradient. */
    private final boolean fusedSgd;
    private final FloatOptimizer optimizer;
    /** For the other optimizers: each layer's mean gradient, and the optimizer's state, laid out like the weights. */
    private final float[][][] weightGradients;
    private final float[][][] biasGradients;
    private final float[][][][] weightState;
    private final float[][][][] biasState;
    private final int batchCapacity;
    /** Row length of each layer's arrays: its size rounded up to whole vectors, the rest zeros. */
    private final int[] widths;
    private final int threads;
    private final boolean[] split;
    /** Layers small enough for {@link Kernels#forwardSmall}: decided by the layer alone, like {@link #split}. */
    private final boolean[] small;
    /** The output layer has at most 16 sigmoid neurons, trained by plain SGD: the rest of its step is {@link Kernels#sigmoidOutputStep}. */
    private final boolean outputStep;
    /**
     * With {@code a} threads at work, thread {@code t} computes neurons {@code [rowFrom[a-1][l][t],
     * rowTo[a-1][l][t])} of layer {@code l}: whole chunks of a split layer, all of a replicated one.
     */
    private final int[][][] rowFrom;
    private final int[][][] rowTo;
    /**
     * Chunk {@code c} of split layer {@code l} starts at neuron {@code chunkStart[l][c]}; there are
     * {@code chunkCount[l]} of them, each a whole number of cache lines of activations long, so that
     * threads never write to the same cache line (with the rows starting on cache lines: see
     * {@link Kernels#origin()}).
     */
    private final int[][] chunkStart;
    private final int[] chunkCount;
    /** The threads at work in the current epoch: all of them, or 1 while other processes crowd the cores. */
    private int active;
    private final ContentionPolicy contention;
    /** Thread 0's time at barriers since the last decision; written only by thread 0, the caller. */
    private long waitedNanos;
    /**
     * {@code weights[t][l]}: thread {@code t}'s copy of layer {@code l}'s weights. Of a replicated
     * layer every copy is current; of a split layer, only the thread's own rows between steps, and
     * all of thread 0's after {@link #settle}.
     */
    private final float[][][] weights;
    private final float[][][] biases;
    private final Workspace[] workspaces;
    /** Activations of split layers, shared by all threads, alternating between consecutive batches. */
    private final float[][][] sharedActivations;
    /** Each chunk's share of BP2's sum for a split layer, alternating between consecutive layers. */
    private final float[][][] partials;
    private final Crew crew;
    private final StepJob[] stepJobs = {new StepJob(), new StepJob()};
    private long steps;
    /** {@link #steps} when thread 0's copy of the split layers was last brought up to date ({@link #collectRows}). */
    private long collectedAt;
    private double eta;
    private int costEvery;
    /** Written by thread 0, which is the caller of step, so read without synchronization. */
    private double lastStepCost = Double.NaN;

    public FastBackprop(Network start, Dataset training, TrainingOptions options, int threads, Kernels kernels) {
        this.kernels = kernels;
        this.origin = kernels.origin();
        this.sizes = start.sizes();
        this.layers = sizes.length - 1;
        this.activations = start.activations().toArray(Activation[]::new);
        this.cost = start.cost();
        this.training = training;
        this.lambda = options.lambda();
        this.l1 = options.l1();
        this.dropout = options.dropout();
        this.seed = options.seed();
        this.fusedSgd = options.optimizer().kind() == Optimizer.Kind.SGD && options.l1() == 0;
        this.optimizer = new FloatOptimizer(options.optimizer());
        this.eta = options.learningRate();
        this.batchCapacity = Math.max(1, training == null ? options.miniBatchSize()
                : Math.min(options.miniBatchSize(), training.size()));
        this.widths = new int[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            widths[l] = rowWidth(sizes[l]);
        }
        this.split = chooseSplitLayers();
        this.small = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            small[l] = !split[l] && widths[l] <= Kernels.SMALL_INPUTS && sizes[l + 1] <= PADDING;
        }
        this.threads = anySplit(split) ? Math.max(1, Math.min(threads, CHUNKS)) : 1;
        int last = layers - 1;
        this.outputStep = fusedSgd && last > 0 && !split[last] && sizes[layers] <= PADDING
                && activations[last] == Activation.SIGMOID && (cost == Cost.QUADRATIC || cost == Cost.CROSS_ENTROPY);
        this.chunkStart = new int[layers][CHUNKS + 1];
        this.chunkCount = new int[layers];
        for (int l = 0; l < layers; l++) {
            int neurons = sizes[l + 1];
            int chunkSize = ((neurons + CHUNKS - 1) / CHUNKS + PADDING - 1) / PADDING * PADDING;
            chunkCount[l] = (neurons + chunkSize - 1) / chunkSize;
            for (int c = 0; c <= CHUNKS; c++) {
                chunkStart[l][c] = Math.min(neurons, c * chunkSize);
            }
        }
        this.rowFrom = new int[this.threads][layers][];
        this.rowTo = new int[this.threads][layers][];
        for (int a = 1; a <= this.threads; a++) {
            for (int l = 0; l < layers; l++) {
                rowFrom[a - 1][l] = new int[a];
                rowTo[a - 1][l] = new int[a];
                for (int t = 0; t < a; t++) {
                    rowFrom[a - 1][l][t] = split[l] ? chunkStart[l][firstChunk(l, t, a)] : 0;
                    rowTo[a - 1][l][t] = split[l] ? chunkStart[l][firstChunk(l, t + 1, a)] : sizes[l + 1];
                }
            }
        }
        this.active = this.threads;
        this.contention = new ContentionPolicy(this.threads);
        this.weights = new float[this.threads][layers][];
        this.biases = new float[this.threads][layers][];
        for (int l = 0; l < layers; l++) {
            float[] w = toFloats(start.weights(l), widths[l], origin);
            float[] b = toFloats(start.biases(l), origin);
            for (int t = 0; t < this.threads; t++) {
                weights[t][l] = t == 0 ? w : w.clone();
                biases[t][l] = t == 0 ? b : b.clone();
            }
        }
        int states = fusedSgd ? 0 : options.optimizer().stateCount();
        this.weightGradients = fusedSgd ? null : likeParameters(weights);
        this.biasGradients = fusedSgd ? null : likeParameters(biases);
        this.weightState = new float[states][][][];
        this.biasState = new float[states][][][];
        for (int s = 0; s < states; s++) {
            weightState[s] = likeParameters(weights);
            biasState[s] = likeParameters(biases);
        }
        int maxWidth = 0;
        for (int width : widths) {
            maxWidth = Math.max(maxWidth, width);
        }
        this.workspaces = new Workspace[this.threads];
        for (int t = 0; t < this.threads; t++) {
            workspaces[t] = new Workspace(widths, batchCapacity, training != null && training.isImages(), true, origin);
        }
        this.sharedActivations = new float[2][layers][];
        for (int parity = 0; parity < 2; parity++) {
            for (int l = 0; l < layers; l++) {
                sharedActivations[parity][l] = split[l] ? padded(origin, batchCapacity * widths[l + 1]) : null;
            }
        }
        this.partials = new float[2][anySplit(split) ? CHUNKS : 0][];
        for (float[][] pair : partials) {
            for (int c = 0; c < pair.length; c++) {
                pair[c] = padded(origin, Math.multiplyExact(batchCapacity, maxWidth));
            }
        }
        this.crew = new Crew(this.threads, "backprop-engine");
    }

    /** The default: all available cores, up to 2 (the machine this is tuned for has two). */
    public static int defaultThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** The first chunk of thread {@code t}'s share of layer {@code l} when {@code a} threads divide its chunks. */
    private int firstChunk(int l, int t, int a) {
        return t * chunkCount[l] / a;
    }

    /**
     * Which layers are split into chunks that threads share, decided by size alone: the result must
     * not depend on how many threads there are (see {@link #backpropagate}).
     */
    private boolean[] chooseSplitLayers() {
        boolean[] result = new boolean[layers];
        long total = 0;
        long largest = 0;
        int largestLayer = 0;
        for (int l = 0; l < layers; l++) {
            long count = (long) sizes[l] * sizes[l + 1];
            total += count;
            if (count > largest) {
                largest = count;
                largestLayer = l;
            }
        }
        for (int l = 0; l < layers; l++) {
            long count = (long) sizes[l] * sizes[l + 1];
            boolean softmaxOutput = activations[l] == Activation.SOFTMAX;
            result[l] = !softmaxOutput && sizes[l + 1] >= CHUNKS && count >= SMALLEST_SPLIT
                    && (count >= SPLIT_SHARE * total || l == largestLayer);
        }
        return result;
    }

    private static boolean anySplit(boolean[] split) {
        for (boolean s : split) {
            if (s) {
                return true;
            }
        }
        return false;
    }

    public int threads() {
        return threads;
    }

    public Kernels kernels() {
        return kernels;
    }

    @Override
    public void step(int[] order, int from, int to) {
        if (to - from > batchCapacity) {
            throw new IllegalArgumentException("mini-batch of " + (to - from) + " exceeds the engine's capacity "
                    + batchCapacity);
        }
        StepJob job = stepJobs[(int) (steps & 1)];
        job.evaluating = null;
        job.order = order;
        job.from = from;
        job.to = to;
        job.parity = (int) (steps & 1);
        job.decay = (float) (1 - eta * lambda / training.size());
        job.rate = (float) (eta / (to - from));
        job.eta = (float) eta;
        job.step = steps;
        job.active = active;
        steps++;
        crew.post(job);
    }

    /**
     * One mini-batch's work for one thread, or (when {@link #evaluating} is set) a share of an
     * evaluation; fields are read before the first barrier, see {@link Crew}. Evaluations go through
     * the same class, not a lambda of their own: where the crew hands out jobs, the JIT compiles a
     * call to the one kind it has seen, and a second kind undid that compiled code every epoch.
     */
    private final class StepJob implements Crew.Job {
        Dataset evaluating;
        boolean withCost;
        Evaluation[] parts;
        int[] order;
        int from;
        int to;
        int parity;
        float decay;
        float rate;
        float eta;
        long step;
        int active;

        @Override
        public void run(int t) {
            if (evaluating != null) {
                int from = (int) ((long) evaluating.size() * t / threads);
                int to = (int) ((long) evaluating.size() * (t + 1) / threads);
                parts[t] = evaluateRange(t, evaluating, from, to, withCost);
            } else if (t < active) {
                train(t, active, order, from, to, parity, step, decay, rate, eta);
            }
        }
    }

    private void train(int t, int active, int[] order, int from, int to, int parity, long step, float decay,
                       float rate, float eta) {
        int[][] rowFrom = this.rowFrom[active - 1];
        int[][] rowTo = this.rowTo[active - 1];
        Workspace ws = workspaces[t];
        int m = to - from;
        if (!ws.holds(order, from, m)) {
            gather(ws, order, from, m);
        }

        float[] input = ws.input;
        for (int l = 0; l < layers; l++) {
            int j0 = rowFrom[l][t];
            int j1 = rowTo[l][t];
            float[] output = activationsOf(l, ws, parity);
            forward(l, input, m, weights[t][l], biases[t][l], j0, j1, ws.z[l]);
            if (!outputStep || l < layers - 1) {
                FloatLayers.activate(activations[l], kernels, ws.z[l], output, m, widths[l + 1], sizes[l + 1], j0, j1);
            }
            if (dropout > 0 && l < layers - 1) {
                dropOut(ws, l, m, step, j0, j1, output);
            }
            if (split[l] && active > 1) {
                barrier(t);
            }
            input = output;
        }

        int last = layers - 1;
        if (outputStep) {
            float[] below = activationsOf(last - 1, ws, parity);
            kernels.sigmoidOutputStep(ws.z[last], activationsOf(last, ws, parity), ws.delta[last], widths[layers],
                    sizes[layers], ws.labels, cost == Cost.QUADRATIC, below, m, widths[last], weights[t][last],
                    biases[t][last], rate, decay, ws.delta[last - 1]);
            derivative(t, active, last - 1, m, ws, below);
        } else {
            FloatLayers.outputDelta(cost, activations[last], activationsOf(last, ws, parity), ws.labels,
                    ws.delta[last], m, widths[layers], sizes[layers], rowFrom[last][t], rowTo[last][t], ws.scratch,
                    origin);
        }
        if (t == 0) {
            // After the output error: it leaves the activations as they were.
            boolean measured = costEvery > 0 && step % costEvery == 0 && !split[last];
            lastStepCost = measured
                    ? FloatLayers.costSum(cost, activationsOf(last, ws, parity), ws.labels, m, widths[layers], sizes[layers],
                            origin)
                    : Double.NaN;
        }

        for (int l = outputStep ? last - 1 : last; l >= 0; l--) {
            int j0 = rowFrom[l][t];
            int j1 = rowTo[l][t];
            float[] below = l == 0 ? ws.input : activationsOf(l - 1, ws, parity);
            if (l > 0) {
                backpropagate(t, active, l, m, ws, below);
            }
            if (fusedSgd) {
                scale(ws.delta[l], m, widths[l + 1], origin + j0, origin + j1, -rate);
                kernels.update(ws.delta[l], widths[l + 1], m, below, widths[l], weights[t][l], biases[t][l], j0, j1,
                        decay);
            } else {
                optimize(t, l, m, ws, below, j0, j1, step, eta);
            }
        }
        if (t > 0) {
            gatherAhead(ws, order, to, m);
        }
    }

    /**
     * A worker gathers what is most likely its next mini-batch (the next {@code m} examples in the
     * same order) before it reports the step done: thread 0 posts the next step only after finishing
     * its own share of this one, and the worker would otherwise spend that wait, and the time the post
     * takes to reach its core, idle, then gather while thread 0 waits for it at the first barrier.
     * If the next job is something else, the step after it gathers again.
     */
    private void gatherAhead(Workspace ws, int[] order, int from, int m) {
        // At the epoch's end this gathers nothing, through the same code: a branch the JIT had never
        // seen taken would make it recompile the whole step at the start of the next epoch.
        gather(ws, order, from, Math.min(m, order.length - from));
    }

    /** Equation 25 for neurons {@code [j0, j1)} of layer {@code l}, the small-layer way for a small layer. */
    private void forward(int l, float[] input, int m, float[] w, float[] b, int j0, int j1, float[] z) {
        if (small[l]) {
            kernels.forwardSmall(input, m, widths[l], w, b, j0, j1, z, widths[l + 1]);
        } else {
            kernels.forward(input, m, widths[l], w, b, j0, j1, z, widths[l + 1]);
        }
    }

    /**
     * Inverted dropout on this thread's neurons of hidden layer {@code l}: each is kept with
     * probability {@code 1 - p} and scaled by {@code 1/(1-p)}; the masks come from {@link Dropout},
     * so they are the reference engine's. The unmasked activations are kept for {@code σ'} in BP2.
     */
    private void dropOut(Workspace ws, int l, int m, long step, int j0, int j1, float[] output) {
        int stride = widths[l + 1];
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

    /** A step of another optimizer: the mean gradient of this thread's neurons first, then the optimizer, element by element. */
    private void optimize(int t, int l, int m, Workspace ws, float[] below, int j0, int j1, long step, float eta) {
        int n = widths[l];
        float[] gradient = weightGradients[t][l];
        float[] biasGradient = biasGradients[t][l];
        scale(ws.delta[l], m, widths[l + 1], origin + j0, origin + j1, 1f / m);
        for (int j = j0; j < j1; j++) {
            biasGradient[origin + j] = 0;
        }
        kernels.update(ws.delta[l], widths[l + 1], m, below, n, gradient, biasGradient, j0, j1, 0f);
        float l2 = (float) (lambda / training.size());
        float l1n = (float) (l1 / training.size());
        float[] first = weightState.length > 0 ? weightState[0][t][l] : null;
        float[] second = weightState.length > 1 ? weightState[1][t][l] : null;
        optimizer.step(weights[t][l], gradient, first, second, origin + j0 * n, origin + j1 * n, eta, l2, l1n, step + 1);
        float[] firstBias = biasState.length > 0 ? biasState[0][t][l] : null;
        float[] secondBias = biasState.length > 1 ? biasState[1][t][l] : null;
        optimizer.step(biases[t][l], biasGradient, firstBias, secondBias, origin + j0, origin + j1, eta, 0f, 0f,
                step + 1);
    }

    /** Arrays shaped like {@code parameters[t][l]}, one for each thread as those are. */
    private float[][][] likeParameters(float[][][] parameters) {
        float[][][] like = new float[threads][layers][];
        for (int l = 0; l < layers; l++) {
            for (int t = 0; t < threads; t++) {
                like[t][l] = new float[parameters[t][l].length];
            }
        }
        return like;
    }

    /**
     * BP2: {@code δ^{l-1} = (W^l)ᵀ δ^l ⊙ σ'(z^{l-1})}, using layer {@code l}'s weights before their
     * update. For a split layer the sum over its neurons is taken chunk by chunk, each chunk's share
     * into its own buffer, and the shares are added in chunk order: the same additions in the same
     * order whichever thread computes which chunk, so the result does not depend on the thread count.
     */
    private void backpropagate(int t, int active, int l, int m, Workspace ws, float[] below) {
        int n = widths[l];
        int k0 = rowFrom[active - 1][l - 1][t];
        int k1 = rowTo[active - 1][l - 1][t];
        float[] target = ws.delta[l - 1];
        if (split[l]) {
            float[][] shares = partials[l & 1];
            for (int c = firstChunk(l, t, active); c < firstChunk(l, t + 1, active); c++) {
                kernels.backward(ws.delta[l], widths[l + 1], m, weights[t][l], n, chunkStart[l][c],
                        chunkStart[l][c + 1], shares[c]);
            }
            if (active > 1) {
                barrier(t);
            }
            // Chunk by chunk, each a plain loop the JIT vectorizes; the same additions, in the same
            // order, as summing the chunks' shares of each element one after the other.
            for (int i = 0; i < m; i++) {
                int row = origin + i * n;
                System.arraycopy(shares[0], row + k0, target, row + k0, k1 - k0);
                for (int c = 1; c < chunkCount[l]; c++) {
                    float[] share = shares[c];
                    for (int k = row + k0; k < row + k1; k++) {
                        target[k] += share[k];
                    }
                }
            }
        } else {
            kernels.backward(ws.delta[l], widths[l + 1], m, weights[t][l], n, 0, sizes[l + 1], target);
        }
        derivative(t, active, l - 1, m, ws, below);
    }

    /** The end of BP2 for this thread's neurons of layer {@code l}: {@code δ^l ⊙= σ'(z^l)}, and the dropout mask. */
    private void derivative(int t, int active, int l, int m, Workspace ws, float[] activation) {
        int n = widths[l + 1];
        int k0 = rowFrom[active - 1][l][t];
        int k1 = rowTo[active - 1][l][t];
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

    private float[] activationsOf(int l, Workspace ws, int parity) {
        return split[l] ? sharedActivations[parity][l] : ws.activations[l];
    }

    /** Puts examples {@code [from, from + m)} of {@code order} into the workspace's input and labels, and notes which they are. */
    private void gather(Workspace ws, int[] order, int from, int m) {
        int n = widths[0];
        if (ws.ring != null) {
            if (order != ws.ringOrder || from < ws.ringFrom || from > ws.ringTo) {
                // Not the batch after the last one (epochStarting announces a new order): start afresh here.
                ws.ringOrder = order;
                ws.ringFrom = from;
                ws.ringTo = from;
            }
            fill(ws, from + m);
            int capacity = ws.ringCapacity;
            int slot = from % capacity;
            int first = Math.min(m, capacity - slot);
            kernels.unitFloats(ws.ring, slot * n, ws.input, origin, first * n);
            kernels.unitFloats(ws.ring, 0, ws.input, origin + first * n, (m - first) * n);
            ws.ringFrom = from + m;
            for (int i = 0; i < m; i++) {
                ws.labels[i] = training.label(order[from + i]);
            }
        } else {
            for (int i = 0; i < m; i++) {
                training.input(order[from + i], ws.input, origin + i * n);
                ws.labels[i] = training.label(order[from + i]);
            }
        }
        ws.gathered = order;
        ws.gatheredFrom = from;
        ws.gatheredCount = m;
    }

    /**
     * Copies the images of the ring's order from {@link Workspace#ringTo} up to position
     * {@code until} (fewer if the order ends or the ring is full) into this thread's ring, a circular
     * buffer small enough to stay in its core's L2 cache until the images are used; whether it
     * copied any. Reading images in shuffled order waits on memory for each one; a thread that
     * arrives first at a barrier copies them one by one while it waits (see {@link #barrier}), so its
     * steps then find their batch in the ring, and the step copies only what is still missing.
     */
    private boolean fill(Workspace ws, int until) {
        int n = widths[0];
        int[] order = ws.ringOrder;
        int capacity = ws.ringCapacity;
        int start = ws.ringTo;
        int end = Math.min(Math.min(until, order.length), ws.ringFrom + capacity);
        for (int p = start; p < end; p++) {
            training.copyPixels(order[p], ws.ring, (p % capacity) * n);
        }
        ws.ringTo = Math.max(start, end);
        return end > start;
    }

    /** Empties the rings for {@code order}, which may be an array the last epoch used, with new contents. */
    @Override
    public void epochStarting(int[] order) {
        crew.sync();
        for (Workspace ws : workspaces) {
            ws.ringOrder = order;
            ws.ringFrom = 0;
            ws.ringTo = 0;
            ws.gathered = null;
            ws.gatheredFrom = -1;
        }
    }

    @Override
    public void synchronize() {
        crew.sync();
        int next = contention.nextActive(active, waitedNanos, System.nanoTime());
        waitedNanos = 0;
        if (next != active) {
            changeActiveThreads(next);
        }
    }

    /** From the next step on, {@code count} threads share the work; call after {@link Crew#sync}. */
    private void changeActiveThreads(int count) {
        if (count > active) {
            copyParametersFromFirstThread();
        } else {
            collectRows();
        }
        active = count;
        crew.setParties(count);
    }

    /**
     * A barrier, timed for thread 0, whose waiting tells the {@link ContentionPolicy} how crowded the
     * cores are. A thread that arrives before the others copies upcoming images into its ring, one
     * at a time, until they arrive: time it would otherwise spin away, and copying it would otherwise
     * do at the start of a step, while the others wait for it at this barrier.
     */
    private void barrier(int t) {
        long start = t == 0 ? System.nanoTime() : 0;
        long target = crew.arrive(t);
        Workspace ws = workspaces[t];
        if (ws.ring != null) {
            while (!crew.othersArrived(t, target) && fill(ws, ws.ringTo + 1)) {
                // one image per look at the others
            }
        }
        crew.await(t, target);
        if (t == 0) {
            waitedNanos += System.nanoTime() - start;
        }
    }

    /** For tests: puts {@code count} threads to work from the next step on, as the contention policy would. */
    void setActiveThreads(int count) {
        crew.sync();
        changeActiveThreads(count);
    }

    /** The threads at work now (the most it may use is {@link #threads()}). */
    public int activeThreads() {
        return active;
    }

    /**
     * Brings the other threads' copies of the parameters (and of the optimizer's state) up to
     * thread 0's, whose rows of the split layers must be current ({@link #collectRows}).
     */
    private void copyParametersFromFirstThread() {
        for (int l = 0; l < layers; l++) {
            for (int t = 1; t < threads; t++) {
                System.arraycopy(weights[0][l], 0, weights[t][l], 0, weights[0][l].length);
                System.arraycopy(biases[0][l], 0, biases[t][l], 0, biases[0][l].length);
                for (int s = 0; s < weightState.length; s++) {
                    System.arraycopy(weightState[s][0][l], 0, weightState[s][t][l], 0, weightState[s][0][l].length);
                    System.arraycopy(biasState[s][0][l], 0, biasState[s][t][l], 0, biasState[s][0][l].length);
                }
            }
        }
    }

    /** Waits for the workers, then brings thread 0's copy of the split layers up to date. */
    private void settle() {
        crew.sync();
        collectRows();
    }

    /**
     * Copies each working thread's own rows of every split layer (weights, biases and optimizer
     * state) into thread 0's arrays, which then hold the whole network. Call after {@link Crew#sync}.
     */
    private void collectRows() {
        if (collectedAt == steps) {
            return;
        }
        for (int l = 0; l < layers; l++) {
            if (!split[l]) {
                continue;
            }
            int n = widths[l];
            for (int t = 1; t < active; t++) {
                int j0 = rowFrom[active - 1][l][t];
                int j1 = rowTo[active - 1][l][t];
                copyRows(weights, t, l, origin + j0 * n, origin + j1 * n);
                copyRows(biases, t, l, origin + j0, origin + j1);
                for (int s = 0; s < weightState.length; s++) {
                    copyRows(weightState[s], t, l, origin + j0 * n, origin + j1 * n);
                    copyRows(biasState[s], t, l, origin + j0, origin + j1);
                }
            }
        }
        collectedAt = steps;
    }

    private static void copyRows(float[][][] parameters, int t, int l, int from, int to) {
        System.arraycopy(parameters[t][l], from, parameters[0][l], from, to - from);
    }

    @Override
    public Evaluation evaluate(Dataset data, boolean withCost) {
        settle();
        Evaluation[] parts = new Evaluation[threads];
        StepJob job = stepJobs[(int) (steps & 1)];
        job.evaluating = data;
        job.withCost = withCost;
        job.parts = parts;
        crew.runAll(job);
        job.evaluating = null;
        job.parts = null;
        Evaluation total = new Evaluation(0, 0, withCost ? 0.0 : Double.NaN);
        for (Evaluation part : parts) {
            total = total.plus(part);
        }
        return total;
    }

    private Evaluation evaluateRange(int t, Dataset data, int from, int to, boolean withCost) {
        Workspace ws = workspaces[t].forEvaluation(widths, EVALUATION_BLOCK, data.isImages(), origin);
        int classes = sizes[layers];
        double[] a = new double[classes];
        double[] y = new double[classes];
        int correct = 0;
        double costSum = 0;
        int[] identity = new int[EVALUATION_BLOCK];
        for (int start = from; start < to; start += EVALUATION_BLOCK) {
            int m = Math.min(EVALUATION_BLOCK, to - start);
            for (int i = 0; i < m; i++) {
                identity[i] = start + i;
            }
            float[] input = gatherForEvaluation(ws, data, identity, m);
            for (int l = 0; l < layers; l++) {
                forward(l, input, m, weights[0][l], biases[0][l], 0, sizes[l + 1], ws.z[l]);
                FloatLayers.activate(activations[l], kernels, ws.z[l], ws.activations[l], m, widths[l + 1],
                        sizes[l + 1], 0, sizes[l + 1]);
                input = ws.activations[l];
            }
            for (int i = 0; i < m; i++) {
                int best = 0;
                for (int j = 0; j < classes; j++) {
                    a[j] = input[origin + i * widths[layers] + j];
                    if (a[j] > a[best]) {
                        best = j;
                    }
                }
                int label = data.label(start + i);
                if (best == label) {
                    correct++;
                }
                if (withCost) {
                    y[label] = 1.0;
                    costSum += cost.value(a, y);
                    y[label] = 0.0;
                }
            }
        }
        return new Evaluation(to - from, correct, withCost ? costSum : Double.NaN);
    }

    private float[] gatherForEvaluation(Workspace ws, Dataset data, int[] indices, int m) {
        int n = widths[0];
        if (data.isImages()) {
            for (int i = 0; i < m; i++) {
                data.copyPixels(indices[i], ws.pixels, i * n);
            }
            kernels.unitFloats(ws.pixels, 0, ws.input, origin, m * n);
        } else {
            for (int i = 0; i < m; i++) {
                data.input(indices[i], ws.input, origin + i * n);
            }
        }
        return ws.input;
    }

    @Override
    public double sumOfSquaredWeights() {
        settle();
        double sum = 0;
        for (float[] w : weights[0]) {
            for (float v : w) {
                sum += (double) v * v;
            }
        }
        return sum;
    }

    @Override
    public void trackCost(int everySteps) {
        costEvery = everySteps;
    }

    @Override
    public double costOfLastStep() {
        return lastStepCost;
    }

    @Override
    public boolean parametersFinite() {
        settle();
        for (int l = 0; l < layers; l++) {
            if (!allFinite(weights[0][l]) || !allFinite(biases[0][l])) {
                return false;
            }
        }
        return true;
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double sumOfAbsoluteWeights() {
        settle();
        double sum = 0;
        for (float[] w : weights[0]) {
            for (float v : w) {
                sum += Math.abs(v);
            }
        }
        return sum;
    }

    @Override
    public OptimizerState optimizerState() {
        settle();
        List<double[][][]> weightMoments = new java.util.ArrayList<>();
        List<double[][]> biasMoments = new java.util.ArrayList<>();
        for (int s = 0; s < weightState.length; s++) {
            double[][][] w = new double[layers][][];
            double[][] b = new double[layers][];
            for (int l = 0; l < layers; l++) {
                w[l] = unpad(weightState[s][0][l], sizes[l + 1], sizes[l], widths[l]);
                b[l] = new double[sizes[l + 1]];
                for (int j = 0; j < sizes[l + 1]; j++) {
                    b[l][j] = biasState[s][0][l][origin + j];
                }
            }
            weightMoments.add(w);
            biasMoments.add(b);
        }
        return OptimizerState.ofDense(steps, weightMoments, biasMoments);
    }

    @Override
    public void restore(OptimizerState state) {
        crew.sync();
        int moments = state.moments().size();
        List<double[][][]> weightMoments = state.denseWeightMoments(sizes);
        List<double[][]> biasMoments = state.denseBiasMoments();
        if (moments != 0 && moments != weightState.length) {
            throw new IllegalArgumentException("the saved optimizer state has " + moments + " moment arrays but "
                    + "this run's optimizer keeps " + weightState.length);
        }
        for (int s = 0; s < moments; s++) {
            for (int l = 0; l < layers; l++) {
                double[][] w = weightMoments.get(s)[l];
                double[] b = biasMoments.get(s)[l];
                if (w.length != sizes[l + 1] || b.length != sizes[l + 1]) {
                    throw new IllegalArgumentException("the saved optimizer state for layer " + (l + 1)
                            + " does not match the network's shape");
                }
                float[] packed = toFloats(w, widths[l], origin);
                float[] packedBias = toFloats(b, origin);
                for (int t = 0; t < threads; t++) {
                    System.arraycopy(packed, 0, weightState[s][t][l], 0, packed.length);
                    System.arraycopy(packedBias, 0, biasState[s][t][l], 0, packedBias.length);
                }
            }
        }
        steps = state.steps();
    }

    private double[][] unpad(float[] packed, int rows, int columns, int width) {
        double[][] matrix = new double[rows][columns];
        for (int j = 0; j < rows; j++) {
            for (int k = 0; k < columns; k++) {
                matrix[j][k] = packed[origin + j * width + k];
            }
        }
        return matrix;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.eta = learningRate;
    }

    @Override
    public Network network() {
        settle();
        double[][][] w = new double[layers][][];
        double[][] b = new double[layers][];
        for (int l = 0; l < layers; l++) {
            int rows = sizes[l + 1];
            int columns = sizes[l];
            w[l] = unpad(weights[0][l], rows, columns, widths[l]);
            b[l] = new double[rows];
            for (int j = 0; j < rows; j++) {
                b[l][j] = biases[0][l][origin + j];
            }
        }
        return Network.of(sizes, List.of(activations), cost, w, b);
    }

    @Override
    public void close() {
        crew.close();
    }

    /**
     * A float array for {@code length} values from index {@code origin} (see {@link Kernels}), with
     * {@link #PADDING} spare elements at the end: a SIMD kernel's masked load of the last partial
     * vector is only fast when the whole vector would still lie inside the array.
     */
    static float[] padded(int origin, int length) {
        return new float[Math.addExact(origin + PADDING, length)];
    }

    /** A matrix as rows of {@code width} floats from index {@code origin}, the columns past its own zero. */
    private static float[] toFloats(double[][] matrix, int width, int origin) {
        float[] flat = padded(origin, Math.multiplyExact(matrix.length, width));
        for (int j = 0; j < matrix.length; j++) {
            for (int k = 0; k < matrix[j].length; k++) {
                flat[origin + j * width + k] = (float) matrix[j][k];
            }
        }
        return flat;
    }

    /**
     * A layer's row length: its size rounded up to whole vectors, and one vector more when that is a
     * multiple of 1 KB. Rows a power-of-two apart land in the same few sets of the L1 cache, so a
     * kernel that walks down a column of 128 examples of 1,024 floats would evict its own data.
     */
    static int rowWidth(int size) {
        int width = (size + PADDING - 1) / PADDING * PADDING;
        return width % 256 == 0 ? width + PADDING : width;
    }

    private static float[] toFloats(double[] vector, int origin) {
        float[] flat = padded(origin, vector.length);
        for (int j = 0; j < vector.length; j++) {
            flat[origin + j] = (float) vector[j];
        }
        return flat;
    }

    /** One thread's buffers, sized for a batch up front; rows are {@code widths[l]} long. */
    private static final class Workspace {
        /** With images, when evaluating: a block's pixels. */
        final byte[] pixels;
        /** With images, when training: the next mini-batches' pixels, in the order the steps will visit them (see {@link FastBackprop#fill}). */
        final byte[] ring;
        final int ringCapacity;
        int[] ringOrder;
        int ringFrom;
        int ringTo;
        /** When not null: {@link #input} and {@link #labels} hold examples {@code [gatheredFrom, gatheredFrom + gatheredCount)} of this order. */
        int[] gathered;
        int gatheredFrom;
        int gatheredCount;
        final float[] input;
        final int[] labels;
        final float[][] z;
        final float[][] activations;
        final float[][] delta;
        /** With dropout: each hidden layer's activations before masking, and the masks. */
        final float[][] unmasked;
        final float[][] mask;
        final float[] scratch;
        private Workspace evaluation;

        Workspace(int[] widths, int capacity, boolean images, boolean training, int origin) {
            int layers = widths.length - 1;
            pixels = images && !training ? new byte[Math.multiplyExact(capacity, widths[0]) + PADDING] : null;
            ringCapacity = Math.max(capacity, RING_BYTES / widths[0] / capacity * capacity);
            ring = images && training ? new byte[Math.multiplyExact(ringCapacity, widths[0]) + PADDING] : null;
            input = padded(origin, Math.multiplyExact(capacity, widths[0]));
            labels = new int[capacity];
            z = new float[layers][];
            activations = new float[layers][];
            delta = new float[layers][];
            unmasked = new float[layers][];
            mask = new float[layers][];
            int maxWidth = 0;
            for (int l = 0; l < layers; l++) {
                z[l] = padded(origin, Math.multiplyExact(capacity, widths[l + 1]));
                activations[l] = padded(origin, capacity * widths[l + 1]);
                delta[l] = padded(origin, capacity * widths[l + 1]);
                unmasked[l] = padded(origin, capacity * widths[l + 1]);
                mask[l] = padded(origin, capacity * widths[l + 1]);
                maxWidth = Math.max(maxWidth, widths[l + 1]);
            }
            scratch = new float[maxWidth];
        }

        /** Whether {@link #input} and {@link #labels} already hold the mini-batch {@code [from, from + m)} of {@code order}. */
        boolean holds(int[] order, int from, int m) {
            // The position first: it is the test whose answer varies (thread 0's never match, a
            // new epoch's first batch does not), so the JIT keeps both ways compiled; the tests after
            // it fail only if a caller changes the order without a new epoch, which it may but does not.
            return gatheredFrom == from && gatheredCount == m && gathered == order;
        }

        Workspace forEvaluation(int[] widths, int capacity, boolean images, int origin) {
            if (evaluation == null || (images && evaluation.pixels == null)) {
                evaluation = new Workspace(widths, capacity, images, false, origin);
            }
            return evaluation;
        }
    }
}
