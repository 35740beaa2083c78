package backprop.io.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our exports run in ONNX Runtime and compute what our networks compute. */
class OnnxExportTest {

    static Network network(String layers, long seed) {
        return Architecture.parse(layers, null, Activation.SIGMOID, Activation.SIGMOID)
                .initialize(Cost.QUADRATIC, Initializer.SCALED, new SeededRandom(seed));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "12,7,5",
            "12,fc:9:tanh,fc:8:relu,fc:6:leaky-relu,softmax:4",
            "12,fc:6:relu,fc:3:tanh",
            "1x10x9,conv:3x3x2:relu,pool:2,fc:6:sigmoid,softmax:3",
            "2x12x12,conv:4x5x5:tanh,pool:2x2,conv:3x3x3:leaky-relu,pool:2,fc:5:relu,softmax:4",
            "1x7x7,conv:2x3x3:sigmoid,fc:4:leaky-relu"
    })
    void onnxRuntimeComputesTheOutputsOfEveryLayerKindAndActivation(String layers) throws OrtException {
        Network network = network(layers, 7);
        int examples = 9;
        float[] inputs = new float[examples * network.inputSize()];
        Random random = new Random(3);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = random.nextFloat();
        }

        float[][] onnx;
        try (OnnxRuntimeRunner runner = new OnnxRuntimeRunner(OnnxExport.toBytes(network), network.inputShape())) {
            onnx = runner.run(inputs, examples);
        }

        assertEquals(examples, onnx.length);
        for (int i = 0; i < examples; i++) {
            double[] x = new double[network.inputSize()];
            for (int k = 0; k < x.length; k++) {
                x[k] = inputs[i * x.length + k];
            }
            double[] ours = network.feedforward(x);
            double[] theirs = new double[onnx[i].length];
            for (int j = 0; j < theirs.length; j++) {
                theirs[j] = onnx[i][j];
            }
            assertArrayEquals(ours, theirs, 1e-5, layers + ", example " + i);
        }
    }

    @Test
    void theGraphHasNamedInputAndOutputWithASymbolicBatchDimension() throws OrtException {
        Network network = network("1x8x8,conv:2x3x3,pool:2,softmax:3", 1);
        try (OnnxRuntimeRunner runner = new OnnxRuntimeRunner(OnnxExport.toBytes(network), network.inputShape())) {
            NodeInfo input = runner.session().getInputInfo().get(OnnxExport.INPUT);
            NodeInfo output = runner.session().getOutputInfo().get(OnnxExport.OUTPUT);
            TensorInfo in = (TensorInfo) input.getInfo();
            TensorInfo out = (TensorInfo) output.getInfo();
            assertArrayEquals(new long[] {-1, 1, 8, 8}, in.getShape());
            assertEquals(OnnxExport.BATCH, in.getDimensionNames()[0]);
            assertArrayEquals(new long[] {-1, 3}, out.getShape());
            assertEquals(network.architecture().notation(),
                    runner.session().getMetadata().getCustomMetadata().get(OnnxExport.LAYERS_KEY));
        }
    }
}
