package backprop.reference;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.testing.TinyData;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceBackpropTest {

    private static Network network(Cost cost, long seed) {
        return Network.initialize(new int[] {8, 6, 5, 4}, Activation.SIGMOID, Activation.SIGMOID, cost,
                Initializer.LARGE, new SeededRandom(seed));
    }

    @Test
    void perExampleAndMatrixGradientsOfAMiniBatchAgreeTo1e12() {
        for (Cost cost : Cost.values()) {
            Network network = network(cost, 3);
            Dataset data = TinyData.prototypes("toy", 10, 8, 4, 11);
            ReferenceBackprop perExample = ReferenceBackprop.of(network, ReferenceBackprop.Form.PER_EXAMPLE);
            ReferenceBackprop matrix = ReferenceBackprop.of(network, ReferenceBackprop.Form.MATRIX);

            Gradient summed = Gradient.zeros(network);
            double[][] x = new double[8][data.size()];
            double[][] y = new double[4][data.size()];
            for (int i = 0; i < data.size(); i++) {
                summed.add(perExample.backprop(data.input(i), data.target(i)));
                Matrices.setColumn(x, i, data.input(i));
                Matrices.setColumn(y, i, data.target(i));
            }
            Gradient batch = matrix.backpropMatrix(x, y);

            assertTrue(summed.maxDifference(batch) < 1e-12, cost + ": " + summed.maxDifference(batch));
        }
    }

    @Test
    void perExampleAndMatrixEnginesTrainToTheSameParameters() {
        Network start = network(Cost.CROSS_ENTROPY, 5);
        Dataset data = TinyData.prototypes("toy", 95, 8, 4, 12);
        TrainingOptions options = new TrainingOptions(1, 10, 0.5, 2.0, false, 1);
        ReferenceBackprop perExample = new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.PER_EXAMPLE);
        ReferenceBackprop matrix = new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.MATRIX);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = (i * 37) % order.length;
        }
        for (int k = 0; k < order.length; k += 10) {
            perExample.step(order, k, Math.min(k + 10, order.length));
            matrix.step(order, k, Math.min(k + 10, order.length));
        }
        Network a = perExample.network();
        Network b = matrix.network();
        for (int l = 0; l < 3; l++) {
            for (int j = 0; j < a.size(l + 1); j++) {
                for (int k = 0; k < a.size(l); k++) {
                    assertEquals(a.weight(l, j, k), b.weight(l, j, k), 1e-12);
                }
                assertEquals(a.bias(l, j), b.bias(l, j), 1e-12);
            }
        }
    }

    @Test
    void l2StepFollowsNetwork2sRule() {
        Network start = network(Cost.QUADRATIC, 9);
        Dataset data = TinyData.prototypes("toy", 40, 8, 4, 13);
        double eta = 0.7;
        double lambda = 3.0;
        int n = data.size();
        TrainingOptions options = new TrainingOptions(1, 4, eta, lambda, false, 1);
        ReferenceBackprop engine = new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.PER_EXAMPLE);
        int[] order = {3, 17, 29, 8};

        Gradient sum = Gradient.zeros(start);
        ReferenceBackprop probe = ReferenceBackprop.of(start, ReferenceBackprop.Form.PER_EXAMPLE);
        for (int i : order) {
            sum.add(probe.backprop(data.input(i), data.target(i)));
        }
        engine.step(order, 0, order.length);
        Network after = engine.network();

        for (int l = 0; l < 3; l++) {
            for (int j = 0; j < start.size(l + 1); j++) {
                for (int k = 0; k < start.size(l); k++) {
                    double expected = (1 - eta * lambda / n) * start.weight(l, j, k)
                            - (eta / order.length) * sum.weight(l, j, k);
                    assertEquals(expected, after.weight(l, j, k), 1e-15);
                }
                double expectedBias = start.bias(l, j) - (eta / order.length) * sum.bias(l, j);
                assertEquals(expectedBias, after.bias(l, j), 1e-15, "biases are not decayed");
            }
        }
    }

    @Test
    void evaluationCountsArgmaxMatchesAndSumsCosts() {
        Network network = network(Cost.QUADRATIC, 21);
        Dataset data = TinyData.prototypes("toy", 30, 8, 4, 14);
        var evaluation = ReferenceBackprop.of(network, ReferenceBackprop.Form.PER_EXAMPLE).evaluate(data, true);
        int correct = 0;
        double cost = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] a = network.feedforward(data.input(i));
            correct += Network.argmax(a) == data.label(i) ? 1 : 0;
            cost += Cost.QUADRATIC.value(a, data.target(i));
        }
        assertEquals(correct, evaluation.correct());
        assertEquals(cost, evaluation.costSum(), 1e-12);
        assertEquals(30, evaluation.count());
    }
}
