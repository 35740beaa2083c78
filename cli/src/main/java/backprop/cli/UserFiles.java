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
 * The files a user names on the command line: models to read, and files to write checked before the
 * work that produces them, so that a bad {@code --save} path is reported before a long training run
 * rather than after it.
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

    /**
     * Checks that {@code file} could be written as {@code flag} promises: it is not a directory, and
     * its parent is a directory or can be created as one, writable by us. Creates nothing.
     *
     * @param example a file name to suggest when {@code file} is a directory, e.g. {@code model.json}
     */
    static void checkWritable(Path file, String flag, String example) {
        if (Files.isDirectory(file)) {
            throw new UserError(flag + " " + file + " is a directory, not a file; name a file in it, e.g. "
                    + file.resolve(example));
        }
        // The nearest existing ancestor, as the user wrote it (relative paths stay relative).
        Path ancestor = file.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        Path existing = ancestor != null ? ancestor : file.toAbsolutePath().getParent();
        if (existing == null) {
            return; // a file system root; writing will tell
        }
        if (!Files.isDirectory(existing)) {
            throw new UserError("cannot create directory " + existing + " for " + flag + " " + file
                    + ": a file of that name exists");
        }
        if (!Files.isWritable(existing)) {
            throw new UserError("cannot write " + flag + " " + file + ": permission denied in directory " + existing);
        }
    }
}
