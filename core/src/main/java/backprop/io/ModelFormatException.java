package backprop.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file that cannot be read as a network: not JSON, cut short, a missing field, a shape that
 * does not match {@code sizes}. An {@link IOException} so callers handle it with every other file
 * problem; the message names the file and the one problem found, so a command line can print it as
 * it is instead of a stack trace.
 */
public final class ModelFormatException extends IOException {
    private final transient Path file;
    private final String problem;

    ModelFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + " is not a valid model file: " + problem, cause);
        this.file = Objects.requireNonNull(file);
        this.problem = Objects.requireNonNull(problem);
    }

    /** The file at fault, as it was given to {@link ModelFile#load}. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name, e.g. {@code missing field "weights"}. */
    public String problem() {
        return problem;
    }
}
