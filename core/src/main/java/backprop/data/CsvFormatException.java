package backprop.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A CSV file that cannot be read as labelled numeric examples: rows of different lengths, a value that
 * is not a number, NaN or infinity, a label that does not fit. An {@link IOException} so callers handle
 * it with every other file problem; the message names the file and the one thing wrong, with its line
 * (counting from 1, as editors do) and column where there is one.
 */
public final class CsvFormatException extends IOException {
    private final transient Path file;
    private final String problem;

    public CsvFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = Objects.requireNonNull(file);
        this.problem = Objects.requireNonNull(problem);
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name, e.g. {@code line 7, column 2 (sepal_width): 'x' is not a number}. */
    public String problem() {
        return problem;
    }
}
