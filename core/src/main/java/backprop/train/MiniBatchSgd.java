package backprop.train;

import backprop.data.Dataset;
import backprop.nn.Network;
import backprop.nn.SeededRandom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Mini-batch stochastic gradient descent, network2.py's {@code SGD}: for each epoch, shuffle the
 * training data, cut it into mini-batches of {@code m} and let the engine take one step per batch;
 * then measure what the {@link Monitor} asks for and tell the listeners.
 */
public final class MiniBatchSgd {
    private final TrainingOptions options;
    private final Monitor monitor;
    private final List<TrainingListener> listeners;
    private final boolean keepBest;
    private volatile boolean interrupted;

    /** The stop reason when the weights are no longer finite numbers. */
    public static final String DIVERGED = "diverged: the weights are no longer finite numbers (NaN or infinite); "
            + "try a smaller learning rate (eta)";
    /** One mini-batch in this many is measured for the running cost. */
    private static final int RUNNING_COST_SAMPLING = 8;

    /**
     * Training that measures what {@code monitor} asks for after each epoch and tells {@code listeners}, ending
     * with the last epoch's network.
     */
    public MiniBatchSgd(TrainingOptions options, Monitor monitor, List<TrainingListener> listeners) {
        this(options, monitor, listeners, false);
    }

    /**
     * @param keepBest whether the run ends with the network of its best evaluation epoch (network3.py's
     *                 report) rather than its last; needs evaluation data and its accuracy monitored
     */
    public MiniBatchSgd(TrainingOptions options, Monitor monitor, List<TrainingListener> listeners, boolean keepBest) {
        this.options = Objects.requireNonNull(options);
        this.monitor = Objects.requireNonNull(monitor);
        this.listeners = List.copyOf(listeners);
        this.keepBest = keepBest;
        if (keepBest && !monitor.evaluationAccuracy()) {
            throw new IllegalArgumentException("keeping the best epoch needs the evaluation accuracy monitored");
        }
    }

    /** Training that measures only the evaluation accuracy, and tells no listener. */
    public MiniBatchSgd(TrainingOptions options) {
        this(options, Monitor.evaluationAccuracyOnly(), List.of());
    }

