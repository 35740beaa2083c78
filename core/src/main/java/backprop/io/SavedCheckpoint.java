package backprop.io;

import backprop.train.Checkpoint;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a checkpoint file holds: the state to resume training from (whose network is the file's model),
 * how the model was made so far, and the settings of the run as they were given (for the command line,
 * its {@code train} arguments), to continue it with the same ones.
 */
public record SavedCheckpoint(Checkpoint checkpoint, Optional<Provenance> provenance, List<String> arguments) {

    public SavedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(provenance, "provenance");
        arguments = List.copyOf(arguments);
    }
}
