package backprop.engine;

import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector matrix kernels compute what the scalar ones do, to float rounding, on shapes with and without tails. */
class MatrixKernelsTest {
    private static final MatrixKernels SCALAR = new ScalarMatrixKernels();
    private static final MatrixKernels VECTOR = new VectorMatrixKernels();
    private static final int[][] SHAPES = {
            {1, 1, 1}, {4, 32, 5}, {5, 33, 7}, {7, 100, 25}, {40, 320, 500}, {3, 17, 2}, {9, 64, 1}, {2, 15, 40}};

    private static float[] random(SeededRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    @Test
    void broadcastProductAgreesWithTheScalarLoops() {
        SeededRandom random = new SeededRandom(1);
        for (int[] shape : SHAPES) {
            int m = shape[0];
            int n = shape[1];
            int inner = shape[2];
            for (boolean transposed : new boolean[] {false, true}) {
                // a is m x inner, or read transposed from inner x m; offsets and strides wider than the matrices.
                float[] a = random(random, 3 + (m + 1) * (inner + 1));
                float[] b = random(random, 2 + inner * (n + 3));
                float[] expected = random(random, 1 + m * (n + 2));
                float[] actual = expected.clone();
                int aRow = transposed ? 1 : inner + 1;
                int aColumn = transposed ? m + 1 : 1;
                SCALAR.multiplyAdd(m, n, inner, a, 3, aRow, aColumn, b, 2, n + 3, expected, 1, n + 2);
                VECTOR.multiplyAdd(m, n, inner, a, 3, aRow, aColumn, b, 2, n + 3, actual, 1, n + 2);
                assertClose(expected, actual, inner);
            }
        }
    }

    @Test
    void dotProductsAgreeWithTheScalarLoops() {
        SeededRandom random = new SeededRandom(2);
        for (int[] shape : SHAPES) {
            int m = shape[0];
            int n = shape[1];
            int inner = shape[2];
            float[] a = random(random, 2 + m * (inner + 1));
            float[] b = random(random, 5 + n * (inner + 4));
            float[] expected = random(random, m * (n + 1));
            float[] actual = expected.clone();
            SCALAR.multiplyTransposedAdd(m, n, inner, a, 2, inner + 1, b, 5, inner + 4, expected, 0, n + 1);
            VECTOR.multiplyTransposedAdd(m, n, inner, a, 2, inner + 1, b, 5, inner + 4, actual, 0, n + 1);
            assertClose(expected, actual, inner);
        }
    }

    @Test
    void sgdStepAgreesWithTheScalarLoop() {
        SeededRandom random = new SeededRandom(3);
        for (int n : new int[] {1, 15, 16, 17, 100}) {
            float[] g = random(random, n + 2);
            float[] expected = random(random, n + 1);
            float[] actual = expected.clone();
            SCALAR.decayAndStep(expected, 1, g, 2, n - 1, 0.99f, 0.3f);
            VECTOR.decayAndStep(actual, 1, g, 2, n - 1, 0.99f, 0.3f);
            assertClose(expected, actual, 1);
        }
    }

    @Test
    void shortRunsAreCopiedAndAddedAsTheScalarLoopsDo() {
        SeededRandom random = new SeededRandom(4);
        for (int count = 0; count <= MatrixKernels.SHORT; count++) {
            float[] source = random(random, 40);
            float[] expected = random(random, 40);
            float[] actual = expected.clone();
            SCALAR.copyShort(source, 3, expected, 5, count);
            VECTOR.copyShort(source, 3, actual, 5, count);
            assertClose(expected, actual, 0);
            SCALAR.addShort(source, 7, expected, 2, count);
            VECTOR.addShort(source, 7, actual, 2, count);
            assertClose(expected, actual, 1);
        }
    }

    private static void assertClose(float[] expected, float[] actual, int terms) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * (terms + 1), "at " + i);
        }
    }
}
