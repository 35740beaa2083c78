package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.SavedCheckpoint;
import backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --checkpoint-every} and {@code train --resume}: a run continued ends with the weights of one never stopped. */
class CheckpointCommandTest extends TrainingOnTinyData {

    private Network network(Path file) throws IOException {
        return ModelFile.load(file).network();
    }

    private static String[] with(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Beyond the book as well: momentum keeps a velocity, Adam two moments, dropout a step counter. */
    static final String[][] RUNS = {
            {"--engine", "fast", "--threads", "1"},
            {"--engine", "fast", "--optimizer", "adam", "--eta", "0.01", "--dropout", "0.2"},
            {"--engine", "reference", "--optimizer", "momentum", "--eta", "0.5", "--no-shuffle"},
            {"--engine", "matrix", "--cost", "cross-entropy", "--lambda", "1", "--monitor", "--eta", "0.5"},
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void resumingACheckpointGivesTheWeightsOfTheUninterruptedRun(int which) throws IOException {
        String[] settings = RUNS[which];
        Path straight = temp.resolve("straight.json");
        Path checkpoint = temp.resolve("checkpoint.json");
        Path resumed = temp.resolve("resumed.json");
        train(with(settings, "--epochs", "4", "--save", straight.toString())).assertSuccess();
        train(with(settings, "--epochs", "2", "--save", checkpoint.toString(), "--checkpoint-every", "1")).assertSuccess();

        CliRun run = CliRun.run("train", "--resume", checkpoint.toString(), "--epochs", "4", "--save",
                resumed.toString()).assertSuccess();

        assertEquals(network(straight), network(resumed), run::toString);
        assertTrue(run.outLines().contains("Resuming " + checkpoint + " at epoch 2; saving to " + resumed),
                run::toString);
        assertEquals(List.of("Epoch 2", "Epoch 3"), run.outLinesStartingWith("Epoch ").stream()
                .map(line -> line.replaceAll(":.*", "")).toList(), run::toString);
    }

    @Test
    void aCheckpointIsSavedEveryNEpochsAndAtTheEnd() throws IOException {
        Path file = temp.resolve("run.json");
        CliRun run = train("--epochs", "5", "--save", file.toString(), "--checkpoint-every", "2").assertSuccess();

        assertEquals(List.of("Saved checkpoint to " + file + " after epoch 1", "Saved checkpoint to " + file
                + " after epoch 3"), run.outLinesStartingWith("Saved checkpoint to "), run::toString);
        assertEquals("Saved checkpoint (the model and its training state) to " + file, run.outLines().getLast());
        SavedCheckpoint saved = ModelFile.loadCheckpoint(file).orElseThrow();
        assertEquals(5, saved.checkpoint().epoch());
        assertEquals(5, saved.checkpoint().history().size());
        assertTrue(saved.arguments().containsAll(List.of("--epochs", "5", "--checkpoint-every", "2")),
                saved.arguments()::toString);
    }

    @Test
    void aResumedRunContinuesWithTheStoredSettingsAndSavesWhereTheyStoredIt() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "2", "--save", file.toString(), "--checkpoint-every", "1", "--eta", "0.7").assertSuccess();

        CliRun run = CliRun.run("train", "--resume", file.toString(), "--epochs", "3").assertSuccess();

        assertTrue(run.outLines().stream().anyMatch(line -> line.startsWith("epochs 3, mini-batch 5, eta 0.7")),
                run::toString);
        assertEquals(3, ModelFile.loadCheckpoint(file).orElseThrow().checkpoint().epoch(), run::toString);
    }

