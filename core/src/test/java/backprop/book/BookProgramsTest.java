package backprop.book;

import backprop.data.Dataset;
import backprop.io.ModelFile;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.reference.ReferenceBackprop;
import backprop.testing.TinyData;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * book/Network.java and book/Network2.java, the book's network.py and network2.py in Java, compiled
 * from their sources and held to the reference engine: from the same start, the same mini-batch
 * gives the same weights and biases to 1e-12, so the short programs and the engine cannot disagree.
 */
class BookProgramsTest {
    private static final double TOLERANCE = 1e-12;

    @TempDir
    static Path classes;
    private static BookProgram network;
    private static BookProgram network2;

    @BeforeAll
    static void compileThePrograms() throws Exception {
        network = BookProgram.compile("Network", classes);
        network2 = BookProgram.compile("Network2", classes);
    }

    @AfterAll
    static void unload() throws IOException {
        network.close();
        network2.close();
    }

    @Test
    void networkUpdateMiniBatchMatchesTheReferenceStep() {
        for (int[] sizes : new int[][] {{8, 6, 5, 4}, {784, 30, 10}}) {
            Dataset data = data(sizes, 40, 7);
            Network start = Network.initialize(sizes, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(3));
            var reference = new ReferenceBackprop(start, data, new TrainingOptions(1, 10, 3.0, 0.0, false, 1),
                    ReferenceBackprop.Form.PER_EXAMPLE);
            var book = network.newInstance();
            setParameters(book, start);

            int[] order = shuffled(data.size(), 11);
            for (int from = 0; from < 30; from += 10) {
                reference.step(order, from, from + 10);
                book.call("update_mini_batch", miniBatch(network, data, order, from, from + 10), 3.0);
                assertSameParameters(reference.network(), book, "network.py, sizes " + sizes.length + " layers, batch at " + from);
            }
        }
    }

    @Test
    void network2UpdateMiniBatchMatchesTheReferenceStepWithL2ForBothCosts() {
        double eta = 0.5;
        double lmbda = 5.0;
        for (Cost cost : List.of(Cost.CROSS_ENTROPY, Cost.QUADRATIC)) {
            for (int[] sizes : new int[][] {{8, 6, 5, 4}, {784, 30, 10}}) {
                Dataset data = data(sizes, 40, 8);
                Network start = Network.initialize(sizes, cost, Initializer.SCALED, new SeededRandom(4));
                var reference = new ReferenceBackprop(start, data, new TrainingOptions(1, 10, eta, lmbda, false, 1),
                        ReferenceBackprop.Form.PER_EXAMPLE);
                var book = network2.newInstance();
                book.call("init", sizes, network2.cost(cost.modelName()));
                setParameters(book, start);

                int[] order = shuffled(data.size(), 12);
                for (int from = 0; from < 30; from += 10) {
                    reference.step(order, from, from + 10);
                    book.call("update_mini_batch", miniBatch(network2, data, order, from, from + 10), eta, lmbda,
                            data.size());
                    assertSameParameters(reference.network(), book, "network2.py, " + cost + ", batch at " + from);
                }
            }
        }
    }

    @Test
    void networkSgdEpochTrainsAsTheReferenceOnTheSameShuffleAndPrintsTheBooksLine() {
        int[] sizes = {8, 6, 4};
        Dataset data = data(sizes, 95, 9);
        Network start = Network.initialize(sizes, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(5));
        var book = network.newInstance();
        setParameters(book, start);
        book.set("random", new Random(21));
        var reference = new ReferenceBackprop(start, data, new TrainingOptions(1, 10, 3.0, 0.0, false, 1),
                ReferenceBackprop.Form.PER_EXAMPLE);

        String printed = printedBy(() -> book.call("SGD", examples(network, data), 1, 10, 3.0, examples(network, data)));

        int[] order = shuffled(data.size(), 21);
        for (int from = 0; from < data.size(); from += 10) {
            reference.step(order, from, Math.min(from + 10, data.size()));
        }
        assertSameParameters(reference.network(), book, "one epoch of 95 examples in mini-batches of 10");
        int correct = reference.evaluate(data, false).correct();
        assertEquals("Epoch 0: " + correct + " / 95" + System.lineSeparator(), printed);
    }

