package backprop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that is not what it should be: a data set, a CSV file or a model file that cannot be read.
 * An {@link IOException} so callers handle it with every other file problem; it knows the file at
 * fault and the one problem found, and its message says both, so a command line can print it as it is.
 */
public class FileFormatException extends IOException {
    private final transient Path file;
    /** What is wrong, without the file name. */
    private final String problem;

    /** Message {@code "<file>: <problem>"}. */
    public FileFormatException(Path file, String problem) {
        this(file, problem, file + ": " + problem, null);
    }

    /**
     * For subclasses whose message says more than {@code "<file>: <problem>"} (a line and column, say), or that
     * keep the exception behind it.
     */
    protected FileFormatException(Path file, String problem, String message, Throwable cause) {
        super(message, cause);
        this.file = Objects.requireNonNull(file);
        this.problem = Objects.requireNonNull(problem);
    }

    /** The file at fault, as it was given. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
