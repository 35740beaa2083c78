package backprop.cli;

import backprop.io.ModelFile;
import backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backprop train} on tiny generated IDX data, run in-process. */
class TrainCommandTest extends TrainingOnTinyData {
    /** network.py's line, {@code Epoch 0: 9026 / 10000}, with the percentage and the epoch's time after it. */
    static final Pattern EPOCH_LINE = Pattern.compile("^Epoch \\d+: \\d+ / \\d+ \\(\\d+\\.\\d\\d%\\) \\d+\\.\\d{3} s$");
    static final Pattern EPOCH_COMPLETE_LINE = Pattern.compile("^Epoch \\d+ complete \\d+\\.\\d{3} s$");
    /** What the "created" timestamp of the provenance looks like in a saved model. */
    private static final Pattern CREATED = Pattern.compile("\"created\"\\s*:\\s*\"[^\"]*\"");




    /** The epoch lines without their times, which differ from run to run. */
    private static List<String> epochResults(CliRun run) {
        return run.outLinesStartingWith("Epoch ").stream().map(line -> line.replaceAll(" \\d+\\.\\d{3} s$", "")).toList();
    }

    private static String withoutCreated(Path model) throws IOException {
        return CREATED.matcher(Files.readString(model, StandardCharsets.UTF_8)).replaceAll("\"created\":\"?\"");
    }

    @Test
    void trainPrintsOneEpochLinePerEpochInNetworkPyFormat() {
        CliRun run = train().assertSuccess();

        List<String> epochs = run.outLinesStartingWith("Epoch ");
        assertEquals(2, epochs.size(), run::toString);
        for (String line : epochs) {
            assertTrue(EPOCH_LINE.matcher(line).matches(), () -> "not network.py's epoch line: '" + line + "'\n" + run);
        }
        assertTrue(epochs.get(0).startsWith("Epoch 0: "), run::toString);
        assertTrue(epochs.get(1).startsWith("Epoch 1: "), run::toString);
        assertTrue(epochs.get(0).contains(" / 20 "), () -> "evaluates on the 20 test images by default\n" + run);
    }

    @Test
    void trainDescribesTheNetworkAndTheDataBeforeTheFirstEpoch() {
        CliRun run = train().assertSuccess();

        assertTrue(run.outLines().getFirst().startsWith("Training 16,8,10 (sigmoid; quadratic cost) on 50 "),
                run::toString);
        assertTrue(run.outLines().getFirst().endsWith("evaluating on 20 tiny test examples"), run::toString);
        assertTrue(run.outLines().get(1).startsWith("epochs 2, mini-batch 5, eta 3.0, lambda 0.0, init large, seed 1"),
                run::toString);
    }

    @Test
    void trainEndsWithTheFinalAndBestAccuracy() {
        CliRun run = train().assertSuccess();

        assertTrue(run.outLines().getLast().matches(
                "Final: \\d+ / 20 \\(\\d+\\.\\d\\d%\\); best: \\d+ / 20 \\(\\d+\\.\\d\\d%\\) at epoch [01]; "
                        + "\\d+\\.\\d{3} s per epoch"), run::toString);
    }

    @Test
    void trainWithEvalNonePrintsEpochCompleteLines() {
        CliRun run = train("--eval", "none").assertSuccess();

        List<String> epochs = run.outLinesStartingWith("Epoch ");
        assertEquals(2, epochs.size(), run::toString);
        for (String line : epochs) {
            assertTrue(EPOCH_COMPLETE_LINE.matcher(line).matches(), () -> "'" + line + "'\n" + run);
        }
        assertFalse(run.out().contains("evaluating on"), run::toString);
        assertFalse(run.out().contains("Final:"), run::toString);
    }

    @Test
    void trainWithEvalValidationEvaluatesOnTheLastSixthOfTheTrainingFile() {
        CliRun run = train("--eval", "validation").assertSuccess();

        assertTrue(run.outLines().getFirst().contains("on 50 tiny training examples, evaluating on 10 tiny validation"),
                run::toString);
        assertTrue(run.outLinesStartingWith("Epoch ").getFirst().contains(" / 10 "), run::toString);
    }

