package backprop.train;

/**
 * Step decay: {@code η} multiplied by {@code factor} every {@code everyEpochs} epochs,
 * {@code η_t = η₀ · factor^⌊t / everyEpochs⌋}. Training runs at each rate for a fixed stretch instead
 * of waiting for a plateau as {@link PlateauHalving} does.
 */
public final class StepSchedule extends LearningRateSchedule {
    private final int everyEpochs;
    private final double factor;

    /**
     * @param everyEpochs how many epochs each rate lasts, at least 1
     * @param factor      what each step multiplies {@code η} by, positive (e.g. 0.5 to halve it)
     */
    public StepSchedule(int everyEpochs, double factor) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("a step schedule's steps must be at least 1 epoch apart, got "
                    + everyEpochs);
        }
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("a step schedule's factor must be a positive number, got " + factor);
        }
        this.everyEpochs = everyEpochs;
        this.factor = factor;
    }

    public int everyEpochs() {
        return everyEpochs;
    }

    public double factor() {
        return factor;
    }

    @Override
    public double learningRate(int epoch, double initialLearningRate) {
        return initialLearningRate * Math.pow(factor, epoch / everyEpochs);
    }
}
