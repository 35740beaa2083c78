package backprop.engine;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Convolution;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.Parameter;
import backprop.nn.SeededRandom;
import backprop.reference.ReferenceBackprop;
import backprop.testing.TinyData;
import backprop.train.Backprop;
import backprop.train.Evaluation;
import backprop.train.Optimizer;
import backprop.train.OptimizerState;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layered fast engine must train convolutional networks to the reference engine's parameters, within float precision. */
class LayeredBackpropTest {
    /** network3-a in miniature: one conv-pool layer, a sigmoid layer, softmax. */
    private static final String SMALL = "1x12x12,conv:4x5x5,pool:2,fc:10,softmax:4";
    /** Two input channels, a rectangular filter, a pool that leaves a column over, two conv-pool layers. */
    private static final String CHANNELS = "2x11x10,conv:3x3x4,pool:3x2,conv:5x2x2,pool:2,fc:8";
    /**
     * A second convolution with 6 x 4 x 4 = 96 weights per filter, at least
     * {@link FastConvolution#BY_POSITION_FROM}: its input is unrolled a row per position, the first one's a row per weight.
     */
    private static final String DEEP = "1x14x14,conv:6x3x3,pool:2,conv:8x4x4,pool:2,fc:10,softmax:4";

    private static Dataset data(Network network, int count) {
        return TinyData.prototypes("toy", count, network.inputSize(), network.outputSize(), 3);
    }

    private static Network network(String layers, Activation hidden, Activation output, Cost cost, long seed) {
        return Architecture.parse(layers, null, hidden, output).initialize(cost, Initializer.NETWORK3,
                new SeededRandom(seed));
    }

