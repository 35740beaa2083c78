package backprop.cli;

import backprop.train.MiniBatchSgd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during {@code train}: a shutdown hook that asks the trainer to stop after the mini-batch in
 * progress and then holds the exit until the command has saved what it has (the interrupted run's
 * checkpoint, or a final model being written), so that nothing is lost or left half-written. Installed
 * only when the command owns the process (not when tests run it in theirs).
 */
final class TrainingInterruption implements AutoCloseable {
    /** How long Ctrl-C waits for the save; a second Ctrl-C does not cut it short, but a kill does. */
    private static final long SAVE_WAIT_MINUTES = 5;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean requested;

    private TrainingInterruption(MiniBatchSgd trainer) {
        this.hook = trainer == null ? null : new Thread(() -> {
            requested = true;
            trainer.interrupt();
            try {
                finished.await(SAVE_WAIT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "backprop-train-interrupt");
    }

    /** Watches for Ctrl-C from now on, stopping {@code trainer} when it comes. */
    static TrainingInterruption install(MiniBatchSgd trainer) {
        TrainingInterruption interruption = new TrainingInterruption(trainer);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /** For a command that does not own the process: never interrupted. */
    static TrainingInterruption none() {
        return new TrainingInterruption(null);
    }

    /** Whether Ctrl-C came (the process is shutting down). */
    boolean requested() {
        return requested;
    }

    /** The command has saved what it had; the process may end. */
    @Override
    public void close() {
        finished.countDown();
        if (hook != null && !requested) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The process is already ending (Ctrl-C came just now): the hook runs and finds us done.
            }
        }
    }
}
