package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Dropout;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.Shape;
import backprop.train.Backprop;
import backprop.train.Evaluation;
import backprop.train.OptimizerState;
import backprop.train.TrainingOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The fast engine for networks of any layers (convolution, max-pooling, fully connected): the
 * reference algorithm in float, through SIMD matrix products ({@link MatrixKernels}), on both cores.
 * Fully connected networks keep {@link FastBackprop}, which is tuned for them; this engine takes
 * the rest (see {@link #create}).
 *
 * <p><b>How the threads share a step.</b> Each mini-batch is cut into {@value #PARTS} parts of
 * consecutive examples; a thread takes whole parts and runs the forward and backward passes of
 * their examples (each layer keeps its buffers per part: {@link FastLayer}). At one barrier the
 * threads then turn to the step, each taking its share of every parameter tensor: it sums the
 * parts' gradients in part order and applies the optimizer. The gradient is therefore summed the
 * same way whether one thread or two did the work, and the weights depend on the seed alone.
 * Dropout masks come from {@link Dropout}'s counter-based choice, as in the reference engine.
 *
 * <p>Nothing is allocated per step: every buffer is sized for the mini-batch up front.
 */
public final class LayeredBackprop implements Backprop {
    /** Parts each mini-batch is cut into; at most this many threads work on a step. */
    static final int PARTS = 2;
    /** Spare floats at the end of activation buffers, for kernels whose last masked vector reads whole vectors. */
    static final int PADDING = 16;

    private final Shape inputShape;
    private final FastLayer[] layers;
    private final Cost cost;
    private final Dataset training;
    private final Kernels activationKernels;
    private final double dropout;
    private final long seed;
    private final ParameterStep rule;
    /** {@code moments[l][q][s]}: the optimizer's s-th moment of tensor q of layer l. */
    private final float[][][][] moments;
    /** Whether layer l's output is dropped out in training: it feeds a fully connected layer (network3.py). */
    private final boolean[] dropped;
    /**
     * The activation applied after layer l's weighted inputs, or null: a layer's own, except that a
     * convolution followed by max-pooling hands its activation to the pooling layer, which then pools
     * the weighted inputs and activates the maxima, as network3.py's ConvPoolLayer does
     * ({@code σ(pool(z))}). For an activation that never decreases, {@code σ(max z) = max σ(z)}, and
     * BP2's {@code σ'} is taken where the error goes, at the window's largest input: the same math on
     * a quarter of the values behind 2x2 pooling.
     */
    private final Activation[] applied;
    private final int capacity;
    private final EngineThreads threads;
    private final Part[] parts;
    private final int[] partExamples = new int[PARTS];
    /** {@code stepInputs[l][p]}: what layer l read for part p in this step (the masked activations under dropout). */
    private final float[][][] stepInputs;
    private final float[][][] stepDeltas;
    private final Crew.Job stepJob = this::stepShare;
    private int[] order;
    private int from;
    private long steps;
    private double eta;
    private int costEvery;
    private boolean measuring;
    private double lastStepCost = Double.NaN;
    private Dataset evaluating;
    private boolean evaluatingCost;
    private final Evaluation[] evaluations = new Evaluation[PARTS];
    /** The wide fully connected layers the threads run forward together in training, or null (see {@link SharedLayers}). */
    private final SharedLayers shared;

    public LayeredBackprop(Network start, Dataset training, TrainingOptions options, int threads,
                           MatrixKernels kernels, Kernels activationKernels) {
        this(start, training, options, threads, kernels, activationKernels, SharedLayers.MIN_WEIGHTS);
    }

    /** With fully connected layers of at least {@code sharedWeights} weights shared by the threads (see {@link SharedLayers}). */
    LayeredBackprop(Network start, Dataset training, TrainingOptions options, int threads, MatrixKernels kernels,
                    Kernels activationKernels, int sharedWeights) {
        this.inputShape = start.inputShape();
        this.cost = start.cost();
        this.training = training;
        this.activationKernels = activationKernels;
        this.dropout = options.dropout();
        this.seed = options.seed();
        this.eta = options.learningRate();
        this.rule = new ParameterStep(options.optimizer(), options.lambda(), options.l1(), kernels);
        int batch = Math.max(1, training == null ? options.miniBatchSize()
                : Math.min(options.miniBatchSize(), training.size()));
        this.capacity = (batch + PARTS - 1) / PARTS;
        List<Layer> networkLayers = start.layers();
        this.layers = new FastLayer[networkLayers.size()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = FastLayer.of(networkLayers.get(l), PARTS, capacity, kernels);
        }
        this.dropped = new boolean[layers.length];
        for (int l = 0; l + 1 < layers.length; l++) {
            dropped[l] = networkLayers.get(l + 1) instanceof FullyConnected;
        }
        this.applied = new Activation[layers.length];
        for (int l = 0; l < layers.length; l++) {
            applied[l] = layers[l].activation;
        }
        for (int l = 0; l + 1 < layers.length; l++) {
            if (layers[l] instanceof FastConvolution && layers[l + 1] instanceof FastPooling
                    && neverDecreases(layers[l].activation)) {
                applied[l + 1] = applied[l];
                applied[l] = null;
            }
        }
        this.moments = new float[layers.length][][][];
        for (int l = 0; l < layers.length; l++) {
            float[][] parameters = layers[l].parameters();
            moments[l] = new float[parameters.length][rule.moments()][];
            for (int q = 0; q < parameters.length; q++) {
                for (int s = 0; s < rule.moments(); s++) {
                    moments[l][q][s] = new float[parameters[q].length];
                }
            }
        }
        this.threads = new EngineThreads(Math.max(1, Math.min(threads, PARTS)), "backprop-layered");
        this.parts = new Part[PARTS];
        for (int p = 0; p < PARTS; p++) {
            parts[p] = new Part(p);
        }
        this.shared = SharedLayers.of(layers, sharedWeights, PARTS * capacity, activationKernels, dropped, dropout, seed);
        this.stepInputs = new float[layers.length][PARTS][];
        this.stepDeltas = new float[layers.length][PARTS][];
        for (int l = 0; l < layers.length; l++) {
            for (int p = 0; p < PARTS; p++) {
                stepDeltas[l][p] = parts[p].delta[l];
            }
        }
    }

    @Override
    public int threads() {
        return threads.size();
    }

    /** The fast engine for {@code start}: {@link FastBackprop} for a fully connected network, this one otherwise. */
    public static Backprop create(Network start, Dataset training, TrainingOptions options, int threads) {
        if (start.isFullyConnected()) {
            return new FastBackprop(start, training, options, threads, Kernels.best());
        }
        return new LayeredBackprop(start, training, options, threads, MatrixKernels.best(), Kernels.best());
    }

    /** One part's buffers: {@code z}, {@code σ(z)}, the masked activations and the errors of every layer. */
    private final class Part {
        final int index;
        final float[] x;
        final float[][] z;
        final float[][] out;
        final float[][] masked;
        final float[][] masks;
        final float[][] delta;
        /** {@code inputs[l]}: layer l's input in the pass under way. */
        final float[][] inputs;
        final double[] zd;
        final double[] ad;
        final double[] yd;
        final double[] dd;
        int examples;
        int offset;

        Part(int index) {
            this.index = index;
            int count = layers.length;
            x = new float[capacity * inputShape.size() + PADDING];
            z = new float[count][];
            out = new float[count][];
            masked = new float[count][];
            masks = new float[count][];
            delta = new float[count][];
            inputs = new float[count + 1][];
            for (int l = 0; l < count; l++) {
                int size = capacity * layers[l].outputSize + PADDING;
                z[l] = new float[size];
                out[l] = applied[l] == null ? z[l] : new float[size];
                delta[l] = new float[size];
                if (dropped[l] && dropout > 0) {
                    masked[l] = new float[size];
                    masks[l] = new float[size];
                }
            }
            int outputs = layers[count - 1].outputSize;
            zd = new double[outputs];
            ad = new double[outputs];
            yd = new double[outputs];
            dd = new double[outputs];
        }

        void load(Dataset data, int[] indices, int first, int count) {
            int size = inputShape.size();
            for (int e = 0; e < count; e++) {
                data.input(indices == null ? first + e : indices[first + e], x, e * size);
            }
            examples = count;
        }

        /** The forward pass of the loaded examples; with dropout, the masks of step {@code step}. */
        void forward(boolean drop, long step) {
            forward(0, layers.length, drop, step);
        }

        /** Layers {@code [from, to)} of the forward pass; layer {@code from}'s input must be in place. */
        void forward(int from, int to, boolean drop, long step) {
            inputs[0] = x;
            for (int l = from; l < to; l++) {
                FastLayer layer = layers[l];
                layer.forward(index, inputs[l], examples, z[l]);
                activate(applied[l], z[l], out[l], examples, layer.outputSize);
                if (drop && dropped[l]) {
                    drawMasks(l, step);
                    int n = examples * layer.outputSize;
                    for (int k = 0; k < n; k++) {
                        masked[l][k] = out[l][k] * masks[l][k];
                    }
                    inputs[l + 1] = masked[l];
                } else {
                    inputs[l + 1] = out[l];
                }
            }
        }

        private void drawMasks(int l, long step) {
            float keep = (float) (1 / (1 - dropout));
            int size = layers[l].outputSize;
            float[] mask = masks[l];
            for (int e = 0; e < examples; e++) {
                for (int j = 0; j < size; j++) {
                    mask[e * size + j] = Dropout.keeps(seed, step, l, offset + e, j, dropout) ? keep : 0f;
                }
            }
        }

        /** {@code Σ C_x} over the loaded examples, from the last forward pass; labels from {@code labelOf}. */
        double costSum(Dataset data, int[] indices, int first) {
            FastLayer output = layers[layers.length - 1];
            float[] a = out[layers.length - 1];
            double sum = 0;
            for (int e = 0; e < examples; e++) {
                outputOf(a, e, output.outputSize, data.label(indices == null ? first + e : indices[first + e]));
                sum += cost.value(ad, yd);
            }
            return sum;
        }

        private void outputOf(float[] a, int e, int size, int label) {
            for (int j = 0; j < size; j++) {
                ad[j] = a[e * size + j];
                yd[j] = j == label ? 1.0 : 0.0;
            }
        }

        /** BP1 at the output, then back through every layer (BP2), each adding what it keeps of BP3 and BP4. */
        void backward(Dataset data, int[] indices, int first) {
            outputErrors(data, indices, first);
            backThrough(layers.length - 1, 0);
            recordInputs();
        }

        /** BP1: the output layer's errors. */
        void outputErrors(Dataset data, int[] indices, int first) {
            int last = layers.length - 1;
            FastLayer output = layers[last];
            int size = output.outputSize;
            for (int e = 0; e < examples; e++) {
                outputOf(out[last], e, size, data.label(indices[first + e]));
                for (int j = 0; j < size; j++) {
                    zd[j] = z[last][e * size + j];
                }
                cost.outputDelta(output.activation, zd, ad, yd, dd);
                for (int j = 0; j < size; j++) {
                    delta[last][e * size + j] = (float) dd[j];
                }
            }
        }

        /** Layers {@code from} down to {@code to}: each one's BP2 into the errors below it, and what it keeps of BP3 and BP4. */
        void backThrough(int from, int to) {
            for (int l = from; l >= to; l--) {
                float[] back = l == 0 ? null : delta[l - 1];
                layers[l].backward(index, inputs[l], delta[l], examples, back);
                if (l > 0) {
                    errorsBelow(l);
                }
            }
        }

        /** Turns {@code ∂C/∂a} below layer l, in {@code delta[l - 1]}, into that layer's errors. */
        void errorsBelow(int l) {
            float[] back = delta[l - 1];
            // σ' sees layer l-1's own output, before dropout scaled it; then the mask, as in the reference.
            activationBackward(applied[l - 1], z[l - 1], out[l - 1], back, examples * layers[l - 1].outputSize);
            if (inputs[l] == masked[l - 1]) {
                float[] mask = masks[l - 1];
                for (int k = 0; k < examples * layers[l - 1].outputSize; k++) {
                    back[k] *= mask[k];
                }
            }
        }

        void recordInputs() {
            for (int l = 0; l < layers.length; l++) {
                stepInputs[l][index] = inputs[l];
            }
        }

        /** How many of the loaded examples the network classifies right, and their cost if asked. */
        Evaluation evaluation(Dataset data, int first, boolean withCost) {
            int last = layers.length - 1;
            int size = layers[last].outputSize;
            int correct = 0;
            double costSum = 0;
            for (int e = 0; e < examples; e++) {
                int label = data.label(first + e);
                outputOf(out[last], e, size, label);
                if (Network.argmax(ad) == label) {
                    correct++;
                }
                if (withCost) {
                    costSum += cost.value(ad, yd);
                }
            }
            return new Evaluation(examples, correct, withCost ? costSum : Double.NaN);
        }
    }

    private void activate(Activation activation, float[] z, float[] a, int examples, int size) {
        int n = examples * size;
        if (activation == null) {
            return;
        }
        switch (activation) {
            // With a null case the compiler requires every constant below, so a new one cannot be missed.
            case null -> throw new NullPointerException();
            case SIGMOID, TANH, RELU, LEAKY_RELU -> activate(activationKernels, activation, z, a, 0, n);
            case SOFTMAX -> {
                double[] zd = new double[size];
                double[] ad = new double[size];
                for (int e = 0; e < examples; e++) {
                    for (int j = 0; j < size; j++) {
                        zd[j] = z[e * size + j];
                    }
                    Activation.SOFTMAX.apply(zd, ad);
                    for (int j = 0; j < size; j++) {
                        a[e * size + j] = (float) ad[j];
                    }
                }
            }
        }
    }

    private static boolean neverDecreases(Activation activation) {
        return switch (activation) {
            case SIGMOID, TANH, RELU, LEAKY_RELU -> true;
            case SOFTMAX -> false;
        };
    }

    /** {@code a = σ(z)} on positions {@code [from, to)} for an activation of one neuron at a time (not softmax). */
    static void activate(Kernels kernels, Activation activation, float[] z, float[] a, int from, int to) {
        switch (activation) {
            case SIGMOID -> kernels.sigmoid(z, a, from, to);
            case TANH -> kernels.tanh(z, a, from, to);
            case RELU -> kernels.rectify(z, a, from, to, 0f);
            case LEAKY_RELU -> kernels.rectify(z, a, from, to, (float) Activation.LEAKY_SLOPE);
            case SOFTMAX -> throw new IllegalArgumentException("softmax needs a whole layer");
        }
    }

    /** {@code g ← g ⊙ σ'(z)} in place (BP2's Hadamard product); nothing where no activation is applied. */
    private void activationBackward(Activation activation, float[] z, float[] a, float[] g, int n) {
        if (activation == null) {
            return;
        }
        switch (activation) {
            // With a null case the compiler requires every constant below, so a new one cannot be missed.
            case null -> throw new NullPointerException();
            case SIGMOID -> {
                for (int k = 0; k < n; k++) {
                    g[k] *= a[k] * (1 - a[k]);
                }
            }
            case TANH -> {
                for (int k = 0; k < n; k++) {
                    g[k] *= 1 - a[k] * a[k];
                }
            }
            case RELU -> activationKernels.rectifyBackward(z, g, 0, n, 0f);
            case LEAKY_RELU -> activationKernels.rectifyBackward(z, g, 0, n, (float) Activation.LEAKY_SLOPE);
            case SOFTMAX -> throw new AssertionError("softmax is only allowed on the output layer");
        }
    }

    /** network2.py's {@code update_mini_batch} for examples {@code order[from..to)}. */
    @Override
    public void step(int[] order, int from, int to) {
        int m = to - from;
        int first = (m + PARTS - 1) / PARTS;
        partExamples[0] = Math.min(first, m);
        for (int p = 1; p < PARTS; p++) {
            partExamples[p] = Math.max(0, Math.min(first, m - p * first));
        }
        this.order = order;
        this.from = from;
        measuring = costEvery > 0 && steps % costEvery == 0;
        rule.prepare(m, training.size(), eta, steps + 1);
        threads.runAll(stepJob);
        if (measuring) {
            double sum = 0;
            for (Part part : parts) {
                sum += part.examples == 0 ? 0 : partCost[part.index];
            }
            lastStepCost = sum;
        } else {
            lastStepCost = Double.NaN;
        }
        steps++;
    }

    private final double[] partCost = new double[PARTS];

    private void stepShare(int member) {
        if (evaluating != null) {
            evaluateShare(member);
            return;
        }
        int active = threads.active();
        if (member >= active) {
            return;
        }
        int partSize = partExamples[0];
        // Measuring the cost runs a second forward pass per part; those few steps keep the parts' own pass.
        boolean together = shared != null && !measuring;
        for (int p = member; p < PARTS; p += active) {
            Part part = parts[p];
            part.offset = p * partSize;
            part.load(training, order, from + part.offset, partExamples[p]);
            if (part.examples == 0) {
                for (int l = 0; l < layers.length; l++) {
                    stepInputs[l][p] = part.x;
                }
                continue;
            }
            if (measuring) {
                part.forward(false, steps);
                partCost[p] = part.costSum(training, order, from + part.offset);
            }
            if (together) {
                part.forward(0, shared.first, dropout > 0, steps);
                shared.gather(part.inputs[shared.first], part.offset, part.examples);
                continue;
            }
            if (!measuring || dropout > 0) {
                part.forward(dropout > 0, steps);
            }
            part.backward(training, order, from + part.offset);
        }
        if (together) {
            int rows = 0;
            for (int count : partExamples) {
                rows += count;
            }
            for (int q = 0; q < shared.end - shared.first; q++) {
                if (active > 1) {
                    threads.barrier(member);
                }
                shared.forwardShare(q, member, active, rows, dropout > 0, steps);
            }
            if (active > 1) {
                threads.barrier(member);
            }
            int last = shared.end - 1;
            for (int p = member; p < PARTS; p += active) {
                Part part = parts[p];
                if (part.examples == 0) {
                    continue;
                }
                shared.scatter(part.offset, part.examples, part.z, part.out, part.masks, part.masked, part.inputs,
                        dropout > 0);
                part.forward(shared.end, layers.length, dropout > 0, steps);
                part.outputErrors(training, order, from + part.offset);
                part.backThrough(layers.length - 1, shared.end);
                shared.gatherErrors(last - shared.first, part.delta[last], part.offset, part.examples);
            }
            // BP2 of the shared layers by neurons, top down; each part then turns its rows into the errors below.
            for (int l = last; l >= shared.first; l--) {
                if (active > 1) {
                    threads.barrier(member);
                }
                shared.backwardShare(l - shared.first, member, active, rows);
                if (active > 1) {
                    threads.barrier(member);
                }
                for (int p = member; p < PARTS; p += active) {
                    Part part = parts[p];
                    if (part.examples == 0) {
                        continue;
                    }
                    shared.addPartials(l - shared.first, part.offset, part.examples, part.delta[l - 1]);
                    part.errorsBelow(l);
                    if (l - 1 >= shared.first) {
                        shared.gatherErrors(l - 1 - shared.first, part.delta[l - 1], part.offset, part.examples);
                    }
                }
            }
            for (int p = member; p < PARTS; p += active) {
                Part part = parts[p];
                if (part.examples == 0) {
                    continue;
                }
                part.backThrough(shared.first - 1, 0);
                part.recordInputs();
            }
        }
        if (active > 1) {
            threads.barrier(member);
        }
        for (int l = 0; l < layers.length; l++) {
            layers[l].step(member, active, stepInputs[l], stepDeltas[l], partExamples, moments[l], rule);
        }
    }

    @Override
    public Evaluation evaluate(Dataset data, boolean withCost) {
        evaluating = data;
        evaluatingCost = withCost;
        try {
            threads.runAll(stepJob);
        } finally {
            evaluating = null;
        }
        Evaluation total = new Evaluation(0, 0, withCost ? 0.0 : Double.NaN);
        for (int t = 0; t < threads.active(); t++) {
            total = total.plus(evaluations[t]);
        }
        return total;
    }

    /** Blocks of {@link #capacity} examples, dealt out to the threads in turn. */
    private void evaluateShare(int member) {
        int active = threads.active();
        if (member >= active) {
            return;
        }
        Dataset data = evaluating;
        Part part = parts[member];
        Evaluation sum = new Evaluation(0, 0, evaluatingCost ? 0.0 : Double.NaN);
        for (int first = member * capacity; first < data.size(); first += active * capacity) {
            part.load(data, null, first, Math.min(capacity, data.size() - first));
            part.forward(false, 0);
            sum = sum.plus(part.evaluation(data, first, evaluatingCost));
        }
        evaluations[member] = sum;
    }

    /**
     * At the end of an epoch: one thread for the next if thread 0 spent most of this one waiting for
     * its partner at the barrier (another process had its core), as {@link FastBackprop} does. The
     * parts are the same either way, so this changes the speed only, never the weights.
     */
    @Override
    public void synchronize() {
        int next = threads.nextActive();
        if (next != threads.active()) {
            setActiveThreads(next);
        }
    }

    /** Puts {@code count} threads to work from the next step on (for tests, and the contention policy). */
    void setActiveThreads(int count) {
        threads.setActive(Math.max(1, Math.min(count, threads.size())));
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
        for (FastLayer layer : layers) {
            for (float[] tensor : layer.parameters()) {
                for (float v : tensor) {
                    if (!Float.isFinite(v)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Override
    public double sumOfSquaredWeights() {
        double sum = 0;
        for (FastLayer layer : layers) {
            float[][] parameters = layer.parameters();
            if (parameters.length > 0) {
                for (float w : parameters[0]) {
                    sum += (double) w * w;
                }
            }
        }
        return sum;
    }

    @Override
    public double sumOfAbsoluteWeights() {
        double sum = 0;
        for (FastLayer layer : layers) {
            float[][] parameters = layer.parameters();
            if (parameters.length > 0) {
                for (float w : parameters[0]) {
                    sum += Math.abs(w);
                }
            }
        }
        return sum;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.eta = learningRate;
    }

    /** The moments as {@link OptimizerState} lays them out: {@code [s][l][q]}, in double. */
    @Override
    public OptimizerState optimizerState() {
        List<double[][][]> saved = new ArrayList<>();
        for (int s = 0; s < rule.moments(); s++) {
            double[][][] moment = new double[layers.length][][];
            for (int l = 0; l < layers.length; l++) {
                moment[l] = new double[moments[l].length][];
                for (int q = 0; q < moments[l].length; q++) {
                    moment[l][q] = FastLayer.toDoubles(moments[l][q][s]);
                }
            }
            saved.add(moment);
        }
        return new OptimizerState(steps, saved);
    }

    @Override
    public void restore(OptimizerState state) {
        int count = state.moments().size();
        if (count != 0 && count != rule.moments()) {
            throw new IllegalArgumentException("the saved optimizer state has " + count
                    + " moment arrays but this optimizer keeps " + rule.moments());
        }
        for (int s = 0; s < count; s++) {
            double[][][] moment = state.moments().get(s);
            if (moment.length != layers.length) {
                throw new IllegalArgumentException("the saved optimizer state does not match the network's shape");
            }
            for (int l = 0; l < layers.length; l++) {
                if (moment[l].length != moments[l].length) {
                    throw new IllegalArgumentException("the saved optimizer state does not match the network's shape");
                }
                for (int q = 0; q < moments[l].length; q++) {
                    float[] into = moments[l][q][s];
                    if (moment[l][q].length != into.length) {
                        throw new IllegalArgumentException("the saved optimizer state does not match the network's shape");
                    }
                    for (int k = 0; k < into.length; k++) {
                        into[k] = (float) moment[l][q][k];
                    }
                }
            }
        }
        steps = state.steps();
    }

    @Override
    public Network network() {
        List<Layer> result = new ArrayList<>(layers.length);
        for (FastLayer layer : layers) {
            result.add(layer.toLayer());
        }
        return Network.of(inputShape, result, cost);
    }

    @Override
    public void close() {
        threads.close();
    }
}
