package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.SavedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    @Test
    void ctrlCSavesACheckpointThatResumesToTheWeightsOfAnUninterruptedRun() throws Exception {
        assumeTrue(File.separatorChar == '/' && Files.isExecutable(Path.of("/bin/kill")), "needs POSIX signals");
        String data = IdxFiles.mnistLayout(temp.resolve("28x28"), 60, 20, 28, 28, false).toString();
        List<String> settings = List.of("--data", data, "--layers", "784,30,10", "--batch", "1", "--threads", "1",
                "--optimizer", "momentum", "--eta", "0.1");
        List<String> args = new ArrayList<>(List.of("train", "--epochs", "100000"));
        args.addAll(settings);

        Process process = CliProcess.start(temp, args.toArray(String[]::new));
        CliProcess.awaitEpoch(process, 2);
        String err = CliProcess.interrupt(process);

        assertEquals(TrainCommand.INTERRUPTED, process.exitValue(), err);
        Path checkpoint = temp.resolve(TrainCommand.DEFAULT_CHECKPOINT);
        assertTrue(err.contains("saved checkpoint to " + TrainCommand.DEFAULT_CHECKPOINT
                + "; continue with: backprop train --resume " + TrainCommand.DEFAULT_CHECKPOINT), err);
        SavedCheckpoint saved = ModelFile.loadCheckpoint(checkpoint).orElseThrow();
        int epochs = saved.checkpoint().epoch() + 1;
        assertTrue(epochs >= 3, "interrupted after epoch 2 was printed: " + saved.checkpoint());

        // As the message says, without --save: the run's work ends up in the checkpoint it continued.
        CliRun resumed = CliRun.run("train", "--resume", checkpoint.toString(), "--epochs", Integer.toString(epochs))
                .assertSuccess();
        Path straight = temp.resolve("straight.json");
        List<String> straightArgs = new ArrayList<>(List.of("train", "--epochs", Integer.toString(epochs), "--save",
                straight.toString()));
        straightArgs.addAll(settings);
        CliRun.run(straightArgs.toArray(String[]::new)).assertSuccess();

        assertEquals("Saved checkpoint (the model and its training state) to " + checkpoint,
                resumed.outLines().getLast(), resumed::toString);
        assertEquals(epochs, ModelFile.loadCheckpoint(checkpoint).orElseThrow().checkpoint().epoch());
        assertEquals(ModelFile.load(straight).network(), ModelFile.load(checkpoint).network(),
                "resumed from " + saved.checkpoint().epoch() + ", mini-batch " + saved.checkpoint().batch());
    }

    @Test
    void ctrlCWhenTheCheckpointCannotBeWrittenAlwaysSaysWhy() throws Exception {
        assumeTrue(File.separatorChar == '/' && Files.isExecutable(Path.of("/bin/kill")), "needs POSIX signals");
        String data = IdxFiles.tiny(temp.resolve("tiny")).toString();
        // The error was printed only when it beat the JVM's exit; a few runs would show it missing.
        for (int attempt = 0; attempt < 4; attempt++) {
            Path directory = Files.createDirectories(temp.resolve("run-" + attempt + "/out"));
            Path save = directory.resolve("model.json");
            Process process = CliProcess.start(temp, "train", "--data", data, "--layers", "16,8,10", "--epochs",
                    "100000000", "--save", save.toString());
            CliProcess.awaitEpoch(process, 1);
            // The directory the checkpoint goes to turns into a file while training runs.
            Files.delete(directory);
            Files.writeString(directory, "in the way");
            String err = CliProcess.interrupt(process);

            assertEquals(TrainCommand.INTERRUPTED, process.exitValue(), err);
            assertTrue(err.lines().anyMatch(line -> line.startsWith("error: interrupted in epoch ")
                    && line.endsWith("the checkpoint could not be saved: " + save + ": " + directory
                    + " is a file, not a directory")), "attempt " + attempt + ":\n" + err);
        }
    }
}
