package backprop.io;

import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.train.Checkpoint;
import backprop.train.OptimizerState;
import backprop.testing.TinyData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Networks with convolutions are saved in the layered format, and read back exactly and strictly. */
class LayeredModelFileTest {
    @TempDir
    Path directory;

    private static Network convolutional() {
        return Architecture.parse("2x9x8,conv:3x3x2:relu,pool:2x3,fc:5:tanh,softmax:4", null, Activation.SIGMOID,
                Activation.SOFTMAX).initialize(Cost.LOG_LIKELIHOOD, Initializer.LARGE, new SeededRandom(4));
    }

    private Path saved(Network network) throws IOException {
        Path file = directory.resolve("conv.json");
        ModelFile.save(network, ModelFileTest.fullProvenance(), file);
        return file;
    }

    @Test
    void aConvolutionalNetworkRoundTripsBitForBit() throws IOException {
        Network network = convolutional();

        SavedModel loaded = ModelFile.load(saved(network));

        assertEquals(network, loaded.network());
        assertEquals(Optional.of(ModelFileTest.fullProvenance()), loaded.provenance());
        double[] x = TinyData.randomVector(network.inputSize(), new SeededRandom(1));
        assertArrayEquals(network.feedforward(x), loaded.network().feedforward(x), 0.0);
    }

    @Test
    void weightsAreWrittenNestedInPyTorchsLayout() throws IOException {
        String text = Files.readString(saved(convolutional()));

        assertTrue(text.contains("\"format\": \"backprop-layers\""), text);
        assertTrue(text.contains("\"input\": [2, 9, 8]"), text);
        assertTrue(text.contains("\"type\": \"convolution\""), text);
        assertTrue(text.contains("\"kernel\": [3, 2]"), text);
        assertTrue(text.contains("\"window\": [2, 3]"), text);
        assertFalse(text.contains("\"sizes\""), "network2's fields cannot describe a convolution");
        // Filter 0, channel 0, row 0 is the first innermost list: [[[[w, w], ...
        assertTrue(text.contains("\"weights\": [[[["), text);
    }

    @Test
    void fullyConnectedNetworksKeepNetwork2sFormat() throws IOException {
        Network dense = Network.initialize(new int[] {4, 3, 2}, Cost.QUADRATIC, Initializer.SCALED, new SeededRandom(1));
        String text = Files.readString(saved(dense));

        assertTrue(text.contains("\"sizes\": [4, 3, 2]"), text);
        assertFalse(text.contains("\"layers\""), text);
    }

    @Test
    void aCheckpointOfAConvolutionalNetworkKeepsItsMomentsPerTensor() throws IOException {
        Network network = convolutional();
        SeededRandom random = new SeededRandom(2);
        List<double[][][]> moments = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<Layer> layers = network.layers();
            double[][][] moment = new double[layers.size()][][];
            for (int l = 0; l < moment.length; l++) {
                moment[l] = layers.get(l).zeroGradient();
                for (double[] tensor : moment[l]) {
                    for (int k = 0; k < tensor.length; k++) {
                        tensor[k] = random.nextGaussian();
                    }
                }
            }
            moments.add(moment);
        }
        Checkpoint checkpoint = new Checkpoint(network, new OptimizerState(77, moments), 1, 3, 0.5, List.of(
                new backprop.train.EpochResult(0, 1.0, 0.5, java.util.OptionalDouble.empty(),
                        java.util.OptionalInt.empty(), 10, java.util.OptionalDouble.empty(),
                        java.util.OptionalInt.of(3), 5)));
        Path file = directory.resolve("checkpoint.json");
        ModelFile.saveCheckpoint(checkpoint, null, List.of("--layers", "x"), file);

        Checkpoint loaded = ModelFile.loadCheckpoint(file).orElseThrow().checkpoint();

        assertEquals(network, loaded.network());
        assertEquals(77, loaded.optimizer().steps());
        for (int s = 0; s < 2; s++) {
            for (int l = 0; l < moments.get(s).length; l++) {
                for (int p = 0; p < moments.get(s)[l].length; p++) {
                    assertArrayEquals(moments.get(s)[l][p], loaded.optimizer().moments().get(s)[l][p], 0.0);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"kernel\": [3, 2] | \"kernel\": [3, 2], \"stride\": 2 | layers[0].stride is not a field of a layer",
            "\"type\": \"max-pooling\" | \"type\": \"average-pooling\" | layers[1].type \"average-pooling\" is not a layer type",
            "\"version\": 1 | \"version\": 2 | version 2 of the backprop-layers layout is not one this version reads",
            "\"format\": \"backprop-layers\" | \"format\": \"keras\" | format \"keras\" is not one this version reads",
            "\"input\": [2, 9, 8] | \"input\": [2, 5, 8] | layers[2].weights must be 5x6, found 5x18",
            "\"filters\": 3 | \"filters\": 4 | layers[0].weights must be 4x2x3x2, found 3x2x3x2",
            "\"window\": [2, 3] | \"window\": [2, 3], \"activation\": \"relu\" | layers[1].activation does not belong to a max-pooling layer",
            "\"neurons\": 5 | \"neurons\": -5 | layers[2].neurons must be a number of neurons (positive whole numbers), found -5",
            "\"activation\": \"tanh\" | \"activation\": \"swish\" | layers[2].activation: unknown activation 'swish'"})
    void aDamagedLayeredFileIsRefusedNamingTheField(String original, String replacement, String expected)
            throws IOException {
        Path file = saved(convolutional());
        String text = Files.readString(file);
        assertTrue(text.contains(original), "the test's premise: " + original);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(original),
                java.util.regex.Matcher.quoteReplacement(replacement)));

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aRaggedWeightListIsRefused() throws IOException {
        Path file = saved(convolutional());
        String text = Files.readString(file);
        int at = text.indexOf("\"weights\": [[[[") + "\"weights\": [[[[".length();
        int comma = text.indexOf(',', at);
        Files.writeString(file, text.substring(0, at) + text.substring(comma + 1));

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().contains("layers[0].weights[0][0][0] has 1 entry where the lists before it have 2")
                || e.getMessage().contains("where the lists before it have"), e.getMessage());
    }

    @Test
    void aNonFiniteParameterIsRefused() throws IOException {
        Path file = saved(convolutional());
        String text = Files.readString(file);
        int at = text.indexOf("\"biases\": [") + "\"biases\": [".length();
        Files.writeString(file, text.substring(0, at) + "NaN, " + text.substring(text.indexOf(',', at) + 1));

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().contains("NaN or infinite parameters (first at layers[0].biases"), e.getMessage());
    }

    @Test
    void network2FieldsAndLayersTogetherAreRefused() throws IOException {
        Path file = saved(convolutional());
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\\{", "{\"sizes\": [144, 4], "));

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().contains("has both network2.py's fields"), e.getMessage());
    }
}
