package backprop.reference;

import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.testing.TinyData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backpropagation must compute the same gradient as the definition of a derivative: every
 * parameter nudged by ±h, the change in cost divided by 2h.
 */
class GradientCheckTest {
    private static final int[] SIZES = {6, 5, 4, 3};
    private static final double H = 1e-5;

    static Stream<Arguments> layerAndCostPairs() {
        return Stream.of(
                Arguments.of(Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC),
                Arguments.of(Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY),
                Arguments.of(Activation.SIGMOID, Activation.SIGMOID, Cost.LOG_LIKELIHOOD),
                Arguments.of(Activation.TANH, Activation.SIGMOID, Cost.CROSS_ENTROPY),
                Arguments.of(Activation.RELU, Activation.SIGMOID, Cost.QUADRATIC),
                Arguments.of(Activation.LEAKY_RELU, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD),
                Arguments.of(Activation.TANH, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD),
                Arguments.of(Activation.SIGMOID, Activation.SOFTMAX, Cost.CROSS_ENTROPY),
                Arguments.of(Activation.RELU, Activation.SOFTMAX, Cost.QUADRATIC),
                Arguments.of(Activation.SIGMOID, Activation.TANH, Cost.QUADRATIC));
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}")
    @MethodSource("layerAndCostPairs")
    void perExampleGradientMatchesFiniteDifferences(Activation hidden, Activation output, Cost cost) {
        SeededRandom random = new SeededRandom(42);
        Network network = Network.initialize(SIZES, hidden, output, cost, Initializer.LARGE, random);
        double[] x = TinyData.randomVector(SIZES[0], random);
        double[] y = new double[SIZES[SIZES.length - 1]];
        y[1] = 1.0;

        Gradient analytic = ReferenceBackprop.of(network, ReferenceBackprop.Form.PER_EXAMPLE).backprop(x, y);
        Gradient numeric = finiteDifferences(network, x, y);

        double error = relativeError(analytic, numeric);
        assertTrue(error < 1e-6, "relative error " + error);
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}")
    @MethodSource("layerAndCostPairs")
    void matrixGradientMatchesFiniteDifferences(Activation hidden, Activation output, Cost cost) {
        SeededRandom random = new SeededRandom(7);
        Network network = Network.initialize(SIZES, hidden, output, cost, Initializer.SCALED, random);
        int m = 3;
        double[][] xs = new double[m][];
        double[][] ys = new double[m][];
        double[][] xColumns = new double[SIZES[0]][m];
        double[][] yColumns = new double[SIZES[SIZES.length - 1]][m];
        Gradient numeric = Gradient.zeros(SIZES);
        for (int i = 0; i < m; i++) {
            xs[i] = TinyData.randomVector(SIZES[0], random);
            ys[i] = new double[SIZES[SIZES.length - 1]];
            ys[i][i % ys[i].length] = 1.0;
            Matrices.setColumn(xColumns, i, xs[i]);
            Matrices.setColumn(yColumns, i, ys[i]);
            numeric.add(finiteDifferences(network, xs[i], ys[i]));
        }

        Gradient analytic = ReferenceBackprop.of(network, ReferenceBackprop.Form.MATRIX).backpropMatrix(xColumns, yColumns);

        double error = relativeError(analytic, numeric);
        assertTrue(error < 1e-6, "relative error " + error);
    }

    /** Central differences {@code (C(p + h) - C(p - h)) / 2h} for every weight and bias. */
    static Gradient finiteDifferences(Network network, double[] x, double[] y) {
        int[] sizes = network.sizes();
        int layers = sizes.length - 1;
        Gradient numeric = Gradient.zeros(sizes);
        double[][][] w = new double[layers][][];
        double[][] b = new double[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = network.weights(l);
            b[l] = network.biases(l);
        }
        List<Activation> activations = network.activations();
        for (int l = 0; l < layers; l++) {
            for (int j = 0; j < sizes[l + 1]; j++) {
                for (int k = 0; k < sizes[l]; k++) {
                    double saved = w[l][j][k];
                    w[l][j][k] = saved + H;
                    double plus = cost(sizes, activations, network.cost(), w, b, x, y);
                    w[l][j][k] = saved - H;
                    double minus = cost(sizes, activations, network.cost(), w, b, x, y);
                    w[l][j][k] = saved;
                    numeric.weights()[l][j][k] = (plus - minus) / (2 * H);
                }
                double saved = b[l][j];
                b[l][j] = saved + H;
                double plus = cost(sizes, activations, network.cost(), w, b, x, y);
                b[l][j] = saved - H;
                double minus = cost(sizes, activations, network.cost(), w, b, x, y);
                b[l][j] = saved;
                numeric.biases()[l][j] = (plus - minus) / (2 * H);
            }
        }
        return numeric;
    }

    private static double cost(int[] sizes, List<Activation> activations, Cost cost, double[][][] w, double[][] b,
                               double[] x, double[] y) {
        return cost.value(Network.of(sizes, activations, cost, w, b).feedforward(x), y);
    }

    /** {@code ‖g1 - g2‖ / (‖g1‖ + ‖g2‖)} over all parameters. */
    static double relativeError(Gradient a, Gradient b) {
        double difference = 0;
        double normA = 0;
        double normB = 0;
        for (int l = 0; l < a.weights().length; l++) {
            for (int j = 0; j < a.weights()[l].length; j++) {
                for (int k = 0; k < a.weights()[l][j].length; k++) {
                    double u = a.weights()[l][j][k];
                    double v = b.weights()[l][j][k];
                    difference += (u - v) * (u - v);
                    normA += u * u;
                    normB += v * v;
                }
                double u = a.biases()[l][j];
                double v = b.biases()[l][j];
                difference += (u - v) * (u - v);
                normA += u * u;
                normB += v * v;
            }
        }
        return Math.sqrt(difference) / (Math.sqrt(normA) + Math.sqrt(normB));
    }
}
