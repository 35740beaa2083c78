package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.SavedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nothing a user has is damaged by where a command writes: every command that writes files writes only
 * new paths and regular files (a symbolic link through to its target), never a file it reads, and
 * finds a path that cannot work before the work, with one line naming it.
 */
class OutputFilesTest extends TrainingOnTinyData {

    /** A named pipe made with mkfifo, or the test is skipped where there is none. */
    private static Path fifo(Path file) throws IOException, InterruptedException {
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

    private static boolean isPipe(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }

    private Path model() {
        Path model = temp.resolve("model.json");
        if (!Files.exists(model)) {
            train("--save", model.toString()).assertSuccess();
        }
        return model;
    }

    /** A command of each kind that writes {@code file} as one of its outputs. */
    private CliRun writing(String command, Path file) {
        return switch (command) {
            case "train --save" -> train("--save", file.toString());
            case "train --plot" -> train("--plot", file.toString());
            case "evaluate --confusion" -> CliRun.run("evaluate", "--model", model().toString(), "--data", data(),
                    "--confusion", file.toString());
            case "evaluate --mistakes" -> CliRun.run("evaluate", "--model", model().toString(), "--data", data(),
                    "--mistakes", file.toString());
            case "inspect --weights" -> CliRun.run("inspect", "--model", model().toString(), "--weights",
                    file.toString());
            case "show --png" -> CliRun.run("show", "--data", data(), "--index", "0", "--png", file.toString());
            default -> throw new AssertionError(command);
        };
    }

    @ParameterizedTest(name = "{0} onto a named pipe is refused before any work")
    @ValueSource(strings = {"train --save", "train --plot", "evaluate --confusion", "evaluate --mistakes",
            "inspect --weights", "show --png"})
    void aNamedPipeIsNeverReplaced(String command) throws Exception {
        model();
        Path pipe = fifo(temp.resolve("pipe.png"));

        CliRun run = writing(command, pipe).assertUserError(command.split(" ")[1] + " " + pipe,
                "is a named pipe (FIFO), not a regular file");

        assertTrue(isPipe(pipe), "still a pipe");
        assertEquals(1, run.errLines().size(), () -> "refused before any data is loaded\n" + run);
        assertEquals("", run.out(), run::toString);
    }

    @Test
    void aSymbolicLinkIsWrittenThroughToItsTargetAndStaysALink() throws IOException {
        Path runs = Files.createDirectory(temp.resolve("runs"));
        Path target = Files.writeString(runs.resolve("run-1.json"), "an older model");
        Path link = Files.createSymbolicLink(temp.resolve("latest.json"), Path.of("runs/run-1.json"));

        train("--save", link.toString()).assertSuccess();

        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("runs/run-1.json"), Files.readSymbolicLink(link));
        assertEquals(ModelFile.load(link).network(), ModelFile.load(target).network(), "the model is in the target");
        assertEquals(List.of("run-1.json"), filesIn(runs));
    }

    @Test
    void aSymbolicLinkToAPipeIsRefused() throws Exception {
        Path pipe = fifo(temp.resolve("pipe"));
        Path link = Files.createSymbolicLink(temp.resolve("model.json"), pipe);

        train("--save", link.toString()).assertUserError("--save " + link, "named pipe");

        assertTrue(Files.isSymbolicLink(link) && isPipe(pipe));
    }

    @Test
    void aSymbolicLinkToNothingIsRefusedBeforeTraining() throws IOException {
        Path link = Files.createSymbolicLink(temp.resolve("model.json"), Path.of("gone.json"));

        CliRun run = train("--save", link.toString()).assertUserError("--save " + link, "symbolic link", "gone.json");

        assertEquals("", run.out(), run::toString);
        assertFalse(Files.exists(temp.resolve("gone.json")));
    }

