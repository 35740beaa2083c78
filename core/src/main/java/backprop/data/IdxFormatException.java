package backprop.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file that is not what it claims to be (wrong magic number, truncated, extra bytes, labels
 * that don't fit). An {@link IOException} so callers handle it with every other file problem; the
 * message names the file and the one thing wrong with it.
 */
public final class IdxFormatException extends IOException {
    private final transient Path file;
    private final String problem;

    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = Objects.requireNonNull(file);
        this.problem = Objects.requireNonNull(problem);
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