    /**
     * The order of the training examples in an epoch: shuffled by a stream that depends only on the
     * seed and the epoch (separate from the one that initialized the weights), so that a run resumed
     * from a checkpoint sees the same mini-batches as one that never stopped.
     */
    public static int[] epochOrder(int size, long seed, int epoch, boolean shuffle) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            new SeededRandom(seed ^ 0x2545F4914F6CDD1DL ^ (0x9E3779B97F4A7C15L * (epoch + 1))).shuffle(order);
        }
        return order;
    }

    /**
     * Ends the run after the mini-batch in progress; {@link #train} then returns the checkpoint to
     * continue from. Safe to call from another thread (a Ctrl-C handler).
     */
    public void interrupt() {
        interrupted = true;
    }

    /**
     * Trains a copy of {@code start}.
     *
     * @param evaluation data to measure after each epoch (validation or test), or {@code null}
     */
    public TrainingResult train(Network start, Dataset training, Dataset evaluation, BackpropFactory engineFactory) {
        return resume(Checkpoint.start(start, options.learningRate()), training, evaluation, engineFactory);
    }

    /** Continues a run from a checkpoint, up to this trainer's number of epochs in all. */
    public TrainingResult resume(Checkpoint from, Dataset training, Dataset evaluation, BackpropFactory engineFactory) {
        Network start = from.network();
        if (training.inputSize() != start.inputSize()) {
            throw new IllegalArgumentException("the training data has " + training.inputSize()
                    + " inputs per example but the network's input layer has " + start.inputSize());
        }
        if (training.classCount() > start.outputSize()) {
            throw new IllegalArgumentException("the training data has " + training.classCount()
                    + " classes but the network's output layer has only " + start.outputSize() + " neurons");
        }
        if (keepBest && evaluation == null) {
            throw new IllegalArgumentException("keeping the best epoch needs evaluation data");
        }
        if (evaluation != null && evaluation.inputSize() != start.inputSize()) {
            throw new IllegalArgumentException("the evaluation data has " + evaluation.inputSize()
                    + " inputs per example but the network expects " + start.inputSize());
        }
        int n = training.size();
        int m = options.miniBatchSize();
        int batches = (n + m - 1) / m;
        if (from.batch() > batches) {
            throw new IllegalArgumentException("the checkpoint stopped at mini-batch " + from.batch()
                    + " but an epoch has only " + batches);
        }
        List<EpochResult> results = new ArrayList<>(from.history());
        Control control = new Control(from.learningRate(), results);
        control.best = keepBest ? from.best() : null;
        boolean runningCost = listeners.stream().anyMatch(TrainingListener::wantsRunningCost);
        try (Backprop engine = engineFactory.create(start, training, options)) {
            engine.restore(from.optimizer());
            engine.trackCost(runningCost ? RUNNING_COST_SAMPLING : 0);
            control.engine = engine;
            if (from.epoch() > 0 || from.midEpoch()) {
                for (TrainingListener listener : listeners) {
                    listener.resumed(from.history());
                }
            }
            for (int epoch = from.epoch(); epoch < options.epochs() && control.stopReason == null; epoch++) {
                engine.setLearningRate(control.learningRate);
                for (TrainingListener listener : listeners) {
                    listener.epochStarted(epoch, batches);
                }
                long started = System.nanoTime();
                int[] order = epochOrder(n, options.seed(), epoch, options.shuffle());
                engine.epochStarting(order);
                int firstBatch = epoch == from.epoch() ? from.batch() : 0;
                RunningCost running = runningCost ? new RunningCost() : null;
                for (int batch = firstBatch; batch < batches; batch++) {
                    if (interrupted) {
                        engine.synchronize();
                        Checkpoint stopped = new Checkpoint(engine.network(), engine.optimizerState(), epoch, batch,
                                control.learningRate, results, control.best);
                        return new TrainingResult(stopped.network(),
                                new TrainingHistory(results, Optional.of("interrupted")), stopped, true);
                    }
                    runBatch(engine, order, epoch, batch, batches, running);
                }
                engine.synchronize();
                double seconds = (System.nanoTime() - started) / 1e9;
                EpochResult result = measure(engine, epoch, seconds, control.learningRate, training, evaluation);
                results.add(result);
                control.epochsDone = epoch + 1;
                if (keepBest && result.evaluationCorrect().isPresent()) {
                    int correct = result.evaluationCorrect().getAsInt();
                    if (control.best == null || control.best.replacedBy(correct)) {
                        control.best = new BestEpoch(epoch, correct, engine.network());
                    }
                }
                if (!engine.parametersFinite()) {
                    control.stop(DIVERGED);
                }
                for (TrainingListener listener : listeners) {
                    listener.epochFinished(result, control);
                }
            }
            Network last = engine.network();
            // With no epoch run (the checkpoint already had them all), it stays where it was, mid-epoch or not.
            Checkpoint end = control.epochsDone < 0 ? from
                    : new Checkpoint(last, engine.optimizerState(), control.epochsDone, 0, control.learningRate, results,
                    control.best);
            // The checkpoint goes on from the last epoch; the result is the best one's network when kept.
            Network trained = keepBest && end.best() != null ? end.best().network() : last;
            return new TrainingResult(trained, new TrainingHistory(results, Optional.ofNullable(control.stopReason)),
                    end, false);
        }
    }

    /**
     * One mini-batch: its step, the running mean cost, the listeners. A method of its own so that the
     * JIT compiles it after a few calls: the loop over an epoch's batches is in a method called once
     * an epoch, and without on-stack replacement (which the launcher turns off) a loop is compiled
     * only with its method.
     */
    private void runBatch(Backprop engine, int[] order, int epoch, int batch, int batches, RunningCost running) {
        int m = options.miniBatchSize();
        int from = batch * m;
        int end = Math.min(from + m, order.length);
        engine.step(order, from, end);
        double mean = Double.NaN;
        if (running != null) {
            mean = running.add(engine.costOfLastStep(), end - from);
        }
        for (TrainingListener listener : listeners) {
            listener.batchFinished(epoch, batch, batches, end, mean);
        }
    }

    /** The mean cost of the mini-batches measured so far in an epoch (the engine measures one in a few). */
    private static final class RunningCost {
        private double sum;
        private int examples;

        /** Adds a mini-batch's cost (NaN when it was not measured) and returns the mean so far, NaN before any. */
        double add(double cost, int batchExamples) {
            if (!Double.isNaN(cost)) {
                sum += cost;
                examples += batchExamples;
            }
            return examples == 0 ? Double.NaN : sum / examples;
        }
    }

    private EpochResult measure(Backprop engine, int epoch, double seconds, double learningRate,
                                Dataset training, Dataset evaluation) {
        OptionalDouble trainingCost = OptionalDouble.empty();
        OptionalInt trainingCorrect = OptionalInt.empty();
        if (monitor.trainingCost() || monitor.trainingAccuracy()) {
            Evaluation e = engine.evaluate(training, monitor.trainingCost());
            if (monitor.trainingCost()) {
                trainingCost = OptionalDouble.of(totalCost(engine, e));
            }
            if (monitor.trainingAccuracy()) {
                trainingCorrect = OptionalInt.of(e.correct());
            }
        }
        OptionalDouble evaluationCost = OptionalDouble.empty();
        OptionalInt evaluationCorrect = OptionalInt.empty();
        if (evaluation != null && (monitor.evaluationCost() || monitor.evaluationAccuracy())) {
            Evaluation e = engine.evaluate(evaluation, monitor.evaluationCost());
            if (monitor.evaluationCost()) {
                evaluationCost = OptionalDouble.of(totalCost(engine, e));
            }
            if (monitor.evaluationAccuracy()) {
                evaluationCorrect = OptionalInt.of(e.correct());
            }
        }
        return new EpochResult(epoch, seconds, learningRate, trainingCost, trainingCorrect, training.size(),
                evaluationCost, evaluationCorrect, evaluation == null ? 0 : evaluation.size());
    }

    /**
     * network2.py's {@code total_cost}: mean cost plus {@code (λ / 2n) Σ w²}, with n the size of that
     * data set; and {@code (λ₁ / n) Σ |w|} with L1.
     */
    private double totalCost(Backprop engine, Evaluation e) {
        double cost = e.costSum() / e.count();
        if (options.lambda() > 0) {
            cost += 0.5 * (options.lambda() / e.count()) * engine.sumOfSquaredWeights();
        }
        if (options.l1() > 0) {
            cost += (options.l1() / e.count()) * engine.sumOfAbsoluteWeights();
        }
        return cost;
    }

    private static final class Control implements TrainingControl {
        private final List<EpochResult> results;
        private double learningRate;
        private String stopReason;
        private Backprop engine;
        private int epochsDone = -1;
        private BestEpoch best;

        Control(double learningRate, List<EpochResult> results) {
            this.learningRate = learningRate;
            this.results = results;
        }

        int epochsDone(int otherwise) {
            return epochsDone < 0 ? otherwise : epochsDone;
        }

        @Override
        public void stop(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        @Override
        public void setLearningRate(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("learning rate must be positive, got " + value);
            }
            learningRate = value;
        }

        @Override
        public Network network() {
            return engine.network();
        }

        @Override
        public Checkpoint checkpoint() {
            return new Checkpoint(engine.network(), engine.optimizerState(), epochsDone(0), 0, learningRate, results,
                    best);
        }
    }
}
