package backprop.train;

import backprop.nn.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@link TrainingControl} that records what listeners ask of it, so that they can be tested on
 * made-up epoch results without training anything. A learning rate set applies to the epochs made after.
 */
final class RecordingControl implements TrainingControl {
    private double learningRate;
    final List<String> stopReasons = new ArrayList<>();
    final List<Double> learningRatesSet = new ArrayList<>();

    RecordingControl(double initialLearningRate) {
        this.learningRate = initialLearningRate;
    }

    @Override
    public void stop(String reason) {
        stopReasons.add(reason);
    }

    @Override
    public void setLearningRate(double value) {
        learningRatesSet.add(value);
        learningRate = value;
    }

    @Override
    public Network network() {
        throw new UnsupportedOperationException("no network in a listener test");
    }

    double learningRate() {
        return learningRate;
    }

    boolean stopped() {
        return !stopReasons.isEmpty();
    }

    /** The one reason given to stop. */
    String stopReason() {
        assertEquals(1, stopReasons.size(), () -> "asked to stop once: " + stopReasons);
        return stopReasons.getFirst();
    }

    /** An epoch that ran at the current learning rate and got {@code correct} of {@code size} evaluation examples. */
    EpochResult epoch(int epoch, int correct, int size) {
        return new EpochResult(epoch, 0.1, learningRate, OptionalDouble.empty(), OptionalInt.empty(), 100,
                OptionalDouble.empty(), OptionalInt.of(correct), size);
    }

    /** An epoch that measured nothing on evaluation data. */
    EpochResult epochWithoutEvaluation(int epoch) {
        return new EpochResult(epoch, 0.1, learningRate, OptionalDouble.empty(), OptionalInt.empty(), 100,
                OptionalDouble.empty(), OptionalInt.empty(), 0);
    }

    /**
     * Plays {@code correctByEpoch} to {@code listener} as MiniBatchSgd would, up to the end or the epoch the
     * listener stops the run; returns how many epochs ran.
     */
    int play(TrainingListener listener, int size, int... correctByEpoch) {
        for (int epoch = 0; epoch < correctByEpoch.length; epoch++) {
            listener.epochStarted(epoch, 1);
            listener.epochFinished(epoch(epoch, correctByEpoch[epoch], size), this);
            if (stopped()) {
                return epoch + 1;
            }
        }
        return correctByEpoch.length;
    }

    @Override
    public Checkpoint checkpoint() {
        throw new UnsupportedOperationException("the rules under test take no checkpoints");
    }
}
