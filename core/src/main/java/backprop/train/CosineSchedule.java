package backprop.train;

/**
 * Cosine annealing (Loshchilov and Hutter 2017, without restarts): {@code η} falls from {@code η₀} to
 * {@code η_min} along half a cosine over {@code epochs} epochs,
 * {@code η_t = η_min + ½ (η₀ - η_min)(1 + cos(π t / epochs))}, and stays at {@code η_min} after them.
 * Slow at first, when large steps still help, and slow again at the end, where small steps settle.
 */
public final class CosineSchedule extends LearningRateSchedule {
    private final int epochs;
    private final double minimumLearningRate;

    /**
     * @param epochs              the length of the run the schedule spans, at least 1
     * @param minimumLearningRate {@code η_min}: positive, and no more than the run's {@code η₀}
     */
    public CosineSchedule(int epochs, double minimumLearningRate) {
        if (epochs < 1) {
            throw new IllegalArgumentException("a cosine schedule must span at least 1 epoch, got " + epochs);
        }
        if (!(minimumLearningRate > 0) || !Double.isFinite(minimumLearningRate)) {
            throw new IllegalArgumentException("a cosine schedule's minimum learning rate must be a positive number, got "
                    + minimumLearningRate);
        }
        this.epochs = epochs;
        this.minimumLearningRate = minimumLearningRate;
    }

    public int epochs() {
        return epochs;
    }

    public double minimumLearningRate() {
        return minimumLearningRate;
    }

    @Override
    protected void checkInitialLearningRate(double initialLearningRate) {
        if (minimumLearningRate > initialLearningRate) {
            throw new IllegalArgumentException("a cosine schedule's minimum learning rate (" + minimumLearningRate
                    + ") must not be above the run's first learning rate (" + initialLearningRate + ")");
        }
    }

    @Override
    public double learningRate(int epoch, double initialLearningRate) {
        double progress = Math.min(epoch, epochs) / (double) epochs;
        return minimumLearningRate + 0.5 * (initialLearningRate - minimumLearningRate) * (1 + Math.cos(Math.PI * progress));
    }
}
