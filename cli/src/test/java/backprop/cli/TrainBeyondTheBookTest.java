package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.Provenance;
import backprop.nn.Activation;
import backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backprop train}'s flags beyond the book's runs (activations, optimizers, regularizers, schedules,
 * stopping rules, augmentation), on tiny generated data.
 */
class TrainBeyondTheBookTest extends TrainingOnTinyData {

    /** The settings line, printed when the engine is made. */
    private static String settings(CliRun run) {
        return run.outLinesStartingWith("epochs ").getFirst();
    }

    /** The eta at the end of each epoch line. */
    private static List<String> etaByEpoch(CliRun run) {
        return run.outLinesStartingWith("Epoch ").stream().map(line -> line.replaceAll(".*, eta ", "")).toList();
    }

    private Provenance trainAndLoadProvenance(String... options) throws IOException {
        Path model = temp.resolve("model.json");
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--save", model.toString()));
        train(args.toArray(String[]::new)).assertSuccess();
        return ModelFile.load(model).provenance().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "tanh", "relu", "leaky-relu"})
    void activationSetsTheHiddenLayersAndTheModelRecordsIt(String activation) throws IOException {
        Path model = temp.resolve("model.json");
        CliRun run = train("--layers", "16,8,8,10", "--activation", activation, "--init", "he",
                "--save", model.toString()).assertSuccess();

        Network network = ModelFile.load(model).network();
        Activation hidden = Activation.parse(activation);
        assertEquals(List.of(hidden, hidden, Activation.SIGMOID), network.activations());
        String expected = hidden == Activation.SIGMOID ? "(sigmoid;" : "(" + activation + ", sigmoid;";
        assertTrue(run.outLines().getFirst().contains(expected), run::toString);
    }

    @Test
    void logLikelihoodCostGetsASoftmaxOutputLayerUnlessOutputSaysOtherwise() throws IOException {
        Path model = temp.resolve("model.json");
        CliRun run = train("--cost", "log-likelihood", "--save", model.toString()).assertSuccess();

        assertTrue(run.outLines().getFirst().contains("(sigmoid, softmax; log-likelihood cost)"), run::toString);
        assertEquals(Activation.SOFTMAX, ModelFile.load(model).network().activations().getLast());

        train("--cost", "log-likelihood", "--output", "sigmoid", "--save", model.toString()).assertSuccess();
        assertEquals(Activation.SIGMOID, ModelFile.load(model).network().activations().getLast());
    }

    @ParameterizedTest
    @CsvSource({"softmax, cross-entropy", "tanh, quadratic", "relu, quadratic", "softmax, quadratic"})
    void outputSetsTheOutputLayer(String output, String cost) throws IOException {
        Path model = temp.resolve("model.json");
        train("--output", output, "--cost", cost, "--save", model.toString()).assertSuccess();

        assertEquals(Activation.parse(output), ModelFile.load(model).network().activations().getLast());
    }

    @ParameterizedTest
    @CsvSource({"tanh, log-likelihood", "relu, cross-entropy", "leaky-relu, log-likelihood"})
    void costsThatTakeLogarithmsRefuseOutputsOutsideZeroToOne(String output, String cost) {
        CliRun run = train("--output", output, "--cost", cost).assertUserError(cost, output, "--output softmax");

        assertEquals(1, run.errLines().size(), () -> "rejected before any data is loaded\n" + run);
    }

    @Test
    void softmaxOnHiddenLayersIsAUserError() {
        train("--activation", "softmax").assertUserError("--activation softmax", "output layer", "--output softmax");
    }

    @ParameterizedTest
    @CsvSource({"sgd, ''", "momentum, 'optimizer momentum(0.9)'", "nesterov, 'optimizer nesterov(0.9)'",
            "adam, 'optimizer adam'"})
    void everyOptimizerTrainsAndTheSettingsLineNamesIt(String optimizer, String named) {
        CliRun run = train("--optimizer", optimizer, "--eta", optimizer.equals("adam") ? "0.01" : "1.0").assertSuccess();

        assertEquals(2, run.outLinesStartingWith("Epoch ").size(), run::toString);
        if (named.isEmpty()) {
            assertFalse(settings(run).contains("optimizer"), "plain SGD is the book's, not worth a mention\n" + run);
        } else {
            assertTrue(settings(run).contains(", " + named), run::toString);
        }
    }

    @Test
    void momentumSetsTheCoefficientOfTheMomentumOptimizers() {
        CliRun run = train("--optimizer", "nesterov", "--momentum", "0.5").assertSuccess();

        assertTrue(settings(run).contains("optimizer nesterov(0.5)"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam"})
    void momentumWithAnOptimizerWithoutMomentumIsAUserError(String optimizer) {
        train("--optimizer", optimizer, "--momentum", "0.5").assertUserError("--momentum", optimizer);
    }

    @Test
    void regularizersAndEverythingElseBeyondTheBookAreRecordedInTheModel() throws IOException {
        Provenance provenance = trainAndLoadProvenance("--optimizer", "momentum", "--momentum", "0.8", "--l1", "0.1",
                "--dropout", "0.25", "--schedule", "step:1:0.5", "--early-stop", "5", "--eval", "validation",
                "--augment", "shift");

        Map<String, String> extra = provenance.extra();
        assertEquals("momentum(0.8)", extra.get("optimizer"));
        assertEquals("0.1", extra.get("l1"));
        assertEquals("0.25", extra.get("dropout"));
        assertEquals("step:1:0.5", extra.get("schedule"));
        assertEquals("5", extra.get("early-stop"));
        assertEquals("shift", extra.get("augment"));
        assertEquals(250, provenance.trainingExamples(), "trained on the originals and their shifted copies");
    }

    @Test
    void theBooksRunRecordsNothingBeyondTheBook() throws IOException {
        Provenance provenance = trainAndLoadProvenance("--engine", "reference");

        assertEquals(Map.of(), provenance.extra());
    }

    @Test
    void dropoutWithoutHiddenLayersIsAUserError() {
        train("--layers", "16,10", "--dropout", "0.5").assertUserError("--dropout", "16,10", "no hidden layer");
    }

    @Test
    void stepScheduleChangesEtaEveryFewEpochsAndEachEpochLineShowsIt() {
        CliRun run = train("--schedule", "step:2:0.5", "--epochs", "5").assertSuccess();

        assertEquals(List.of("3", "3", "1.5", "1.5", "0.75"), etaByEpoch(run), run::toString);
    }

    @Test
    void aStepScheduleThatWouldTakeEtaBeyondAnyNumberIsRefusedBeforeTraining() {
        CliRun up = train("--schedule", "step:1:1e300", "--epochs", "2").assertUserError();
        CliRun down = train("--schedule", "step:1:1e-200", "--epochs", "3").assertUserError();

        assertEquals("error: --schedule step:1:1e300 takes eta 3 past the largest number there is (about 1.8e308) "
                + "after 2 epochs; use a factor nearer 1, or fewer --epochs", up.errorLine(), up::toString);
        assertEquals("", up.out(), "nothing trained");
        assertEquals("error: --schedule step:1:1e-200 takes eta 3 down to 0 (below the smallest number there is, "
                + "about 4.9e-324) after 2 epochs; use a factor nearer 1, or fewer --epochs", down.errorLine());
        train("--schedule", "step:1:1e300", "--epochs", "1").assertSuccess();
    }

    @Test
    void etaIsPrintedReadablyHoweverLargeOrSmall() {
        assertEquals(List.of("3", "0.5", "0.0002467", "1500000", "3e300", "1.5e7", "1.235e-12", "0"),
                java.util.stream.DoubleStream.of(3, 0.5, 0.00024671, 1.5e6, 3e300, 1.5e7, 1.23456e-12, 0)
                        .mapToObj(EpochPrinter::learningRate).toList());
    }

    @Test
    void cosineScheduleFallsFromEtaTowardsTheMinimum() {
        CliRun run = train("--schedule", "cosine", "--min-eta", "0.5", "--epochs", "4").assertSuccess();

        assertEquals(List.of("3", "2.634", "1.75", "0.8661"), etaByEpoch(run), run::toString);
        assertTrue(settings(run).contains("schedule cosine, min-eta 0.5"), run::toString);
    }

    @Test
    void cosineScheduleEndsAtAHundredthOfEtaByDefault() throws IOException {
        Provenance provenance = trainAndLoadProvenance("--schedule", "cosine");

        assertEquals("0.03", provenance.extra().get("min-eta"));
    }

    @Test
    void withoutAScheduleTheEpochLinesAreNetworkPys() {
        CliRun run = train().assertSuccess();

        for (String line : run.outLinesStartingWith("Epoch ")) {
            assertTrue(TrainCommandTest.EPOCH_LINE.matcher(line).matches(), run::toString);
        }
    }

    @Test
    void minEtaWithoutACosineScheduleIsAUserError() {
        train("--min-eta", "0.1").assertUserError("--min-eta", "--schedule cosine");
        train("--schedule", "step:2:0.5", "--min-eta", "0.1").assertUserError("--min-eta", "--schedule cosine");
    }

    @Test
    void minEtaAboveEtaIsAUserError() {
        train("--schedule", "cosine", "--eta", "0.1", "--min-eta", "0.5").assertUserError("--min-eta 0.5", "--eta 0.1");
    }

    @Test
    void aScheduleAndHalvingOnAPlateauTogetherAreAUserError() {
        train("--schedule", "cosine", "--halve-on-plateau", "3", "--eval", "validation")
                .assertUserError("--schedule", "--halve-on-plateau");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--early-stop", "--halve-on-plateau"})
    void aStoppingRuleWithNothingToWatchIsAUserError(String rule) {
        train(rule, "3", "--eval", "none").assertUserError(rule, "--eval none", "--eval validation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--early-stop", "--halve-on-plateau"})
    void aStoppingRuleWatchingTheTestDataIsWarnedAbout(String rule) {
        CliRun run = train(rule, "3");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith("warning: " + rule) && l.contains("--eval validation")),
                run::toString);
    }

    @Test
    void earlyStoppingEndsTheRunWithAStoppedLine() {
        CliRun run = train("--early-stop", "2", "--eval", "validation", "--epochs", "200").assertSuccess();

        List<String> epochs = run.outLinesStartingWith("Epoch ");
        assertTrue(epochs.size() < 200, run::toString);
        List<String> stopped = run.outLinesStartingWith("Stopped: ");
        assertEquals(1, stopped.size(), run::toString);
        assertTrue(stopped.getFirst().matches("Stopped: no improvement in 2 epochs \\(best \\d+ / 10 at epoch \\d+\\)"),
                run::toString);
    }

    @Test
    void halvingOnAPlateauHalvesEtaAndStopsAtAHundredTwentyEighth() {
        CliRun run = train("--halve-on-plateau", "1", "--eval", "validation", "--epochs", "500").assertSuccess();

        assertEquals(List.of("3", "1.5", "0.75", "0.375", "0.1875", "0.09375", "0.04688", "0.02344"),
                etaByEpoch(run).stream().distinct().toList(), run::toString);
        assertTrue(run.outLinesStartingWith("Stopped: ").getFirst().contains("eta0 x 1/128"), run::toString);
    }

    @Test
    void validationRunsEndWithTheTestAccuracyOfTheFinalNetwork() {
        CliRun run = train("--eval", "validation").assertSuccess();

        assertTrue(run.outLines().getLast().matches("Test: \\d+ / 20 \\(\\d+\\.\\d\\d%\\)"), run::toString);
    }

    @Test
    void shiftAugmentationTrainsOnFiveTimesTheImages() {
        CliRun run = train("--augment", "shift", "--monitor").assertSuccess();

        assertTrue(run.outLines().getFirst().contains(" on 250 examples: 50 tiny training examples and 4 copies of "
                + "each, shifted by one pixel, evaluating on 20 "), run::toString);
        assertTrue(run.outLinesStartingWith("Accuracy on training data: ").getFirst().endsWith(" / 250"), run::toString);
    }

    @Test
    void elasticAugmentationAddsTheCopiesAskedForTheSameForTheSameSeed() throws IOException {
        Path first = temp.resolve("first.json");
        Path second = temp.resolve("second.json");
        CliRun run = train("--augment", "elastic:3", "--save", first.toString()).assertSuccess();
        train("--augment", "elastic:3", "--save", second.toString()).assertSuccess();

        assertTrue(run.outLines().getFirst().contains(" on 200 examples: 50 tiny training examples and 3 elastically "
                + "distorted copies of each"), run::toString);
        assertEquals(ModelFile.load(first).network(), ModelFile.load(second).network());
    }

    @Test
    void elasticAugmentationMakesTwoCopiesByDefault() {
        CliRun run = train("--augment", "elastic").assertSuccess();

        assertTrue(run.outLines().getFirst().contains(" on 150 examples: "), run::toString);
        assertTrue(settings(run).contains("augment elastic:2"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--activation", "--output"})
    void activationsDoNotApplyToAModelTrainingContinuesFrom(String flag) {
        Path start = temp.resolve("start.json");
        train("--save", start.toString()).assertSuccess();

        train("--from", start.toString(), flag, "tanh").assertUserError(flag, "--from");
    }
}
