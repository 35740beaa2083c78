package backprop.io;

import backprop.nn.Network;
import backprop.train.Checkpoint;
import backprop.train.EpochResult;
import backprop.train.OptimizerState;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ModelFile#saveCheckpoint} and {@link ModelFile#loadCheckpoint}: the training state in a model file. */
class CheckpointFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final Network network = ModelFileTest.awkwardNetwork(); // sizes 3, 4, 2

    /** Adam's two moments, shaped like the 3,4,2 network's weights and biases, with awkward doubles in them. */
    private OptimizerState adamState() {
        double[] a = ModelFileTest.AWKWARD;
        double[][][] first = {{{a[0], a[1], a[2]}, {a[3], a[4], a[5]}, {a[6], a[7], a[8]}, {a[9], a[10], a[11]}},
                {{a[12], 1, -1, 0}, {0.5, -0.25, 1e300, -1e-300}}};
        double[][][] second = {{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}}, {{0, 0, 0, 0}, {1e-8, 1e-9, 1e-10, 0}}};
        double[][] firstBiases = {{0.1, 0.2, 0.3, 0.4}, {-0.0, Double.MIN_VALUE}};
        double[][] secondBiases = {{1, 1, 1, 1}, {2, 2}};
        return OptimizerState.ofDense(1234, List.of(first, second), List.of(firstBiases, secondBiases));
    }

    private static List<EpochResult> history() {
        return List.of(
                new EpochResult(0, 0.123456789, 3.0, OptionalDouble.of(0.1 + 0.2), OptionalInt.of(41), 50,
                        OptionalDouble.of(Double.MIN_VALUE), OptionalInt.of(9), 20),
                new EpochResult(1, 1.0 / 3, 1.5, OptionalDouble.empty(), OptionalInt.empty(), 50,
                        OptionalDouble.empty(), OptionalInt.of(11), 20));
    }

    private Checkpoint checkpoint() {
        return new Checkpoint(network, adamState(), 2, 7, 1.0 / 7, history());
    }

    private static final List<String> ARGUMENTS = List.of("--layers", "3,4,2", "--optimizer", "adam",
            "--data", "dir with spaces/\"quoted\"", "--monitor");

    private Path saved() throws IOException {
        Path file = directory.resolve("checkpoint.json");
        ModelFile.saveCheckpoint(checkpoint(), ModelFileTest.fullProvenance(), ARGUMENTS, file);
        return file;
    }

    private static void assertSameState(OptimizerState expected, OptimizerState actual) {
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.moments().size(), actual.moments().size());
        for (int i = 0; i < expected.moments().size(); i++) {
            double[][][] e = expected.moments().get(i);
            double[][][] a = actual.moments().get(i);
            assertEquals(e.length, a.length);
            for (int l = 0; l < e.length; l++) {
                for (int p = 0; p < e[l].length; p++) {
                    assertArrayEquals(e[l][p], a[l][p], 0.0);
                }
            }
        }
    }

    @Test
    void roundTripGivesTheSameStateBitForBit() throws IOException {
        SavedCheckpoint loaded = ModelFile.loadCheckpoint(saved()).orElseThrow();

        Checkpoint expected = checkpoint();
        Checkpoint actual = loaded.checkpoint();
        assertEquals(expected.network(), actual.network());
        assertEquals(expected.epoch(), actual.epoch());
        assertEquals(expected.batch(), actual.batch());
        assertEquals(expected.learningRate(), actual.learningRate());
        assertSameState(expected.optimizer(), actual.optimizer());
        assertEquals(expected.history(), actual.history());
        assertEquals(ARGUMENTS, loaded.arguments());
        assertEquals(Optional.of(ModelFileTest.fullProvenance()), loaded.provenance());
    }

    @Test
    void sgdCheckpointWithoutMomentsRoundTrips() throws IOException {
        Path file = directory.resolve("sgd.json");
        Checkpoint start = Checkpoint.start(network, 3.0);
        ModelFile.saveCheckpoint(start, null, List.of(), file);

        SavedCheckpoint loaded = ModelFile.loadCheckpoint(file).orElseThrow();
        assertEquals(network, loaded.checkpoint().network());
        assertEquals(0, loaded.checkpoint().optimizer().moments().size());
        assertEquals(List.of(), loaded.checkpoint().history());
        assertEquals(Optional.empty(), loaded.provenance());
    }

    @Test
    void aCheckpointLoadsAsAModelToo() throws IOException {
        SavedModel model = ModelFile.load(saved());

        assertEquals(network, model.network());
        assertEquals(Optional.of(ModelFileTest.fullProvenance()), model.provenance());
    }

    @Test
    void aPlainModelHasNoCheckpoint() throws IOException {
        Path file = directory.resolve("model.json");
        ModelFile.save(network, null, file);

        assertEquals(Optional.empty(), ModelFile.loadCheckpoint(file));
    }

    @Test
    void theNetwork2FieldsComeFirstAndTheCheckpointIsOneMoreTopLevelField() throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(saved().toFile());

        assertEquals(List.of("sizes", "weights", "biases", "cost", "activations", "backprop", "checkpoint"),
                iterableToList(root.fieldNames()));
        assertEquals(1, root.get("checkpoint").get("format").intValue());
    }

    private static List<String> iterableToList(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void refusesToSaveANetworkThatIsNotFiniteAndWritesNothing() throws IOException {
        double[][][] weights = {{{Double.NaN}}};
        Network diverged = Network.of(new int[] {1, 1}, List.of(backprop.nn.Activation.SIGMOID),
                backprop.nn.Cost.QUADRATIC, weights, new double[][] {{0}});
        Path file = directory.resolve("diverged.json");

        assertThrows(IllegalArgumentException.class, () ->
                ModelFile.saveCheckpoint(Checkpoint.start(diverged, 1.0), null, List.of(), file));
        assertEquals(List.of(), filesInDirectory());
    }

    @Test
    void refusesToSaveAnOptimizerStateThatIsNotFiniteAndWritesNothing() throws IOException {
        OptimizerState state = adamState();
        state.moments().get(1)[0][0][2 * 3 + 1] = Double.POSITIVE_INFINITY;
        Path file = directory.resolve("diverged.json");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.saveCheckpoint(
                new Checkpoint(network, state, 1, 0, 1.0, history().subList(0, 1)), null, List.of(), file));
        assertTrue(e.getMessage().contains("optimizer state"), e.getMessage());
        assertEquals(List.of(), filesInDirectory());
    }

    private List<Path> filesInDirectory() throws IOException {
        try (var files = Files.list(directory)) {
            return files.toList();
        }
    }

    /** Saves the checkpoint, changes its JSON with {@code change}, and returns the problem loading reports. */
    private String problemAfter(Consumer<ObjectNode> change) throws IOException {
        Path file = saved();
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        change.accept((ObjectNode) root.get("checkpoint"));
        JSON.writeValue(file.toFile(), root);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.loadCheckpoint(file));
        assertTrue(e.getMessage().startsWith(file + " is not a valid model file: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.problem();
    }

    private void assertProblem(String expected, Consumer<ObjectNode> change) throws IOException {
        String problem = problemAfter(change);
        assertTrue(problem.contains(expected), () -> "expected the problem to contain\n  " + expected
                + "\nbut was\n  " + problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"format", "epoch", "batch", "learningRate", "optimizer", "history", "arguments"})
    void aMissingFieldIsNamed(String field) throws IOException {
        assertProblem("checkpoint lacks the field \"" + field + "\"", checkpoint -> checkpoint.remove(field));
    }

    @ParameterizedTest
    @ValueSource(strings = {"steps", "weightMoments", "biasMoments"})
    void aMissingOptimizerFieldIsNamed(String field) throws IOException {
        assertProblem("checkpoint.optimizer lacks the field \"" + field + "\"",
                checkpoint -> ((ObjectNode) checkpoint.get("optimizer")).remove(field));
    }

    @Test
    void aLaterFormatIsRefusedAsWrittenByANewerVersion() throws IOException {
        assertProblem("checkpoint.format 2 is not one this version reads", checkpoint -> checkpoint.put("format", 2));
    }

    @Test
    void aNegativeBatchIsRefused() throws IOException {
        assertProblem("checkpoint.batch must be 0 or more, found -1", checkpoint -> checkpoint.put("batch", -1));
    }

    @Test
    void aWrongTypeIsNamed() throws IOException {
        assertProblem("checkpoint.epoch must be a whole number, found \"two\"", checkpoint -> checkpoint.put("epoch", "two"));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0})
    void aLearningRateThatIsNotPositiveIsRefused(double learningRate) throws IOException {
        assertProblem("checkpoint.learningRate must be a positive number",
                checkpoint -> checkpoint.put("learningRate", learningRate));
    }

    @Test
    void negativeStepsAreRefused() throws IOException {
        assertProblem("checkpoint.optimizer.steps must be a whole number, 0 or more",
                checkpoint -> ((ObjectNode) checkpoint.get("optimizer")).put("steps", -3));
    }

    @Test
    void aMomentOfTheWrongShapeIsNamedWithTheShapeExpected() throws IOException {
        assertProblem("checkpoint.optimizer.weightMoments[1][0] (layer 0 to layer 1) must be 4x3 (4 rows of 3 numbers), "
                + "found 2 numbers in row 3", checkpoint -> {
                    ArrayNode row = (ArrayNode) checkpoint.get("optimizer").get("weightMoments").get(1).get(0).get(3);
                    row.remove(2);
                });
    }

    @Test
    void aBiasMomentOfTheWrongLengthIsNamed() throws IOException {
        assertProblem("checkpoint.optimizer.biasMoments[0][1] (layer 2) must have 2 numbers, found 3",
                checkpoint -> ((ArrayNode) checkpoint.get("optimizer").get("biasMoments").get(0).get(1)).add(1.0));
    }

    @Test
    void differentCountsOfWeightAndBiasMomentsAreRefused() throws IOException {
        assertProblem("weightMoments has 2 moments but checkpoint.optimizer.biasMoments has 1",
                checkpoint -> ((ArrayNode) checkpoint.get("optimizer").get("biasMoments")).remove(1));
    }

    @Test
    void aMomentThatIsNotANumberIsNamed() throws IOException {
        assertProblem("checkpoint.optimizer.weightMoments[0][1][0][2] must be a number, found a string",
                checkpoint -> ((ArrayNode) checkpoint.get("optimizer").get("weightMoments").get(0).get(1).get(0))
                        .set(2, "x"));
    }

    @Test
    void aMomentThatIsNotFiniteIsRefused() throws IOException {
        Path file = saved();
        String text = Files.readString(file);
        // Python's json writes bare NaN; a damaged or hand-edited state must not be resumed from.
        Files.writeString(file, text.replace("\"biasMoments\": [[[0.1,", "\"biasMoments\": [[[NaN,"));
        assertTrue(Files.readString(file).contains("NaN"), "the test should have put a NaN in");

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.loadCheckpoint(file));
        assertTrue(e.problem().contains("NaN or infinite numbers (first at checkpoint.optimizer.biasMoments[0][0][0])"),
                e.problem());
    }

    @Test
    void aHistoryOfAnotherLengthThanTheEpochsDoneIsRefused() throws IOException {
        assertProblem("checkpoint.history lists 1 epochs but checkpoint.epoch says 2 were completed",
                checkpoint -> ((ArrayNode) checkpoint.get("history")).remove(1));
    }

    @Test
    void aHistoryOutOfOrderIsRefused() throws IOException {
        assertProblem("checkpoint.history[1].epoch must be 1 (the epochs in order), found 5",
                checkpoint -> ((ObjectNode) checkpoint.get("history").get(1)).put("epoch", 5));
    }

    @Test
    void aHistoryEntryWithoutItsTimeIsRefused() throws IOException {
        assertProblem("checkpoint.history[0] lacks the field \"trainingSeconds\"",
                checkpoint -> ((ObjectNode) checkpoint.get("history").get(0)).remove("trainingSeconds"));
    }

    @Test
    void argumentsThatAreNotStringsAreRefused() throws IOException {
        assertProblem("checkpoint.arguments[1] must be a string, found 5",
                checkpoint -> ((ArrayNode) checkpoint.get("arguments")).set(1, 5));
    }

    @Test
    void aCheckpointThatIsNotAnObjectIsRefused() throws IOException {
        Path file = saved();
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        root.put("checkpoint", 3);
        JSON.writeValue(file.toFile(), root);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.loadCheckpoint(file));
        assertTrue(e.problem().contains("checkpoint must be an object holding the training state, found a number"),
                e.problem());
    }

    @Test
    void aTruncatedCheckpointIsReportedAsTruncated() throws IOException {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 40));

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.loadCheckpoint(file));
        assertTrue(e.problem().contains("truncated"), e.problem());
    }

    @Test
    void aModelFileWithADamagedCheckpointStillLoadsAsAModel() throws IOException {
        Path file = saved();
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        ((ObjectNode) root.get("checkpoint")).remove("optimizer");
        JSON.writeValue(file.toFile(), root);

        assertEquals(network, ModelFile.load(file).network());
    }
}