    private Path csv() throws IOException {
        StringBuilder rows = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 60; i++) {
            rows.append(i % 3).append(',').append((i * 7) % 5).append(',').append(i % 3).append('\n');
        }
        return Files.writeString(temp.resolve("data.csv"), rows);
    }

    private CliRun trainOnCsv(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--layers", "2,4,3",
                "--epochs", "1"));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void savingOverTheTrainingDataIsRefusedAndTheDataKept() throws IOException {
        Path data = csv();
        byte[] before = Files.readAllBytes(data);

        CliRun run = trainOnCsv(data, "--save", data.toString());

        assertEquals("error: --save " + data + " would overwrite the --data file; name another file", run.errorLine());
        run.assertUserError();
        assertArrayEquals(before, Files.readAllBytes(data));
    }

    @Test
    void theSameFileIsFoundWhateverItsPathLooksLike() throws IOException {
        Path data = csv();
        byte[] before = Files.readAllBytes(data);
        Path hardLink = Files.createLink(temp.resolve("hard.csv"), data);
        Path symbolicLink = Files.createSymbolicLink(temp.resolve("soft.json"), data);
        Path roundabout = temp.resolve("sub/../data.csv");
        Files.createDirectory(temp.resolve("sub"));

        trainOnCsv(data, "--save", hardLink.toString()).assertUserError("--save " + hardLink,
                "would overwrite the --data file " + data);
        trainOnCsv(data, "--save", symbolicLink.toString()).assertUserError("would overwrite the --data file");
        trainOnCsv(data, "--save", roundabout.toString()).assertUserError("would overwrite the --data file");

        assertArrayEquals(before, Files.readAllBytes(data));
    }

    @Test
    void noOutputMayOverwriteTheTestDataOrTheStartingModel() throws IOException {
        Path data = csv();
        Path test = Files.copy(data, temp.resolve("test.csv"));
        trainOnCsv(data, "--test", test.toString(), "--save", test.toString())
                .assertUserError("--save " + test + " would overwrite the --test file");

        Path start = temp.resolve("start.json");
        trainOnCsv(data, "--save", start.toString()).assertSuccess();
        byte[] model = Files.readAllBytes(start);
        trainOnCsv(data, "--from", start.toString(), "--save", start.toString())
                .assertUserError("--save " + start + " would overwrite the --from file");
        Path picture = Files.createLink(temp.resolve("start.png"), start);
        trainOnCsv(data, "--from", start.toString(), "--plot", picture.toString())
                .assertUserError("--plot " + picture + " would overwrite the --from file " + start);
        assertArrayEquals(model, Files.readAllBytes(start));
    }

    @Test
    void noOutputMayOverwriteAFileOfAnIdxDataDirectory() throws IOException {
        Path labels = Path.of(data()).resolve(IdxFiles.TRAIN_LABELS);
        byte[] before = Files.readAllBytes(labels);

        train("--save", labels.toString()).assertUserError("would overwrite the --data file");
        CliRun.run("show", "--data", data(), "--index", "0", "--png", labels.toString())
                .assertUserError("would overwrite the --data file");

        assertArrayEquals(before, Files.readAllBytes(labels));
    }

    @Test
    void pictureOutputsMayNotOverwriteTheModelTheyDraw() throws IOException {
        Path model = model();
        Path picture = Files.createLink(temp.resolve("model.png"), model);
        byte[] before = Files.readAllBytes(model);

        CliRun.run("inspect", "--model", model.toString(), "--weights", picture.toString())
                .assertUserError("--weights " + picture + " would overwrite the --model file " + model);
        CliRun.run("evaluate", "--model", model.toString(), "--data", data(), "--confusion", picture.toString())
                .assertUserError("--confusion " + picture + " would overwrite the --model file " + model);

        assertArrayEquals(before, Files.readAllBytes(model));
    }

    @Test
    void twoOutputsOfOneCommandMayNotBeTheSameFile() throws IOException {
        Path picture = temp.resolve("pictures/both.png");
        Path roundabout = temp.resolve("pictures/../pictures/both.png");

        CliRun.run("evaluate", "--model", model().toString(), "--data", data(), "--confusion", picture.toString(),
                "--mistakes", roundabout.toString()).assertUserError("--confusion " + picture, "--mistakes "
                + roundabout, "are the same file");
        train("--save", picture.toString(), "--plot", picture.toString()).assertUserError("are the same file");
    }

    @Test
    void resumingMayStillSaveOverTheCheckpointItContinues() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "1", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();

        CliRun.run("train", "--resume", file.toString(), "--epochs", "2", "--save", file.toString()).assertSuccess();

        assertEquals(2, ModelFile.loadCheckpoint(file).orElseThrow().checkpoint().epoch());
    }

    @Test
    void aResumedRunMayNotPlotOverItsCheckpoint() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "1", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();
        Path picture = Files.createLink(temp.resolve("run.png"), file);

        CliRun.run("train", "--resume", file.toString(), "--epochs", "2", "--plot", picture.toString())
                .assertUserError("--plot " + picture + " would overwrite the --resume file " + file);
    }

    @Test
    void aResumedRunWithoutSaveSavesToItsCheckpointAndSaysSoFirst() throws IOException {
        Path file = temp.resolve("run.json");
        train("--epochs", "1", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();

        CliRun run = CliRun.run("train", "--resume", file.toString(), "--epochs", "2").assertSuccess();

        assertEquals("Resuming " + file + " at epoch 1; saving to " + file, run.outLines().getFirst(), run::toString);
        assertEquals("Saved checkpoint (the model and its training state) to " + file, run.outLines().getLast());
        assertEquals(2, ModelFile.loadCheckpoint(file).orElseThrow().checkpoint().epoch());
    }

    @Test
    void aCheckpointStoresItsFilesAsAbsolutePaths() throws IOException, InterruptedException {
        Path started = Files.createDirectories(temp.resolve("started"));
        data();
        CliProcess.run(started, "train", "--data", "../tiny", "--layers", "16,8,10", "--epochs", "1", "--batch", "5",
                "--save", "ck.json", "--checkpoint-every", "1", "--plot", "plot.png").assertSuccess();

        List<String> stored = ModelFile.loadCheckpoint(started.resolve("ck.json")).orElseThrow().arguments();

        for (String flag : List.of("--data", "--save", "--plot")) {
            String value = stored.get(stored.indexOf(flag) + 1);
            assertTrue(Path.of(value).isAbsolute(), flag + " " + value);
        }
        assertEquals(temp.resolve("tiny").toString(), stored.get(stored.indexOf("--data") + 1));
        assertEquals(started.resolve("ck.json").toString(), stored.get(stored.indexOf("--save") + 1));
    }

    @Test
    void resumingFromAnotherDirectoryWritesNothingThere() throws IOException, InterruptedException {
        Path started = Files.createDirectories(temp.resolve("started"));
        data();
        CliProcess.run(started, "train", "--data", "../tiny", "--layers", "16,8,10", "--epochs", "1", "--batch", "5",
                "--save", "ck.json", "--checkpoint-every", "1", "--plot", "plot.png").assertSuccess();
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path unrelated = Files.writeString(elsewhere.resolve("ck.json"), "someone else's file");
        Path unrelatedPicture = Files.writeString(elsewhere.resolve("plot.png"), "someone else's picture");

        CliRun run = CliProcess.run(elsewhere, "train", "--resume", started.resolve("ck.json").toString(),
                "--epochs", "2", "--quiet").assertSuccess();

        assertEquals("someone else's file", Files.readString(unrelated), run::toString);
        assertEquals("someone else's picture", Files.readString(unrelatedPicture), run::toString);
        assertEquals(List.of("ck.json", "plot.png"), filesIn(elsewhere));
        assertEquals(2, ModelFile.loadCheckpoint(started.resolve("ck.json")).orElseThrow().checkpoint().epoch());
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A checkpoint of an older backprop, which stored the paths as typed: they are where the run started,
     * not where the resumed run is (here, the tests' working directory, which must not be written to).
     */
    @Test
    void anOlderCheckpointsRelativePathsAreResolvedWhereItsRunStarted() throws IOException {
        Path started = Files.createDirectories(temp.resolve("started"));
        Path file = started.resolve("old.json");
        train("--epochs", "1", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();
        SavedCheckpoint saved = ModelFile.loadCheckpoint(file).orElseThrow();
        List<String> relative = new ArrayList<>(saved.arguments());
        relative.set(relative.indexOf("--save") + 1, "started/old.json");
        relative.set(relative.indexOf("--data") + 1, "tiny");
        ModelFile.saveCheckpoint(saved.checkpoint(), saved.provenance().orElse(null), relative, file);
        assertFalse(Files.exists(Path.of("started/old.json")), "the test needs a working directory without it");

        CliRun run = CliRun.run("train", "--resume", file.toString(), "--epochs", "2").assertSuccess();

        assertEquals(2, ModelFile.loadCheckpoint(file).orElseThrow().checkpoint().epoch(), run::toString);
        assertFalse(Files.exists(Path.of("started")), "nothing written in the working directory");
    }

    @Test
    void anOlderCheckpointThatMovedCannotPlotToAGuessedPlace() throws IOException {
        Path file = temp.resolve("old.json");
        train("--epochs", "1", "--save", file.toString(), "--checkpoint-every", "1").assertSuccess();
        SavedCheckpoint saved = ModelFile.loadCheckpoint(file).orElseThrow();
        List<String> relative = new ArrayList<>(saved.arguments());
        relative.set(relative.indexOf("--save") + 1, "runs/old.json");
        relative.addAll(List.of("--plot", "plot.png"));
        ModelFile.saveCheckpoint(saved.checkpoint(), saved.provenance().orElse(null), relative, file);

        CliRun.run("train", "--resume", file.toString(), "--epochs", "2")
                .assertUserError(file + " stores --plot plot.png relative to the directory", "give --plot FILE");
        CliRun.run("train", "--resume", file.toString(), "--epochs", "2", "--plot",
                temp.resolve("plot.png").toString()).assertSuccess();
    }

    @Test
    void ctrlCWithoutSaveNeverOverwritesAnEarlierRunsCheckpoint() throws IOException {
        Files.writeString(temp.resolve(TrainCommand.DEFAULT_CHECKPOINT), "an earlier run's checkpoint");
        Files.writeString(temp.resolve("backprop-checkpoint-2.json"), "and another's");

        assertEquals(temp.resolve("backprop-checkpoint-3.json"), CheckpointSaver.newCheckpointFile(temp));
        Path empty = Files.createDirectory(temp.resolve("empty"));
        assertEquals(empty.resolve(TrainCommand.DEFAULT_CHECKPOINT), CheckpointSaver.newCheckpointFile(empty));
    }

    @ParameterizedTest(name = "--save {0} is refused before training")
    @ValueSource(strings = {"/proc/model.json", "LONG"})
    void aSavePathThatCannotWorkIsRefusedBeforeTraining(String path) {
        String save = path.equals("LONG") ? temp.resolve("m".repeat(300) + ".json").toString() : path;
        assumeTrue(!save.startsWith("/proc") || Files.isDirectory(Path.of("/proc/self")), "no /proc here");

        CliRun run = train("--save", save).assertUserError("--save " + save + ": cannot be written");

        assertEquals("", run.out(), () -> "nothing trained\n" + run);
        assertEquals(1, run.errLines().size(), () -> "refused before any data is loaded\n" + run);
        assertFalse(run.err().contains(".tmp"), run::toString);
    }

    @Test
    void aRelativePathInANewDirectoryIsCreated() throws IOException, InterruptedException {
        data();

        CliProcess.run(temp, "train", "--data", "tiny", "--layers", "16,8,10", "--epochs", "1", "--save",
                "newdir/model.json").assertSuccess();
        CliProcess.run(temp, "show", "--data", "tiny", "--index", "0", "--png", "new/deeper/digit.png")
                .assertSuccess();

        assertTrue(Files.isRegularFile(temp.resolve("newdir/model.json")));
        assertTrue(Files.isRegularFile(temp.resolve("new/deeper/digit.png")));
    }

    @Test
    void anEmptyFileNameIsAUserErrorNamingTheFlag() {
        CliRun.run("evaluate", "--model", "", "--data", data()).assertUserError("--model", "empty");
        train("--save", "").assertUserError("--save", "empty");
        CliRun.run("inspect", "--model", " ").assertUserError("--model", "empty");
    }
}
