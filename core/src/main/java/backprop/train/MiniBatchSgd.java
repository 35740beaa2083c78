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

    public MiniBatchSgd(TrainingOptions options, Monitor monitor, List<TrainingListener> listeners) {
        this.options = Objects.requireNonNull(options);
        this.monitor = Objects.requireNonNull(monitor);
        this.listeners = List.copyOf(listeners);
    }

    public MiniBatchSgd(TrainingOptions options) {
        this(options, Monitor.evaluationAccuracyOnly(), List.of());
    }

    /** The stream that shuffles the training data, separate from the one that initialized the weights. */
    public static SeededRandom shuffleRandom(long seed) {
        return new SeededRandom(seed ^ 0x2545F4914F6CDD1DL);
    }

    /**
     * Trains a copy of {@code start}.
     *
     * @param evaluation data to measure after each epoch (validation or test), or {@code null}
     */
    public TrainingResult train(Network start, Dataset training, Dataset evaluation, BackpropFactory engineFactory) {
        if (training.inputSize() != start.inputSize()) {
            throw new IllegalArgumentException("the training data has " + training.inputSize()
                    + " inputs per example but the network's input layer has " + start.inputSize());
        }
        if (training.classCount() > start.outputSize()) {
            throw new IllegalArgumentException("the training data has " + training.classCount()
                    + " classes but the network's output layer has only " + start.outputSize() + " neurons");
        }
        if (evaluation != null && evaluation.inputSize() != start.inputSize()) {
            throw new IllegalArgumentException("the evaluation data has " + evaluation.inputSize()
                    + " inputs per example but the network expects " + start.inputSize());
        }
        int n = training.size();
        int m = options.miniBatchSize();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SeededRandom shuffling = shuffleRandom(options.seed());
        List<EpochResult> results = new ArrayList<>();
        Control control = new Control(options.learningRate());
        try (Backprop engine = engineFactory.create(start, training, options)) {
            control.engine = engine;
            for (int epoch = 0; epoch < options.epochs() && control.stopReason == null; epoch++) {
                engine.setLearningRate(control.learningRate);
                if (options.shuffle()) {
                    shuffling.shuffle(order);
                }
                int batches = (n + m - 1) / m;
                for (TrainingListener listener : listeners) {
                    listener.epochStarted(epoch, batches);
                }
                long started = System.nanoTime();
                int batch = 0;
                for (int k = 0; k < n; k += m) {
                    int end = Math.min(k + m, n);
                    engine.step(order, k, end);
                    for (TrainingListener listener : listeners) {
                        listener.batchFinished(epoch, batch, batches, end);
                    }
                    batch++;
                }
                engine.synchronize();
                double seconds = (System.nanoTime() - started) / 1e9;
                EpochResult result = measure(engine, epoch, seconds, control.learningRate, training, evaluation);
                results.add(result);
                for (TrainingListener listener : listeners) {
                    listener.epochFinished(result, control);
                }
            }
            return new TrainingResult(engine.network(),
                    new TrainingHistory(results, Optional.ofNullable(control.stopReason)));
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
        private double learningRate;
        private String stopReason;
        private Backprop engine;

        Control(double learningRate) {
            this.learningRate = learningRate;
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
    }
}
