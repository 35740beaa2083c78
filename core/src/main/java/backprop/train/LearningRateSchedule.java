package backprop.train;

/**
 * A learning rate that depends only on the epoch: after each epoch, sets {@code η} for the next one
 * to {@link #learningRate(int, double)}. {@code η₀}, the rate of the run's first epoch (the training
 * options' learning rate), is the starting point; so a schedule must give {@code η₀} at epoch 0.
 */
public abstract class LearningRateSchedule implements TrainingListener {
    private double initialLearningRate = Double.NaN;

    /** For subclasses: a schedule starts without {@code η₀}, which it takes from the run's first epoch. */
    protected LearningRateSchedule() {
    }

    /** {@code η} for {@code epoch} (0-based) of a run that started with {@code initialLearningRate}. */
    public abstract double learningRate(int epoch, double initialLearningRate);

    /** Checks that the schedule can start from {@code initialLearningRate}; by default any positive rate will do. */
    protected void checkInitialLearningRate(double initialLearningRate) {
    }

    /** Takes {@code η₀} from the resumed run's first epoch. */
    @Override
    public final void resumed(java.util.List<EpochResult> history) {
        if (!history.isEmpty()) {
            initialLearningRate = history.getFirst().learningRate();
        }
    }

    @Override
    public final void epochFinished(EpochResult result, TrainingControl control) {
        if (result.epoch() == 0) {
            checkInitialLearningRate(result.learningRate());
            initialLearningRate = result.learningRate();
        }
        assert !Double.isNaN(initialLearningRate) : "a schedule must hear a run from its first epoch";
        control.setLearningRate(learningRate(result.epoch() + 1, initialLearningRate));
    }
}