    @Test
    void aResumedCheckpointCanBeResumedAgain() throws IOException {
        Path straight = temp.resolve("straight.json");
        Path file = temp.resolve("run.json");
        train("--epochs", "3", "--save", straight.toString()).assertSuccess();
        train("--epochs", "1", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();
        CliRun.run("train", "--resume", file.toString(), "--epochs", "2").assertSuccess();

        CliRun.run("train", "--resume", file.toString(), "--epochs", "3").assertSuccess();

        assertEquals(network(straight), network(file));
    }

    @Test
    void resumingAModelThatIsNotACheckpointSaysToUseFrom() throws IOException {
        Path model = temp.resolve("model.json");
        train("--save", model.toString()).assertSuccess();

        CliRun.run("train", "--resume", model.toString(), "--epochs", "4")
                .assertUserError(model + " is a model, not a checkpoint", "use --from " + model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--eta", "--layers", "--data", "--seed"})
    void settingsOtherThanWhereAndHowLongCannotChangeOnResume(String flag) throws IOException {
        Path file = temp.resolve("run.json");
        train("--save", file.toString(), "--checkpoint-every", "1").assertSuccess();
        String value = switch (flag) {
            case "--layers" -> "16,9,10";
            case "--data" -> data();
            default -> "2";
        };

        CliRun.run("train", "--resume", file.toString(), flag, value)
                .assertUserError(flag + " cannot change when resuming", "--epochs");
    }

    @Test
    void resumingWithFewerEpochsThanDoneIsAUserError() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "3", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();

        CliRun.run("train", "--resume", file.toString(), "--epochs", "2")
                .assertUserError("--epochs 2", "has done 3 epochs", "--epochs 13");
    }

    @Test
    void resumingAMissingFileIsAUserError() {
        Path missing = temp.resolve("missing.json");
        CliRun.run("train", "--resume", missing.toString()).assertUserError("no such file: " + missing);
    }

    @Test
    void aDamagedCheckpointIsAUserErrorNamingTheProblem() throws IOException {
        Path file = temp.resolve("run.json");
        train("--save", file.toString(), "--checkpoint-every", "1").assertSuccess();
        Files.writeString(file, Files.readString(file).replace("\"format\": 1", "\"format\": 7"));

        CliRun.run("train", "--resume", file.toString()).assertUserError(file.toString(), "checkpoint.format 7");
    }

    @Test
    void checkpointEveryNeedsSave() {
        CliRun run = train("--checkpoint-every", "1").assertUserError("--checkpoint-every", "--save");
        assertEquals(1, run.errLines().size(), () -> "rejected before any data is loaded\n" + run);
    }

    @Test
    void checkpointEveryMustBePositive() {
        train("--checkpoint-every", "0", "--save", temp.resolve("m.json").toString())
                .assertUserError("--checkpoint-every must be at least 1");
    }

    @Test
    void aDivergingRunKeepsItsLastGoodCheckpoint() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "1", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();
        Network good = network(file);
        Path start = Files.copy(file, temp.resolve("start.json"));

        CliRun.run("train", "--data", data(), "--from", start.toString(), "--eta", "1e300", "--save", file.toString(),
                "--checkpoint-every", "1").assertUserError("diverged", "--eta");

        assertEquals(good, network(file), "neither a checkpoint nor the model of a diverged run is saved");
    }

    @Test
    void inspectTellsWhereACheckpointStopped() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "2", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();

        CliRun run = CliRun.run("inspect", "--model", file.toString()).assertSuccess();

        assertTrue(run.outLines().stream().anyMatch(line -> line.startsWith("Checkpoint: 2 epochs done, eta 3, ")
                && line.endsWith("continue with 'backprop train --resume " + file + "'")), run::toString);
    }

    @Test
    void aCheckpointIsAModelForEvaluateAndForFrom() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "2", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();

        CliRun.run("evaluate", "--model", file.toString(), "--data", data()).assertSuccess();
        CliRun run = CliRun.run("train", "--data", data(), "--from", file.toString(), "--epochs", "1", "--layers",
                "16,8,10").assertSuccess();
        assertNotEquals("", run.out());
    }

    @Test
    void aResumedPlotStartsWithTheEpochsBeforeIt() throws IOException {
        Path file = temp.resolve("run.json");
        Path plot = temp.resolve("plot.png");
        train("--epochs", "2", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();

        CliRun run = CliRun.run("train", "--resume", file.toString(), "--epochs", "3", "--plot", plot.toString())
                .assertSuccess();

        assertTrue(Files.exists(plot), run::toString);
        assertFalse(run.out().contains("Epoch 0:"), "only the new epochs are printed\n" + run);
    }

    @Test
    void theStoredSettingsAreTheFlagsAsTypedWithTheFastEnginesThreadsMadeExplicit() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "1", "--save", file.toString(), "--checkpoint-every", "1", "--no-shuffle", "--quiet")
                .assertSuccess();

        List<String> arguments = ModelFile.loadCheckpoint(file).orElseThrow().arguments();
        assertTrue(arguments.contains("--no-shuffle"), arguments::toString);
        assertFalse(arguments.contains("--quiet"), "how a run reports is chosen anew each time: " + arguments);
        int threads = arguments.indexOf("--threads");
        assertTrue(threads >= 0 && arguments.get(threads + 1).matches("\\d+"), arguments::toString);
    }
}
