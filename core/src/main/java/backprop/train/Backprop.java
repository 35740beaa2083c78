package backprop.train;

import backprop.data.Dataset;
import backprop.nn.Network;

/**
 * A training engine: holds a network's parameters in whatever form suits it and applies one
 * gradient-descent step per mini-batch. {@link MiniBatchSgd} drives it; the reference engine
 * (double precision, the book's equations) and the fast engine (float, SIMD, threads) implement it.
 */
public interface Backprop extends AutoCloseable {

    /**
     * The order in which the coming epoch's examples will be stepped through ({@code order} is not
     * changed until the epoch ends, and is announced again here before its contents change): an
     * engine may copy the coming examples in that order ahead of the steps, so that each mini-batch
     * is read from consecutive memory instead of from all over the data set.
     */
    default void epochStarting(int[] order) {
    }

    /**
     * One step of mini-batch gradient descent on the training examples
     * {@code order[from]}, ..., {@code order[to - 1]} (network2.py's {@code update_mini_batch}).
     */
    void step(int[] order, int from, int to);

    /** Waits until every step taken so far has finished (an engine may run steps in the background). */
    default void synchronize() {
    }

    /**
     * Asks the engine to measure the cost of every {@code everySteps}-th mini-batch as it steps (the
     * running cost of a progress display); 0 turns it off.
     */
    default void trackCost(int everySteps) {
    }

    /** {@code Σ C_x} over the last step's examples before the step, if that step was measured; NaN otherwise. */
    default double costOfLastStep() {
        return Double.NaN;
    }

    /** Whether every weight and bias is still a finite number: false once training has diverged. */
    boolean parametersFinite();

    /** Sum of the per-example costs and the number classified correctly, for the current parameters. */
    Evaluation evaluate(Dataset data, boolean withCost);

    /** {@code Σ_w w²} over all weights (not biases), for the L2 term of the total cost. */
    double sumOfSquaredWeights();

    /** {@code Σ_w |w|} over all weights (not biases), for the L1 term of the total cost. */
    double sumOfAbsoluteWeights();

    /** Changes {@code η} for the steps that follow (learning-rate schedules). */
    void setLearningRate(double learningRate);

    /** The optimizer's state after the steps taken so far, for a checkpoint. */
    OptimizerState optimizerState();

    /** Continues from a checkpoint's optimizer state; the parameters come from the network the engine was made with. */
    void restore(OptimizerState state);

    /** The current parameters as a network value. */
    Network network();

    /** The threads the engine steps with (its sums, and so its results, may depend on them). */
    default int threads() {
        return 1;
    }

    @Override
    default void close() {
    }
}
