package backprop.reference;

import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.testing.TinyData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backpropagation must compute the same gradient as the definition of a derivative: every
 * parameter nudged by ±h, the change in cost divided by 2h. Run over every activation and cost the
 * enums hold, so a new one cannot go unchecked, and over every kind of layer.
 */
class GradientCheckTest {
    private static final double H = 1e-5;

    /** Every elementwise hidden activation x every output activation x every cost defined for it. */
    static Stream<Arguments> everyActivationAndCost() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation hidden : Activation.values()) {
            if (!hidden.isElementwise()) {
                continue;
            }
            for (Activation output : Activation.values()) {
                for (Cost cost : Cost.values()) {
                    if (cost.supports(output)) {
                        cases.add(Arguments.of(hidden, output, cost));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}")
    @MethodSource("everyActivationAndCost")
    void perExampleGradientMatchesFiniteDifferences(Activation hidden, Activation output, Cost cost) {
        SeededRandom random = new SeededRandom(42);
        Network network = Network.initialize(new int[] {6, 5, 4, 3}, hidden, output, cost, Initializer.LARGE, random);
        assertMatchesFiniteDifferences(network, random, 1);
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}")
    @MethodSource("everyActivationAndCost")
    void matrixGradientMatchesFiniteDifferences(Activation hidden, Activation output, Cost cost) {
        SeededRandom random = new SeededRandom(7);
        Network network = Network.initialize(new int[] {6, 5, 4, 3}, hidden, output, cost, Initializer.SCALED, random);
        assertMatrixMatchesFiniteDifferences(network, random);
    }

    /**
     * Two input channels into a convolution, a pooling window that does not divide its 5x5 map (the
     * last row and column are dropped), a fully connected layer and a softmax output.
     */
    @ParameterizedTest(name = "{0} convolution")
    @EnumSource(value = Activation.class, mode = EnumSource.Mode.EXCLUDE, names = "SOFTMAX")
    void convolutionAndPoolingGradientsMatchFiniteDifferences(Activation activation) {
        SeededRandom random = new SeededRandom(11);
        Network network = Architecture.parse("2x7x7,conv:3x3x3:" + activation.id() + ",pool:2,fc:5:"
                + activation.id() + ",softmax:4", null, activation, Activation.SOFTMAX)
                .initialize(Cost.LOG_LIKELIHOOD, Initializer.SCALED, random);
        assertMatchesFiniteDifferences(network, random, 1);
        assertMatrixMatchesFiniteDifferences(network, random);
    }

    /** Convolution on convolution (several channels in and out), non-square filters and windows, then pooling 3x2. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Cost.class)
    void stackedConvolutionsWithNonSquareWindowsMatchFiniteDifferences(Cost cost) {
        SeededRandom random = new SeededRandom(5);
        Network network = Architecture.parse("3x9x8,conv:4x2x3:tanh,conv:2x3x2:sigmoid,pool:3x2,fc:3:sigmoid",
                null, Activation.SIGMOID, Activation.SIGMOID).initialize(cost, Initializer.LARGE, random);
        assertMatchesFiniteDifferences(network, random, 1);
    }

    private static void assertMatchesFiniteDifferences(Network network, SeededRandom random, int label) {
        double[] x = TinyData.randomVector(network.inputSize(), random);
        double[] y = new double[network.outputSize()];
        y[label] = 1.0;

        Gradient analytic = ReferenceBackprop.of(network, ReferenceBackprop.Form.PER_EXAMPLE).backprop(x, y);
        Gradient numeric = finiteDifferences(network, x, y);

        double error = relativeError(analytic, numeric);
        assertTrue(error < 1e-6, "relative error " + error);
    }

    private static void assertMatrixMatchesFiniteDifferences(Network network, SeededRandom random) {
        int m = 3;
        int inputs = network.inputSize();
        int outputs = network.outputSize();
        double[][] xColumns = new double[inputs][m];
        double[][] yColumns = new double[outputs][m];
        Gradient numeric = Gradient.zeros(network);
        for (int i = 0; i < m; i++) {
            double[] x = TinyData.randomVector(inputs, random);
            double[] y = new double[outputs];
            y[i % outputs] = 1.0;
            Matrices.setColumn(xColumns, i, x);
            Matrices.setColumn(yColumns, i, y);
            numeric.add(finiteDifferences(network, x, y));
        }

        Gradient analytic = ReferenceBackprop.of(network, ReferenceBackprop.Form.MATRIX).backpropMatrix(xColumns, yColumns);

        double error = relativeError(analytic, numeric);
        assertTrue(error < 1e-6, "relative error " + error);
    }

    /** Central differences {@code (C(θ + h) - C(θ - h)) / 2h} for every parameter of every layer. */
    static Gradient finiteDifferences(Network network, double[] x, double[] y) {
        List<Layer> layers = network.layers();
        Gradient numeric = Gradient.zeros(layers);
        for (int l = 0; l < layers.size(); l++) {
            for (int p = 0; p < layers.get(l).parameters().size(); p++) {
                double[] theta = layers.get(l).parameters().get(p).values();
                for (int k = 0; k < theta.length; k++) {
                    double saved = theta[k];
                    theta[k] = saved + H;
                    double plus = cost(network, layers, x, y);
                    theta[k] = saved - H;
                    double minus = cost(network, layers, x, y);
                    theta[k] = saved;
                    numeric.tensors()[l][p][k] = (plus - minus) / (2 * H);
                }
            }
        }
        return numeric;
    }

    private static double cost(Network like, List<Layer> layers, double[] x, double[] y) {
        return like.cost().value(Network.of(like.inputShape(), layers, like.cost()).feedforward(x), y);
    }

    /** {@code ‖g1 - g2‖ / (‖g1‖ + ‖g2‖)} over all parameters; 0 when both are zero. */
    static double relativeError(Gradient a, Gradient b) {
        double difference = 0;
        double normA = 0;
        double normB = 0;
        for (int l = 0; l < a.tensors().length; l++) {
            for (int p = 0; p < a.tensors()[l].length; p++) {
                for (int k = 0; k < a.tensors()[l][p].length; k++) {
                    double u = a.tensors()[l][p][k];
                    double v = b.tensors()[l][p][k];
                    difference += (u - v) * (u - v);
                    normA += u * u;
                    normB += v * v;
                }
            }
        }
        // Both exactly zero (e.g. a ReLU output layer that no input switches on): they agree.
        return normA + normB == 0 ? 0.0 : Math.sqrt(difference) / (Math.sqrt(normA) + Math.sqrt(normB));
    }
}
