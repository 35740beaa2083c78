package backprop.train;

/**
 * How a network does on a data set.
 *
 * @param count   examples evaluated
 * @param correct examples whose most active output is the label
 * @param costSum {@code Σ_x C_x} without regularization, or NaN when not computed
 */
public record Evaluation(int count, int correct, double costSum) {

    /** The share of examples classified right, in [0, 1]; 0 for no example. */
    public double accuracy() {
        return count == 0 ? 0.0 : (double) correct / count;
    }

    /** Combines evaluations of disjoint parts of a data set. */
    public Evaluation plus(Evaluation other) {
        return new Evaluation(count + other.count, correct + other.correct, costSum + other.costSum);
    }
}
