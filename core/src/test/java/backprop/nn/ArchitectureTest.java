package backprop.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureTest {
    private static final Shape MNIST = new Shape(1, 28, 28);

    private static Architecture parse(String text) {
        return Architecture.parse(text, MNIST, Activation.SIGMOID, Activation.SOFTMAX);
    }

    @Test
    void theBooksSizesAreAnInputAndFullyConnectedLayers() {
        Architecture book = Architecture.parse("784,30,10", MNIST, Activation.SIGMOID, Activation.SIGMOID);

        assertEquals(Shape.vector(784), book.input());
        assertEquals(List.of(new Architecture.FullyConnectedSpec(30, Activation.SIGMOID),
                new Architecture.FullyConnectedSpec(10, Activation.SIGMOID)), book.layers());
        assertTrue(book.isFullyConnected());
        assertEquals("784,fc:30:sigmoid,fc:10:sigmoid", book.notation());
    }

    @Test
    void network3sConvolutionalNetworkTakesItsInputFromTheData() {
        Architecture net = parse("conv:20x5x5,pool:2,conv:40x5x5,pool:2,fc:100,softmax:10");

        assertEquals(List.of(MNIST, new Shape(20, 24, 24), new Shape(20, 12, 12), new Shape(40, 8, 8),
                new Shape(40, 4, 4), Shape.vector(100), Shape.vector(10)), net.shapes());
        assertFalse(net.isFullyConnected());
        assertEquals("1x28x28,conv:20x5x5:sigmoid,pool:2,conv:40x5x5:sigmoid,pool:2,fc:100:sigmoid,softmax:10",
                net.notation());
    }

    @Test
    void theNotationReadsBackAsTheSameArchitecture() {
        Architecture net = parse("3x32x30,conv:8x3x5:relu,pool:2x3,fc:64:tanh,fc:5:sigmoid");

        assertEquals(net, parse(net.notation()));
    }

    @Test
    void aSquareFilterMayBeGivenByOneSizeAndActivationsByName() {
        Architecture net = parse("1x28x28,conv:20x5:leaky-relu,pool:2,fc:10:sigmoid");

        assertEquals(new Architecture.ConvolutionSpec(20, 5, 5, Activation.LEAKY_RELU), net.layers().get(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "conv:20x5x5,pool:2,conv:40x13x13,fc:10 | layer 3 (conv:40x13x13:sigmoid): its input is 20x12x12, smaller than a 13x13 filter; use filters of at most 12x12",
            "784,conv:20x5x5,fc:10 | layer 1 (conv:20x5x5:sigmoid): a convolution needs feature maps (CxHxW), but its input is a vector of 784; begin --layers with the image's shape",
            "conv:20x5x5,fc:30,conv:2x2x2,fc:10 | layer 3 (conv:2x2x2:sigmoid): a convolution needs feature maps (CxHxW), but its input is a vector of 30; put convolutions before the fully connected layers",
            "conv:20x5x5,pool:30,fc:10 | layer 2 (pool:30): its input is 20x24x24, smaller than a 30x30 window",
            "conv:20x5x5,softmax:10,fc:10 | layer 2 (softmax:10): softmax acts on a whole layer and is only allowed on the last layer",
            "conv:20x5x5,pool:2 | layer 2 (pool:2) is the output layer, which must be fully connected",
            "conv:20x5x5,fc:ten | layer 2 'fc:ten': 'ten' is not a number of neurons",
            "conv:20x5x5,dense:10:swish | layer 2 'dense:10:swish': unknown activation 'swish'",
            "conv:20x5x5,,fc:10 | has an empty element",
            "conv:20x5x5x5x5,fc:10 | layer 1 'conv:20x5x5x5x5': '20x5x5x5x5' is not filters x kernel size",
            "lstm:20,fc:10 | layer 1 'lstm:20' is not a layer",
            "784 | has no layer after the input",
            "0x28,fc:10 | the input '0x28' is not a shape"})
    void aLayerThatDoesNotFitIsNamedWithWhatWouldFit(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text));

        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void withoutAnInputShapeFromTheDataTheTextMustGiveOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("conv:20x5x5,fc:10", null, Activation.SIGMOID, Activation.SIGMOID));

        assertTrue(e.getMessage().contains("begin with it, e.g. 1x28x28,conv:20x5x5,fc:10"), e.getMessage());
    }

    @Test
    void initializationDrawsEveryBiasBeforeAnyWeightAsNetwork2Does() {
        Network dense = Network.initialize(new int[] {4, 3, 2}, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(9));
        SeededRandom random = new SeededRandom(9);
        double[] expected = new double[5];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = random.nextGaussian();
        }

        assertEquals(expected[0], dense.bias(0, 0));
        assertEquals(expected[3], dense.bias(1, 0));
        assertEquals(random.nextGaussian(), dense.weight(0, 0, 0));
    }

    @Test
    void network3sInitializationScalesByTheOutputsAfterPoolingAndZeroesTheSoftmaxLayer() {
        Network net = parse("conv:20x5x5,pool:2,fc:100,softmax:10")
                .initialize(Cost.LOG_LIKELIHOOD, Initializer.NETWORK3, new SeededRandom(1));
        Convolution conv = (Convolution) net.layer(0);
        FullyConnected hidden = (FullyConnected) net.layer(2);
        FullyConnected output = net.outputLayer();

        // network3.py: n_out = 20 * 5 * 5 / (2 * 2) = 125 for the convolution, 100 for the hidden layer.
        assertEquals(Math.sqrt(1.0 / 125), standardDeviation(conv.parameters().get(0).values()), 0.01);
        assertEquals(Math.sqrt(1.0 / 100), standardDeviation(hidden.parameters().get(0).values()), 0.0005);
        assertEquals(1.0, standardDeviation(hidden.parameters().get(1).values()), 0.2);
        for (Parameter p : output.parameters()) {
            for (double v : p.values()) {
                assertEquals(0.0, v);
            }
        }
    }

    private static double standardDeviation(double[] values) {
        double sum = 0;
        double squares = 0;
        for (double v : values) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / values.length;
        return Math.sqrt(squares / values.length - mean * mean);
    }
}
