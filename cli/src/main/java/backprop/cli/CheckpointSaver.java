package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.Provenance;
import backprop.train.Checkpoint;
import backprop.train.EpochResult;
import backprop.train.TrainingControl;
import backprop.train.TrainingListener;

import java.io.IOException;
import java.io.UncheckedIOException;
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
}
