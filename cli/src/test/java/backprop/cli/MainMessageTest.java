package backprop.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link Main} words what goes wrong: the file-system exceptions, whose own messages are often a
 * bare path, and running out of memory, which is an {@link Error} picocli does not handle.
 */
class MainMessageTest {

    @Test
    void fileSystemExceptionsBecomeOneLineNamingThePath() {
        assertEquals("no such file: m.json", Main.message(new NoSuchFileException("m.json")));
        assertEquals("permission denied: m.json", Main.message(new AccessDeniedException("m.json")));
        assertEquals("out/afile: a file of that name already exists",
                Main.message(new FileAlreadyExistsException("out/afile")));
        assertEquals("not a directory: out/afile", Main.message(new NotDirectoryException("out/afile")));
        assertEquals("directory not empty: out", Main.message(new DirectoryNotEmptyException("out")));
        assertEquals("m.json: input/output error",
                Main.message(new FileSystemException("m.json", null, "Input/output error")));
        assertEquals("m.json: cannot access it", Main.message(new FileSystemException("m.json")));
    }

    @Test
    void aFailedMoveNamesItsTargetNotTheTemporaryFile() {
        FileSystemException move = new FileSystemException("/data/.model.json.1f2e.tmp", "/data/model.json",
                "Is a directory");

        assertEquals("/data/model.json: is a directory", Main.message(move));
    }

    @Test
    void uncheckedIoExceptionsAreUnwrapped() {
        assertEquals("no such file: m.json",
                Main.message(new UncheckedIOException(new NoSuchFileException("m.json"))));
        assertEquals("disk on fire", Main.message(new UncheckedIOException(new IOException("disk on fire"))));
    }

    @Test
    void lowerFirstLeavesAcronymsAlone() {
        assertEquals("is a directory", Main.lowerFirst("Is a directory"));
        assertEquals("IO error", Main.lowerFirst("IO error"));
        assertEquals("", Main.lowerFirst(""));
    }

    @picocli.CommandLine.Command(name = "train")
    static final class RunsOutOfMemory implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    private static CliRun runOutOfMemory(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode;
        try (PrintWriter outWriter = new PrintWriter(out); PrintWriter errWriter = new PrintWriter(err)) {
            // A stand-in for train, as the real one needs more than the test's heap to run out of it.
            picocli.CommandLine commandLine = Main.commandLine(outWriter, errWriter);
            commandLine.getCommandSpec().removeSubcommand("train");
            commandLine.addSubcommand("train", new RunsOutOfMemory());
            commandLine.setOut(outWriter);
            commandLine.setErr(errWriter);
            exitCode = commandLine.execute(args);
        }
        return new CliRun(args, exitCode, out.toString(), err.toString());
    }

    @Test
    void outOfMemoryIsOneLineWithWhatToDoAboutIt() {
        CliRun run = runOutOfMemory("train").assertUserError("out of memory: Java heap space",
                "a smaller --batch or network", "BACKPROP_JAVA_OPTS=-Xmx");

        assertTrue(run.errorLine().matches(".*more heap than this run's \\d+ MB via BACKPROP_JAVA_OPTS=-Xmx\\d+g\\)$"),
                run::toString);
    }

    @Test
    void outOfMemoryWithDebugShowsTheStackTrace() {
        CliRun run = runOutOfMemory("train", "--debug");

        assertEquals(Main.USER_ERROR, run.exitCode(), run::toString);
        assertTrue(run.err().contains("java.lang.OutOfMemoryError: Java heap space"), run::toString);
        assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith("\tat backprop.cli.")), run::toString);
    }
}
