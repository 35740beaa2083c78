package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.SavedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ctrl-C during {@code train}, for real: the command runs in its own JVM, gets SIGINT (as a terminal sends
 * it) in the middle of training, saves the checkpoint and exits with 130; the run resumed from that
 * checkpoint ends with the weights of a run that was never interrupted.
 */
class InterruptTest {
    @TempDir
    Path temp;

    /** A {@code backprop} in a JVM of its own, on this test's class path, working in {@code temp}. */
    private Process start(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(temp.toFile()).start();
    }

    /** Reads standard output until an epoch line past the first, so that training is well under way. */
    private static void awaitEpoch(Process process, int epoch) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("Epoch " + epoch + ": ")) {
                return;
            }
        }
        throw new AssertionError("the process ended before epoch " + epoch + ": "
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void ctrlCSavesACheckpointThatResumesToTheWeightsOfAnUninterruptedRun() throws Exception {
        assumeTrue(File.separatorChar == '/' && Files.isExecutable(Path.of("/bin/kill")), "needs POSIX signals");
        String data = IdxFiles.mnistLayout(temp.resolve("28x28"), 60, 20, 28, 28, false).toString();
        List<String> settings = List.of("--data", data, "--layers", "784,30,10", "--batch", "1", "--threads", "1",
                "--optimizer", "momentum", "--eta", "0.1");
        List<String> args = new ArrayList<>(List.of("train", "--epochs", "100000"));
        args.addAll(settings);

        Process process = start(args.toArray(String[]::new));
        String err;
        try {
            awaitEpoch(process, 2);
            new ProcessBuilder("/bin/kill", "-INT", Long.toString(process.pid())).start().waitFor();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process should end soon after Ctrl-C");
            err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        assertEquals(TrainCommand.INTERRUPTED, process.exitValue(), err);
        Path checkpoint = temp.resolve(TrainCommand.DEFAULT_CHECKPOINT);
        assertTrue(err.contains("saved checkpoint to " + TrainCommand.DEFAULT_CHECKPOINT
                + "; continue with: backprop train --resume " + TrainCommand.DEFAULT_CHECKPOINT), err);
        SavedCheckpoint saved = ModelFile.loadCheckpoint(checkpoint).orElseThrow();
        int epochs = saved.checkpoint().epoch() + 1;
        assertTrue(epochs >= 3, "interrupted after epoch 2 was printed: " + saved.checkpoint());

        Path resumed = temp.resolve("resumed.json");
        CliRun.run("train", "--resume", checkpoint.toString(), "--epochs", Integer.toString(epochs), "--save",
                resumed.toString()).assertSuccess();
        Path straight = temp.resolve("straight.json");
        List<String> straightArgs = new ArrayList<>(List.of("train", "--epochs", Integer.toString(epochs), "--save",
                straight.toString()));
        straightArgs.addAll(settings);
        CliRun.run(straightArgs.toArray(String[]::new)).assertSuccess();

        assertEquals(ModelFile.load(straight).network(), ModelFile.load(resumed).network(),
                "resumed from " + saved.checkpoint().epoch() + ", mini-batch " + saved.checkpoint().batch());
    }
}
