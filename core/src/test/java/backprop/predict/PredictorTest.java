package backprop.predict;

import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictorTest {
    private static final String[] NETWORKS = {
            "784,30,10",
            "37,fc:21:tanh,fc:19:relu,fc:17:leaky-relu,softmax:5",
            "1x28x28,conv:20x5x5,pool:2,conv:40x5x5,pool:2,fc:100,softmax:10",
            "2x11x13,conv:3x4x3:tanh,pool:2x3,fc:9:relu,fc:4:sigmoid",
            "1x13x13,conv:4x3x3:relu,pool:2,fc:6,softmax:3",
            "3x9x10,conv:5x3x3:leaky-relu,conv:4x2x2,pool:2,pool:2,fc:3"
    };

    private static Network network(String layers) {
        return Architecture.parse(layers, null, Activation.SIGMOID, Activation.SIGMOID)
                .initialize(Cost.QUADRATIC, Initializer.SCALED, new SeededRandom(9));
    }

    private static float[][] inputs(int count, int size, long seed) {
        Random random = new Random(seed);
        float[][] inputs = new float[count][size];
        for (float[] input : inputs) {
            for (int k = 0; k < size; k++) {
                input[k] = random.nextFloat();
            }
        }
        return inputs;
    }

    private static double[] feedforward(Network network, float[] input) {
        double[] x = new double[input.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = input[k];
        }
        return network.feedforward(x);
    }

    @ParameterizedTest
    @ValueSource(strings = {"784,30,10", "37,fc:21:tanh,fc:19:relu,fc:17:leaky-relu,softmax:5",
            "1x28x28,conv:20x5x5,pool:2,conv:40x5x5,pool:2,fc:100,softmax:10",
            "2x11x13,conv:3x4x3:tanh,pool:2x3,fc:9:relu,fc:4:sigmoid",
            // Pooling windows that do not fit the map (11 x 11 in 2 x 2), a convolution without pooling, two poolings.
            "1x13x13,conv:4x3x3:relu,pool:2,fc:6,softmax:3",
            "3x9x10,conv:5x3x3:leaky-relu,conv:4x2x2,pool:2,pool:2,fc:3"})
    void outputsAgreeWithTheNetworksOwnFeedforwardToFloatRounding(String layers) {
        Network network = network(layers);
        Predictor predictor = Predictor.of(network);

        for (float[] input : inputs(5, network.inputSize(), 1)) {
            double[] expected = feedforward(network, input);
            float[] actual = predictor.outputs(input);
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], actual[j], 2e-5, layers + ", output " + j);
            }
            assertEquals(Network.argmax(expected), predictor.predict(input));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 9, 17, 64, 65, 200})
    void aBatchGivesEachExampleItsOwnAnswerWhateverItsSize(int size) {
        for (String layers : NETWORKS) {
            Network network = network(layers);
            Predictor predictor = Predictor.of(network);
            float[][] inputs = inputs(size, network.inputSize(), size);

            int[] labels = predictor.predictBatch(inputs);
            float[][] outputs = new float[size][network.outputSize()];
            predictor.outputsBatch(inputs, outputs);

            for (int i = 0; i < size; i++) {
                assertArrayEquals(predictor.outputs(inputs[i]), outputs[i], 1e-6f, layers + ", example " + i);
                assertEquals(predictor.predict(inputs[i]), labels[i], layers + ", example " + i);
            }
        }
    }

    @Test
    void theScalarAndSimdKernelsGiveTheSameAnswers() {
        for (String layers : NETWORKS) {
            Network network = network(layers);
            Predictor simd = Predictor.of(network);
            Predictor scalar = Predictor.scalar(network);
            for (float[] input : inputs(4, network.inputSize(), 2)) {
                assertArrayEquals(scalar.outputs(input), simd.outputs(input), 1e-5f, layers);
            }
        }
    }

    @Test
    void probabilitiesOfASoftmaxLayerAreItsOutputsAndOthersAreNormalized() {
        Network softmax = network("6,4,softmax:3");
        Network sigmoid = network("6,4,3");
        float[] input = inputs(1, 6, 3)[0];

        assertArrayEquals(Predictor.of(softmax).outputs(input), Predictor.of(softmax).probabilities(input));
        float[] outputs = Predictor.of(sigmoid).outputs(input);
        float sum = outputs[0] + outputs[1] + outputs[2];
        float[] p = Predictor.of(sigmoid).probabilities(input);
        for (int j = 0; j < 3; j++) {
            assertEquals(outputs[j] / sum, p[j], 1e-6f);
        }
    }

    @Test
    void topKRanksTheClassesByProbability() {
        Network network = network("37,fc:21:tanh,softmax:5");
        Predictor predictor = Predictor.of(network);
        float[] input = inputs(1, 37, 4)[0];
        float[] p = predictor.probabilities(input);

        List<Predictor.Prediction> top = predictor.topK(input, 3);

        assertEquals(3, top.size());
        assertEquals(predictor.predict(input), top.getFirst().label());
        for (int r = 0; r < 3; r++) {
            assertEquals(p[top.get(r).label()], top.get(r).probability());
            if (r > 0) {
                assertTrue(top.get(r - 1).probability() >= top.get(r).probability());
            }
            for (int j = 0; j < 5; j++) {
                int label = j;
                boolean ranked = top.stream().anyMatch(t -> t.label() == label);
                assertTrue(ranked || p[j] <= top.get(2).probability(), "class " + j + " outranks the top 3");
            }
        }
        assertEquals(5, predictor.topK(input, 9).size());
    }

    @Test
    void manyThreadsAtOnceGetTheAnswersOneThreadGets() throws Exception {
        Network network = network(NETWORKS[2]);
        Predictor predictor = Predictor.of(network);
        float[][] inputs = inputs(40, network.inputSize(), 5);
        float[][] expected = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            expected[i] = predictor.outputs(inputs[i]);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    float[] out = new float[network.outputSize()];
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < inputs.length; i++) {
                            int at = (i + offset * 7 + round) % inputs.length;
                            predictor.outputs(inputs[at], out);
                            if (!java.util.Arrays.equals(out, expected[at])) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        }
    }

    @Test
    void aWarmPredictorAllocatesNothingPerCall() {
        Network network = network(NETWORKS[0]);
        Predictor predictor = Predictor.of(network);
        float[] input = inputs(1, 784, 6)[0];
        float[] outputs = new float[10];
        int[] labels = new int[3];
        float[] probabilities = new float[3];
        float[][] batch = inputs(100, 784, 7);
        int[] batchLabels = new int[100];
        for (int warm = 0; warm < 2000; warm++) {
            predictor.outputs(input, outputs);
            predictor.topK(input, 3, labels, probabilities);
            predictor.predictBatch(batch, batchLabels);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();

        long before = threads.getThreadAllocatedBytes(thread);
        for (int call = 0; call < 1000; call++) {
            predictor.outputs(input, outputs);
            predictor.predict(input);
            predictor.topK(input, 3, labels, probabilities);
            predictor.predictBatch(batch, batchLabels);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // A few hundred bytes of slack for the measurement itself; 4000 calls allocating even one array would be far more.
        assertTrue(allocated < 1024, allocated + " bytes allocated by 4000 calls");
    }
}