    @Test
    void trainWithMonitorAddsNetwork2PysFourLinesAfterEachEpoch() {
        CliRun run = train("--monitor").assertSuccess();

        List<String> lines = run.outLines();
        int epochs = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("Epoch ")) {
                continue;
            }
            epochs++;
            assertTrue(EPOCH_LINE.matcher(lines.get(i)).matches(), run::toString);
            assertTrue(lines.get(i + 1).matches("Cost on training data: \\d+\\.\\d+(E-?\\d+)?"), run::toString);
            assertEquals("Accuracy on training data: ", lines.get(i + 2).replaceAll("\\d+ / 50$", ""), run::toString);
            assertTrue(lines.get(i + 3).matches("Cost on evaluation data: \\d+\\.\\d+(E-?\\d+)?"), run::toString);
            assertEquals("Accuracy on evaluation data: ", lines.get(i + 4).replaceAll("\\d+ / 20$", ""), run::toString);
        }
        assertEquals(2, epochs, run::toString);
    }

    @Test
    void monitorAccuracyOnEvaluationDataAgreesWithTheEpochLine() {
        CliRun run = train("--monitor").assertSuccess();

        List<String> lines = run.outLines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Epoch ")) {
                String correct = lines.get(i).replaceAll("^Epoch \\d+: (\\d+) / 20 .*$", "$1");
                assertEquals("Accuracy on evaluation data: " + correct + " / 20", lines.get(i + 4), run::toString);
            }
        }
    }

    @Test
    void trainWithMonitorAndEvalNonePrintsOnlyTheTrainingLines() {
        CliRun run = train("--monitor", "--eval", "none").assertSuccess();

        assertEquals(2, run.outLinesStartingWith("Cost on training data: ").size(), run::toString);
        assertEquals(2, run.outLinesStartingWith("Accuracy on training data: ").size(), run::toString);
        assertEquals(0, run.outLinesStartingWith("Cost on evaluation data: ").size(), run::toString);
        assertEquals(0, run.outLinesStartingWith("Accuracy on evaluation data: ").size(), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "reference", "matrix"})
    void everyEngineTrainsAndSaysWhichItIs(String engine) {
        CliRun run = train("--engine", engine).assertSuccess();

        assertEquals(2, run.outLinesStartingWith("Epoch ").size(), run::toString);
        assertTrue(run.outLines().get(1).contains("engine " + engine), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void fastEngineTrainsWithTheGivenNumberOfThreads(String threads) {
        // 300 hidden neurons: enough weights that the engine shares the layer between threads.
        CliRun run = train("--engine", "fast", "--threads", threads, "--layers", "16,300,10").assertSuccess();

        assertEquals(2, run.outLinesStartingWith("Epoch ").size(), run::toString);
        String unit = threads.equals("1") ? " thread)" : " threads)";
        assertTrue(run.outLines().get(1).contains("engine fast (" + threads + unit), run::toString);
    }

    /** The fast engine promises results that depend only on the seed and the number of threads. */
    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void fastEngineGivesTheSameNetworkForTheSameSeedAndThreads(String threads) throws IOException {
        Path first = temp.resolve("first.json");
        Path second = temp.resolve("second.json");
        CliRun one = train("--engine", "fast", "--threads", threads, "--seed", "5", "--save", first.toString())
                .assertSuccess();
        CliRun two = train("--engine", "fast", "--threads", threads, "--seed", "5", "--save", second.toString())
                .assertSuccess();

        assertEquals(ModelFile.load(first).network(), ModelFile.load(second).network());
        assertEquals(epochResults(one), epochResults(two));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "matrix"})
    void threadsWithAnEngineThatIgnoresThemAreAUserError(String engine) {
        CliRun run = train("--engine", engine, "--threads", "2").assertUserError("--threads", "--engine fast", engine);

        assertEquals(1, run.errLines().size(), () -> "rejected before any data is loaded\n" + run);
    }

    @Test
    void miniBatchLargerThanTheTrainingDataTakesAllOfItAtOnce() {
        CliRun run = train("--batch", "1000", "--engine", "fast").assertSuccess();

        assertEquals(2, run.outLinesStartingWith("Epoch ").size(), run::toString);
    }

    @Test
    void hugeMiniBatchOnTinyDataTrainsWithTheFastEngine() {
        CliRun run;
        try {
            run = train("--batch", "2000000000", "--engine", "fast");
        } catch (OutOfMemoryError e) {
            throw new AssertionError("the fast engine allocated buffers for 2,000,000,000 examples of 50", e);
        }
        run.assertSuccess();
        assertEquals(2, run.outLinesStartingWith("Epoch ").size(), run::toString);
    }

    @Test
    void trainSizeUsesOnlyTheFirstNTrainingExamples() {
        CliRun run = train("--train-size", "10", "--monitor").assertSuccess();

        assertTrue(run.outLines().getFirst().contains(" on 10 tiny training examples"), run::toString);
        assertEquals(2, run.outLinesStartingWith("Accuracy on training data: ").size(), run::toString);
        for (String line : run.outLinesStartingWith("Accuracy on training data: ")) {
            assertTrue(line.endsWith(" / 10"), run::toString);
        }
    }

    @Test
    void trainSizeLargerThanTheTrainingDataUsesAllOfIt() {
        CliRun run = train("--train-size", "1000").assertSuccess();

        assertTrue(run.outLines().getFirst().contains(" on 50 tiny training examples"), run::toString);
    }

    @Test
    void zeroEpochsTrainsNothingAndPrintsNoEpochLines() {
        CliRun run = train("--epochs", "0").assertSuccess();

        assertEquals(0, run.outLinesStartingWith("Epoch ").size(), run::toString);
    }

    @Test
    void trainReadsGzippedIdxFilesLikeRawOnes() throws IOException {
        Path raw = temp.resolve("raw.json");
        Path gzipped = temp.resolve("gzipped.json");
        String gzipDirectory = IdxFiles.mnistLayout(temp.resolve("gz"), 60, 20, 4, 4, true).toString();
        List<String> common = List.of("--layers", "16,8,10", "--epochs", "2", "--batch", "5", "--engine", "reference");

        List<String> rawArgs = new ArrayList<>(List.of("train", "--data", data(), "--save", raw.toString()));
        rawArgs.addAll(common);
        List<String> gzipArgs = new ArrayList<>(List.of("train", "--data", gzipDirectory, "--save", gzipped.toString()));
        gzipArgs.addAll(common);
        CliRun fromRaw = CliRun.run(rawArgs.toArray(String[]::new)).assertSuccess();
        CliRun fromGzip = CliRun.run(gzipArgs.toArray(String[]::new)).assertSuccess();

        assertEquals(epochResults(fromRaw), epochResults(fromGzip));
        assertEquals(ModelFile.load(raw).network(), ModelFile.load(gzipped).network());
    }

    @Test
    void trainOn28By28ImagesWithTheBooksInputLayer() {
        String mnistSized = IdxFiles.mnistLayout(temp.resolve("28x28"), 60, 20, 28, 28, false).toString();
        CliRun run = CliRun.run("train", "--data", mnistSized, "--layers", "784,30,10", "--epochs", "2", "--batch", "10")
                .assertSuccess();

        assertEquals(2, run.outLinesStartingWith("Epoch ").size(), run::toString);
        assertTrue(run.outLines().getFirst().startsWith("Training 784,30,10 "), run::toString);
    }

    @Test
    void trainingLearnsTheTinyDataSet() {
        CliRun run = train("--epochs", "30", "--engine", "reference", "--init", "scaled", "--layers", "16,20,10")
                .assertSuccess();

        String last = run.outLinesStartingWith("Epoch ").getLast();
        int correct = Integer.parseInt(last.replaceAll("^Epoch \\d+: (\\d+) / 20 .*$", "$1"));
        assertTrue(correct >= 18, () -> "expected the tiny classes to be learned\n" + run);
    }

    @Test
    void trainSavesAModelThatLoadsWithTheTrainedLayers() throws IOException {
        Path model = temp.resolve("models/model.json");
        CliRun run = train("--save", model.toString()).assertSuccess();

        assertEquals("Saved model to " + model, run.outLines().getLast());
        Network network = ModelFile.load(model).network();
        assertEquals(List.of(16, 8, 10), java.util.Arrays.stream(network.sizes()).boxed().toList());
        assertTrue(network.isFinite());
    }

    @Test
    void sameSeedWithoutShuffleSavesTheSameModelTwice() throws IOException {
        Path first = temp.resolve("first.json");
        Path second = temp.resolve("second.json");
        CliRun one = train("--no-shuffle", "--seed", "7", "--save", first.toString()).assertSuccess();
        CliRun two = train("--no-shuffle", "--seed", "7", "--save", second.toString()).assertSuccess();

        assertTrue(one.outLines().get(1).endsWith(", no shuffle"), one::toString);
        assertTrue(Files.readString(first).contains("\"created\""), "the provenance records when the model was made");
        assertEquals(ModelFile.load(first).network(), ModelFile.load(second).network());
        assertEquals(withoutCreated(first), withoutCreated(second), "same bytes apart from the creation time");
        assertEquals(epochResults(one), epochResults(two));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "reference", "matrix"})
    void sameSeedGivesTheSameResultsWithShuffling(String engine) throws IOException {
        Path first = temp.resolve("first.json");
        Path second = temp.resolve("second.json");
        CliRun one = train("--engine", engine, "--seed", "42", "--monitor", "--save", first.toString()).assertSuccess();
        CliRun two = train("--engine", engine, "--seed", "42", "--monitor", "--save", second.toString()).assertSuccess();

        assertEquals(ModelFile.load(first).network(), ModelFile.load(second).network());
        assertEquals(one.outLines().stream().filter(l -> l.contains(" data: ")).toList(),
                two.outLines().stream().filter(l -> l.contains(" data: ")).toList());
        assertEquals(epochResults(one), epochResults(two));
    }

    @Test
    void differentSeedsGiveDifferentNetworks() throws IOException {
        Path first = temp.resolve("first.json");
        Path second = temp.resolve("second.json");
        train("--seed", "1", "--save", first.toString()).assertSuccess();
        train("--seed", "2", "--save", second.toString()).assertSuccess();

        assertNotEquals(ModelFile.load(first).network(), ModelFile.load(second).network());
    }

    @Test
    void trainFromASavedModelContinuesFromItsParameters() throws IOException {
        Path start = temp.resolve("start.json");
        Path continued = temp.resolve("continued.json");
        train("--save", start.toString()).assertSuccess();

        CliRun run = CliRun.run("train", "--data", data(), "--from", start.toString(), "--epochs", "1", "--batch", "5",
                "--save", continued.toString()).assertSuccess();

        assertTrue(run.outLines().getFirst().startsWith("Training 16,8,10 "), run::toString);
        assertTrue(run.outLines().get(1).contains("init from " + start), run::toString);
        Network before = ModelFile.load(start).network();
        Network after = ModelFile.load(continued).network();
        assertEquals(java.util.Arrays.toString(before.sizes()), java.util.Arrays.toString(after.sizes()));
        assertNotEquals(before, after, "one more epoch changes the parameters");
    }

    @Test
    void trainFromASavedModelForZeroEpochsKeepsItsParameters() throws IOException {
        Path start = temp.resolve("start.json");
        Path copy = temp.resolve("copy.json");
        train("--save", start.toString()).assertSuccess();

        CliRun.run("train", "--data", data(), "--from", start.toString(), "--epochs", "0", "--save", copy.toString())
                .assertSuccess();

        assertEquals(ModelFile.load(start).network(), ModelFile.load(copy).network());
    }

    @Test
    void trainFromAcceptsLayersThatMatchTheModel() {
        Path start = temp.resolve("start.json");
        train("--save", start.toString()).assertSuccess();

        CliRun.run("train", "--data", data(), "--from", start.toString(), "--layers", "16,8,10", "--epochs", "1")
                .assertSuccess();
    }

    @Test
    void trainFromRejectsLayersThatDoNotMatchTheModel() {
        Path start = temp.resolve("start.json");
        train("--save", start.toString()).assertSuccess();

        CliRun.run("train", "--data", data(), "--from", start.toString(), "--layers", "16,9,10", "--epochs", "1")
                .assertUserError("--layers 16,9,10", "16,8,10");
    }

    @Test
    void trainFromWithAnotherCostSwitchesTheCost() throws IOException {
        Path start = temp.resolve("start.json");
        Path continued = temp.resolve("continued.json");
        train("--save", start.toString()).assertSuccess();

        CliRun run = CliRun.run("train", "--data", data(), "--from", start.toString(), "--cost", "cross-entropy",
                "--epochs", "1", "--save", continued.toString()).assertSuccess();

        assertTrue(run.outLines().getFirst().contains("cross-entropy cost"), run::toString);
        assertEquals("CrossEntropyCost", ModelFile.load(continued).network().cost().modelName());
    }

    @Test
    void trainWithADivergingLearningRateRefusesToSave() {
        Path model = temp.resolve("diverged.json");
        train("--eta", "1e300", "--save", model.toString())
                .assertUserError("diverged", "--eta");

        assertFalse(Files.exists(model));
    }

    @Test
    void aDivergingRunIsAUserErrorEvenWithNothingToSave() {
        CliRun run = train("--eta", "1e300", "--epochs", "30").assertUserError("training diverged in epoch 0",
                "nothing was saved", "try a smaller --eta than 1.0E300");

        assertTrue(run.out().contains("Stopped: " + backprop.train.MiniBatchSgd.DIVERGED), run::toString);
        assertEquals(1, run.outLinesStartingWith("Epoch ").size(), "the run stops at the first bad epoch\n" + run);
    }

    /** The number in the settings line's "engine fast (N thread[s]...)". */
    private static int threadsInHeader(CliRun run) {
        String header = run.outLines().get(1);
        java.util.regex.Matcher m = Pattern.compile("engine fast \\((\\d+) threads?[:)]").matcher(header);
        assertTrue(m.find(), () -> "the settings line should say how many threads the fast engine uses\n" + run);
        return Integer.parseInt(m.group(1));
    }

    private static String savedThreads(Path model) throws IOException {
        return ModelFile.load(model).provenance().orElseThrow().extra().get("threads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void fastEngineRecordsItsThreadsInTheSavedModel(String threads) throws IOException {
        Path model = temp.resolve("model.json");
        CliRun run = train("--engine", "fast", "--threads", threads, "--save", model.toString()).assertSuccess();

        assertEquals(Integer.toString(threadsInHeader(run)), savedThreads(model), run::toString);
        CliRun inspect = CliRun.run("inspect", "--model", model.toString()).assertSuccess();
        assertTrue(inspect.outLines().getLast().contains("threads " + threadsInHeader(run)), inspect::toString);
    }

    @Test
    void fastEngineRecordsItsDefaultThreadsWhenNoneAreGiven() throws IOException {
        Path model = temp.resolve("model.json");
        CliRun run = train("--save", model.toString()).assertSuccess();

        int threads = threadsInHeader(run);
        assertTrue(threads >= 1 && threads <= backprop.engine.FastBackprop.defaultThreads(), run::toString);
        assertEquals(Integer.toString(threads), savedThreads(model), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "matrix"})
    void otherEnginesNeitherClaimNorRecordThreads(String engine) throws IOException {
        Path model = temp.resolve("model.json");
        CliRun run = train("--engine", engine, "--save", model.toString()).assertSuccess();

        assertFalse(run.outLines().get(1).contains("thread"), run::toString);
        assertEquals(null, savedThreads(model));
    }

    @Test
    void threadsTheNetworkIsTooSmallToShareAreNotClaimed() throws IOException {
        Path model = temp.resolve("model.json");
        // 8 threads cannot share layers of 8 and 10 neurons, whatever the engine decides exactly.
        CliRun run = train("--engine", "fast", "--threads", "8", "--save", model.toString()).assertSuccess();

        int threads = threadsInHeader(run);
        assertTrue(threads < 8, run::toString);
        assertTrue(run.outLines().get(1).contains("too small a network for 8"), run::toString);
        assertEquals(Integer.toString(threads), savedThreads(model));
    }

    @Test
    void initTogetherWithFromIsAUserError() {
        Path start = temp.resolve("start.json");
        train("--save", start.toString()).assertSuccess();

        for (String init : List.of("scaled", "large")) {
            CliRun run = CliRun.run("train", "--data", data(), "--from", start.toString(), "--init", init)
                    .assertUserError("--init", "--from");
            assertEquals(1, run.errLines().size(), () -> "rejected before any data is loaded\n" + run);
        }
    }

    @Test
    void trainFromAModelOfAnotherInputSizeSaysTheModelDoesNotFitTheData() throws IOException {
        Path model = temp.resolve("inputs-9.json");
        ModelFile.save(Network.initialize(new int[]{9, 8, 10}, backprop.nn.Cost.QUADRATIC, backprop.nn.Initializer.LARGE,
                new backprop.nn.SeededRandom(1)), null, model);

        CliRun run = CliRun.run("train", "--data", data(), "--from", model.toString(), "--epochs", "1")
                .assertUserError(model.toString(), "input size", "(9)", "doesn't match the data", "16 inputs per example");
        assertFalse(run.errorLine().contains("--layers"), "--layers cannot change a --from model\n" + run);
    }

    @Test
    void inputLayerAdviceGivesLayersThatFitTheData() {
        CliRun.run("train", "--data", data(), "--layers", "10,5,4").assertUserError("--layers 16,5,10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"VALIDATION", "Validation", "validation"})
    void evalIgnoresCase(String eval) {
        CliRun run = train("--eval", eval).assertSuccess();

        assertTrue(run.outLines().getFirst().endsWith("evaluating on 10 tiny validation examples"), run::toString);
    }

    @Test
    void savingOntoADirectoryIsReportedBeforeTraining() {
        CliRun run = train("--save", temp.toString(), "--epochs", "30")
                .assertUserError("--save", temp.toString(), "is a directory", temp.resolve("model.json").toString());

        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.errLines().size(), () -> "rejected before any data is loaded\n" + run);
    }
}
