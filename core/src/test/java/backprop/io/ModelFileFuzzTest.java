package backprop.io;

import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.testing.ByteMutator;
import backprop.testing.ReaderFuzzer;
import backprop.train.Checkpoint;
import backprop.train.EpochResult;
import backprop.train.OptimizerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Model files and checkpoints from anywhere (network2.py's, ours, the layered format, damaged or hostile)
 * are read into a model or refused with a {@link ModelFormatException}, at a cost in proportion to
 * their size: {@link ReaderFuzzer}'s property over mutations of valid files.
 */
class ModelFileFuzzTest {
    /** The layered format (convolutions) that main reads; here it exercises the refusal of unknown fields. */
    private static final String LAYERED = """
            {"format": "backprop-layers", "version": 1, "input": [1, 4, 4], "layers": [
             {"type": "convolution", "filters": 2, "kernel": [3, 3], "activation": "relu",
              "weights": [[[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]],
                          [[[-0.1, -0.2, -0.3], [-0.4, -0.5, -0.6], [-0.7, -0.8, -0.9]]]],
              "biases": [0.0, 0.5]},
             {"type": "max-pooling", "window": [2, 2]},
             {"type": "fully-connected", "neurons": 3, "activation": "sigmoid",
              "weights": [[1, 2], [3, 4], [5, 6]], "biases": [0, 0, 0]}],
             "cost": "CrossEntropyCost"}""";
    private static final List<String> TOKENS = List.of("[", "]", "{", "}", ",", ":", "\"", "\"sizes\"", "\"weights\"",
            "\"biases\"", "\"cost\"", "\"activations\"", "\"checkpoint\"", "\"backprop\"", "\"layers\"", "\"format\"",
            "1e309", "-1e-400", "NaN", "Infinity", "null", "true", "99999999999999999999", "-0", "0.", "\"\\u0000\"",
            "\"QuadraticCost\"", "\"CrossEntropyCost\"", "[[[", "]]]", "{\"a\": ", "\uFEFF", "\u00e9", "\\");
    /** Generous: reading takes about 1 µs and 100 bytes per byte of JSON (see docs/TESTING.md). */
    private static final ReaderFuzzer.Budget BUDGET = new ReaderFuzzer.Budget(2_000, 50_000, 64 << 20, 4_000);

    @TempDir
    Path directory;

    private List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (InputStream network2 = Objects.requireNonNull(getClass().getResourceAsStream("/io/network2-4-5-3.json"))) {
            seeds.add(network2.readAllBytes());
        }
        seeds.add(LAYERED.getBytes(StandardCharsets.UTF_8));
        Path file = directory.resolve("seed.json");
        ModelFile.save(ModelFileTest.awkwardNetwork(), ModelFileTest.fullProvenance(), file);
        seeds.add(Files.readAllBytes(file));
        SeededRandom random = new SeededRandom(7);
        Network network = Network.initialize(new int[] {6, 5, 3}, Cost.CROSS_ENTROPY, Initializer.SCALED, random);
        ModelFile.saveCheckpoint(checkpoint(network), ModelFileTest.fullProvenance(),
                List.of("--layers", "6,5,3", "--optimizer", "momentum", "--save", "/tmp/m.json"), file);
        seeds.add(Files.readAllBytes(file));
        return seeds;
    }

    /** A momentum run's state after two epochs: one moment shaped like the weights, a history. */
    private static Checkpoint checkpoint(Network network) {
        double[][][] velocity = new double[network.layerCount() - 1][][];
        double[][] biasVelocity = new double[network.layerCount() - 1][];
        for (int l = 0; l < velocity.length; l++) {
            velocity[l] = network.weights(l);
            biasVelocity[l] = network.biases(l);
        }
        List<EpochResult> history = List.of(new EpochResult(0, 0.5, 2.0, OptionalDouble.of(0.25), OptionalInt.of(7),
                10, OptionalDouble.empty(), OptionalInt.empty(), 0));
        return new Checkpoint(network, OptimizerState.ofDense(12, List.<double[][][]>of(velocity),
                List.<double[][]>of(biasVelocity)), 1, 3, 0.5,
                history);
    }

    private static List<byte[]> tokens() {
        return TOKENS.stream().map(token -> token.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void anyModelFileIsReadOrRefusedAsAModelFormatErrorAtACostInProportionToItsSize() throws IOException {
        ByteMutator inputs = new ByteMutator(ReaderFuzzer.seed(), seeds(), tokens());

        ReaderFuzzer.check("model file", directory, ReaderFuzzer.iterations(600), inputs::next,
                ModelFormatException.class, BUDGET, ModelFile::load);
    }

    @Test
    void anyCheckpointIsReadOrRefusedAsAModelFormatErrorAtACostInProportionToItsSize() throws IOException {
        ByteMutator inputs = new ByteMutator(ReaderFuzzer.seed() + 1, seeds(), tokens());

        ReaderFuzzer.check("checkpoint", directory, ReaderFuzzer.iterations(600), inputs::next,
                ModelFormatException.class, BUDGET, ModelFile::loadCheckpoint);
    }
}
