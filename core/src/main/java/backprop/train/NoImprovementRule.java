package backprop.train;

/**
 * The book's "no-improvement-in-n" rule (chapter 3, "Early stopping"): watches the evaluation accuracy and
 * acts when it has not beaten its best for {@code patience} epochs in a row; what it does then is up to
 * the subclass ({@link EarlyStopping} ends the run, {@link PlateauHalving} halves {@code η}).
 *
 * <p>Compares numbers of correct examples, not fractions, so a tie is exactly a tie, and a tie is no
 * improvement. Give the run validation data to watch: chosen by the test data, the epochs a rule picks
 * would make the test result optimistic. One instance can watch several runs in turn: it starts afresh
 * with each run's first epoch.
 */
public abstract class NoImprovementRule implements TrainingListener {
    private final int patience;
    private final String rule;
    private int bestCorrect;
    private int bestSize;
    private int bestEpoch;
    private int epochsWithoutImprovement;

    /**
     * @param patience epochs without a new best before the rule acts, at least 1
     * @param rule     names the rule in error messages, e.g. "early stopping"
     */
    protected NoImprovementRule(int patience, String rule) {
        if (patience < 1) {
            throw new IllegalArgumentException("the patience of " + rule + " must be at least 1 epoch, got " + patience);
        }
        this.patience = patience;
        this.rule = rule;
    }

    public int patience() {
        return patience;
    }

    /** Called after an epoch that made it {@code patience} epochs without improvement. */
    protected abstract void onPlateau(EpochResult result, TrainingControl control);

    /** Forgets the run so far, for the next; subclasses with state of their own extend it. */
    protected void startRun() {
        bestCorrect = -1;
        bestSize = 0;
        bestEpoch = 0;
        epochsWithoutImprovement = 0;
    }

    /** Counts epochs without improvement from now on, keeping the best: after acting on a plateau, wait for another. */
    protected final void restartPatience() {
        epochsWithoutImprovement = 0;
    }

    /** {@code "no improvement in 10 epochs (best 9812 / 10000 at epoch 14)"}, to begin a stop reason with. */
    protected final String plateau() {
        return "no improvement in " + patience + (patience == 1 ? " epoch" : " epochs")
                + " (best " + bestCorrect + " / " + bestSize + " at epoch " + bestEpoch + ")";
    }

    @Override
    public final void epochStarted(int epoch, int batches) {
        if (epoch == 0) {
            startRun();
        }
    }

    /**
     * Catches up with a resumed run: goes through its history as it did the first time, but the
     * actions it took then (the learning rate, stopping) are already in the checkpoint, so they are
     * not taken again.
     */
    @Override
    public final void resumed(java.util.List<EpochResult> history) {
        startRun();
        for (EpochResult result : history) {
            epochFinished(result, IGNORED);
        }
    }

    /** A control whose actions go nowhere, for replaying history. */
    private static final TrainingControl IGNORED = new TrainingControl() {
        @Override
        public void stop(String reason) {
        }

        @Override
        public void setLearningRate(double learningRate) {
        }

        @Override
        public backprop.nn.Network network() {
            throw new UnsupportedOperationException("no network while catching up with a resumed run");
        }

        @Override
        public Checkpoint checkpoint() {
            throw new UnsupportedOperationException("no checkpoint while catching up with a resumed run");
        }
    };

    /**
     * @throws IllegalStateException when the epoch measured no evaluation accuracy, so there is nothing to watch
     */
    @Override
    public final void epochFinished(EpochResult result, TrainingControl control) {
        if (result.evaluationCorrect().isEmpty() || result.evaluationSize() == 0) {
            throw new IllegalStateException(rule + " watches the evaluation accuracy, but epoch "
                    + result.epoch() + " measured none: train with evaluation data (validation data, not test data) "
                    + "and a monitor that measures its accuracy");
        }
        int correct = result.evaluationCorrect().getAsInt();
        if (correct > bestCorrect) {
            bestCorrect = correct;
            bestSize = result.evaluationSize();
            bestEpoch = result.epoch();
            epochsWithoutImprovement = 0;
        } else if (++epochsWithoutImprovement >= patience) {
            onPlateau(result, control);
        }
    }
}
