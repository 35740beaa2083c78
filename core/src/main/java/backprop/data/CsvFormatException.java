package backprop.data;

import backprop.FileFormatException;

import java.nio.file.Path;

/**
 * A CSV file that cannot be read as labelled numeric examples: rows of different lengths, a value that
 * is not a number, NaN or infinity, a label that does not fit. The problem names its line (counting
 * from 1, as editors do) and column where there is one, e.g.
 * {@code line 7, column 2 (sepal_width): 'x' is not a number}.
 */
public final class CsvFormatException extends FileFormatException {
    /** Message {@code "<file>: <problem>"}; the problem names the line and column. */
    public CsvFormatException(Path file, String problem) {
        super(file, problem);
    }
}
