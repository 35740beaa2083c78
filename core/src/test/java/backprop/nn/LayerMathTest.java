package backprop.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each layer's forward and backward math on examples small enough to work out by hand. */
class LayerMathTest {

    @Test
    void convolutionSlidesEachFilterOverEveryChannelWithoutFlippingIt() {
        // Two 3x3 channels, one 2x2 filter per channel, bias 0.5: a cross-correlation, as PyTorch computes it.
        Shape input = new Shape(2, 3, 3);
        double[] weights = {1, 2, 3, 4, /* channel 1 */ -1, 0, 0, 1};
        Convolution conv = Convolution.of(input, 1, 2, 2, Activation.RELU, weights, new double[] {0.5});
        double[] a = {
                1, 2, 3,
                4, 5, 6,
                7, 8, 9,
                /* channel 1 */
                9, 8, 7,
                6, 5, 4,
                3, 2, 1};

        double[] z = conv.weightedInput(a);

        // Position (0,0): 1*1 + 2*2 + 3*4 + 4*5 = 37 from channel 0; -9 + 5 = -4 from channel 1; + 0.5.
        assertArrayEquals(new double[] {33.5, 43.5, 63.5, 73.5}, z, 0.0);
        assertEquals(new Shape(1, 2, 2), conv.outputShape());
    }

    @Test
    void convolutionGradientsSumOverEveryPositionTheWeightIsUsedAt() {
        Shape input = new Shape(1, 3, 3);
        Convolution conv = Convolution.of(input, 1, 2, 2, Activation.SIGMOID, new double[] {1, -1, 2, 0.5},
                new double[] {0});
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] delta = {1, 0, 0, 2};
        double[][] gradient = conv.zeroGradient();

        conv.addGradient(a, delta, gradient);
        double[] back = conv.inputGradient(a, delta);

        // ∂C/∂w[i][j] = Σ δ[y][x] a[y+i][x+j]: δ at (0,0) with weight 1, at (1,1) with weight 2.
        assertArrayEquals(new double[] {1 + 2 * 5, 2 + 2 * 6, 4 + 2 * 8, 5 + 2 * 9}, gradient[0], 0.0);
        assertArrayEquals(new double[] {3}, gradient[1], 0.0);
        // Each input gets Σ w δ over the outputs it fed: (0,0) feeds only output (0,0) through w[0][0].
        assertArrayEquals(new double[] {1, -1, 0, 2, 0.5 + 2, -2, 0, 4, 1}, back, 0.0);
    }

    @Test
    void poolingDropsTheRowsAndColumnsAWindowDoesNotCover() {
        MaxPooling pool = new MaxPooling(new Shape(1, 5, 5), 2, 2);
        double[] a = new double[25];
        for (int i = 0; i < 25; i++) {
            a[i] = i;
        }
        a[24] = 1000; // in the dropped last row and column: must not appear

        assertEquals(new Shape(1, 2, 2), pool.outputShape());
        assertArrayEquals(new double[] {6, 8, 16, 18}, pool.weightedInput(a), 0.0);
    }

    @Test
    void poolingSendsEachWindowsErrorToItsLargestInputOnly() {
        MaxPooling pool = new MaxPooling(new Shape(2, 2, 4), 2, 2);
        double[] a = {
                1, 5, 2, 2,
                3, 4, 9, 0,
                /* channel 1 */
                -1, -3, 0, 0,
                -2, -4, 0, 0};
        double[] delta = {10, 20, 30, 40};

        double[] back = pool.inputGradient(a, delta);

        assertArrayEquals(new double[] {
                0, 10, 0, 0,
                0, 0, 20, 0,
                30, 0, 40, 0,
                0, 0, 0, 0}, back, 0.0);
    }

    /**
     * Where inputs tie for the maximum the derivative does not exist; the gradient goes to the first of
     * them (as PyTorch and ONNX choose), which is the slope of raising it (the maximum rises with it)
     * and of lowering any other (the maximum stays): checked with one-sided differences.
     */
    @Test
    void tiesSendTheGradientToTheFirstMaximumWhoseOneSidedSlopesAgree() {
        MaxPooling pool = new MaxPooling(new Shape(1, 2, 2), 2, 2);
        double[] a = {0.5, 0.7, 0.7, 0.7};
        double[] back = pool.inputGradient(a, new double[] {1});
        assertArrayEquals(new double[] {0, 1, 0, 0}, back, 0.0);

        double h = 1e-6;
        double raisedFirst = (max(pool, a, 1, h) - max(pool, a, 1, 0)) / h;
        assertEquals(back[1], raisedFirst, 1e-9);
        for (int other : new int[] {2, 3}) {
            double loweredOther = (max(pool, a, other, 0) - max(pool, a, other, -h)) / h;
            assertEquals(back[other], loweredOther, 1e-9);
        }
    }

    private static double max(MaxPooling pool, double[] a, int at, double change) {
        double[] nudged = a.clone();
        nudged[at] += change;
        return pool.weightedInput(nudged)[0];
    }

    @Test
    void fullyConnectedLayerFlattensAnImageInChannelRowColumnOrder() {
        Shape input = new Shape(2, 1, 2);
        FullyConnected fc = FullyConnected.of(input, 1, Activation.SIGMOID, new double[] {1, 10, 100, 1000},
                new double[] {0});

        assertArrayEquals(new double[] {4321}, fc.weightedInput(new double[] {1, 2, 3, 4}), 0.0);
        assertEquals(input, fc.inputShape());
    }
}
