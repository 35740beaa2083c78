package backprop.io;

import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path directory;

    /** Doubles whose decimal forms are easy to get wrong: subnormals, extremes, -0, non-terminating binary fractions. */
    static final double[] AWKWARD = {0.1, -0.0, 1e-5, -3.2e20, Double.MIN_VALUE, Double.MAX_VALUE,
            -Double.MIN_NORMAL, 1.0 / 3, 2.0 / 3, Math.PI, 0.30000000000000004, 123456789.0, 5e-324 * 3};

    static Network awkwardNetwork() {
        double[][][] weights = {
                {{AWKWARD[0], AWKWARD[1], AWKWARD[2]}, {AWKWARD[3], AWKWARD[4], AWKWARD[5]},
                        {AWKWARD[6], AWKWARD[7], AWKWARD[8]}, {AWKWARD[9], AWKWARD[10], AWKWARD[11]}},
                {{AWKWARD[12], 1, -1, 0}, {0.5, -0.25, 1e300, -1e-300}}};
        double[][] biases = {{0.7, -0.0, 1e-7, Double.MIN_VALUE}, {-2.5, 1.0 / 7}};
        return Network.of(new int[] {3, 4, 2}, List.of(Activation.TANH, Activation.SOFTMAX), Cost.LOG_LIKELIHOOD,
                weights, biases);
    }

    static Provenance fullProvenance() {
        return new Provenance("0.1.0", Instant.parse("2025-01-31T12:00:00Z"), "mnist", 50_000, -7L, "reference",
                30, 10, 0.5, 5.0, "scaled", true, 12, 0.9612, Map.of("optimizer", "momentum"));
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    ModelFormatException rejected(Path file) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().startsWith(file + " is not a valid model file: "), e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    void assertRejected(String content, String expectedProblem) throws IOException {
        ModelFormatException e = rejected(write("model.json", content));
        assertTrue(e.problem().contains(expectedProblem),
                () -> "expected the problem to contain\n  " + expectedProblem + "\nbut was\n  " + e.problem());
    }

    List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void roundTripGivesAnEqualNetworkBitForBit() throws IOException {
        Network network = awkwardNetwork();
        Path file = directory.resolve("model.json");
        ModelFile.save(network, fullProvenance(), file);

        SavedModel loaded = ModelFile.load(file);

        assertEquals(network, loaded.network());
        assertEquals(List.of(Activation.TANH, Activation.SOFTMAX), loaded.network().activations());
        assertEquals(Cost.LOG_LIKELIHOOD, loaded.network().cost());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(loaded.network().weight(0, 0, 1)));
        assertEquals(Double.MIN_VALUE, loaded.network().bias(0, 3));
        assertEquals(fullProvenance(), loaded.provenance().orElseThrow());
    }

    @Test
    void roundTripOfATrainedSizedSigmoidNetwork() throws IOException {
        Network network = Network.initialize(new int[] {5, 7, 6, 3}, Cost.CROSS_ENTROPY, Initializer.SCALED,
                new SeededRandom(42));
        Path file = directory.resolve("model.json");
        ModelFile.save(network, null, file);

        SavedModel loaded = ModelFile.load(file);

        assertEquals(network, loaded.network());
        assertTrue(loaded.provenance().isEmpty());
    }

    @Test
    void writesNetwork2FieldsWithColumnVectorBiases() throws IOException {
        Network network = Network.of(new int[] {2, 1}, List.of(Activation.SIGMOID), Cost.QUADRATIC,
                new double[][][] {{{0.25, -1.5}}}, new double[][] {{0.1}});
        Path file = directory.resolve("model.json");
        ModelFile.save(network, null, file);

        String json = Files.readString(file);

        assertTrue(json.contains("\"sizes\": [2, 1]"), json);
        assertTrue(json.contains("\"weights\": [[[0.25, -1.5]]]"), json);
        assertTrue(json.contains("\"biases\": [[[0.1]]]"), json);
        assertTrue(json.contains("\"cost\": \"QuadraticCost\""), json);
        assertTrue(json.contains("\"activations\": [\"sigmoid\"]"), json);
        assertFalse(json.contains("backprop"), json);
    }

    @Test
    void provenanceKnowsOnlyWhatWasRecorded() throws IOException {
        Provenance provenance = Provenance.now().withData("mnist", 50_000).withSeed(1)
                .withHyperParameters(30, 10, 3.0, 0.0, "large", true).withExtra("optimizer", "sgd");
        Path file = directory.resolve("model.json");
        ModelFile.save(awkwardNetwork(), provenance, file);

        Provenance loaded = ModelFile.load(file).provenance().orElseThrow();

        assertEquals(provenance, loaded);
        assertEquals(Provenance.backpropVersion(), loaded.version());
        assertEquals(null, loaded.engine());
        assertEquals(null, loaded.evaluationAccuracy());
        assertFalse(Files.readString(file).contains("engine"));
    }

    @Test
    void versionComesFromTheBuild() {
        String version = Provenance.backpropVersion();
        assertFalse(version.isBlank());
        assertFalse(version.contains("${"), version);
    }

    @Test
    void loadsAHandWrittenNetwork2File() throws IOException {
        Path file = write("network2.json", """
                {"sizes": [2, 3, 1], "weights": [[[0, 1e-05], [-3.2e+20, 0.5], [1, -2]], [[0.1, 0.2, -0.3]]], \
                "biases": [[[0.1], [-0.3], [0]], [[2.5]]], "cost": "CrossEntropyCost"}""");

        SavedModel model = ModelFile.load(file);
        Network network = model.network();

        assertArrayEquals(new int[] {2, 3, 1}, network.sizes());
        assertEquals(Cost.CROSS_ENTROPY, network.cost());
        assertEquals(List.of(Activation.SIGMOID, Activation.SIGMOID), network.activations());
        assertArrayEquals(new double[][] {{0, 1e-5}, {-3.2e20, 0.5}, {1, -2}}, network.weights(0));
        assertArrayEquals(new double[][] {{0.1, 0.2, -0.3}}, network.weights(1));
        assertArrayEquals(new double[] {0.1, -0.3, 0}, network.biases(0));
        assertArrayEquals(new double[] {2.5}, network.biases(1));
        assertTrue(model.provenance().isEmpty());
    }

    @Test
    void loadsFlatBiases() throws IOException {
        Path file = write("flat.json", """
                {"sizes": [2, 3, 1], "weights": [[[0, 0], [0, 0], [0, 0]], [[0, 0, 0]]],
                 "biases": [[0.1, -0.3, 7], [2.5]], "cost": "QuadraticCost"}""");

        Network network = ModelFile.load(file).network();

        assertArrayEquals(new double[] {0.1, -0.3, 7}, network.biases(0));
        assertArrayEquals(new double[] {2.5}, network.biases(1));
        assertEquals(Cost.QUADRATIC, network.cost());
    }

    @Test
    void ignoresUnknownFieldsAtTheTopAndInProvenance() throws IOException {
        Path file = write("extra.json", """
                {"comment": {"nested": [1, [2, 3]]}, "sizes": [1, 1], "weights": [[[2]]], "biases": [[[0]]],
                 "cost": "QuadraticCost", "optimizerState": [0.1, 0.2],
                 "backprop": {"data": "xor", "futureField": {"a": 1}, "seed": 9, "extra": {"k": "v"}}}""");

        SavedModel model = ModelFile.load(file);

        assertEquals(2.0, model.network().weight(0, 0, 0));
        Provenance provenance = model.provenance().orElseThrow();
        assertEquals("xor", provenance.data());
        assertEquals(9L, provenance.seed());
        assertEquals(Map.of("k", "v"), provenance.extra());
        assertEquals(null, provenance.version());
    }

    @Test
    void rejectsATruncatedFileWhereverItIsCut() throws IOException {
        Path file = directory.resolve("model.json");
        ModelFile.save(awkwardNetwork(), fullProvenance(), file);
        byte[] bytes = Files.readAllBytes(file);
        // Every cut: inside a string, a name, a number just after its decimal point or exponent sign, ...
        for (int length = 1; length < bytes.length - 1; length++) {
            Path cut = directory.resolve("cut-" + length + ".json");
            Files.write(cut, Arrays.copyOf(bytes, length));
            assertEquals("unexpected end of input (truncated?)", rejected(cut).problem(), "cut at " + length);
        }
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        assertRejected("", "the file is empty");
        assertRejected("  \n", "the file is empty");
    }

    @Test
    void rejectsTextThatIsNotJson() throws IOException {
        assertRejected("sizes = [2, 3, 1]", "not valid JSON");
        assertRejected("{\"sizes\": [2, 3, 1],, }", "not valid JSON");
    }

    private static final String SMALL_MODEL =
            "{\"sizes\": [2, 1], \"weights\": [[[1, 1]]], \"biases\": [[0]], \"cost\": \"QuadraticCost\"}";

    private void assertRejectedBytes(byte[] content, String expectedProblem) throws IOException {
        ModelFormatException e = rejected(Files.write(directory.resolve("model.json"), content));
        assertEquals(expectedProblem, e.problem());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aGzippedModelIsNamedAsGzipNotAsAnIllegalCharacter() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(SMALL_MODEL.getBytes(StandardCharsets.UTF_8));
        }

        assertRejectedBytes(bytes.toByteArray(), "it is gzip-compressed data (decompress or unpack it first), not JSON; "
                + "a model file is JSON text, as network2.py and backprop save models");
    }

    @Test
    void aZipAPngAndAnIdxFileAreNamedForWhatTheyAre() throws IOException {
        String json = ", not JSON; a model file is JSON text, as network2.py and backprop save models";
        assertRejectedBytes(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0},
                "it is a zip archive (decompress or unpack it first)" + json);
        assertRejectedBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13},
                "it is a PNG image" + json);
        assertRejectedBytes(new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7},
                "it is an IDX image file (MNIST's data format)" + json);
    }

    @Test
    void otherBinaryDataIsNamedAsBinaryByItsFirstByte() throws IOException {
        assertRejectedBytes(new byte[] {3, 1, 4, 1, 5, 9}, "it holds binary data (its first byte is 0x03), not JSON "
                + "text; a model file is JSON text, as network2.py and backprop save models");
    }

    @Test
    void nulBytesThatAreNoUtf32TextAreBinaryDataRatherThanAnUnexpectedError() throws IOException {
        String binary = "it holds binary data, not JSON text (its bytes are not UTF-8, UTF-16 or UTF-32 characters); "
                + "a model file is JSON text, as network2.py and backprop save models";
        assertRejectedBytes(new byte[] {(byte) 0x80, 0, 0, 0, '"', 's', 'i', 'z', 'e', 's', '"', ':'}, binary);
        assertRejectedBytes(new byte[] {0, 1, 0, 0, '"', 's', 'i', 'z', 'e', 's', '"', ':'}, binary);
    }

    @Test
    void aModelInUtf16IsStillRead() throws IOException {
        Path file = Files.write(directory.resolve("utf16.json"), ("\uFEFF" + SMALL_MODEL).getBytes(StandardCharsets.UTF_16LE));

        assertArrayEquals(new int[] {2, 1}, ModelFile.load(file).network().sizes());
    }

    @Test
    void deeplyNestedListsAreReportedWithoutTheParsersInternals() throws IOException {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        for (String content : List.of("{\"comment\": " + deep + "}",
                "{\"backprop\": {\"extra\": " + "{\"a\": ".repeat(2000) + "1" + "}".repeat(2000) + "}}")) {
            ModelFormatException e = rejected(write("deep.json", content));
            assertTrue(e.problem().startsWith("lists and objects are nested more than 1000 deep (line 1, column "),
                    e.problem());
            assertTrue(e.problem().endsWith("; a model file nests them a few levels deep"), e.problem());
            assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
        }
    }

    @Test
    void aNumberOfTwoThousandDigitsIsReportedWithoutTheParsersInternals() throws IOException {
        ModelFormatException e = rejected(write("long.json", SMALL_MODEL.replace("[[[1, 1]]]",
                "[[[" + "1".repeat(2000) + ", 1]]]")));

        assertTrue(e.problem().startsWith("a number is longer than 1000 characters (line 1, column "), e.problem());
        assertTrue(e.problem().endsWith("; a model file's numbers are at most about 25"), e.problem());
        assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
    }

    @Test
    void rejectsJsonThatIsNotAnObject() throws IOException {
        assertRejected("[[2, 3, 1]]", "expected a JSON object {...} at the top level, found a list");
    }

    @Test
    void rejectsMissingWeights() throws IOException {
        assertRejected("""
                {"sizes": [2, 1], "biases": [[[0]]], "cost": "QuadraticCost"}""", "missing field \"weights\"");
        assertRejected("{}", "missing fields \"sizes\", \"weights\", \"biases\", \"cost\"");
    }

    @Test
    void rejectsWeightsOfTheWrongShapeNamingTheLayer() throws IOException {
        assertRejected("""
                {"sizes": [2, 3, 1], "weights": [[[0, 0], [0, 0], [0, 0]], [[0, 0], [0, 0]]],
                 "biases": [[0, 0, 0], [0]], "cost": "QuadraticCost"}""",
                "weights[1] (layer 1 to layer 2) must be 1x3 (1 row of 3 numbers), found 2 rows");
        assertRejected("""
                {"sizes": [2, 3, 1], "weights": [[[0, 0], [0, 0, 0], [0, 0]], [[0, 0, 0]]],
                 "biases": [[0, 0, 0], [0]], "cost": "QuadraticCost"}""",
                "weights[0] (layer 0 to layer 1) must be 3x2 (3 rows of 2 numbers), found 3 numbers in row 1");
        assertRejected("""
                {"sizes": [2, 3, 1], "weights": [[[0, 0], [0, 0], [0, 0]]],
                 "biases": [[0, 0, 0], [0]], "cost": "QuadraticCost"}""",
                "sizes [2, 3, 1] need 2 weight matrices, found 1");
    }

    @Test
    void rejectsBiasesOfTheWrongShape() throws IOException {
        assertRejected("""
                {"sizes": [2, 1], "weights": [[[0, 0]]], "biases": [[[0], [1]]], "cost": "QuadraticCost"}""",
                "biases[0] (layer 1) must have 1 number, found 2");
        assertRejected("""
                {"sizes": [2, 1], "weights": [[[0, 0]]], "biases": [[[0, 1]]], "cost": "QuadraticCost"}""",
                "biases[0][0] must be a number, or a one-number list [b] as in a column vector");
    }

    @Test
    void rejectsValuesOfTheWrongType() throws IOException {
        assertRejected("""
                {"sizes": [2, 1], "weights": [[["0.5", 0]]], "biases": [[0]], "cost": "QuadraticCost"}""",
                "weights[0][0][0] must be a number, found a string");
        assertRejected("""
                {"sizes": [2, 1], "weights": [[0, 0]], "biases": [[0]], "cost": "QuadraticCost"}""",
                "weights[0][0] must be a row (a list of numbers), found a number");
        assertRejected("""
                {"sizes": [2, 1], "weights": [[[0, 0]]], "biases": [[0]], "cost": 3}""",
                "cost must be a cost class name such as \"CrossEntropyCost\", found a number");
        assertRejected("""
                {"sizes": "2,1", "weights": [[[0, 0]]], "biases": [[0]], "cost": "QuadraticCost"}""",
                "sizes must be a list of layer sizes, found a string");
    }

    @Test
    void rejectsSizesThatAreNotPositiveWholeNumbers() throws IOException {
        String rest = ", \"weights\": [[[0, 0]]], \"biases\": [[0]], \"cost\": \"QuadraticCost\"}";
        assertRejected("{\"sizes\": [2, 0]" + rest, "sizes must be positive whole numbers, found 0 at sizes[1]");
        assertRejected("{\"sizes\": [2.5, 1]" + rest, "sizes must be positive whole numbers, found 2.5 at sizes[0]");
        assertRejected("{\"sizes\": [-2, 1]" + rest, "sizes must be positive whole numbers, found -2 at sizes[0]");
        assertRejected("{\"sizes\": [2]" + rest, "sizes must list at least an input and an output layer, found [2]");
    }

    @Test
    void rejectsAnUnknownCostListingTheKnownOnes() throws IOException {
        assertRejected("""
                {"sizes": [2, 1], "weights": [[[0, 0]]], "biases": [[0]], "cost": "HingeCost"}""",
                "unknown cost \"HingeCost\" (known: QuadraticCost, CrossEntropyCost, LogLikelihoodCost)");
    }

    @Test
    void rejectsNaNOrInfiniteParameters() throws IOException {
        assertRejected("""
                {"sizes": [2, 1], "weights": [[[0, NaN]]], "biases": [[[0]]], "cost": "QuadraticCost"}""",
                "model contains NaN or infinite parameters (first at weights[0][0][1])");
        assertRejected("""
                {"sizes": [2, 1], "weights": [[[0, 1]]], "biases": [[[-Infinity]]], "cost": "QuadraticCost"}""",
                "model contains NaN or infinite parameters (first at biases[0][0])");
    }

    @Test
    void rejectsBadActivations() throws IOException {
        String start = "{\"sizes\": [2, 2, 2], \"weights\": [[[0, 0], [0, 0]], [[0, 0], [0, 0]]], "
                + "\"biases\": [[0, 0], [0, 0]], \"cost\": \"QuadraticCost\", ";
        assertRejected(start + "\"activations\": [\"sigmoid\", \"swish\"]}", "activations[1]: unknown activation 'swish'");
        assertRejected(start + "\"activations\": [\"sigmoid\"]}", "need 2 activations (one per layer after the input), found 1");
        assertRejected(start + "\"activations\": [\"softmax\", \"sigmoid\"]}", "softmax is only allowed on the output layer");
    }

    @Test
    void rejectsProvenanceOfTheWrongType() throws IOException {
        String model = "{\"sizes\": [1, 1], \"weights\": [[[1]]], \"biases\": [[0]], \"cost\": \"QuadraticCost\", ";
        assertRejected(model + "\"backprop\": {\"seed\": \"forty-two\"}}", "backprop.seed must be a whole number");
        assertRejected(model + "\"backprop\": {\"created\": \"yesterday\"}}", "backprop.created must be an ISO-8601 instant");
        assertRejected(model + "\"backprop\": [1]}", "backprop must be an object describing how the model was made");
    }

    @Test
    void rejectsARepeatedField() throws IOException {
        assertRejected("""
                {"sizes": [2, 1], "sizes": [2, 1], "weights": [[[0, 0]]], "biases": [[0]], "cost": "QuadraticCost"}""",
                "field \"sizes\" appears more than once");
    }

    @Test
    void rejectsContentAfterTheModel() throws IOException {
        assertRejected("""
                {"sizes": [1, 1], "weights": [[[1]]], "biases": [[0]], "cost": "QuadraticCost"} {}""",
                "unexpected content after the model's closing }");
    }

    @Test
    void savingLeavesNoTemporaryFilesAndCreatesParentDirectories() throws IOException {
        Path file = directory.resolve("runs/one/model.json");
        ModelFile.save(awkwardNetwork(), null, file);
        ModelFile.save(awkwardNetwork(), fullProvenance(), file);

        assertEquals(List.of("model.json"), filesIn(file.getParent()));
        assertEquals(fullProvenance(), ModelFile.load(file).provenance().orElseThrow());
    }

    @Test
    void refusingToSaveANonFiniteNetworkKeepsTheExistingFile() throws IOException {
        Path file = directory.resolve("model.json");
        ModelFile.save(awkwardNetwork(), null, file);
        byte[] good = Files.readAllBytes(file);
        Network diverged = Network.of(new int[] {1, 1}, List.of(Activation.SIGMOID), Cost.QUADRATIC,
                new double[][][] {{{Double.NaN}}}, new double[][] {{0}});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.save(diverged, null, file));

        assertTrue(e.getMessage().contains("NaN or infinite parameters"), e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(file));
        assertEquals(List.of("model.json"), filesIn(directory));
    }

    @Test
    void aSaveThatFailsHalfwayLeavesNoTemporaryFile() throws IOException {
        Path occupied = Files.createDirectories(directory.resolve("model.json"));
        Files.writeString(occupied.resolve("keep.txt"), "a directory cannot be replaced by a file");

        assertThrows(IOException.class, () -> ModelFile.save(awkwardNetwork(), null, occupied));

        assertEquals(List.of("model.json"), filesIn(directory));
        assertEquals(List.of("keep.txt"), filesIn(occupied));
    }

    @Test
    void largeModelSavesAndLoads() throws IOException {
        Network network = Network.initialize(new int[] {784, 100, 10}, Cost.CROSS_ENTROPY, Initializer.SCALED,
                new SeededRandom(7));
        Path file = directory.resolve("large.json");

        ModelFile.save(network, Provenance.now(), file);
        Network loaded = ModelFile.load(file).network();

        assertEquals(network, loaded);
        assertNotEquals(0, network.parameterCount());
    }

    @Test
    void theSummaryShortensLongExtraValuesButTheFileKeepsThemWhole() throws IOException {
        String means = java.util.Collections.nCopies(100, "0.1307").toString();
        Provenance provenance = Provenance.now().withExtra("standardize-means", means).withExtra("optimizer", "adam");
        Path file = directory.resolve("model.json");
        ModelFile.save(awkwardNetwork(), provenance, file);

        String summary = provenance.summary();
        assertTrue(summary.contains("standardize-means [0.1307, 0.1307") && summary.contains("..., optimizer adam"),
                summary);
        assertTrue(summary.length() < 200, summary);
        assertEquals(means, ModelFile.load(file).provenance().orElseThrow().extra().get("standardize-means"));
    }
}
