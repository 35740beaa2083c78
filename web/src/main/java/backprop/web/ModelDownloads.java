package backprop.web;

import backprop.io.ModelFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The served model's file for {@code GET /api/model/download}, written once per model served and
 * shared by every download of it. The largest network the page trains is tens of megabytes of JSON,
 * seconds of formatting numbers: written per request, a burst of downloads would multiply that work
 * and the memory it holds; shared, it costs one write and then only the reading of a file.
 */
final class ModelDownloads implements AutoCloseable {
    /** An open file and its length: the download reads it even if a newer model replaces it meanwhile. */
    record Download(InputStream content, long length) {
    }

    private Path directory;
    private long version = -1;
    private Path file;
    private int writes;
    private boolean closed;

    /**
     * Opens the file of {@code served}, writing it first unless the latest download was of the same
     * model. Downloads that arrive while it is written wait for it instead of writing their own.
     */
    synchronized Download open(ServedModel served) throws IOException {
        if (closed) {
            throw new IOException("the server is stopping");
        }
        if (file == null || version != served.version()) {
            if (directory == null) {
                // ModelFile writes files only; a private temporary directory keeps the detour safe.
                directory = Files.createTempDirectory("backprop-download");
            }
            deleteFile();
            Path next = directory.resolve("model-" + served.version() + ".json");
            ModelFile.save(served.network(), served.provenance(), next);
            file = next;
            version = served.version();
            writes++;
        }
        // Opened before the lock is released: a later model deletes the file, never the open stream's data.
        return new Download(Files.newInputStream(file), Files.size(file));
    }

    /** How many model files were written so far. */
    synchronized int writes() {
        return writes;
    }

    private void deleteFile() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Still open for reading where a file cannot be deleted so: it goes with its directory.
                file.toFile().deleteOnExit();
            }
            file = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        deleteFile();
        if (directory != null) {
            try {
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                directory.toFile().deleteOnExit();
            }
        }
    }
}
