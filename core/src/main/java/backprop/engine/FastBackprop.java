package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Network;
import backprop.train.Backprop;
import backprop.train.Evaluation;
import backprop.train.Optimizer;
import backprop.train.OptimizerState;
import backprop.train.TrainingOptions;

import java.util.List;

/**
 * The fast engine for fully connected networks: the reference algorithm in float, one mini-batch at
 * a time as batch-major matrices, through SIMD {@link Kernels}, shared between threads. Its parts:
 * <ul>
 *   <li>{@link LayerPlan}: which layers the threads split into chunks of neurons and which each
 *       computes whole, and so which neurons each thread computes;</li>
 *   <li>{@link ThreadCopies}: each thread's own copy of the weights and biases, of which it updates
 *       its own rows, brought together in thread 0's copy before anything reads the whole network
 *       ({@link #settle});</li>
 *   <li>{@link InputRing}: each thread's mini-batch, gathered through a ring of upcoming images;</li>
 *   <li>{@link EngineThreads}: the threads, and how many of them work ({@link ContentionPolicy});</li>
 *   <li>{@link DenseStep}: a thread's share of one step, forward, BP1-BP4 and the update;</li>
 *   <li>{@link DenseOptimizer}: the optimizers other than plain SGD, and their state;</li>
 *   <li>{@link BlockEvaluator}: a thread's share of an evaluation.</li>
 * </ul>
 * The weights depend only on the seed, not on the number of threads (see {@link DenseStep}); that
 * lets the engine drop to one thread while other processes crowd the cores without changing the
 * result. Nothing is allocated per step: every buffer is sized for the mini-batch up front.
 */
public final class FastBackprop implements Backprop {
    private final Kernels kernels;
    private final LayerPlan plan;
    private final Cost cost;
    private final Dataset training;
    private final double lambda;
    private final int batchCapacity;
    private final ThreadCopies parameters;
    private final DenseOptimizer optimizer;
    private final EngineThreads threads;
    private final DenseStep stepShare;
    /** Each thread's evaluator, made at its first evaluation. */
    private final BlockEvaluator[] evaluators;
    private final StepJob[] stepJobs;
    private long steps;
    /** {@link #steps} when thread 0's copy of the split layers was last brought up to date ({@link #collectRows}). */
    private long collectedAt;
    private double eta;

    public FastBackprop(Network start, Dataset training, TrainingOptions options, int threads, Kernels kernels) {
        this.kernels = kernels;
        int origin = kernels.origin();
        this.plan = new LayerPlan(start.sizes(), start.activations().toArray(Activation[]::new), threads, origin);
        this.cost = start.cost();
        this.training = training;
        this.lambda = options.lambda();
        this.eta = options.learningRate();
        this.batchCapacity = Math.max(1, training == null ? options.miniBatchSize()
                : Math.min(options.miniBatchSize(), training.size()));
        float[][] weights = new float[plan.layers][];
        float[][] biases = new float[plan.layers][];
        for (int l = 0; l < plan.layers; l++) {
            weights[l] = FloatLayout.toFloats(start.weights(l), plan.widths[l], origin);
            biases[l] = FloatLayout.toFloats(start.biases(l), origin);
        }
        this.parameters = new ThreadCopies(weights, biases, plan.threads);
        boolean fusedSgd = options.optimizer().kind() == Optimizer.Kind.SGD && options.l1() == 0;
        this.optimizer = new DenseOptimizer(options.optimizer(), options.lambda(), options.l1(),
                training == null ? 1 : training.size(), fusedSgd, plan, parameters, kernels);
        this.threads = new EngineThreads(plan.threads, "backprop-engine");
        this.stepShare = new DenseStep(plan, kernels, cost, options.dropout(), options.seed(), fusedSgd, parameters,
                optimizer, this.threads, training, batchCapacity);
        this.evaluators = new BlockEvaluator[plan.threads];
        this.stepJobs = new StepJob[]{new StepJob(stepShare), new StepJob(stepShare)};
    }

    /** The default: all available cores, up to 2 (the machine this is tuned for has two). */
    public static int defaultThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public int threads() {
        return plan.threads;
    }

    /** The threads at work now (the most it may use is {@link #threads()}). */
    public int activeThreads() {
        return threads.active();
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
        job.active = threads.active();
        steps++;
        threads.post(job);
    }

    /**
     * One mini-batch's work for one thread, or (when {@link #evaluating} is set) a share of an
     * evaluation; fields are read before the first barrier, see {@link Crew}. Evaluations go through
     * the same class, not a lambda of their own: where the crew hands out jobs, the JIT compiles a
     * call to the one kind it has seen, and a second kind undid that compiled code every epoch.
     */
    private final class StepJob implements Crew.Job {
        /**
         * The step, kept here so that the workers, which read this job at every step anyway, need not
         * read the engine's fields, whose cache lines thread 0 writes at every step ({@link FastBackprop#steps}).
         */
        private final DenseStep share;
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

