package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.reference.ReferenceBackprop;
import backprop.train.Optimizer;
import backprop.train.TrainingOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast engine must be as faithful to the double-precision reference as plain float32 math is
 * ({@link PlainFloat32}, numpy's or PyTorch's float32): from one start, on one order of mini-batches,
 * its parameters may drift from the reference's at most three times as far as the plain float32 run's
 * do, whatever the cost, activations and optimizer. The book's network once drifted six times as far (each
 * example's step was rounded into the weights on its own; see {@link Kernels#update}).
 */
class FloatFidelityTest {
    private static final int STEPS = 1000;
    private static final int BATCH = 10;

    static Stream<Activation> hiddenActivations() {
        return Arrays.stream(Activation.values()).filter(Activation::isElementwise);
    }

    @ParameterizedTest(name = "{0} cost, {1} output")
    @MethodSource("backprop.engine.OutputCostDivergenceTest#costsAndOutputs")
    void everyCostAndOutputDriftsNoFurtherThanThreeTimesPlainFloat32(Cost cost, Activation output) {
        Network start = Network.initialize(new int[] {196, 30, 10}, Activation.SIGMOID, output, cost,
                Initializer.SCALED, new SeededRandom(11));
        assertFaithful(start, new TrainingOptions(1, BATCH, 0.5, 0.0, false, 1), "vector");
    }

    @ParameterizedTest(name = "{0} hidden layer")
    @MethodSource("hiddenActivations")
    void everyHiddenActivationDriftsNoFurtherThanThreeTimesPlainFloat32(Activation hidden) {
        Network start = Network.initialize(new int[] {196, 30, 10}, hidden, Activation.SIGMOID, Cost.QUADRATIC,
                Initializer.SCALED, new SeededRandom(12));
        assertFaithful(start, new TrainingOptions(1, BATCH, 0.1, 0.0, false, 1), "vector");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Optimizer.Kind.class)
    void everyOptimizerDriftsNoFurtherThanThreeTimesPlainFloat32(Optimizer.Kind kind) {
        Optimizer optimizer = switch (kind) {
            case SGD -> Optimizer.sgd();
            case MOMENTUM -> Optimizer.momentum(0.9);
            case NESTEROV -> Optimizer.nesterov(0.9);
            case ADAM -> Optimizer.adam();
        };
        double eta = kind == Optimizer.Kind.ADAM ? 0.001 : kind == Optimizer.Kind.SGD ? 0.5 : 0.05;
        Network start = Network.initialize(new int[] {196, 30, 10}, Activation.SIGMOID, Activation.SOFTMAX,
                Cost.LOG_LIKELIHOOD, Initializer.SCALED, new SeededRandom(13));
        TrainingOptions options = new TrainingOptions(1, BATCH, eta, 2.0, 0.0, optimizer, 0.0, false, 1);
        assertFaithful(start, options, "vector");
    }

    @ParameterizedTest(name = "{0} kernels")
    @ValueSource(strings = {"vector", "scalar"})
    void theBooksNetworkDriftsNoFurtherThanThreeTimesPlainFloat32(String kernels) {
        Network start = Network.initialize(new int[] {784, 30, 10}, Cost.QUADRATIC, Initializer.LARGE,
                new SeededRandom(5));
        assertFaithful(start, new TrainingOptions(1, BATCH, 3.0, 0.0, false, 1), kernels);
    }

    private static void assertFaithful(Network start, TrainingOptions options, String kernels) {
        int side = (int) Math.round(Math.sqrt(start.size(0)));
        Dataset data = StrokeImages.create(STEPS * BATCH, side, start.outputSize(), 7);
        Drift drift = drift(start, data, options, STEPS, kernels);
        System.out.println(drift);
        assertTrue(drift.fast() <= 3 * drift.plain(), drift.toString());
    }

    /** The largest parameter differences from the reference after {@code steps} mini-batches in order. */
    record Drift(double fast, double plain) {
        @Override
        public String toString() {
            return String.format("the fast engine's parameters drifted %.3g from the reference's, plain float32's %.3g"
                    + " (%.2f times as far)", fast, plain, fast / plain);
        }
    }

    static Drift drift(Network start, Dataset data, TrainingOptions options, int steps, String kernels) {
        int batch = options.miniBatchSize();
        int[] order = new int[data.size()];
        Arrays.setAll(order, i -> i);
        ReferenceBackprop reference = new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.MATRIX);
        PlainFloat32 plain = new PlainFloat32(start, data, options);
        Kernels chosen = kernels.equals("scalar") ? new ScalarKernels() : Kernels.best();
        try (FastBackprop fast = new FastBackprop(start, data, options, 1, chosen)) {
            for (int step = 0; step < steps; step++) {
                int from = step * batch % (data.size() - batch + 1);
                reference.step(order, from, from + batch);
                plain.step(order, from, from + batch);
                fast.step(order, from, from + batch);
            }
            Network truth = reference.network();
            return new Drift(largestDifference(truth, fast.network()), largestDifference(truth, plain.network()));
        }
    }

    /** The largest difference of a weight or bias between two networks of one shape. */
    static double largestDifference(Network expected, Network actual) {
        double largest = 0;
        for (int l = 0; l + 1 < expected.layerCount(); l++) {
            for (int j = 0; j < expected.size(l + 1); j++) {
                for (int k = 0; k < expected.size(l); k++) {
                    largest = Math.max(largest, Math.abs(expected.weight(l, j, k) - actual.weight(l, j, k)));
                }
                largest = Math.max(largest, Math.abs(expected.bias(l, j) - actual.bias(l, j)));
            }
        }
        return largest;
    }
}
