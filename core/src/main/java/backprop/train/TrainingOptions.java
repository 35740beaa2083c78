package backprop.train;

/**
 * The hyper-parameters of one training run, with the book's chapter-1 run as defaults:
 * 30 epochs, mini-batches of 10, {@code η = 3.0}, plain SGD, no regularization, a fresh shuffle each epoch.
 *
 * @param epochs         how many passes over the training data
 * @param miniBatchSize  examples per gradient step ({@code m})
 * @param learningRate   the step size {@code η}
 * @param lambda         the L2 regularization parameter {@code λ} (network2.py's {@code lmbda}): the
 *                       cost gains {@code (λ/2n) Σ w²}
 * @param l1             the L1 regularization parameter: the cost gains {@code (λ₁/n) Σ |w|}
 * @param optimizer      how gradients become steps
 * @param dropout        the probability of dropping each hidden neuron in training (inverted dropout:
 *                       kept neurons are scaled by {@code 1/(1-p)}, so nothing changes at evaluation)
 * @param shuffle        whether to shuffle the training data before each epoch (the book does)
 * @param seed           seeds every random choice of the run: same seed, same result
 */
public record TrainingOptions(int epochs, int miniBatchSize, double learningRate, double lambda, double l1,
                              Optimizer optimizer, double dropout, boolean shuffle, long seed) {

    /** Checks every option: a user's mistake gives one message naming it. */
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
        if (!(l1 >= 0) || !Double.isFinite(l1)) {
            throw new IllegalArgumentException("the L1 parameter must be 0 or a positive number, got " + l1);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer is required");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Plain SGD with L2 only: the book's chapter 1 and 3 runs. */
    public TrainingOptions(int epochs, int miniBatchSize, double learningRate, double lambda, boolean shuffle, long seed) {
        this(epochs, miniBatchSize, learningRate, lambda, 0.0, Optimizer.sgd(), 0.0, shuffle, seed);
    }

    /** The book's run: 30 epochs, mini-batch 10, η = 3.0. */
    public static TrainingOptions book() {
        return new TrainingOptions(30, 10, 3.0, 0.0, true, 1L);
    }

    /** Whether a step is exactly network2.py's rule, which the engines compute in its own fused form. */
    public boolean isPlainSgd() {
        return optimizer.kind() == Optimizer.Kind.SGD && l1 == 0 && dropout == 0;
    }

    /** These options with {@code epochs} replaced. */
    public TrainingOptions withEpochs(int value) {
        return new TrainingOptions(value, miniBatchSize, learningRate, lambda, l1, optimizer, dropout, shuffle, seed);
    }

    /** These options with {@code miniBatchSize} replaced. */
    public TrainingOptions withMiniBatchSize(int value) {
        return new TrainingOptions(epochs, value, learningRate, lambda, l1, optimizer, dropout, shuffle, seed);
    }

    /** These options with {@code learningRate} ({@code η}) replaced. */
    public TrainingOptions withLearningRate(double value) {
        return new TrainingOptions(epochs, miniBatchSize, value, lambda, l1, optimizer, dropout, shuffle, seed);
    }

    /** These options with the L2 parameter {@code lambda} replaced. */
    public TrainingOptions withLambda(double value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, value, l1, optimizer, dropout, shuffle, seed);
    }

    /** These options with the L1 parameter replaced. */
    public TrainingOptions withL1(double value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, lambda, value, optimizer, dropout, shuffle, seed);
    }

    /** These options with {@code optimizer} replaced. */
    public TrainingOptions withOptimizer(Optimizer value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, lambda, l1, value, dropout, shuffle, seed);
    }

    /** These options with {@code dropout} replaced. */
    public TrainingOptions withDropout(double value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, lambda, l1, optimizer, value, shuffle, seed);
    }

    /** These options with {@code shuffle} replaced. */
    public TrainingOptions withShuffle(boolean value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, lambda, l1, optimizer, dropout, value, seed);
    }

    /** These options with {@code seed} replaced. */
    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(epochs, miniBatchSize, learningRate, lambda, l1, optimizer, dropout, shuffle, value);
    }
}
