package backprop.reference;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.testing.TinyData;
import backprop.train.Optimizer;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each optimizer's steps, checked against the formulas worked out by hand for one weight and one bias. */
class OptimizerStepTest {
    private static final int[] SIZES = {4, 3, 2};
    private final Dataset data = TinyData.prototypes("toy", 20, 4, 2, 5);
    private final Network start = Network.initialize(SIZES, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY,
            Initializer.SCALED, new SeededRandom(3));
    private final int[] batchA = {0, 5, 7};
    private final int[] batchB = {2, 9, 11};
    private static final double ETA = 0.1;
    private static final double LAMBDA = 2.0;
    private static final double L1 = 0.5;

    /** Mean gradient of the mini-batch for weight [1][0][2] and bias [0][1] at the given parameters. */
    private double[] meanGradient(Network at, int[] batch) {
        ReferenceBackprop probe = ReferenceBackprop.of(at, ReferenceBackprop.Form.PER_EXAMPLE);
        Gradient sum = Gradient.zeros(start);
        for (int i : batch) {
            sum.add(probe.backprop(data.input(i), data.target(i)));
        }
        return new double[] {sum.weight(1, 0, 2) / batch.length, sum.bias(0, 1) / batch.length};
    }

    private ReferenceBackprop engine(Optimizer optimizer, double lambda, double l1) {
        TrainingOptions options = new TrainingOptions(1, 3, ETA, lambda, l1, optimizer, 0.0, false, 1);
        return new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.PER_EXAMPLE);
    }

    private static double regularized(double g, double w, double lambda, double l1, int n) {
        return g + lambda / n * w + l1 / n * Math.signum(w);
    }

    @Test
    void sgdWithL1AddsTheSignOfEachWeightScaledByEtaLambdaOverN() {
        ReferenceBackprop engine = engine(Optimizer.sgd(), LAMBDA, L1);
        double[] g = meanGradient(start, batchA);
        double w = start.weight(1, 0, 2);
        engine.step(batchA, 0, 3);
        int n = data.size();
        double expected = (1 - ETA * LAMBDA / n) * w - ETA * L1 / n * Math.signum(w) - ETA * g[0];
        assertEquals(expected, engine.network().weight(1, 0, 2), 1e-15);
        assertEquals(start.bias(0, 1) - ETA * g[1], engine.network().bias(0, 1), 1e-15);
    }

    @Test
    void momentumKeepsAVelocity() {
        double mu = 0.9;
        ReferenceBackprop engine = engine(Optimizer.momentum(mu), LAMBDA, 0);
        int n = data.size();
        double w = start.weight(1, 0, 2);
        double b = start.bias(0, 1);
        double[] g1 = meanGradient(start, batchA);
        double v = -ETA * regularized(g1[0], w, LAMBDA, 0, n);
        double vb = -ETA * g1[1];
        engine.step(batchA, 0, 3);
        Network after1 = engine.network();
        assertEquals(w + v, after1.weight(1, 0, 2), 1e-15);
        assertEquals(b + vb, after1.bias(0, 1), 1e-15);

        double[] g2 = meanGradient(after1, batchB);
        v = mu * v - ETA * regularized(g2[0], after1.weight(1, 0, 2), LAMBDA, 0, n);
        vb = mu * vb - ETA * g2[1];
        engine.step(batchB, 0, 3);
        assertEquals(after1.weight(1, 0, 2) + v, engine.network().weight(1, 0, 2), 1e-14);
        assertEquals(after1.bias(0, 1) + vb, engine.network().bias(0, 1), 1e-14);
    }

    @Test
    void nesterovStepsFromTheLookAheadVelocity() {
        double mu = 0.8;
        ReferenceBackprop engine = engine(Optimizer.nesterov(mu), 0, 0);
        double[] g1 = meanGradient(start, batchA);
        double v = -ETA * g1[0];
        double w1 = start.weight(1, 0, 2) + mu * v - ETA * g1[0];
        engine.step(batchA, 0, 3);
        Network after1 = engine.network();
        assertEquals(w1, after1.weight(1, 0, 2), 1e-15);

        double[] g2 = meanGradient(after1, batchB);
        v = mu * v - ETA * g2[0];
        engine.step(batchB, 0, 3);
        assertEquals(w1 + mu * v - ETA * g2[0], engine.network().weight(1, 0, 2), 1e-14);
    }

    @Test
    void adamCorrectsItsMomentsForTheirZeroStart() {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-8;
        ReferenceBackprop engine = engine(Optimizer.adam(beta1, beta2, epsilon), LAMBDA, L1);
        int n = data.size();
        double w = start.weight(1, 0, 2);
        double g1 = regularized(meanGradient(start, batchA)[0], w, LAMBDA, L1, n);
        double m = (1 - beta1) * g1;
        double s = (1 - beta2) * g1 * g1;
        // After one step the corrected moments are g and g², so the step is η g / (|g| + ε) ≈ η sgn(g).
        double w1 = w - ETA * (m / (1 - beta1)) / (Math.sqrt(s / (1 - beta2)) + epsilon);
        engine.step(batchA, 0, 3);
        Network after1 = engine.network();
        assertEquals(w1, after1.weight(1, 0, 2), 1e-15);
        assertEquals(w - ETA * Math.signum(g1), w1, 1e-6);

        double g2 = regularized(meanGradient(after1, batchB)[0], w1, LAMBDA, L1, n);
        m = beta1 * m + (1 - beta1) * g2;
        s = beta2 * s + (1 - beta2) * g2 * g2;
        double w2 = w1 - ETA * (m / (1 - beta1 * beta1)) / (Math.sqrt(s / (1 - beta2 * beta2)) + epsilon);
        engine.step(batchB, 0, 3);
        assertEquals(w2, engine.network().weight(1, 0, 2), 1e-14);
    }
}
