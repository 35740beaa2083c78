package backprop.engine;

import backprop.nn.SeededRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SIMD kernels must compute what the plain loops compute, for every shape the register blocking splits up. */
class KernelsTest {
    private final Kernels scalar = new ScalarKernels();
    private final Kernels vector = new VectorKernels();

    private static float[] random(int n, long seed) {
        SeededRandom random = new SeededRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * random.nextDouble() - 1);
        }
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * Math.max(1f, Math.abs(expected[i])), what + " at " + i);
        }
    }

    @ParameterizedTest(name = "m={0} n={1} rows {2}..{3} of {4}")
    @CsvSource({"10,784,0,30,30", "10,784,15,30,30", "1,5,0,3,3", "7,30,0,10,10", "4,33,1,6,7", "13,100,3,50,64",
            "128,64,0,17,17", "5,16,0,2,2", "9,48,0,1,1", "13,96,3,50,64", "7,32,1,16,16", "6,1024,0,203,203",
            "128,1040,0,128,128", "33,784,3,30,30", "34,48,0,21,21", "32,64,5,13,13", "128,1024,0,512,1024",
            "128,784,512,1024,1024", "80,1024,7,300,300", "64,784,0,30,30", "64,30,0,10,10", "47,5,2,19,260",
            "100,257,0,100,272", "32,1,0,17,256"})
    void vectorForwardMatchesTheSumInDouble(int m, int n, int j0, int j1, int rows) {
        float[] a = random(m * n, 1);
        float[] w = random(rows * n, 2);
        float[] b = random(rows, 3);
        float[] expected = random(m * rows, 4);
        float[] actual = expected.clone();
        vector.forward(a, m, n, w, b, j0, j1, actual, rows);
        // Long float sums round differently in every order (one term after another, as the scalar
        // loop and the tiles of large batches take them, is the least accurate), so each is held to
        // the sum in double, within the usual bound of a float sum's rounding, u·√n·Σ|terms| with u = 2⁻²⁴.
        for (int i = 0; i < m; i++) {
            for (int j = j0; j < j1; j++) {
                double exact = b[j];
                double magnitude = Math.abs(b[j]);
                for (int k = 0; k < n; k++) {
                    exact += (double) a[i * n + k] * w[j * n + k];
                    magnitude += Math.abs((double) a[i * n + k] * w[j * n + k]);
                }
                double tolerance = Math.max(1e-5 * Math.max(1, Math.abs(exact)), 0x1p-24 * Math.sqrt(n + 1) * magnitude);
                assertEquals(exact, actual[i * rows + j], tolerance, "z at " + (i * rows + j));
            }
        }
        for (int i = 0; i < m * rows; i++) {
            if (i % rows < j0 || i % rows >= j1) {
                assertEquals(expected[i], actual[i], "z outside the neurons at " + i);
            }
        }
    }

    @ParameterizedTest(name = "m={0} n={1} rows={2}")
    @CsvSource({"128,1024,1024", "10,784,30", "64,784,100", "80,257,300", "33,48,256", "128,784,17", "10,784,100",
            "5,64,30", "15,48,21", "20,784,16"})
    void forwardGivesEachNeuronTheSameFloatsHoweverTheNeuronsAreShared(int m, int n, int rows) {
        float[] a = random(m * n, 21);
        float[] w = random(rows * n, 22);
        float[] b = random(rows, 23);
        float[] whole = new float[m * rows];
        vector.forward(a, m, n, w, b, 0, rows, whole, rows);
        for (int split : new int[] {1, 5, 12, rows / 2, rows - 3}) {
            float[] shared = new float[m * rows];
            vector.forward(a, m, n, w, b, 0, split, shared, rows);
            vector.forward(a, m, n, w, b, split, rows, shared, rows);
            assertArrayEquals(whole, shared, "split at " + split);
        }
    }

    private static final int ORIGIN = 12;

    /** {@code plain} placed at index {@link #ORIGIN} of a longer array, NaN before it and a vector of zeros after. */
    private static float[] atOrigin(float[] plain) {
        float[] shifted = new float[ORIGIN + plain.length + 16];
        java.util.Arrays.fill(shifted, 0, ORIGIN, Float.NaN);
        System.arraycopy(plain, 0, shifted, ORIGIN, plain.length);
        return shifted;
    }

    private static void assertSameFromOrigin(float[] plain, float[] shifted, String what) {
        for (int i = 0; i < ORIGIN; i++) {
            assertTrue(Float.isNaN(shifted[i]), what + ": written before the origin, at " + i);
        }
        assertArrayEquals(plain, java.util.Arrays.copyOfRange(shifted, ORIGIN, ORIGIN + plain.length), what);
    }

    /**
     * Kernels for arrays whose matrices start at index 12 (as the engine lays them out, so that rows
     * begin on cache lines) compute the same floats as from index 0, and neither read nor write
     * anything before it: the floats there are NaN, which any read would spread.
     */
    @ParameterizedTest(name = "{0} m={1} n={2} rows {3}..{4} of {5}")
    @CsvSource({"vector,10,784,0,30,30", "vector,10,784,16,30,30", "vector,7,64,2,13,13", "vector,40,256,0,300,300",
            "vector,33,128,5,40,272", "vector,128,48,0,24,24", "vector,12,33,0,9,9", "scalar,10,48,0,30,30",
            "scalar,5,33,1,7,7"})
    void kernelsForMatricesAtAnOriginComputeWhatTheyComputeFromZero(String kind, int m, int n, int j0, int j1,
                                                                   int rows) {
        Kernels plain = kind.equals("vector") ? new VectorKernels() : new ScalarKernels();
        Kernels shifted = kind.equals("vector") ? new VectorKernels(ORIGIN) : new ScalarKernels(ORIGIN);
        assertEquals(0, plain.origin());
        assertEquals(ORIGIN, shifted.origin());
        float[] a = random(m * n + 16, 41);
        float[] w = random(rows * n + 16, 42);
        float[] b = random(rows + 16, 43);
        float[] s = random(m * rows + 16, 44);
        float[] z = new float[m * rows + 16];
        float[] zShifted = atOrigin(z);
        plain.forward(a, m, n, w, b, j0, j1, z, rows);
        shifted.forward(atOrigin(a), m, n, atOrigin(w), atOrigin(b), j0, j1, zShifted, rows);
        assertSameFromOrigin(z, zShifted, "forward");

        float[] out = new float[m * n + 16];
        float[] outShifted = atOrigin(out);
        plain.backward(s, rows, m, w, n, j0, j1, out);
        shifted.backward(atOrigin(s), rows, m, atOrigin(w), n, j0, j1, outShifted);
        assertSameFromOrigin(out, outShifted, "backward");

        float[] wShifted = atOrigin(w);
        float[] bShifted = atOrigin(b);
        plain.update(s, rows, m, a, n, w, b, j0, j1, 0.999f);
        shifted.update(atOrigin(s), rows, m, atOrigin(a), n, wShifted, bShifted, j0, j1, 0.999f);
        assertSameFromOrigin(w, wShifted, "update's weights");
        assertSameFromOrigin(b, bShifted, "update's biases");
    }

    @ParameterizedTest(name = "{0} m={1}")
    @CsvSource({"vector,10", "vector,7", "vector,1", "scalar,10"})
    void smallLayerKernelsForMatricesAtAnOriginComputeWhatTheyComputeFromZero(String kind, int m) {
        Kernels plain = kind.equals("vector") ? new VectorKernels() : new ScalarKernels();
        Kernels shifted = kind.equals("vector") ? new VectorKernels(ORIGIN) : new ScalarKernels(ORIGIN);
        int n = 32;
        int neurons = 10;
        int stride = 16;
        float[] a = random(m * n + 16, 51);
        float[] w = random(neurons * n + 16, 52);
        float[] b = random(stride + 16, 53);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = (3 * i + 1) % neurons;
        }
        float[] z = new float[m * stride + 16];
        float[] zShifted = atOrigin(z);
        plain.forwardSmall(a, m, n, w, b, 0, neurons, z, stride);
        shifted.forwardSmall(atOrigin(a), m, n, atOrigin(w), atOrigin(b), 0, neurons, zShifted, stride);
        assertSameFromOrigin(z, zShifted, "forwardSmall");

        float[] out = new float[m * stride + 16];
        float[] delta = new float[m * stride + 16];
        float[] back = new float[m * n + 16];
        float[] outShifted = atOrigin(out);
        float[] deltaShifted = atOrigin(delta);
        float[] backShifted = atOrigin(back);
        float[] wShifted = atOrigin(w);
        float[] bShifted = atOrigin(b);
        plain.sigmoidOutputStep(z, out, delta, stride, neurons, labels, true, a, m, n, w, b, 0.3f, 0.99f, back);
        shifted.sigmoidOutputStep(zShifted, outShifted, deltaShifted, stride, neurons, labels, true, atOrigin(a), m, n,
                wShifted, bShifted, 0.3f, 0.99f, backShifted);
        assertSameFromOrigin(out, outShifted, "σ");
        assertSameFromOrigin(delta, deltaShifted, "steps");
        assertSameFromOrigin(back, backShifted, "BP2's sum");
        assertSameFromOrigin(w, wShifted, "weights");
        assertSameFromOrigin(b, bShifted, "biases");
    }

    /**
     * Below the tiled forward pass's batch size, a tile of four or five examples sums each dot product
     * over its lanes in the same order, so an example's weighted inputs are the same floats in a batch
     * of any size: evaluating an example alone, or in another batch, gives what training computed.
     */
    @ParameterizedTest(name = "n={0} rows={1}")
    @CsvSource({"784,30", "64,17", "48,100"})
    void forwardGivesEachExampleTheSameFloatsWhateverBatchItIsIn(int n, int rows) {
        int m = 30;
        float[] a = random(m * n, 31);
        float[] w = random(rows * n, 32);
        float[] b = random(rows, 33);
        float[] whole = new float[m * rows];
        vector.forward(a, m, n, w, b, 0, rows, whole, rows);
        for (int size : new int[] {1, 2, 3, 4, 5, 8, 10, 15, 20}) {
            float[] parts = new float[m * rows];
            for (int i = 0; i < m; i += size) {
                int count = Math.min(size, m - i);
                float[] z = new float[count * rows];
                vector.forward(java.util.Arrays.copyOfRange(a, i * n, (i + count) * n), count, n, w, b, 0, rows, z, rows);
                System.arraycopy(z, 0, parts, i * rows, count * rows);
            }
            assertArrayEquals(whole, parts, "batches of " + size);
        }
    }

    @ParameterizedTest(name = "m={0} n={1} neurons={2} stride={3} quadratic={4} decay={5}")
    @CsvSource({"10,32,10,16,true,1", "10,32,10,16,false,0.999", "7,16,3,16,true,0.99", "13,64,16,16,false,1",
            "1,48,9,16,true,1", "5,32,2,32,false,1", "9,64,13,16,true,0.9", "10,31,10,16,true,1", "4,80,10,16,false,1",
            "10,112,10,16,true,1", "128,1040,10,16,true,0.999", "37,784,10,16,false,1", "3,16,17,32,true,1"})
    void smallOutputLayerStepIsTheSameFloatsAsItsKernelsOneAfterAnother(int m, int n, int neurons, int stride,
                                                                       boolean quadratic, float decay) {
        float rate = 0.3f;
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = (i * 7 + 3) % neurons;
        }
        float[] z = random(m * stride + 16, 1);
        for (int i = 0; i < z.length; i++) {
            z[i] *= 8;
        }
        float[] a = random(m * n + 16, 2);
        float[] w = random(neurons * n + 16, 3);
        float[] b = random(stride + 16, 4);
        // The separate kernels, as the engine called them before the one-pass step.
        float[] out = new float[m * stride + 16];
        float[] delta = new float[m * stride + 16];
        float[] back = new float[m * n + 16];
        float[] w1 = w.clone();
        float[] b1 = b.clone();
        for (int i = 0; i < m; i++) {
            vector.sigmoid(z, out, i * stride, i * stride + neurons);
            for (int j = 0; j < neurons; j++) {
                int at = i * stride + j;
                float g = out[at] - (j == labels[i] ? 1f : 0f);
                delta[at] = quadratic ? FloatLayers.flushed(g * (out[at] * (1 - out[at]))) : g;
            }
        }
        vector.backward(delta, stride, m, w1, n, 0, neurons, back);
        for (int i = 0; i < m; i++) {
            for (int at = i * stride; at < i * stride + neurons; at++) {
                delta[at] = FloatLayers.flushed(delta[at] * -rate);
            }
        }
        vector.update(delta, stride, m, a, n, w1, b1, 0, neurons, decay);
        for (Kernels kernels : new Kernels[] {vector, scalar}) {
            float[] out2 = new float[m * stride + 16];
            float[] delta2 = new float[m * stride + 16];
            float[] back2 = new float[m * n + 16];
            float[] w2 = w.clone();
            float[] b2 = b.clone();
            kernels.sigmoidOutputStep(z, out2, delta2, stride, neurons, labels, quadratic, a, m, n, w2, b2, rate,
                    decay, back2);
            // The vector kernels to the float; the scalar ones sum in their own order.
            float tolerance = kernels == vector ? 0f : 1e-5f;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < neurons; j++) {
                    int at = i * stride + j;
                    assertEquals(out[at], out2[at], tolerance, kernels.name() + " activation " + at);
                    assertEquals(delta[at], delta2[at], tolerance, kernels.name() + " step " + at);
                }
            }
            assertClose(back, back2, tolerance, kernels.name() + " back");
            assertClose(w1, w2, tolerance, kernels.name() + " weight");
            assertClose(b1, b2, tolerance, kernels.name() + " bias");
        }
    }

    private static void assertClose(float[] expected, float[] actual, float tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1f, Math.abs(expected[i])), what + " at " + i);
        }
    }

    @ParameterizedTest(name = "m={0} n={1} rows {2}..{3} of {4}")
    @CsvSource({"10,32,0,10,10", "7,64,0,16,16", "1,16,3,9,12", "13,48,0,1,1", "4,80,0,10,10"})
    void smallLayerForwardMatchesTheScalarDefinition(int m, int n, int j0, int j1, int rows) {
        float[] a = random(m * n + 16, 1);
        float[] w = random(rows * n + 16, 2);
        float[] b = random(rows + 16, 3);
        float[] expected = random(m * rows + 16, 4);
        float[] actual = expected.clone();
        scalar.forward(a, m, n, w, b, j0, j1, expected, rows);
        vector.forwardSmall(a, m, n, w, b, j0, j1, actual, rows);
        assertClose(expected, actual, "z");
    }

    @ParameterizedTest(name = "m={0} n={1} rows {2}..{3} of {4}")
    @CsvSource({"10,30,0,10,10", "10,784,0,30,30", "3,5,1,2,3", "8,64,0,9,9", "13,100,5,40,40", "128,1024,0,10,10",
            "4,32,0,3,3", "4,31,0,3,3", "13,96,5,40,40", "6,1024,7,300,300", "5,48,0,200,200", "3,32,4,4,8",
            "128,1040,0,300,300", "45,48,2,20,20", "36,96,0,130,130", "32,1024,9,139,140"})
    void vectorBackwardMatchesScalar(int m, int n, int j0, int j1, int rows) {
        float[] d = random(m * rows, 5);
        float[] w = random(rows * n, 6);
        float[] expected = random(m * n, 7);
        float[] actual = random(m * n, 8);
        scalar.backward(d, rows, m, w, n, j0, j1, expected);
        vector.backward(d, rows, m, w, n, j0, j1, actual);
        assertClose(expected, actual, "sum");
    }

    @ParameterizedTest(name = "m={0} n={1} rows {2}..{3} of {4}")
    @CsvSource({"10,784,0,30,30", "10,784,15,30,30", "10,30,0,10,10", "1,5,0,3,3", "7,70,2,7,9", "128,64,0,5,5",
            "3,128,0,4,4", "10,32,0,10,16", "9,80,1,8,9", "3,144,0,7,7", "10,784,16,30,30", "10,784,0,16,16",
            "32,800,0,16,16", "33,784,2,16,16", "128,1040,0,40,40", "64,96,3,27,30", "40,48,0,12,12",
            "32,1024,5,520,528"})
    void vectorUpdateMatchesScalar(int m, int n, int j0, int j1, int rows) {
        float[] d = random(m * rows, 9);
        float[] a = random(m * n, 10);
        float[] w1 = random(rows * n, 11);
        float[] w2 = w1.clone();
        float[] b1 = random(rows, 12);
        float[] b2 = b1.clone();
        scalar.update(d, rows, m, a, n, w1, b1, j0, j1, 0.999f);
        vector.update(d, rows, m, a, n, w2, b2, j0, j1, 0.999f);
        assertClose(w1, w2, "w");
        assertClose(b1, b2, "b");
    }

    @org.junit.jupiter.api.Test
    void activationsTooSmallForANormalFloatAreZero() {
        // sigmoid(-95) is about 5.5e-42 and tanh(1e-39) about 1e-39, both subnormal floats; sigmoid(-80)
        // is 1.8e-35, a normal one.
        float[] z = {-95f, -200f, -80f, 1e-39f, -1e-39f, 0f};
        for (Kernels kernels : new Kernels[] {scalar, vector}) {
            float[] sigmoid = new float[z.length];
            float[] tanh = new float[z.length];
            kernels.sigmoid(z, sigmoid, 0, z.length);
            kernels.tanh(z, tanh, 0, z.length);
            String name = kernels.getClass().getSimpleName();
            assertEquals(0f, sigmoid[0], 0f, name);
            assertEquals(0f, sigmoid[1], 0f, name);
            assertEquals(Math.exp(-80), sigmoid[2], 1e-3 * Math.exp(-80), name);
            assertEquals(0f, tanh[3], 0f, name);
            assertEquals(0f, tanh[4], 0f, name);
            assertEquals(0f, tanh[5], 0f, name);
        }
    }

    @ParameterizedTest(name = "{0} values from {1}")
    @CsvSource({"100,0", "37,5", "16,0", "1,0"})
    void vectorActivationsMatchScalar(int to, int from) {
        float[] z = random(to, 13);
        for (int i = 0; i < z.length; i++) {
            z[i] *= 12;
        }
        float[] expected = new float[to];
        float[] actual = new float[to];
        scalar.sigmoid(z, expected, from, to);
        vector.sigmoid(z, actual, from, to);
        assertClose(expected, actual, "sigmoid");
        scalar.tanh(z, expected, from, to);
        vector.tanh(z, actual, from, to);
        assertClose(expected, actual, "tanh");
    }

    @ParameterizedTest(name = "{0} values from {1}, slope {2}")
    @CsvSource({"100,0,0", "37,5,0", "16,0,0.01", "53,3,0.01", "1,0,0", "3,3,0"})
    void rectifiersGiveTheSameFloatsWithSimdAsWithPlainLoops(int to, int from, float slope) {
        float[] z = random(to + 2, 17);
        float[] g = random(to + 2, 19);
        z[Math.min(from, to) + 1] = -0f;
        z[to + 1] = Float.NaN;
        z[0] = 0f;
        for (Kernels kernels : new Kernels[] {scalar, vector}) {
            String name = kernels.getClass().getSimpleName();
            float[] a = new float[to + 2];
            float[] back = g.clone();
            kernels.rectify(z, a, from, to, slope);
            kernels.rectifyBackward(z, back, from, to, slope);
            for (int k = 0; k < to + 2; k++) {
                boolean inside = k >= from && k < to;
                float expectedA = !inside ? 0f : z[k] > 0 ? z[k] : slope == 0 ? 0f : slope * z[k];
                float expectedG = !inside ? g[k] : z[k] > 0 ? g[k] : slope == 0 ? 0f : slope * g[k];
                assertEquals(Float.floatToIntBits(expectedA), Float.floatToIntBits(a[k]), name + ", a[" + k + "]");
                assertEquals(Float.floatToIntBits(expectedG), Float.floatToIntBits(back[k]), name + ", g[" + k + "]");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void pixelConversionReadsAndWritesAtTheGivenOffsets() {
        byte[] pixels = new byte[100];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        for (Kernels kernels : new Kernels[] {scalar, vector}) {
            float[] out = new float[60];
            java.util.Arrays.fill(out, -1f);
            kernels.unitFloats(pixels, 37, out, 9, 40);
            for (int k = 0; k < out.length; k++) {
                float expected = k >= 9 && k < 49 ? (37 + k - 9) / 255f : -1f;
                assertEquals(expected, out[k], 0f, kernels.getClass().getSimpleName() + " at " + k);
            }
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"7840", "100", "3", "256"})
    void vectorPixelConversionMatchesScalarExactly(int count) {
        byte[] pixels = new byte[count];
        for (int i = 0; i < count; i++) {
            pixels[i] = (byte) (count == 256 ? i : i * 37);
        }
        float[] expected = new float[count];
        float[] actual = new float[count];
        scalar.unitFloats(pixels, 0, expected, 0, count);
        vector.unitFloats(pixels, 0, actual, 0, count);
        for (int i = 0; i < count; i++) {
            assertEquals(expected[i], actual[i], 0f);
            assertEquals((pixels[i] & 0xFF) / 255f, actual[i], 0f);
        }
    }
}