    private static int[] order(int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = (int) ((i * 7919L) % size);
        }
        return order;
    }

    /** Trains both engines from {@code start} for {@code steps} mini-batches and returns the largest parameter difference. */
    private static double differenceAfter(Network start, TrainingOptions options, int steps, int threads) {
        Dataset data = data(start, 200);
        int[] order = order(data.size());
        int batch = options.miniBatchSize();
        ReferenceBackprop reference = new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.PER_EXAMPLE);
        try (Backprop fast = new LayeredBackprop(start, data, options, threads, MatrixKernels.best(), Kernels.best())) {
            for (int step = 0; step < steps; step++) {
                int from = (step * batch) % (order.length - batch);
                reference.step(order, from, from + batch);
                fast.step(order, from, from + batch);
            }
            return largestDifference(reference.network(), fast.network());
        }
    }

    static double largestDifference(Network expected, Network actual) {
        assertEquals(expected.architecture(), actual.architecture());
        double largest = 0;
        for (int l = 0; l < expected.depth(); l++) {
            List<Parameter> e = expected.layer(l).parameters();
            List<Parameter> a = actual.layer(l).parameters();
            for (int p = 0; p < e.size(); p++) {
                for (int k = 0; k < e.get(p).size(); k++) {
                    largest = Math.max(largest, Math.abs(e.get(p).values()[k] - a.get(p).values()[k]));
                }
            }
        }
        return largest;
    }

    static Stream<Arguments> activationsAndCosts() {
        List<Arguments> cases = new ArrayList<>();
        Activation[] hidden = {Activation.SIGMOID, Activation.TANH, Activation.RELU, Activation.LEAKY_RELU};
        int h = 0;
        for (Activation output : Activation.values()) {
            for (Cost cost : Cost.values()) {
                if (cost.supports(output)) {
                    cases.add(Arguments.of(h % 2 == 0 ? CHANNELS : DEEP, hidden[h++ % hidden.length], output, cost));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} hidden, {2} output, {3}")
    @MethodSource("activationsAndCosts")
    void everyActivationAndCostTrainsAsTheReferenceDoes(String layers, Activation hidden, Activation output, Cost cost) {
        Network start = network(layers, hidden, output, cost, 5);
        TrainingOptions options = new TrainingOptions(1, 10, 0.05, 1.0, false, 1);
        double difference = differenceAfter(start, options, 40, 2);
        // A ReLU's kink makes float and double disagree discretely once some z lands within rounding of 0
        // on opposite sides, after which the runs drift apart a little; smooth activations stay at float's rounding.
        double tolerance = hidden == Activation.RELU || hidden == Activation.LEAKY_RELU ? 1e-3 : 1e-5;
        assertTrue(difference < tolerance, () -> "largest difference " + difference);
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(Optimizer.sgd(), 2.0, 0.0),
                Arguments.of(Optimizer.sgd(), 0.0, 1.5),
                Arguments.of(Optimizer.momentum(0.9), 1.0, 0.5),
                Arguments.of(Optimizer.nesterov(0.8), 1.0, 0.0),
                Arguments.of(Optimizer.adam(), 0.5, 0.5));
    }

    @ParameterizedTest(name = "{0} lambda={1} l1={2}")
    @MethodSource("optimizers")
    void everyOptimizerStepsAsTheReferenceDoes(Optimizer optimizer, double lambda, double l1) {
        Network start = network(DEEP, Activation.SIGMOID, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 7);
        double eta = optimizer.kind() == Optimizer.Kind.ADAM ? 0.002 : 0.05;
        TrainingOptions options = new TrainingOptions(1, 10, eta, lambda, l1, optimizer, 0.0, false, 1);
        double difference = differenceAfter(start, options, 40, 2);
        assertTrue(difference < 1e-5, () -> "largest difference " + difference);
    }

    @Test
    void dropoutDropsTheNeuronsTheReferenceDrops() {
        Network start = network("1x10x10,conv:3x3x3,pool:2,fc:12,fc:6,softmax:3", Activation.SIGMOID,
                Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 9);
        TrainingOptions options = new TrainingOptions(1, 10, 0.1, 0.0, 0.0, Optimizer.sgd(), 0.4, false, 1);
        double difference = differenceAfter(start, options, 40, 2);
        assertTrue(difference < 1e-5, () -> "largest difference " + difference);
    }

    @Test
    void miniBatchesThatDoNotSplitEvenlyTrainAsTheReferenceDoes() {
        Network start = network(SMALL, Activation.TANH, Activation.SIGMOID, Cost.CROSS_ENTROPY, 3);
        for (int batch : new int[] {1, 3, 7}) {
            TrainingOptions options = new TrainingOptions(1, batch, 0.1, 0.0, false, 1);
            double difference = differenceAfter(start, options, 30, 2);
            assertTrue(difference < 1e-4, () -> "batch " + batch + ": largest difference " + difference);
        }
    }

    @Test
    void tiedMaximaSendTheirErrorToTheFirstInTheWindowAsTheReferenceDoes() {
        // 2x2 windows (their own unrolled loop) and 2x3; filters of zeros make every output of a map σ(b), so
        // each window's inputs tie. Not network3's start, whose zero softmax weights would send no error back.
        for (String pool : new String[] {"pool:2", "pool:2x3"}) {
            Network trained = Architecture.parse("1x9x9,conv:3x3x3," + pool + ",fc:6,softmax:3", null,
                    Activation.SIGMOID, Activation.SOFTMAX).initialize(Cost.LOG_LIKELIHOOD, Initializer.SCALED,
                    new SeededRandom(12));
            List<Layer> layers = trained.layers();
            Convolution conv = (Convolution) layers.get(0);
            layers.set(0, Convolution.of(conv.inputShape(), conv.filters(), conv.kernelHeight(), conv.kernelWidth(),
                    conv.activation(), new double[conv.parameters().get(0).size()],
                    conv.parameters().get(1).values()));
            Network start = Network.of(trained.inputShape(), layers, trained.cost());
            TrainingOptions options = new TrainingOptions(1, 10, 0.5, 0.0, false, 1);
            double difference = differenceAfter(start, options, 1, 2);
            assertTrue(difference < 1e-6, () -> pool + ": largest difference " + difference);
        }
    }

    @Test
    void oneThreadAndTwoGiveTheSameWeights() {
        Network start = network(DEEP, Activation.RELU, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 4);
        Dataset data = data(start, 100);
        TrainingOptions options = new TrainingOptions(1, 10, 0.05, 0.0, 0.0, Optimizer.adam(), 0.3, false, 1)
                .withLearningRate(0.003);
        Network[] trained = new Network[2];
        for (int threads = 1; threads <= 2; threads++) {
            try (Backprop engine = new LayeredBackprop(start, data, options, threads, MatrixKernels.best(),
                    Kernels.best())) {
                int[] order = order(data.size());
                for (int from = 0; from < order.length; from += 10) {
                    engine.step(order, from, from + 10);
                }
                trained[threads - 1] = engine.network();
            }
        }
        assertEquals(trained[0], trained[1]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void sharingTheWideLayersByNeuronsGivesTheWeightsOfEachPartsOwnPass(int threads) {
        // Two hidden fully connected layers, as network3-e has, with dropout on their inputs; a last
        // mini-batch of 7 leaves the parts uneven. Sharing every fully connected layer but the output.
        String layers = "1x12x12,conv:4x3x3,pool:2,fc:30,fc:20,softmax:4";
        for (Activation hidden : new Activation[] {Activation.RELU, Activation.SIGMOID}) {
            Network start = network(layers, hidden, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 8);
            Dataset data = data(start, 97);
            TrainingOptions options = new TrainingOptions(1, 10, 0.05, 0.1, 0.0, Optimizer.sgd(), 0.5, false, 3);
            int[] order = order(data.size());
            Network[] trained = new Network[2];
            for (int run = 0; run < 2; run++) {
                try (LayeredBackprop engine = new LayeredBackprop(start, data, options, threads, MatrixKernels.best(),
                        Kernels.best(), run == 0 ? Integer.MAX_VALUE : 1)) {
                    for (int from = 0; from < order.length; from += 10) {
                        engine.step(order, from, Math.min(order.length, from + 10));
                    }
                    trained[run] = engine.network();
                }
            }
            assertEquals(trained[0], trained[1], hidden + ", " + threads + " thread(s)");
        }
    }

    @Test
    void droppingToOneThreadMidRunChangesNothingButTheSpeed() {
        Network start = network(DEEP, Activation.SIGMOID, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 4);
        Dataset data = data(start, 100);
        TrainingOptions options = new TrainingOptions(1, 10, 0.1, 0.0, 0.0, Optimizer.momentum(0.9), 0.2, false, 1);
        int[] order = order(data.size());
        Network[] trained = new Network[2];
        for (int run = 0; run < 2; run++) {
            try (LayeredBackprop engine = new LayeredBackprop(start, data, options, 2, MatrixKernels.best(),
                    Kernels.best())) {
                for (int from = 0; from < order.length; from += 10) {
                    if (run == 1) {
                        engine.setActiveThreads(from / 10 % 3 == 0 ? 1 : 2);
                    }
                    engine.step(order, from, from + 10);
                }
                Evaluation evaluation = engine.evaluate(data, true);
                assertEquals(data.size(), evaluation.count());
                trained[run] = engine.network();
            }
        }
        assertEquals(trained[0], trained[1]);
    }

    @Test
    void aRunResumedFromItsOptimizerStateEndsWithTheSameWeights() {
        Network start = network(SMALL, Activation.RELU, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 6);
        Dataset data = data(start, 100);
        TrainingOptions options = new TrainingOptions(1, 10, 0.003, 0.5, 0.0, Optimizer.adam(), 0.2, false, 1);
        int[] order = order(data.size());
        Network whole;
        try (Backprop engine = Engine.FAST.create(start, data, options)) {
            for (int from = 0; from < order.length; from += 10) {
                engine.step(order, from, from + 10);
            }
            whole = engine.network();
        }
        Network half;
        OptimizerState state;
        try (Backprop engine = Engine.FAST.create(start, data, options)) {
            for (int from = 0; from < 50; from += 10) {
                engine.step(order, from, from + 10);
            }
            half = engine.network();
            state = engine.optimizerState();
        }
        try (Backprop engine = Engine.FAST.create(half, data, options)) {
            engine.restore(state);
            for (int from = 50; from < order.length; from += 10) {
                engine.step(order, from, from + 10);
            }
            assertEquals(whole, engine.network());
        }
    }

    @Test
    void evaluationCountsAndCostsAsTheReferenceDoes() {
        Network start = network(CHANNELS, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY, 8);
        Dataset data = data(start, 57);
        TrainingOptions options = new TrainingOptions(1, 10, 0.5, 0.0, false, 1);
        Evaluation expected = ReferenceBackprop.of(start, ReferenceBackprop.Form.PER_EXAMPLE).evaluate(data, true);
        try (Backprop fast = new LayeredBackprop(start, data, options, 2, MatrixKernels.best(), Kernels.best())) {
            Evaluation actual = fast.evaluate(data, true);
            assertEquals(expected.count(), actual.count());
            assertEquals(expected.correct(), actual.correct());
            assertEquals(expected.costSum(), actual.costSum(), 1e-4 * data.size());
        }
    }

    @Test
    void theFastEngineTakesLayeredNetworksAndLeavesDenseOnesToFastBackprop() {
        TrainingOptions options = new TrainingOptions(1, 10, 0.5, 0.0, false, 1);
        Network conv = network(SMALL, Activation.SIGMOID, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 1);
        Network dense = Network.initialize(new int[] {144, 10, 4}, Cost.QUADRATIC, Initializer.SCALED,
                new SeededRandom(1));
        try (Backprop engine = Engine.FAST.create(conv, data(conv, 20), options)) {
            assertInstanceOf(LayeredBackprop.class, engine);
        }
        try (Backprop engine = Engine.FAST.withThreads(1).create(dense, data(dense, 20), options)) {
            assertInstanceOf(FastBackprop.class, engine);
        }
    }

    @Test
    void stateAndNetworkComeBackAsTheyWentIn() {
        Network start = network(CHANNELS, Activation.TANH, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD, 2);
        TrainingOptions options = new TrainingOptions(1, 10, 0.5, 0.0, 0.0, Optimizer.momentum(0.9), 0.0, false, 1);
        try (Backprop engine = Engine.FAST.create(start, data(start, 20), options)) {
            assertEquals(start.withCost(start.cost()).architecture(), engine.network().architecture());
            OptimizerState state = engine.optimizerState();
            assertEquals(1, state.moments().size());
            for (int l = 0; l < start.depth(); l++) {
                Layer layer = start.layer(l);
                assertEquals(layer.parameters().size(), state.moments().get(0)[l].length);
            }
        }
    }
}
