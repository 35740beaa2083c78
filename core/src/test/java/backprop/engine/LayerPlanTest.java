package backprop.engine;

import backprop.nn.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the fully connected engine shares its layers between threads. */
class LayerPlanTest {
    private static final Activation[] SIGMOIDS = {Activation.SIGMOID, Activation.SIGMOID, Activation.SIGMOID};

    @Test
    void theBooksNetworkSplitsItsFirstLayerAndReplicatesTheOutput() {
        LayerPlan plan = new LayerPlan(new int[]{784, 30, 10}, new Activation[]{Activation.SIGMOID, Activation.SIGMOID},
                2, 12);
        assertArrayEquals(new boolean[]{true, false}, plan.split);
        assertEquals(2, plan.threads);
        assertArrayEquals(new int[]{0, 0}, plan.rowFrom(2)[1], "every thread computes all of a replicated layer");
        assertArrayEquals(new int[]{10, 10}, plan.rowTo(2)[1]);
    }

    @Test
    void whichLayersAreSplitDoesNotDependOnTheThreadCount() {
        int[] sizes = {784, 300, 100, 10};
        boolean[] one = new LayerPlan(sizes, SIGMOIDS, 1, 12).split;
        for (int threads = 2; threads <= 8; threads++) {
            assertArrayEquals(one, new LayerPlan(sizes, SIGMOIDS, threads, 12).split);
        }
    }

    @Test
    void aNetworkWithNoLayerWorthSplittingRunsOnOneThread() {
        LayerPlan plan = new LayerPlan(new int[]{20, 12, 5}, new Activation[]{Activation.SIGMOID, Activation.SIGMOID},
                2, 12);
        assertFalse(plan.anySplit());
        assertEquals(1, plan.threads);
    }

    @ParameterizedTest(name = "{0} neurons")
    @ValueSource(ints = {8, 30, 100, 257, 1024})
    void threadsTakeWholeChunksThatCoverEveryNeuronOnceAndStartOnWholeVectors(int neurons) {
        LayerPlan plan = new LayerPlan(new int[]{4096, neurons, 10},
                new Activation[]{Activation.SIGMOID, Activation.SIGMOID}, 8, 12);
        assertTrue(plan.split[0]);
        for (int c = 0; c < plan.chunkCount[0]; c++) {
            assertEquals(0, plan.chunkStart[0][c] % FloatLayout.PADDING, "chunk " + c + " starts mid-vector");
        }
        for (int active = 1; active <= plan.threads; active++) {
            int next = 0;
            for (int t = 0; t < active; t++) {
                assertEquals(next, plan.rowFrom(active)[0][t], "thread " + t + " of " + active);
                next = plan.rowTo(active)[0][t];
            }
            assertEquals(neurons, next, "with " + active + " threads every neuron has an owner");
        }
    }

    @Test
    void rowsAPowerOfTwoKilobytesLongGetOneVectorMore() {
        assertEquals(32, FloatLayout.rowWidth(30));
        assertEquals(784, FloatLayout.rowWidth(784));
        assertEquals(1024 + FloatLayout.PADDING, FloatLayout.rowWidth(1024));
    }
}
