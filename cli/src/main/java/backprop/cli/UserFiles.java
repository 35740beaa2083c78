package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.ModelFormatException;
import backprop.io.SavedCheckpoint;
import backprop.io.SavedModel;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The models a user names on the command line, read with every problem as one line naming the file.
 * Files to write are checked by {@link CommandFiles}.
 */
final class UserFiles {
    private UserFiles() {
    }

    /** {@link ModelFile#load}, with every problem reported as one line naming {@code file}. */
    static SavedModel loadModel(Path file) throws IOException {
        return read(file, "model", () -> ModelFile.load(file));
    }

    /**
     * {@link ModelFile#loadCheckpoint}, with every problem reported as one line naming {@code file}; a model
     * without training state is an error that says what to do with it instead.
     */
    static SavedCheckpoint loadCheckpoint(Path file) throws IOException {
        return read(file, "checkpoint", () -> ModelFile.loadCheckpoint(file).orElseThrow(() -> new UserError(file
                + " is a model, not a checkpoint (it has no training state to resume); use --from " + file
                + " to start a new run from its weights")));
    }

    private interface Reading<T> {
        T read() throws IOException;
    }

    private static <T> T read(Path file, String kind, Reading<T> reading) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UserError(file + ": is a directory, not a " + kind + " file");
        }
        try {
            return reading.read();
        } catch (ModelFormatException | FileSystemException e) {
            throw e; // these name the file already
        } catch (IOException e) {
            // A failed read (EIO, "Is a directory" through a symbolic link race) says nothing of the file.
            throw new UserError(file + ": cannot read it: " + Main.lowerFirst(String.valueOf(e.getMessage())), e);
        }
    }
}