    @Test
    void network2SgdEpochTrainsAsTheReferenceAndMonitorsWhatTheFlagsAskFor() {
        int[] sizes = {8, 6, 4};
        Dataset data = data(sizes, 95, 10);
        Network start = Network.initialize(sizes, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(6));
        var book = network2.newInstance();
        book.call("init", sizes, network2.cost("CrossEntropyCost"));
        setParameters(book, start);
        book.set("random", new Random(22));
        var reference = new ReferenceBackprop(start, data, new TrainingOptions(1, 10, 0.5, 5.0, false, 1),
                ReferenceBackprop.Form.PER_EXAMPLE);

        Object[] monitoring = new Object[1];
        String printed = printedBy(() -> monitoring[0] = book.call("SGD", examples(network2, data), 1, 10, 0.5, 5.0,
                examples(network2, data), false, true, false, true));

        int[] order = shuffled(data.size(), 22);
        for (int from = 0; from < data.size(); from += 10) {
            reference.step(order, from, Math.min(from + 10, data.size()));
        }
        assertSameParameters(reference.network(), book, "one epoch with L2");
        int correct = reference.evaluate(data, false).correct();
        String n = System.lineSeparator();
        assertEquals("Epoch 0 training complete" + n + "Accuracy on training data: " + correct + " / 95" + n
                + "Accuracy on evaluation data: " + correct + " / 95" + n + n, printed);
        assertEquals("Monitoring[evaluation_cost=[], evaluation_accuracy=[" + correct + "], training_cost=[], "
                + "training_accuracy=[" + correct + "]]", monitoring[0].toString());
    }

    @Test
    void network2TotalCostAndAccuracyMatchTheReferenceEvaluation() {
        int[] sizes = {8, 6, 5, 4};
        Dataset data = data(sizes, 30, 13);
        for (Cost cost : List.of(Cost.CROSS_ENTROPY, Cost.QUADRATIC)) {
            Network start = Network.initialize(sizes, cost, Initializer.LARGE, new SeededRandom(7));
            var book = network2.newInstance();
            book.call("init", sizes, network2.cost(cost.modelName()));
            setParameters(book, start);
            var reference = ReferenceBackprop.of(start, ReferenceBackprop.Form.PER_EXAMPLE);
            var evaluation = reference.evaluate(data, true);
            List<Object> examples = examples(network2, data);

            assertEquals(evaluation.correct(), book.call("accuracy", examples));
            double meanCost = evaluation.costSum() / data.size();
            assertEquals(meanCost, (double) book.call("total_cost", examples, 0.0), TOLERANCE * meanCost);
            double withL2 = meanCost + 0.5 * (2.0 / data.size()) * reference.sumOfSquaredWeights();
            assertEquals(withL2, (double) book.call("total_cost", examples, 2.0), TOLERANCE * withL2, cost.toString());
        }
    }

    @Test
    void networkEvaluateCountsWhatTheReferenceCounts() {
        int[] sizes = {784, 30, 10};
        Dataset data = data(sizes, 50, 14);
        Network start = Network.initialize(sizes, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(8));
        var book = network.newInstance();
        setParameters(book, start);
        int correct = ReferenceBackprop.of(start, ReferenceBackprop.Form.PER_EXAMPLE).evaluate(data, false).correct();
        assertEquals(correct, book.call("evaluate", examples(network, data)));
    }

    @Test
    void network2DefaultWeightInitializerScalesWeightsByOneOverTheRootOfTheInputs() {
        int[] sizes = {1000, 400, 400};
        var book = network2.newInstance();
        book.set("random", new Random(31));
        book.call("init", sizes, network2.cost("CrossEntropyCost"));
        double[][][] weights = (double[][][]) book.get("weights");
        double[][] biases = (double[][]) book.get("biases");
        for (int l = 0; l < 2; l++) {
            assertEquals(sizes[l + 1], weights[l].length);
            assertEquals(sizes[l + 1], biases[l].length);
            for (double[] row : weights[l]) {
                assertEquals(sizes[l], row.length);
            }
            // Hundreds of thousands of draws: the sample deviation is within 1% of the true one.
            assertEquals(1 / Math.sqrt(sizes[l]), standardDeviation(weights[l]), 0.03 / Math.sqrt(sizes[l]));
        }
        assertEquals(1.0, standardDeviation(biases), 0.15);

        book.call("large_weight_initializer");
        weights = (double[][][]) book.get("weights");
        assertEquals(1.0, standardDeviation(weights[0]), 0.03);
        assertEquals(1.0, standardDeviation(weights[1]), 0.03);
    }

    @Test
    void network2SaveWritesAModelFileTheLibraryLoads(@TempDir Path directory) throws IOException {
        int[] sizes = {5, 4, 3};
        var book = network2.newInstance();
        book.set("random", new Random(41));
        book.call("init", sizes, network2.cost("QuadraticCost"));
        Path file = directory.resolve("book.json");

        book.call("save", file.toString());

        Network loaded = ModelFile.load(file).network();
        assertArrayEquals(sizes, loaded.sizes());
        assertEquals(Cost.QUADRATIC, loaded.cost());
        double[][][] weights = (double[][][]) book.get("weights");
        double[][] biases = (double[][]) book.get("biases");
        for (int l = 0; l < 2; l++) {
            assertTrue(Arrays.deepEquals(weights[l], loaded.weights(l)), "weights " + l + " bit for bit");
            assertArrayEquals(biases[l], loaded.biases(l), "biases " + l + " bit for bit");
        }
    }

