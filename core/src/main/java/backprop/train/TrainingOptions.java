package backprop.train;

/**
 * The hyper-parameters of one training run, with the book's chapter-1 run as defaults:
 * 30 epochs, mini-batches of 10, {@code η = 3.0}, no regularization, a fresh shuffle each epoch.
 *
 * @param epochs         how many passes over the training data
 * @param miniBatchSize  examples per gradient step ({@code m})
 * @param learningRate   the step size {@code η}
 * @param lambda         the L2 regularization parameter {@code λ} (network2.py's {@code lmbda})
 * @param shuffle        whether to shuffle the training data before each epoch (the book does)
 * @param seed           seeds every random choice of the run: same seed, same result
 */
public record TrainingOptions(int epochs, int miniBatchSize, double learningRate, double lambda,
                              boolean shuffle, long seed) {

    public TrainingOptions {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be 0 or more, got " + epochs);
        }
        if (miniBatchSize < 1) {
            throw new IllegalArgumentException("mini-batch size must be at least 1, got " + miniBatchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate (eta) must be a positive number, got " + learningRate);
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be 0 or a positive number, got " + lambda);
        }
    }

    /** The book's run: 30 epochs, mini-batch 10, η = 3.0. */
    public static TrainingOptions book() {
        return new TrainingOptions(30, 10, 3.0, 0.0, true, 1L);
    }

    public TrainingOptions withEpochs(int value) {
        return new TrainingOptions(value, miniBatchSize, learningRate, lambda, shuffle, seed);
    }

    public TrainingOptions withMiniBatchSize(int value) {
        return new TrainingOptions(epochs, value, learningRate, lambda, shuffle, seed);
    }

    public TrainingOptions withLearningRate(double value) {
        return new TrainingOptions(epochs, miniBatchSize, value, lambda, shuffle, seed);
    }

    public TrainingOptions withLambda(double value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, value, shuffle, seed);
    }

    public TrainingOptions withShuffle(boolean value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, lambda, value, seed);
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, lambda, shuffle, value);
    }
}
