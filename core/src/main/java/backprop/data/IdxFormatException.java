package backprop.data;

import backprop.FileFormatException;

import java.nio.file.Path;

/**
 * An IDX file that is not what it claims to be: wrong magic number, truncated, extra bytes, labels
 * that don't fit. The message names the file and the one thing wrong with it.
 */
public final class IdxFormatException extends FileFormatException {
    /** Message {@code "<file>: <problem>"}. */
    public IdxFormatException(Path file, String problem) {
        super(file, problem);
    }
}
