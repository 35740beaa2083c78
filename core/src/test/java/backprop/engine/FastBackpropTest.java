package backprop.engine;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.reference.ReferenceBackprop;
import backprop.testing.TinyData;
import backprop.train.Backprop;
import backprop.train.Evaluation;
import backprop.train.MiniBatchSgd;
import backprop.train.Optimizer;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast engine must train to the reference engine's parameters, within float precision. */
class FastBackpropTest {
    private static final int[] SIZES = {20, 12, 8, 5};

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC, 0.0, 1, "vector"),
                Arguments.of(Activation.SIGMOID, Activation.SIGMOID, Cost.QUADRATIC, 0.0, 2, "vector"),
                Arguments.of(Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY, 5.0, 2, "vector"),
                Arguments.of(Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY, 5.0, 1, "scalar"),
                Arguments.of(Activation.TANH, Activation.SIGMOID, Cost.CROSS_ENTROPY, 1.0, 2, "vector"),
                Arguments.of(Activation.RELU, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 0.0, 2, "vector"),
                Arguments.of(Activation.LEAKY_RELU, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 2.0, 1, "vector"),
                Arguments.of(Activation.SIGMOID, Activation.SOFTMAX, Cost.CROSS_ENTROPY, 0.0, 2, "scalar"),
                Arguments.of(Activation.TANH, Activation.TANH, Cost.QUADRATIC, 0.0, 2, "vector"));
    }

    private static Kernels kernels(String name) {
        return name.equals("scalar") ? new ScalarKernels() : new VectorKernels();
    }

    @ParameterizedTest(name = "{0}/{1} {2} lambda={3} threads={4} {5}")
    @MethodSource("configurations")
    void parametersAfterManyStepsAgreeWithTheReferenceWithinFloatPrecision(
            Activation hidden, Activation output, Cost cost, double lambda, int threads, String kernels) {
        Network start = Network.initialize(SIZES, hidden, output, cost, Initializer.SCALED, new SeededRandom(17));
        Dataset data = TinyData.prototypes("toy", 1000, SIZES[0], SIZES[3], 3);
        double eta = output == Activation.SOFTMAX || hidden != Activation.SIGMOID ? 0.05 : 0.5;
        TrainingOptions options = new TrainingOptions(1, 10, eta, lambda, false, 1);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = (i * 7919) % order.length;
        }
        ReferenceBackprop reference = new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.MATRIX);
        try (FastBackprop fast = new FastBackprop(start, data, options, threads, kernels(kernels))) {
            // A ReLU's kink makes float and double disagree discretely once some z lands within rounding
            // of 0 on opposite sides, after which the runs drift apart; smooth activations run the full 1,000.
            boolean kinked = hidden == Activation.RELU || hidden == Activation.LEAKY_RELU;
            int steps = kinked ? 300 : 1000;
            for (int step = 0; step < steps; step++) {
                int from = (step * 10) % order.length;
                reference.step(order, from, from + 10);
                fast.step(order, from, from + 10);
            }
            assertClose(reference.network(), fast.network(), 2e-3);
        }
    }

    /**
     * Layers large enough to be split between the threads, BP2 through a split layer (its chunks'
     * shares summed in chunk order), and at a batch of 40 through layers of 256 neurons or more the
     * tiled forward pass and the twelve-neuron update: the same training as the reference's.
     */
    @ParameterizedTest(name = "layers {0}, batch {1}, threads {2}")
    @CsvSource({"64-80-64-6,10,2", "64-300-260-6,40,2", "64-300-260-6,40,1", "48-272-6,35,2"})
    void splitLayersTrainAsTheReferenceDoes(String layers, int batch, int threads) {
        int[] sizes = java.util.Arrays.stream(layers.split("-")).mapToInt(Integer::parseInt).toArray();
        Network start = Network.initialize(sizes, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY,
                Initializer.SCALED, new SeededRandom(23));
        Dataset data = TinyData.prototypes("toy", 800, sizes[0], sizes[sizes.length - 1], 5);
        TrainingOptions options = new TrainingOptions(1, batch, 0.3, 0.0, false, 1);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = (i * 7919) % order.length;
        }
        ReferenceBackprop reference = new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.MATRIX);
        try (FastBackprop fast = new FastBackprop(start, data, options, threads, Kernels.best())) {
            assertTrue(fast.threads() == threads, "the layers must be split between " + threads + " threads");
            for (int step = 0; step < 150; step++) {
                int from = (step * batch) % (order.length - batch);
                reference.step(order, from, from + batch);
                fast.step(order, from, from + batch);
            }
            assertClose(reference.network(), fast.network(), 2e-3);
        }
    }

    private static void assertClose(Network expected, Network actual, double tolerance) {
        double largest = 0;
        for (int l = 0; l + 1 < expected.layerCount(); l++) {
            for (int j = 0; j < expected.size(l + 1); j++) {
                for (int k = 0; k < expected.size(l); k++) {
                    double e = expected.weight(l, j, k);
                    largest = Math.max(largest, Math.abs(e - actual.weight(l, j, k)) / Math.max(1, Math.abs(e)));
                }
                double e = expected.bias(l, j);
                largest = Math.max(largest, Math.abs(e - actual.bias(l, j)) / Math.max(1, Math.abs(e)));
            }
        }
        assertTrue(largest < tolerance, "largest relative difference " + largest);
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(Optimizer.sgd(), 2.0, 1.0, 0.0, 2),
                Arguments.of(Optimizer.momentum(0.9), 2.0, 0.0, 0.0, 2),
                Arguments.of(Optimizer.nesterov(0.9), 0.0, 0.5, 0.0, 1),
                Arguments.of(Optimizer.adam(), 1.0, 0.0, 0.0, 2),
                Arguments.of(Optimizer.sgd(), 0.0, 0.0, 0.3, 2),
                Arguments.of(Optimizer.adam(), 0.0, 0.0, 0.5, 1),
                Arguments.of(Optimizer.momentum(0.5), 1.0, 0.0, 0.2, 2));
    }

    @ParameterizedTest(name = "{0} lambda={1} l1={2} dropout={3} threads={4}")
    @MethodSource("optimizers")
    void everyOptimizerRegularizerAndDropoutMatchesTheReference(Optimizer optimizer, double lambda, double l1,
                                                                 double dropout, int threads) {
        Network start = Network.initialize(SIZES, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY,
                Initializer.SCALED, new SeededRandom(19));
        Dataset data = TinyData.prototypes("toy", 400, SIZES[0], SIZES[3], 3);
        double eta = optimizer.kind() == Optimizer.Kind.ADAM ? 0.002 : 0.2;
        TrainingOptions options = new TrainingOptions(2, 10, eta, lambda, l1, optimizer, dropout, true, 5);
        Network reference = new MiniBatchSgd(options).train(start, data, null, Engine.MATRIX).network();
        Network fast = new MiniBatchSgd(options).train(start, data, null, Engine.FAST.withThreads(threads)).network();
        assertClose(reference, fast, 2e-3);
    }

    @Test
    void theWeightsDoNotDependOnTheNumberOfThreads() {
        // Big enough layers that the engine splits them between threads (see FastBackprop.SMALLEST_SPLIT).
        Network start = Network.initialize(new int[] {64, 80, 64, 6}, Activation.TANH, Activation.SOFTMAX,
                Cost.LOG_LIKELIHOOD, Initializer.XAVIER, new SeededRandom(3));
        Dataset data = TinyData.prototypes("toy", 505, 64, 6, 4);
        for (Optimizer optimizer : new Optimizer[] {Optimizer.sgd(), Optimizer.adam()}) {
            TrainingOptions options = new TrainingOptions(2, 10, 0.01, 1.0, 0.0, optimizer, 0.2, true, 99);
            Network one = new MiniBatchSgd(options).train(start, data, null, Engine.FAST.withThreads(1)).network();
            Network two = new MiniBatchSgd(options).train(start, data, null, Engine.FAST.withThreads(2)).network();
            try (FastBackprop probe = new FastBackprop(start, data, options, 2, Kernels.best())) {
                assertEquals(2, probe.threads(), "the test must really use two threads");
            }
            Network three = new MiniBatchSgd(options).train(start, data, null, Engine.FAST.withThreads(3)).network();
            assertEquals(one, two, optimizer.describe());
            assertEquals(one, three, optimizer.describe());
        }
    }

    @Test
    void fallingBackToOneThreadAndBackChangesNothingButSpeed() {
        Network start = Network.initialize(new int[] {64, 80, 6}, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(5));
        Dataset data = TinyData.prototypes("toy", 300, 64, 6, 7);
        TrainingOptions options = new TrainingOptions(1, 10, 0.3, 0.5, 0.0, Optimizer.momentum(0.9), 0.0, false, 1);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Network steady;
        try (FastBackprop engine = new FastBackprop(start, data, options, 2, Kernels.best())) {
            for (int k = 0; k < 300; k += 10) {
                engine.step(order, k, k + 10);
            }
            steady = engine.network();
        }
        try (FastBackprop engine = new FastBackprop(start, data, options, 2, Kernels.best())) {
            for (int k = 0; k < 300; k += 10) {
                if (k == 100) {
                    engine.setActiveThreads(1);
                } else if (k == 200) {
                    engine.setActiveThreads(2);
                }
                engine.step(order, k, k + 10);
            }
            assertEquals(steady, engine.network());
        }
    }

    @Test
    void betweenStepsEveryReaderSeesTheRowsEachThreadUpdatedInItsOwnCopy() {
        Network start = Network.initialize(new int[] {64, 80, 6}, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(6));
        Dataset data = TinyData.prototypes("toy", 300, 64, 6, 8);
        TrainingOptions options = new TrainingOptions(1, 10, 0.5, 0.0, false, 1);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        try (FastBackprop two = new FastBackprop(start, data, options, 2, Kernels.best())) {
            for (int k = 0; k < 150; k += 10) {
                two.step(order, k, k + 10);
            }
            // Read before network(): evaluate and the sums must collect the worker's rows themselves.
            Evaluation seen = two.evaluate(data, true);
            double squares = two.sumOfSquaredWeights();
            double absolutes = two.sumOfAbsoluteWeights();
            Network trained = two.network();
            assertTrue(!trained.equals(start));
            try (FastBackprop fresh = new FastBackprop(trained, data, options, 2, Kernels.best())) {
                assertEquals(fresh.evaluate(data, true), seen);
                assertEquals(fresh.sumOfSquaredWeights(), squares);
                assertEquals(fresh.sumOfAbsoluteWeights(), absolutes);
            }
            // Training goes on from where it was, as if nothing had been read.
            for (int k = 150; k < 300; k += 10) {
                two.step(order, k, k + 10);
            }
            try (FastBackprop straight = new FastBackprop(start, data, options, 2, Kernels.best())) {
                for (int k = 0; k < 300; k += 10) {
                    straight.step(order, k, k + 10);
                }
                assertEquals(straight.network(), two.network());
            }
        }
    }

    @Test
    void sameSeedAndThreadCountGiveBitIdenticalNetworks() {
        Network start = Network.initialize(new int[] {30, 24, 6}, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(3));
        Dataset data = TinyData.prototypes("toy", 505, 30, 6, 4);
        TrainingOptions options = new TrainingOptions(3, 10, 0.5, 1.0, true, 99);
        Network a = new MiniBatchSgd(options).train(start, data, null, Engine.FAST.withThreads(2)).network();
        Network b = new MiniBatchSgd(options).train(start, data, null, Engine.FAST.withThreads(2)).network();
        assertEquals(a, b);
    }

    @Test
    void aShortLastMiniBatchIsAveragedOverItsOwnSize() {
        Network start = Network.initialize(new int[] {20, 16, 5}, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(5));
        Dataset data = TinyData.prototypes("toy", 23, 20, 5, 6);
        TrainingOptions options = new TrainingOptions(1, 10, 1.0, 0.0, false, 1);
        Network reference = new MiniBatchSgd(options).train(start, data, null, Engine.MATRIX).network();
        Network fast = new MiniBatchSgd(options).train(start, data, null, Engine.FAST.withThreads(2)).network();
        assertClose(reference, fast, 1e-5);
    }

    @Test
    void evaluationMatchesTheReference() {
        Network network = Network.initialize(new int[] {20, 16, 5}, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(8));
        Dataset data = TinyData.prototypes("toy", 333, 20, 5, 9);
        TrainingOptions options = new TrainingOptions(1, 10, 1.0, 0.0, false, 1);
        Evaluation expected = ReferenceBackprop.of(network, ReferenceBackprop.Form.PER_EXAMPLE).evaluate(data, true);
        for (int threads = 1; threads <= 2; threads++) {
            try (FastBackprop fast = new FastBackprop(network, data, options, threads, Kernels.best())) {
                Evaluation actual = fast.evaluate(data, true);
                assertEquals(expected.correct(), actual.correct());
                assertEquals(expected.count(), actual.count());
                assertEquals(expected.costSum(), actual.costSum(), 1e-4 * expected.costSum());
            }
        }
    }

    @Test
    void imagesAreScaledToTheUnitIntervalLikeTheReference() {
        Dataset images = TinyData.randomImages(40, 4, 5, 3, 2);
        Network start = Network.initialize(new int[] {20, 6, 3}, Cost.QUADRATIC, Initializer.SCALED, new SeededRandom(8));
        TrainingOptions options = new TrainingOptions(2, 10, 0.5, 0.0, false, 1);
        Network reference = new MiniBatchSgd(options).train(start, images, null, Engine.REFERENCE).network();
        Network fast = new MiniBatchSgd(options).train(start, images, null, Engine.FAST.withThreads(1)).network();
        assertClose(reference, fast, 1e-4);
    }

    @Test
    void imagesPassThroughTheRingOfUpcomingBatchesInEpochOrder() {
        // 28x28 images at batch 10: each thread's ring holds a few hundred, so 1,000 images refill it
        // several times an epoch, and 995 leave a short last batch at the end of each epoch.
        Dataset images = TinyData.randomImages(995, 28, 28, 4, 6);
        Network start = Network.initialize(new int[] {784, 20, 4}, Cost.CROSS_ENTROPY, Initializer.SCALED,
                new SeededRandom(9));
        TrainingOptions options = new TrainingOptions(3, 10, 0.1, 0.0, true, 5);
        Network reference = new MiniBatchSgd(options).train(start, images, null, Engine.MATRIX).network();
        Network fast = new MiniBatchSgd(options).train(start, images, null, Engine.FAST.withThreads(2)).network();
        assertClose(reference, fast, 1e-3);
    }

    @Test
    void anOrderArrayGivenNewContentsIsReadAfreshOnceAnnounced() {
        // Fewer images than a ring holds: without the announcement, the second epoch would find them all copied.
        Dataset images = TinyData.randomImages(300, 28, 28, 4, 7);
        Network start = Network.initialize(new int[] {784, 16, 4}, Cost.QUADRATIC, Initializer.SCALED,
                new SeededRandom(10));
        TrainingOptions options = new TrainingOptions(1, 10, 0.5, 0.0, false, 1);
        int[] first = MiniBatchSgd.epochOrder(300, 1, 0, true);
        int[] second = MiniBatchSgd.epochOrder(300, 1, 1, true);
        for (int threads = 1; threads <= 2; threads++) {
            Network expected;
            try (FastBackprop engine = new FastBackprop(start, images, options, threads, Kernels.best())) {
                run(engine, first.clone());
                run(engine, second.clone());
                expected = engine.network();
            }
            try (FastBackprop engine = new FastBackprop(start, images, options, threads, Kernels.best())) {
                int[] reused = first.clone();
                run(engine, reused);
                System.arraycopy(second, 0, reused, 0, reused.length);
                run(engine, reused);
                assertClose(expected, engine.network(), 1e-12);
            }
        }
    }

    @Test
    void aWorkerThatGatheredTheNextBatchAheadTrainsOnTheBatchItIsGiven() {
        // Workers gather the batch that follows each step's before they report the step done; steps
        // that jump about, repeat, or end an order must still each use their own examples. A ring
        // holds 330 images of 784 pixels at batch 10, so the batch at 325 runs past its end.
        Dataset images = TinyData.randomImages(400, 28, 28, 4, 8);
        Network start = Network.initialize(new int[] {784, 20, 4}, Cost.QUADRATIC, Initializer.SCALED,
                new SeededRandom(11));
        TrainingOptions options = new TrainingOptions(1, 10, 0.5, 0.0, false, 1);
        int[] order = MiniBatchSgd.epochOrder(400, 1, 0, true);
        int[] froms = {0, 10, 50, 60, 60, 20, 325, 335, 390, 0, 395, 100, 110};
        Network expected;
        try (Backprop reference = Engine.MATRIX.create(start, images, options)) {
            for (int from : froms) {
                reference.step(order, from, Math.min(400, from + 10));
            }
            expected = reference.network();
        }
        Network[] trained = new Network[2];
        for (int threads = 1; threads <= 2; threads++) {
            try (FastBackprop engine = new FastBackprop(start, images, options, threads, Kernels.best())) {
                assertEquals(threads, engine.threads());
                for (int from : froms) {
                    engine.step(order, from, Math.min(400, from + 10));
                }
                trained[threads - 1] = engine.network();
            }
        }
        assertClose(expected, trained[0], 1e-3);
        assertEquals(trained[0], trained[1]);
    }

    private static void run(FastBackprop engine, int[] order) {
        engine.epochStarting(order);
        for (int from = 0; from < order.length; from += 10) {
            engine.step(order, from, Math.min(order.length, from + 10));
        }
        engine.synchronize();
    }
}
