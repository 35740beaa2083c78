package backprop.cli;

import backprop.data.DataCatalog;
import backprop.data.Mnist;
import backprop.io.AtomicFile;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files one command reads and writes, as the user named them, checked together before any work,
 * so that nothing a user has is damaged and a path that cannot work is found before the work that
 * fills it. Each file to write
 * <ul>
 *   <li>can be written as {@link AtomicFile} writes: a new path or a regular file we may write (never a
 *       directory, a named pipe or a device), its directory there or possible to make; a symbolic link
 *       is written through to the file it points to;</li>
 *   <li>is not a file the command reads (compared as files, so that {@code ./x}, {@code x}, a link to
 *       {@code x} and a hard link to it are all {@code x}), unless that input is meant to be replaced
 *       ({@code train --resume run.json --save run.json});</li>
 *   <li>is not another of the files to write.</li>
 * </ul>
 * Every command that writes files checks them here.
 */
final class CommandFiles {
    private record Input(String flag, Path file, String replacedBy) {
    }

    private record Output(String flag, Path file, String example, boolean picture) {
    }

    private final List<Input> inputs = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();

    /** A file the command reads, named by {@code flag}; nothing when {@code file} is null. */
    CommandFiles reads(String flag, Path file) {
        return reads(flag, file, null);
    }

    /** A file the command reads that the output {@code replacedBy} may replace, as a resumed run its checkpoint. */
    CommandFiles reads(String flag, Path file, String replacedBy) {
        if (file != null) {
            inputs.add(new Input(flag, file, replacedBy));
        }
        return this;
    }

    /**
     * The files {@code --data} and {@code --test} name: a CSV file, or the IDX files of a directory or of a
     * named data set's directory.
     */
    CommandFiles readsData(DataSelection data, CsvOptions csv) {
        if (data.data == null || data.data.isBlank()) {
            return this;
        }
        if (data.isCsv()) {
            reads("--data", Path.of(data.data));
            return reads("--test", csv.testFile);
        }
        List<Path> directories = new ArrayList<>();
        if (DataCatalog.NAMES.contains(data.data)) {
            directories.add(DataCatalog.defaultDirectory(data.data));
            String shared = System.getenv(DataCatalog.DATA_DIRECTORY_VARIABLE);
            if (shared != null && !shared.isBlank()) {
                directories.add(Path.of(shared));
            }
        } else {
            directories.add(Path.of(data.data));
        }
        for (Path directory : directories) {
            for (String standardName : Mnist.FILE_NAMES) {
                for (String name : Mnist.acceptedNames(standardName)) {
                    reads("--data", directory.resolve(name));
                }
            }
        }
        return this;
    }

    /**
     * A file the command writes, named by {@code flag}; nothing when {@code file} is null.
     *
     * @param example a file name to suggest when {@code file} is a directory, e.g. {@code model.json}
     */
    CommandFiles writes(String flag, Path file, String example) {
        if (file != null) {
            outputs.add(new Output(flag, file, example, false));
        }
        return this;
    }

    /** A picture the command writes ({@link PictureFile}): as {@link #writes}, and named .png or .svg. */
    CommandFiles writesPicture(String flag, Path file, String example) {
        if (file != null) {
            outputs.add(new Output(flag, file, example, true));
        }
        return this;
    }

    /** Checks every file to write, in the order given; the first problem is a {@link UserError}. */
    void check() {
        for (int i = 0; i < outputs.size(); i++) {
            Output output = outputs.get(i);
            checkNamed(output);
            for (Input input : inputs) {
                if (!output.flag().equals(input.replacedBy()) && sameFile(output.file(), input.file())) {
                    boolean asTyped = output.file().toString().equals(input.file().toString());
                    throw new UserError(output.flag() + " " + output.file() + " would overwrite the " + input.flag()
                            + " file" + (asTyped ? "" : " " + input.file()) + "; name another file");
                }
            }
            for (Output earlier : outputs.subList(0, i)) {
                if (where(output.file()).equals(where(earlier.file()))) {
                    throw new UserError(earlier.flag() + " " + earlier.file() + " and " + output.flag() + " "
                            + output.file() + " are the same file; give each its own");
                }
            }
            try {
                AtomicFile.checkWritable(output.file());
            } catch (FileSystemException e) {
                throw new UserError(output.flag() + " " + Main.message(e), e);
            } catch (IOException e) {
                throw new UserError(output.flag() + " " + output.file() + ": cannot be written: "
                        + Main.message(e), e);
            }
        }
    }

    /** What the flag alone can tell: a name at all, not a directory, a picture's extension. */
    private static void checkNamed(Output output) {
        String flag = output.flag();
        Path file = output.file();
        if (file.toString().isBlank()) {
            throw new UserError(flag + " is empty; name a file, e.g. " + flag + " " + output.example());
        }
        if (Files.isDirectory(file)) {
            throw new UserError(flag + " " + file + " is a directory, not a file; name a file in it, e.g. "
                    + file.resolve(output.example()));
        }
        if (output.picture() && PictureFile.format(file) == null) {
            throw new UserError(flag + " " + file + ": name a .png or .svg file, e.g. " + output.example());
        }
    }

    /** Whether both name one existing file (through links, hard links and any spelling of the path). */
    static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // one cannot be read; reading or writing it will say why
        }
    }

    /**
     * Where {@code file} will be written, spelled one way: a link's target, and the real path of the part
     * that exists (so that {@code ./a.png}, {@code a.png} and {@code link-to-here/a.png} are one file).
     */
    private static Path where(Path file) {
        Path destination;
        try {
            destination = AtomicFile.destination(file);
        } catch (IOException e) {
            destination = file.toAbsolutePath();
        }
        destination = destination.normalize();
        Path existing = destination;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return destination;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(destination));
        } catch (IOException e) {
            return destination;
        }
    }
}
