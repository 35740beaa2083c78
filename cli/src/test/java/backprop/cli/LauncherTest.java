package backprop.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code backprop} launcher script, run as a user runs it, on this JVM and the tests' classes: the JVM
 * announces the incubator module on standard error before any of our code runs, and the launcher keeps
 * that line from the user, so that an error is one line and a command that succeeds prints nothing there.
 */
class LauncherTest {
    private static final String INCUBATOR_NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path temp;

    private Path launcher;

    /**
     * A copy of the launcher in a directory of its own whose {@code cli/target/backprop.jar} holds no classes
     * but names the tests' class path in its manifest, so that the launcher finds a jar newer than any
     * sources (none) and runs it without building.
     */
    @BeforeEach
    void launcherBesideAJarOfTheTestClasses() throws IOException {
        Path script = Path.of("..", "backprop").toAbsolutePath().normalize();
        assumeTrue(File.separatorChar == '/' && Files.isRegularFile(script), "the launcher is a bash script");
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "needs bash");
        launcher = Files.copy(script, temp.resolve("backprop"));
        assertTrue(launcher.toFile().setExecutable(true));
        Path jar = Files.createDirectories(temp.resolve("cli/target")).resolve("backprop.jar");
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry).toAbsolutePath().toUri().toString());
        }
        attributes.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }

    private record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** Runs the launcher with this JVM as JAVA_HOME, standard input closed, in {@link #temp}. */
    private Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
        Path javaHome = Path.of(System.getProperty("java.home"));
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().remove("BACKPROP_JAVA_OPTS");
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher should end");
        return new Run(process.exitValue(), out, err.join());
    }

    @Test
    void aUserErrorIsOneLineOnStandardError() throws Exception {
        Run run = launch("evaluate", "--model", "");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(List.of("error: Invalid value for option '--model' (FILE): the file name is empty "
                + "(see 'backprop evaluate --help')"), run.errLines(), run::toString);
    }

    @Test
    void aCommandThatSucceedsPrintsNothingOnStandardError() throws Exception {
        Run run = launch("--version");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("backprop "), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void aFailedRunEndsWithItsOneErrorLineAndNoJvmNotice() throws Exception {
        Path data = IdxFiles.tiny(temp.resolve("tiny"));

        Run run = launch("train", "--data", data.toString(), "--layers", "16,8,10", "--epochs", "1",
                "--eta", "1e300");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.errLines().stream().noneMatch(INCUBATOR_NOTICE::equals), run::toString);
        assertEquals(1, run.errLines().stream().filter(line -> line.startsWith("error: ")).count(), run::toString);
        assertTrue(run.errLines().getLast().startsWith("error: training diverged"), run::toString);
    }
}
