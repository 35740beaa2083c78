package backprop.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backprop} in a JVM of its own, on the tests' class path: for what an in-process run cannot show,
 * Ctrl-C (a real signal) and a working directory of the test's choosing.
 */
final class CliProcess {
    private CliProcess() {
    }

    /** Starts {@code backprop args} working in {@code directory}. */
    static Process start(Path directory, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(directory.toFile()).start();
    }

    /** Runs {@code backprop args} in {@code directory} to its end and returns what it printed. */
    static CliRun run(Path directory, String... args) throws IOException, InterruptedException {
        Process process = start(directory, args);
        process.getOutputStream().close();
        // Standard error is small (a few lines); read standard output first, then it.
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the process should end");
        // The JVM's own notice of the incubator module, which the launcher filters, is not ours.
        err = err.replace("WARNING: Using incubator modules: jdk.incubator.vector" + System.lineSeparator(), "");
        return new CliRun(args, process.exitValue(), out, err);
    }

    /**
     * Reads standard output until the line of epoch {@code epoch}, so that training is well under way, and
     * goes on reading the rest in the background: a process whose output pipe is full blocks in the middle
     * of an epoch and would never get to the end of its mini-batch to answer Ctrl-C.
     */
    static void awaitEpoch(Process process, int epoch) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("Epoch " + epoch + ": ")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // The epochs after it matter to no test.
                        }
                    } catch (IOException closed) {
                        // The process ended.
                    }
                }, "drain-" + process.pid());
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new AssertionError("the process ended before epoch " + epoch + ": "
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Sends SIGINT, as Ctrl-C on a terminal does, and waits for the process to end; returns its standard error. */
    static String interrupt(Process process) throws IOException, InterruptedException {
        try {
            new ProcessBuilder("/bin/kill", "-INT", Long.toString(process.pid())).start().waitFor();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process should end soon after Ctrl-C");
            return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
