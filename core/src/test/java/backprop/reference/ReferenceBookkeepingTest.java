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

/** What the reference engine reports beside its steps: the running cost and the sums L2 and L1 add to the cost. */
class ReferenceBookkeepingTest {
    private final Network start = Network.initialize(new int[] {8, 6, 4}, Activation.SIGMOID, Activation.SIGMOID,
            Cost.CROSS_ENTROPY, Initializer.LARGE, new SeededRandom(5));
    private final Dataset data = TinyData.prototypes("toy", 30, 8, 4, 21);

    @Test
    void theCostIsMeasuredOnEveryNthStepBeforeTheStepAndOnNoOther() {
        ReferenceBackprop engine = new ReferenceBackprop(start, data, new TrainingOptions(1, 5, 0.5, 0, false, 1),
                ReferenceBackprop.Form.PER_EXAMPLE);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        engine.trackCost(2);

        for (int step = 0; step < 5; step++) {
            double expected = 0;
            for (int i = step * 5; i < step * 5 + 5; i++) {
                expected += Cost.CROSS_ENTROPY.value(engine.network().feedforward(data.input(i)), data.target(i));
            }
            engine.step(order, step * 5, step * 5 + 5);
            if (step % 2 == 0) {
                assertEquals(expected, engine.costOfLastStep(), 1e-12, "step " + step);
            } else {
                assertTrue(Double.isNaN(engine.costOfLastStep()), "step " + step);
            }
        }
        engine.trackCost(0);
        engine.step(order, 25, 30);
        assertTrue(Double.isNaN(engine.costOfLastStep()), "turned off");
    }

    @Test
    void theWeightSumsCountWeightsAndNotBiases() {
        ReferenceBackprop engine = ReferenceBackprop.of(start, ReferenceBackprop.Form.PER_EXAMPLE);
        double squares = 0;
        double absolutes = 0;
        for (int l = 0; l < start.layerCount() - 1; l++) {
            for (double[] row : start.weights(l)) {
                for (double w : row) {
                    squares += w * w;
                    absolutes += Math.abs(w);
                }
            }
        }

        assertEquals(squares, engine.sumOfSquaredWeights(), 1e-12 * squares);
        assertEquals(absolutes, engine.sumOfAbsoluteWeights(), 1e-12 * absolutes);
    }
}
