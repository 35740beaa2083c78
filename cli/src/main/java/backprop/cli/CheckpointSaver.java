package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.Provenance;
import backprop.train.Checkpoint;
import backprop.train.EpochResult;
import backprop.train.TrainingControl;
import backprop.train.TrainingListener;
import backprop.train.TrainingOptions;
import backprop.train.TrainingResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * {@code train --checkpoint-every N}: after every N-th epoch, the model and its training state, saved
 * atomically to the {@code --save} file, from which {@code train --resume} continues. A network that
 * is no longer finite (training diverged) is never saved, so the last good checkpoint stays.
 */
final class CheckpointSaver implements TrainingListener {
    private final int every;
    private final Path file;
    private final Function<List<EpochResult>, Provenance> provenance;
    private final List<String> arguments;
    private final TrainingReport report;

    /**
     * @param provenance how the model was made, given the epochs done so far
     * @param arguments  the run's settings, to resume it with
     */
    CheckpointSaver(int every, Path file, Function<List<EpochResult>, Provenance> provenance, List<String> arguments,
                    TrainingReport report) {
        this.every = every;
        this.file = file;
        this.provenance = provenance;
        this.arguments = List.copyOf(arguments);
        this.report = report;
    }

    @Override
    public void epochFinished(EpochResult result, TrainingControl control) {
        int epochsDone = result.epoch() + 1;
        if (epochsDone % every != 0) {
            return;
        }
        Checkpoint checkpoint = control.checkpoint();
        if (!checkpoint.network().isFinite()) {
            return;
        }
        try {
            ModelFile.saveCheckpoint(checkpoint, provenance.apply(checkpoint.history()), arguments, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        report.checkpointSaved(file, epochsDone);
    }

    /**
     * After Ctrl-C: the state where the run stopped, saved as a checkpoint to --save (else {@link
     * TrainCommand#DEFAULT_CHECKPOINT}), and how to go on from it.
     */
    static int saveInterrupted(TrainingResult result, Path save, Function<List<EpochResult>, Provenance> provenance,
                               List<String> arguments, PrintWriter err) throws IOException {
        Checkpoint checkpoint = result.checkpoint();
        if (!checkpoint.network().isFinite()) {
            throw new UserError("interrupted after training diverged (the weights are no longer finite numbers); "
                    + "nothing was saved. Try a smaller --eta.");
        }
        Path file = save != null ? save : newCheckpointFile(Path.of(""));
        try {
            ModelFile.saveCheckpoint(checkpoint, provenance.apply(checkpoint.history()), arguments, file);
        } catch (IOException e) {
            throw new UserError("interrupted in epoch " + checkpoint.epoch() + ", and the checkpoint could not be "
                    + "saved: " + Main.message(e), e);
        }
        err.println("Interrupted in epoch " + checkpoint.epoch() + " after " + checkpoint.batch()
                + " mini-batches: saved checkpoint to " + file + "; continue with: backprop train --resume " + file);
        err.flush();
        return TrainCommand.INTERRUPTED;
    }

    /**
     * Where Ctrl-C saves a run without --save: {@link #TrainCommand.DEFAULT_CHECKPOINT} in {@code directory}, or if a file of
     * that name exists (another run's checkpoint), the first of backprop-checkpoint-2.json, -3... that does not.
     */
    static Path newCheckpointFile(Path directory) {
        String stem = TrainCommand.DEFAULT_CHECKPOINT.substring(0, TrainCommand.DEFAULT_CHECKPOINT.length() - ".json".length());
        Path file = directory.resolve(TrainCommand.DEFAULT_CHECKPOINT);
        for (int n = 2; Files.exists(file, LinkOption.NOFOLLOW_LINKS); n++) {
            file = directory.resolve(stem + "-" + n + ".json");
        }
        return file;
    }

    /** Whether this run can continue {@code checkpoint}: something left to do, and an optimizer state that fits. */
    static void checkResumable(Checkpoint checkpoint, Path resume, TrainingOptions options) {
        int done = checkpoint.epoch();
        if (options.epochs() < done || (options.epochs() == done && checkpoint.midEpoch())) {
            throw new UserError("--epochs " + options.epochs() + ": " + resume + " has done " + done + " epochs"
                    + (checkpoint.midEpoch() ? " and part of epoch " + done : "") + "; ask for more, e.g. --epochs "
                    + (done + 10));
        }
        int moments = checkpoint.optimizer().moments().size();
        if (moments != 0 && moments != options.optimizer().stateCount()) {
            throw new UserError(resume + ": the checkpoint's optimizer state (" + moments + " moments per weight) "
                    + "does not fit --optimizer " + options.optimizer().kind().id());
        }
    }
}
