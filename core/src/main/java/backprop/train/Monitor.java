package backprop.train;

/**
 * What to measure after each epoch, as network2.py's four {@code monitor_*} flags. Accuracy on the
 * evaluation data is what network.py prints as {@code Epoch N: C / T}.
 */
public record Monitor(boolean trainingCost, boolean trainingAccuracy, boolean evaluationCost,
                      boolean evaluationAccuracy) {

    /** network.py: accuracy on the evaluation data only. */
    public static Monitor evaluationAccuracyOnly() {
        return new Monitor(false, false, false, true);
    }

    /** network2.py with every monitor flag set. */
    public static Monitor all() {
        return new Monitor(true, true, true, true);
    }

    /** Nothing measured after an epoch. */
    public static Monitor none() {
        return new Monitor(false, false, false, false);
    }
}