        StepJob(DenseStep share) {
            this.share = share;
        }

        @Override
        public void run(int t) {
            if (evaluating != null) {
                int from = (int) ((long) evaluating.size() * t / plan.threads);
                int to = (int) ((long) evaluating.size() * (t + 1) / plan.threads);
                parts[t] = evaluator(t, evaluating).evaluate(evaluating, from, to, withCost,
                        parameters.firstWeights(), parameters.firstBiases());
            } else if (t < active) {
                share.run(t, active, order, from, to, parity, step, decay, rate, eta);
            }
        }
    }

    private BlockEvaluator evaluator(int t, Dataset data) {
        if (evaluators[t] == null || !evaluators[t].reads(data)) {
            evaluators[t] = new BlockEvaluator(plan, kernels, cost, data.isImages());
        }
        return evaluators[t];
    }

    @Override
    public Evaluation evaluate(Dataset data, boolean withCost) {
        settle();
        Evaluation[] parts = new Evaluation[plan.threads];
        StepJob job = stepJobs[(int) (steps & 1)];
        job.evaluating = data;
        job.withCost = withCost;
        job.parts = parts;
        threads.runAll(job);
        job.evaluating = null;
        job.parts = null;
        Evaluation total = new Evaluation(0, 0, withCost ? 0.0 : Double.NaN);
        for (Evaluation part : parts) {
            total = total.plus(part);
        }
        return total;
    }

    /** Empties the rings for {@code order}, which may be an array the last epoch used, with new contents. */
    @Override
    public void epochStarting(int[] order) {
        threads.sync();
        stepShare.restart(order);
    }

    @Override
    public void synchronize() {
        threads.sync();
        int next = threads.nextActive();
        if (next != threads.active()) {
            changeActiveThreads(next);
        }
    }

    /** For tests: puts {@code count} threads to work from the next step on, as the contention policy would. */
    void setActiveThreads(int count) {
        threads.sync();
        changeActiveThreads(count);
    }

    /** From the next step on, {@code count} threads share the work; call after {@link EngineThreads#sync}. */
    private void changeActiveThreads(int count) {
        collectRows();
        if (count > threads.active()) {
            // Threads joining take over rows that thread 0's copy holds whole now.
            parameters.copyFirstToOthers();
            optimizer.copyFirstToOthers();
        }
        threads.setActive(count);
    }

    /** Waits for the workers, then brings thread 0's copy of the split layers up to date. */
    private void settle() {
        threads.sync();
        collectRows();
    }

    /**
     * Copies each working thread's own rows of every split layer (weights, biases and optimizer
     * state) into thread 0's arrays, which then hold the whole network. Call after {@link EngineThreads#sync}.
     */
    private void collectRows() {
        if (collectedAt == steps) {
            return;
        }
        parameters.collectRows(plan, threads.active());
        optimizer.collectRows(threads.active());
        collectedAt = steps;
    }

    @Override
    public void trackCost(int everySteps) {
        stepShare.trackCost(everySteps);
    }

    @Override
    public double costOfLastStep() {
        return stepShare.costOfLastStep();
    }

    @Override
    public double sumOfSquaredWeights() {
        settle();
        double sum = 0;
        for (float[] w : parameters.firstWeights()) {
            for (float v : w) {
                sum += (double) v * v;
            }
        }
        return sum;
    }

    @Override
    public double sumOfAbsoluteWeights() {
        settle();
        double sum = 0;
        for (float[] w : parameters.firstWeights()) {
            for (float v : w) {
                sum += Math.abs(v);
            }
        }
        return sum;
    }

    @Override
    public boolean parametersFinite() {
        settle();
        for (int l = 0; l < plan.layers; l++) {
            if (!allFinite(parameters.firstWeights()[l]) || !allFinite(parameters.firstBiases()[l])) {
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
    public OptimizerState optimizerState() {
        settle();
        return optimizer.state(steps);
    }

    @Override
    public void restore(OptimizerState state) {
        threads.sync();
        optimizer.restore(state);
        steps = state.steps();
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.eta = learningRate;
    }

    @Override
    public Network network() {
        settle();
        int[] sizes = plan.sizes;
        double[][][] w = new double[plan.layers][][];
        double[][] b = new double[plan.layers][];
        for (int l = 0; l < plan.layers; l++) {
            w[l] = FloatLayout.toMatrix(parameters.firstWeights()[l], sizes[l + 1], sizes[l], plan.widths[l],
                    plan.origin);
            b[l] = FloatLayout.toVector(parameters.firstBiases()[l], sizes[l + 1], plan.origin);
        }
        return Network.of(sizes, List.of(plan.activations), cost, w, b);
    }

    @Override
    public void close() {
        threads.close();
    }
}
