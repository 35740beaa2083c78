package backprop.io;

import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Model files agree with network2.py as numpy runs it. The fixtures in {@code src/test/resources/io}
 * were written by {@code tools/network2/check_compat.py} the way network2.save writes, with the
 * outputs numpy computed for them; the other direction runs that script when numpy is installed.
 */
class Network2CompatibilityTest {
    static final double TOLERANCE = 1e-12;

    @TempDir
    Path directory;

    static Path fixture(String name) {
        try {
            return Path.of(Network2CompatibilityTest.class.getResource("/io/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static double[][] matrix(JsonNode rows) {
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < values.length; i++) {
            JsonNode row = rows.get(i);
            values[i] = new double[row.size()];
            for (int j = 0; j < values[i].length; j++) {
                values[i][j] = row.get(j).doubleValue();
            }
        }
        return values;
    }

    static void assertFeedforwardMatches(Network network, Path numpyResults) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(numpyResults.toFile());
        double[][] inputs = matrix(expected.get("inputs"));
        double[][] outputs = matrix(expected.get("outputs"));
        assertTrue(inputs.length > 0);
        for (int i = 0; i < inputs.length; i++) {
            assertArrayEquals(outputs[i], network.feedforward(inputs[i]), TOLERANCE, "input " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"network2-4-5-3", "network2-784-30-10"})
    void feedforwardMatchesNumpyOnFilesWrittenLikeNetwork2(String name) throws IOException {
        Network network = ModelFile.load(fixture(name + ".json")).network();

        assertFeedforwardMatches(network, fixture(name + "-expected.json"));
    }

    @Test
    void network2FilesLoadAsSigmoidNetworksWithTheirCostAndNoProvenance() throws IOException {
        SavedModel small = ModelFile.load(fixture("network2-4-5-3.json"));
        SavedModel book = ModelFile.load(fixture("network2-784-30-10.json"));

        assertArrayEquals(new int[] {4, 5, 3}, small.network().sizes());
        assertEquals(Cost.QUADRATIC, small.network().cost());
        assertEquals(List.of(Activation.SIGMOID, Activation.SIGMOID), small.network().activations());
        assertTrue(small.provenance().isEmpty());
        assertArrayEquals(new int[] {784, 30, 10}, book.network().sizes());
        assertEquals(Cost.CROSS_ENTROPY, book.network().cost());
        assertTrue(book.provenance().isEmpty());
    }

    /** Doubles from random bit patterns, so every exponent and the shortest-decimal corner cases occur. */
    static Network randomBitsNetwork(int[] sizes, long seed) {
        SeededRandom random = new SeededRandom(seed);
        double[][][] weights = new double[sizes.length - 1][][];
        double[][] biases = new double[sizes.length - 1][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = new double[sizes[l + 1]][sizes[l]];
            biases[l] = new double[sizes[l + 1]];
            for (double[] row : weights[l]) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = finiteFromBits(random);
                }
            }
            for (int j = 0; j < biases[l].length; j++) {
                biases[l][j] = finiteFromBits(random);
            }
        }
        return Network.of(sizes, Collections.nCopies(sizes.length - 1, Activation.SIGMOID),
                Cost.CROSS_ENTROPY, weights, biases);
    }

    static double finiteFromBits(SeededRandom random) {
        double value;
        do {
            value = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(value));
        return value;
    }

    @Test
    void numpyReadsOurFilesWithIdenticalValues() throws IOException, InterruptedException {
        Python python = Python.withNumpy();
        Network exotic = randomBitsNetwork(new int[] {40, 30, 20}, 11);
        Network trained = Network.initialize(new int[] {6, 5, 4}, Cost.QUADRATIC, Initializer.SCALED, new SeededRandom(3));
        for (Network network : List.of(exotic, trained, ModelFileTest.awkwardNetwork().withCost(Cost.CROSS_ENTROPY))) {
            Path ours = directory.resolve("ours.json");
            Path resaved = directory.resolve("resaved.json");
            ModelFile.save(network, Provenance.now(), ours);

            python.run("resave", ours.toString(), resaved.toString());

            // Python wrote back what it read, shortest repr; reading the same doubles means it read ours exactly.
            Network back = ModelFile.load(resaved).network();
            assertEquals(network.cost(), back.cost());
            for (int l = 0; l + 1 < network.layerCount(); l++) {
                assertArrayEquals(network.weights(l), back.weights(l), "weights " + l);
                assertArrayEquals(network.biases(l), back.biases(l), "biases " + l);
            }
        }
        Path ours = directory.resolve("trained.json");
        Path numpyResults = directory.resolve("outputs.json");
        ModelFile.save(trained, null, ours);
        python.run("feedforward", ours.toString(), "--count", "7", "--seed", "5", "--out", numpyResults.toString());
        assertFeedforwardMatches(trained, numpyResults);
    }

    /** {@code tools/network2/check_compat.py} under a Python that has numpy; the test is skipped without one. */
    record Python(String executable, Path script) {

        static Python withNumpy() throws InterruptedException {
            Path script = findScript();
            assumeTrue(script != null, "tools/network2/check_compat.py not found");
            for (String executable : List.of("/usr/bin/python3", "python3")) {
                try {
                    Process probe = new ProcessBuilder(executable, "-c", "import numpy")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                        return new Python(executable, script);
                    }
                    probe.destroyForcibly();
                } catch (IOException e) {
                    // Not installed under this name; try the next.
                }
            }
            assumeTrue(false, "no python3 with numpy");
            return null;
        }

        private static Path findScript() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path script = dir.resolve("tools/network2/check_compat.py");
                if (Files.isRegularFile(script)) {
                    return script;
                }
            }
            return null;
        }

        void run(String... arguments) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(executable, script.toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "check_compat.py timed out");
            assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
        }
    }
}
