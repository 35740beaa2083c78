package backprop.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What {@link AtomicFile} replaces, what it refuses, and how it says so. */
class AtomicFileTest {
    @TempDir
    Path directory;

    private static void write(Path file, String text) throws IOException {
        AtomicFile.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** A named pipe made with mkfifo, or the test is skipped where there is none. */
    static Path fifo(Path file) throws IOException, InterruptedException {
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            throw e;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        return file;
    }

    private static boolean isFifo(Path file) throws IOException {
        return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther();
    }

    @Test
    void replacesARegularFileWithTheWholeNewContent() throws IOException {
        Path file = directory.resolve("model.json");
        write(file, "old");

        write(file, "new");

        assertEquals("new", Files.readString(file));
        assertEquals(List.of("model.json"), filesIn(directory));
    }

    @Test
    void aNamedPipeIsRefusedAndStaysAPipe() throws Exception {
        Path pipe = fifo(directory.resolve("pipe"));

        FileSystemException e = assertThrows(FileSystemException.class, () -> write(pipe, "model"));

        assertEquals(pipe + ": is a named pipe (FIFO), not a regular file; only regular files are replaced",
                e.getMessage());
        assertTrue(isFifo(pipe));
        assertEquals(List.of("pipe"), filesIn(directory));
        assertThrows(FileSystemException.class, () -> AtomicFile.checkWritable(pipe));
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path target = Files.createDirectory(directory.resolve("runs")).resolve("run-5.json");
        write(target, "old");
        Path link = Files.createSymbolicLink(directory.resolve("latest.json"), Path.of("runs/run-5.json"));

        AtomicFile.checkWritable(link);
        write(link, "new");

        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("runs/run-5.json"), Files.readSymbolicLink(link));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("run-5.json"), filesIn(target.getParent()));
        assertEquals(target.toRealPath(), AtomicFile.destination(link));
    }

    @Test
    void aSymbolicLinkToAPipeIsRefused() throws Exception {
        Path pipe = fifo(directory.resolve("pipe"));
        Path link = Files.createSymbolicLink(directory.resolve("model.json"), pipe);

        FileSystemException e = assertThrows(FileSystemException.class, () -> write(link, "model"));

        assertTrue(e.getMessage().startsWith(link + ": is a named pipe"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link) && isFifo(pipe));
    }

    @Test
    void aSymbolicLinkToNothingIsRefusedAndLeftAsItIs() throws IOException {
        Path link = Files.createSymbolicLink(directory.resolve("model.json"), Path.of("missing/model.json"));

        FileSystemException e = assertThrows(FileSystemException.class, () -> write(link, "model"));
        assertThrows(FileSystemException.class, () -> AtomicFile.checkWritable(link));

        assertEquals(link + ": is a symbolic link to missing/model.json, which does not exist; only an existing "
                + "file is written through a link", e.getMessage());
        assertEquals(List.of("model.json"), filesIn(directory));
        assertFalse(Files.exists(directory.resolve("missing")));
    }

    @Test
    void aDirectoryIsRefused() throws IOException {
        Path occupied = Files.createDirectory(directory.resolve("model.json"));

        FileSystemException e = assertThrows(FileSystemException.class, () -> write(occupied, "model"));

        assertEquals(occupied + ": is a directory", e.getMessage());
    }

    @Test
    void aReadOnlyFileIsRefusedAndKept() throws IOException {
        Path file = directory.resolve("model.json");
        write(file, "precious");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "no POSIX permissions here");
        }
        assumeFalse(Files.isWritable(file), "this user may write anything (root)");

        FileSystemException e = assertThrows(FileSystemException.class, () -> write(file, "new"));

        assertTrue(e.getMessage().startsWith(file + ": is read-only"), e.getMessage());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void aFailedWriteNamesTheFileNotTheTemporaryOne() throws IOException {
        Path file = directory.resolve("model.json");
        write(file, "old");

        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[100]);
            throw new IOException("No space left on device");
        }));

        assertEquals(file + ": cannot be written: no space left on device", e.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("model.json"), filesIn(directory));
    }

    @Test
    void aNameNearTheLimitIsWrittenThoughItsTemporaryNameIsLonger() throws IOException {
        Path file = directory.resolve("m".repeat(250) + ".json");

        AtomicFile.checkWritable(file);
        write(file, "model");

        assertEquals("model", Files.readString(file));
        assertEquals(1, filesIn(directory).size());
    }

    @Test
    void checkingFindsANameTooLongAndNamesTheFile() {
        Path file = directory.resolve("m".repeat(300) + ".json");

        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFile.checkWritable(file));

        assertEquals(file + ": cannot be written: file name too long", e.getMessage());
    }

    @Test
    void checkingLeavesNothingBehindNotEvenTheDirectoriesItWouldCreate() throws IOException {
        Path file = directory.resolve("new/deeper/model.json");

        AtomicFile.checkWritable(file);

        assertEquals(List.of(), filesIn(directory));
    }

    @Test
    void checkingAnExistingFileLeavesItAsItWas() throws IOException {
        Path file = directory.resolve("model.json");
        write(file, "old");

        AtomicFile.checkWritable(file);

        assertEquals("old", Files.readString(file));
        assertEquals(List.of("model.json"), filesIn(directory));
    }

    @Test
    void aFileWhereADirectoryShouldBeIsNamed() throws IOException {
        Path file = Files.writeString(directory.resolve("afile"), "x");
        Path model = file.resolve("more/model.json");

        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFile.checkWritable(model));
        assertThrows(FileSystemException.class, () -> write(model, "model"));

        assertEquals(model + ": " + file + " is a file, not a directory", e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path file = directory.resolve("model.json");
        write(file, "old");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "no POSIX permissions here");
        }

        write(file, "new");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aFileSystemThatTakesNoNewFilesIsNamed() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "no /proc here");
        Path file = proc.resolve("model.json");

        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFile.checkWritable(file));

        assertTrue(e.getMessage().startsWith(file + ": cannot be written"), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }
}
