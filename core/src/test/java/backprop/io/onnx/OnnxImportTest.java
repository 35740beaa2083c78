package backprop.io.onnx;

import backprop.io.ModelFile;
import backprop.io.ModelFormatException;
import backprop.nn.Cost;
import backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX models, PyTorch's and our own, read as networks that compute what they computed. */
class OnnxImportTest {

    static List<PyTorchModels.Model> pytorchModels() throws IOException, URISyntaxException {
        return PyTorchModels.load().models();
    }

    @ParameterizedTest
    @MethodSource("pytorchModels")
    void aPyTorchSequentialComputesHereWhatItComputedInPyTorch(PyTorchModels.Model model) throws IOException {
        Network network = ModelFile.load(model.file()).network();

        for (int i = 0; i < model.inputs().length; i++) {
            double[] x = new double[model.inputSize()];
            for (int k = 0; k < x.length; k++) {
                x[k] = model.inputs()[i][k];
            }
            assertArrayEquals(model.outputs()[i], network.feedforward(x), 1e-5, model.name() + ", example " + i);
        }
    }

    @Test
    void pyTorchLayersMapToOursWithPoolingBeforeAnActivationMovedAfterIt() throws IOException, URISyntaxException {
        PyTorchModels models = PyTorchModels.load();

        assertEquals("1x28x28,conv:8x5x5:relu,pool:2,conv:16x5x5:tanh,pool:2,fc:32:leaky-relu,softmax:10",
                ModelFile.load(models.file("conv.onnx")).network().architecture().notation());
        assertEquals("1x28x28,softmax:10", ModelFile.load(models.file("matmul-add.onnx")).network().architecture().notation());
        Network mlp = ModelFile.load(models.file("mlp-sigmoid-tanh.onnx")).network();
        assertEquals("784,fc:40:tanh,fc:20:sigmoid,softmax:10", mlp.architecture().notation());
        assertEquals(Cost.LOG_LIKELIHOOD, mlp.cost());
    }

    @Test
    void aGraphWithAnOperatorWeCannotMapNamesTheNodeAndWhy() throws IOException, URISyntaxException {
        Path file = PyTorchModels.load().file("unsupported-elu.onnx");

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().startsWith(file + " is not a valid model file: node 2 (Elu "), e.getMessage());
        assertTrue(e.getMessage().contains("Elu has no counterpart among our layers"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "784,30,10",
            "12,fc:9:tanh,fc:8:relu,fc:6:leaky-relu,softmax:4",
            "2x12x12,conv:4x5x5:tanh,pool:2x2,conv:3x3x3:leaky-relu,pool:2,fc:5:relu,softmax:4"
    })
    void ourExportReadsBackAsTheSameNetworkUpToFloatRounding(String layers, @TempDir Path directory) throws IOException {
        Network network = OnnxExportTest.network(layers, 5).withCost(Cost.CROSS_ENTROPY);
        Path file = directory.resolve("model.onnx");
        OnnxExport.save(network, file);

        Network back = ModelFile.load(file).network();

        assertEquals(network.architecture(), back.architecture());
        assertEquals(Cost.CROSS_ENTROPY, back.cost());
        for (int l = 0; l < network.depth(); l++) {
            for (int p = 0; p < network.layer(l).parameters().size(); p++) {
                double[] ours = network.layer(l).parameters().get(p).values();
                double[] read = back.layer(l).parameters().get(p).values();
                for (int i = 0; i < ours.length; i++) {
                    assertEquals((float) ours[i], read[i], 0.0, "layer " + (l + 1) + ", tensor " + p + ", value " + i);
                }
            }
        }
    }

    @Test
    void aTruncatedFileIsOneClearError(@TempDir Path directory) throws IOException {
        byte[] whole = OnnxExport.toBytes(OnnxExportTest.network("784,30,10", 1));
        Path file = directory.resolve("cut.onnx");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().startsWith(file + " is not a valid model file: "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aJsonFileNamedOnnxIsNotTakenForAModel(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("model.onnx");
        Files.writeString(file, "{\"sizes\": [2, 1]}");

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().contains("not an ONNX model"), e.getMessage());
    }
}
