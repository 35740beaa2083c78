package backprop.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutTest {

    @Test
    void dropsTheRequestedFractionOfNeurons() {
        for (double rate : new double[] {0.1, 0.5, 0.8}) {
            int dropped = 0;
            int total = 0;
            for (int step = 0; step < 200; step++) {
                for (int example = 0; example < 10; example++) {
                    for (int neuron = 0; neuron < 50; neuron++) {
                        dropped += Dropout.keeps(7, step, 1, example, neuron, rate) ? 0 : 1;
                        total++;
                    }
                }
            }
            double fraction = (double) dropped / total;
            // 100,000 Bernoulli draws: the standard deviation of the fraction is at most 0.0016.
            assertEquals(rate, fraction, 0.01, "rate " + rate);
        }
    }

    @Test
    void invertedScalingKeepsTheExpectedActivation() {
        double rate = 0.3;
        double sum = 0;
        int count = 0;
        for (int step = 0; step < 1000; step++) {
            for (int neuron = 0; neuron < 100; neuron++) {
                sum += Dropout.keeps(11, step, 0, 3, neuron, rate) ? 1 / (1 - rate) : 0;
                count++;
            }
        }
        assertEquals(1.0, sum / count, 0.01);
    }

    @Test
    void masksAreIndependentAcrossNeuronsExamplesAndSteps() {
        // Neighbouring neurons, examples and steps agree about as often as independent draws would (p² + (1-p)²).
        double rate = 0.5;
        int agreeNeuron = 0;
        int agreeExample = 0;
        int agreeStep = 0;
        int n = 0;
        for (int step = 0; step < 100; step++) {
            for (int example = 0; example < 10; example++) {
                for (int neuron = 0; neuron < 40; neuron++) {
                    boolean here = Dropout.keeps(3, step, 0, example, neuron, rate);
                    agreeNeuron += here == Dropout.keeps(3, step, 0, example, neuron + 1, rate) ? 1 : 0;
                    agreeExample += here == Dropout.keeps(3, step, 0, example + 1, neuron, rate) ? 1 : 0;
                    agreeStep += here == Dropout.keeps(3, step + 1, 0, example, neuron, rate) ? 1 : 0;
                    n++;
                }
            }
        }
        for (int agree : new int[] {agreeNeuron, agreeExample, agreeStep}) {
            assertEquals(0.5, (double) agree / n, 0.03);
        }
    }

    @Test
    void theSameSeedGivesTheSameMasksAndAnotherSeedOthers() {
        int differences = 0;
        for (int neuron = 0; neuron < 1000; neuron++) {
            assertEquals(Dropout.keeps(1, 5, 0, 2, neuron, 0.5), Dropout.keeps(1, 5, 0, 2, neuron, 0.5));
            differences += Dropout.keeps(1, 5, 0, 2, neuron, 0.5) != Dropout.keeps(2, 5, 0, 2, neuron, 0.5) ? 1 : 0;
        }
        assertTrue(differences > 400 && differences < 600, "differences " + differences);
    }
}
