package backprop.train;

/**
 * The book's early stopping: end the run once the evaluation accuracy has not improved for
 * {@code patience} epochs, "no improvement in ten epochs". The run keeps the network of its last
 * epoch, as the book's does, not that of its best.
 */
public final class EarlyStopping extends NoImprovementRule {

    /** @param patience epochs without a new best evaluation accuracy before the run ends, at least 1 */
    public EarlyStopping(int patience) {
        super(patience, "early stopping");
    }

    @Override
    protected void onPlateau(EpochResult result, TrainingControl control) {
        control.stop(plateau());
    }
}
