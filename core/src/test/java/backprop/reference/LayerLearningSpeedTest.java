package backprop.reference;

import backprop.data.Dataset;
import backprop.testing.TinyData;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chapter 5's measure of each hidden layer's learning speed, against finite differences. */
class LayerLearningSpeedTest {

    /** The mean cost over the data, for finite differences. */
    static double meanCost(Network network, Dataset data) {
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            sum += network.cost().value(network.feedforward(data.input(i)), data.target(i));
        }
        return sum / data.size();
    }

    @Test
    void eachHiddenLayersSpeedIsTheLengthOfTheMeanBiasGradientAsFiniteDifferencesMeasureIt() {
        int[] sizes = {784, 6, 5, 10};
        Network network = Network.initialize(sizes, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY,
                Initializer.LARGE, new SeededRandom(5));
        Dataset data = TinyData.randomImages(20, 28, 28, 10, 1);

        double[] speeds = new LayerLearningSpeed(data).of(network);

        assertEquals(2, speeds.length);
        double h = 1e-6;
        for (int l = 0; l < 2; l++) {
            double squares = 0;
            for (int j = 0; j < sizes[l + 1]; j++) {
                double derivative = (meanCost(withBias(network, l, j, h), data) - meanCost(withBias(network, l, j, -h), data))
                        / (2 * h);
                squares += derivative * derivative;
            }
            assertEquals(Math.sqrt(squares), speeds[l], 1e-6 * Math.max(1, Math.sqrt(squares)));
        }
    }

    @Test
    void onlyTheFirstThousandExamplesAreMeasured() {
        Network network = Network.initialize(new int[] {784, 4, 10}, Cost.QUADRATIC, Initializer.SCALED, new SeededRandom(1));
        Dataset training = TinyData.randomImages(1200, 28, 28, 10, 1);

        assertEquals(new LayerLearningSpeed(training.first(LayerLearningSpeed.EXAMPLES)).of(network)[0],
                new LayerLearningSpeed(training).of(network)[0]);
    }

    private static Network withBias(Network network, int l, int j, double delta) {
        int layers = network.depth();
        double[][][] weights = new double[layers][][];
        double[][] biases = new double[layers][];
        List<Activation> activations = new ArrayList<>(Collections.nCopies(layers, null));
        for (int k = 0; k < layers; k++) {
            weights[k] = network.weights(k);
            biases[k] = network.biases(k);
            activations.set(k, network.activation(k));
        }
        biases[l][j] += delta;
        return Network.of(network.sizes(), activations, network.cost(), weights, biases);
    }
}
