package backprop.io;

import backprop.FileFormatException;
import java.nio.file.Path;

/**
 * A model file that cannot be read as a network: not JSON, cut short, a missing field, a shape that
 * does not match {@code sizes}; e.g. the problem {@code missing field "weights"}.
 */
public final class ModelFormatException extends FileFormatException {

    /** Message {@code "<file> is not a valid model file: <problem>"}. */
    public ModelFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    /** The same message, keeping the parser's exception behind it. */
    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file, problem, file + " is not a valid model file: " + problem, cause);
    }
}
