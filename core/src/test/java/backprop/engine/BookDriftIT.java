package backprop.engine;

import backprop.data.DataCatalog;
import backprop.data.Dataset;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.reference.ReferenceBackprop;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast engine's drift from the double-precision reference on the book's own run, on the real
 * MNIST data: the first 10,000 training images in order (as {@code train --no-shuffle --train-size
 * 10000 --epochs 1}), batch 10, η 3.0, 784,30,10, quadratic cost, N(0,1) weights; the largest
 * difference of a weight or bias after 1,000 steps.
 *
 * <p>One start alone says little: around some step a hidden neuron's small differences grow tenfold
 * in any float32 run, by how much depends on where its roundings fell. From seed 1's start numpy's
 * float32 lands 3.6e-5 from the reference, PyTorch's 3.3e-5, {@link PlainFloat32} 1.4e-5; from seed
 * 3's all three 7e-6 to 8e-6 (docs/PERFORMANCE.md, "Fidelity"). So the bound holds for the median
 * of five starts, with a looser one for each. Rounding each example's step into the weights on its
 * own, the fast engine was 4.0e-4 away from seed 1's start.
 */
@Tag("mnist")
class BookDriftIT {
    private static final int STEPS = 1000;
    private static final int BATCH = 10;
    private static final double MEDIAN_DRIFT = 2e-5;
    private static final double LARGEST_DRIFT = 1e-4;
    private static Dataset firstTenThousand;

    @BeforeAll
    static void loadMnist() throws IOException {
        firstTenThousand = DataCatalog.open("mnist", System.out::println).training().first(STEPS * BATCH);
    }

    @Test
    void theBooksRunDriftsFromTheReferenceByAtMostTwoHundredThousandthsInTheMedianStart() {
        TrainingOptions options = new TrainingOptions(1, BATCH, 3.0, 0.0, false, 1);
        int[] order = new int[firstTenThousand.size()];
        Arrays.setAll(order, i -> i);
        double[] drifts = new double[5];
        for (int seed = 1; seed <= drifts.length; seed++) {
            Network start = Network.initialize(new int[] {784, 30, 10}, Cost.QUADRATIC, Initializer.LARGE,
                    new SeededRandom(seed));
            ReferenceBackprop reference = new ReferenceBackprop(start, firstTenThousand, options,
                    ReferenceBackprop.Form.MATRIX);
            try (FastBackprop fast = new FastBackprop(start, firstTenThousand, options, 1, Kernels.best())) {
                for (int step = 0; step < STEPS; step++) {
                    reference.step(order, step * BATCH, (step + 1) * BATCH);
                    fast.step(order, step * BATCH, (step + 1) * BATCH);
                }
                drifts[seed - 1] = FloatFidelityTest.largestDifference(reference.network(), fast.network());
            }
        }
        String report = "largest |dw| after " + STEPS + " steps from seeds 1-5: " + Arrays.toString(drifts);
        System.out.println(report);
        double[] sorted = drifts.clone();
        Arrays.sort(sorted);
        assertTrue(sorted[sorted.length / 2] <= MEDIAN_DRIFT, report);
        assertTrue(sorted[sorted.length - 1] <= LARGEST_DRIFT, report);
    }
}
