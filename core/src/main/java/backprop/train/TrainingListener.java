package backprop.train;

/** Hears about a training run as it goes: progress bars, logs, plots, checkpoints, stopping rules. */
public interface TrainingListener {

    /**
     * Before a run continues from a checkpoint: the epochs measured before it stopped, for rules that
     * decide from the history (early stopping) to catch up. The learning rate is the checkpoint's.
     */
    default void resumed(java.util.List<EpochResult> history) {
    }

    /** Before epoch {@code epoch} (0-based) starts its {@code batches} mini-batches. */
    default void epochStarted(int epoch, int batches) {
    }

    /** After each mini-batch; {@code examplesDone} counts this epoch's examples so far. Keep it cheap. */
    default void batchFinished(int epoch, int batch, int batches, int examplesDone) {
    }

    /**
     * As {@link #batchFinished(int, int, int, int)}, with the epoch's running training cost: the mean
     * cost per example over a sample of this epoch's mini-batches so far, measured before each step
     * (NaN until one is sampled, or when no listener {@link #wantsRunningCost() wants} it).
     */
    default void batchFinished(int epoch, int batch, int batches, int examplesDone, double runningCost) {
        batchFinished(epoch, batch, batches, examplesDone);
    }

    /** Whether this listener shows the running cost, which costs the engine a little to measure. */
    default boolean wantsRunningCost() {
        return false;
    }

    /** After each epoch, with what the monitor measured; {@code control} can stop the run or change {@code η}. */
    default void epochFinished(EpochResult result, TrainingControl control) {
    }
}
