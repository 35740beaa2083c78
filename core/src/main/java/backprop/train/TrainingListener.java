package backprop.train;

/** Hears about a training run as it goes: progress bars, logs, plots, checkpoints, stopping rules. */
public interface TrainingListener {

    /**
     * Before a run continues from a checkpoint: the epochs measured before it stopped, for rules that
     * decide from the history (early stopping) to catch up. The learning rate is the checkpoint's.
     */
    default void resumed(java.util.List<EpochResult> history) {
    }

    default void epochStarted(int epoch, int batches) {
    }

    /** After each mini-batch; {@code examplesDone} counts this epoch's examples so far. Keep it cheap. */
    default void batchFinished(int epoch, int batch, int batches, int examplesDone) {
    }

    default void epochFinished(EpochResult result, TrainingControl control) {
    }
}