    @Test
    void network2LoadReadsAModelFileTheLibrarySaved(@TempDir Path directory) throws IOException {
        int[] sizes = {6, 5, 4, 3};
        Network saved = Network.initialize(sizes, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(9));
        Path file = directory.resolve("library.json");
        ModelFile.save(saved, null, file);
        var book = network2.newInstance();

        book.call("load", file.toString());

        assertArrayEquals(sizes, (int[]) book.get("sizes"));
        assertEquals(4, book.get("num_layers"));
        assertEquals(network2.cost("CrossEntropyCost"), book.get("cost"));
        double[][][] weights = (double[][][]) book.get("weights");
        double[][] biases = (double[][]) book.get("biases");
        for (int l = 0; l < 3; l++) {
            assertTrue(Arrays.deepEquals(saved.weights(l), weights[l]), "weights " + l + " bit for bit");
            assertArrayEquals(saved.biases(l), biases[l], "biases " + l + " bit for bit");
        }
    }

    @Test
    void programsRunWithJavaAloneAndSayHowToFetchMnistWhenItIsMissing(@TempDir Path empty) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (String program : List.of("Network.java", "Network2.java")) {
            var process = new ProcessBuilder(java.toString(), BookProgram.bookDirectory().resolve(program).toString());
            process.environment().put("BACKPROP_DATA", empty.toString());
            process.redirectOutput(empty.resolve("out.txt").toFile()).redirectError(empty.resolve("err.txt").toFile());
            Process run = process.start();
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), program + " did not stop");

            String err = Files.readString(empty.resolve("err.txt"));
            assertEquals(2, run.exitValue(), program + ": " + err);
            assertEquals("", Files.readString(empty.resolve("out.txt")), program);
            assertEquals("MNIST is not in " + empty.resolve("mnist") + ": run ./backprop data fetch mnist first"
                    + System.lineSeparator(), err, program);
        }
    }

    /** MNIST-shaped random images for 784 inputs, else points labelled by their nearest prototype. */
    private static Dataset data(int[] sizes, int count, long seed) {
        int classes = sizes[sizes.length - 1];
        return sizes[0] == 784 ? TinyData.randomImages(count, 28, 28, classes, seed)
                : TinyData.prototypes("toy", count, sizes[0], classes, seed);
    }

    /** The permutation that {@code Collections.shuffle} with this seed gives, as the programs' SGD shuffles. */
    private static int[] shuffled(int n, long seed) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Object> miniBatch(BookProgram program, Dataset data, int[] order, int from, int to) {
        List<Object> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(program.example(data.input(order[i]), data.target(order[i])));
        }
        return batch;
    }

    private static List<Object> examples(BookProgram program, Dataset data) {
        return miniBatch(program, data, IntStream.range(0, data.size()).toArray(), 0, data.size());
    }

    private static void setParameters(BookProgram.Instance book, Network network) {
        int layers = network.layerCount() - 1;
        double[][][] weights = new double[layers][][];
        double[][] biases = new double[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = network.weights(l);
            biases[l] = network.biases(l);
        }
        book.set("num_layers", network.layerCount());
        book.set("sizes", network.sizes());
        book.set("weights", weights);
        book.set("biases", biases);
    }

    private static void assertSameParameters(Network expected, BookProgram.Instance book, String what) {
        double[][][] weights = (double[][][]) book.get("weights");
        double[][] biases = (double[][]) book.get("biases");
        for (int l = 0; l < expected.layerCount() - 1; l++) {
            for (int j = 0; j < expected.size(l + 1); j++) {
                for (int k = 0; k < expected.size(l); k++) {
                    assertEquals(expected.weight(l, j, k), weights[l][j][k], TOLERANCE, what + ": w[" + l + "][" + j + "][" + k + "]");
                }
                assertEquals(expected.bias(l, j), biases[l][j], TOLERANCE, what + ": b[" + l + "][" + j + "]");
            }
        }
    }

    private static double standardDeviation(double[][] values) {
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (double[] row : values) {
            for (double v : row) {
                sum += v;
                squares += v * v;
                count++;
            }
        }
        double mean = sum / count;
        return Math.sqrt(squares / count - mean * mean);
    }

    private static String printedBy(Runnable action) {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
