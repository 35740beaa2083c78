package backprop.predict;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceKernelsTest {
    private final InferenceKernels simd = new VectorInferenceKernels();
    private final InferenceKernels scalar = new ScalarInferenceKernels();

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    @Test
    void maxPool2x2TakesEachWindowsLargestForEveryRowLengthAndLeavesTheRestAlone() {
        for (int windows = 1; windows <= 37; windows++) {
            for (int width : new int[]{2 * windows, 2 * windows + 1, 2 * windows + 5}) {
                int top = 3;
                float[] in = random(top + 2 * width + 2 * InferenceKernels.ALIGN, windows * 31L + width);
                float[] expected = new float[windows + 9];
                float[] actual = new float[windows + 9];
                java.util.Arrays.fill(expected, 7f);
                java.util.Arrays.fill(actual, 7f);
                for (int x = 0; x < windows; x++) {
                    int at = top + 2 * x;
                    expected[4 + x] = Math.max(Math.max(in[at], in[at + 1]), Math.max(in[at + width], in[at + width + 1]));
                }
                simd.maxPool2x2(in, top, width, windows, actual, 4);
                assertArrayEquals(expected, actual, "windows " + windows + ", width " + width);
                java.util.Arrays.fill(actual, 7f);
                scalar.maxPool2x2(in, top, width, windows, actual, 4);
                assertArrayEquals(expected, actual, "scalar, windows " + windows + ", width " + width);
            }
        }
    }

    @Test
    void maxPool2x2FollowsMathMaxForNaNAndSignedZeros() {
        int width = 40;
        float[] in = new float[2 * width + 2 * InferenceKernels.ALIGN];
        java.util.Arrays.fill(in, -1f);
        in[2 * 3 + width + 1] = Float.NaN;   // window 3: NaN below, right
        in[2 * 5] = -0f;                     // window 5: -0 and +0
        in[2 * 5 + 1] = 0f;
        in[2 * 5 + width] = -0f;
        in[2 * 5 + width + 1] = -0f;
        float[] out = new float[20];
        simd.maxPool2x2(in, 0, width, 20, out, 0);
        assertTrue(Float.isNaN(out[3]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(out[5]));
        assertEquals(-1f, out[4]);
    }

    @Test
    void multiplyGivesTheSameProductsWithSimdAsWithPlainLoops() {
        for (int filters : new int[]{1, 3, 4, 9, 20}) {
            for (int positions : new int[]{16, 48, 96, 672}) {
                int k = 7;
                int[] rows = {0, 1, 2, 30, 31, 32, 60};
                float[] w = random(filters * k, filters);
                float[] b = random(filters, positions);
                float[] in = random(positions + 64, 5);
                float[] expected = new float[filters * positions + 2];
                float[] actual = new float[filters * positions + 2];
                scalar.multiply(w, b, filters, k, in, 2, rows, positions, expected, 1);
                simd.multiply(w, b, filters, k, in, 2, rows, positions, actual, 1);
                assertArrayEquals(expected, actual, 1e-5f, filters + " filters, " + positions + " positions");
            }
        }
    }

    @Test
    void multiplyBatchGivesEveryExampleItsProductWhateverTheTilesAndPanels() {
        for (InferenceKernels kernels : new InferenceKernels[]{scalar, simd}) {
            for (int outputs : new int[]{1, 10, 16, 30, 100, 112}) {
                int padded = (outputs + InferenceKernels.ALIGN - 1) / InferenceKernels.ALIGN * InferenceKernels.ALIGN;
                for (int n : new int[]{1, 5, 100, 784}) {
                    int wStride = n + 3;
                    float[] w = random(2 + outputs * wStride, outputs * 31L + n);
                    float[] b = new float[1 + padded];
                    System.arraycopy(random(outputs, n), 0, b, 1, outputs);
                    float[] packed = kernels.pack(w, 2, wStride, outputs, padded, n, 4);
                    for (int m : new int[]{1, 2, 7, 8, 9, 16, 19}) {
                        int xStride = n + 5;
                        int zStride = padded + 16;
                        float[] x = random(3 + m * xStride, m);
                        float[] z = new float[5 + m * zStride];
                        java.util.Arrays.fill(z, Float.NaN);
                        kernels.multiplyBatch(packed, 4, b, 1, padded, n, x, 3, xStride, m, z, 5, zStride);
                        String where = kernels.getClass().getSimpleName() + ", " + outputs + " outputs, " + n
                                + " inputs, " + m + " examples";
                        for (int e = 0; e < m; e++) {
                            for (int j = 0; j < zStride; j++) {
                                float actual = z[5 + e * zStride + j];
                                if (j >= padded) {
                                    assertTrue(Float.isNaN(actual), where + ": wrote past the padded outputs");
                                    continue;
                                }
                                double expected = j < outputs ? b[1 + j] : 0;
                                for (int k = 0; j < outputs && k < n; k++) {
                                    expected += (double) x[3 + e * xStride + k] * w[2 + j * wStride + k];
                                }
                                assertEquals(expected, actual, 1e-4, where + ", example " + e + ", neuron " + j);
                            }
                        }
                    }
                }
            }
        }
    }
}
