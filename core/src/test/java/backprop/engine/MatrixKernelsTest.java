package backprop.engine;

import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vector matrix kernels compute what the scalar ones do, to float rounding, on shapes with and without tails. */
class MatrixKernelsTest {
    private static final MatrixKernels SCALAR = new ScalarMatrixKernels();
    private static final MatrixKernels VECTOR = new VectorMatrixKernels();
    private static final int[][] SHAPES = {
            {1, 1, 1}, {4, 32, 5}, {5, 33, 7}, {7, 100, 25}, {40, 320, 500}, {3, 17, 2}, {9, 64, 1}, {2, 15, 40},
            {10, 96, 9}};

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
    void broadcastProductGivesEveryRowTheSameFloatsHoweverManyRows() {
        SeededRandom random = new SeededRandom(4);
        // Five and ten rows take the five-row tile; nine takes the four-row tile and a single row.
        for (int[] shape : new int[][] {{5, 100, 37}, {10, 64, 30}, {9, 70, 11}, {5, 1000, 64}}) {
            int m = shape[0];
            int n = shape[1];
            int inner = shape[2];
            float[] a = random(random, m * inner);
            float[] b = random(random, inner * n + 16);
            float[] start = random(random, m * n);
            float[] whole = start.clone();
            VECTOR.multiplyAdd(m, n, inner, a, 0, inner, 1, b, 0, n, whole, 0, n);
            for (int i = 0; i < m; i++) {
                float[] row = java.util.Arrays.copyOfRange(start, i * n, i * n + n);
                VECTOR.multiplyAdd(1, n, inner, a, i * inner, inner, 1, b, 0, n, row, 0, n);
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToIntBits(row[j]), Float.floatToIntBits(whole[i * n + j]),
                            m + "x" + n + "x" + inner + ", row " + i + ", column " + j);
                }
            }
        }
    }

    @Test
    void gatheredProductAgreesWithTheScalarLoops() {
        SeededRandom random = new SeededRandom(5);
        // Rows in tiles of eight, of four and fewer; columns in tiles of three vectors, of one, and masked.
        int[][] shapes = {{1, 1, 1}, {4, 40, 500}, {5, 40, 7}, {7, 33, 25}, {3, 48, 2}, {9, 49, 3}, {2, 15, 40},
                {6, 100, 4}, {16, 40, 30}, {21, 40, 12}, {8, 97, 5}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int inner = shape[2];
            // Entries of a scattered over a larger array, rows and columns overlapping as a convolution's windows do.
            float[] a = random(random, 7 * m + 3 * inner + 10);
            int[] rowStart = new int[m];
            for (int i = 0; i < m; i++) {
                rowStart[i] = 5 + 7 * i;
            }
            int[] innerOffset = new int[inner];
            for (int k = 0; k < inner; k++) {
                innerOffset[k] = 3 * k + (k % 2);
            }
            // Room for whole vectors after b's last row, which the vector kernel reads whole.
            float[] b = random(random, 2 + inner * (n + 3) + 16);
            float[] expected = random(random, 1 + m * (n + 2));
            float[] actual = expected.clone();
            SCALAR.multiplyAddGathered(m, n, inner, a, rowStart, innerOffset, b, 2, n + 3, expected, 1, n + 2);
            VECTOR.multiplyAddGathered(m, n, inner, a, rowStart, innerOffset, b, 2, n + 3, actual, 1, n + 2);
            assertClose(expected, actual, inner);
            float[] direct = expected.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int k = 0; k < inner; k++) {
                        sum += (double) a[rowStart[i] + innerOffset[k]] * b[2 + k * (n + 3) + j];
                    }
                    direct[1 + i * (n + 2) + j] = (float) sum;
                }
            }
            float[] zero = new float[expected.length];
            float[] fromZero = new float[expected.length];
            VECTOR.multiplyAddGathered(m, n, inner, a, rowStart, innerOffset, b, 2, n + 3, fromZero, 1, n + 2);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = 1 + i * (n + 2) + j;
                    assertEquals(direct[at], fromZero[at], 1e-6 * (inner + 1), "sum at " + at);
                }
            }
            // Cells outside the m x n block are left alone.
            for (int at = 0; at < zero.length; at++) {
                int row = (at - 1) / (n + 2);
                int column = (at - 1) % (n + 2);
                if (at == 0 || row >= m || column >= n) {
                    assertEquals(0f, fromZero[at], "untouched at " + at);
                }
            }
        }
    }

    @Test
    void gatheredProductRefusesARightMatrixWithoutRoomForWholeVectors() {
        float[] a = new float[8];
        int[] rows = {0};
        int[] inner = {0, 1};
        float[] b = new float[2 * 20];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VECTOR.multiplyAddGathered(1, 20, 2, a, rows, inner, b, 0, 20, new float[20], 0, 20));
        assertTrue(e.getMessage().matches("b needs \\d+ spare floats after its last row, .*"), e.getMessage());
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
    void dotProductsGiveEveryRowTheSameFloatsWhicheverMatrixStreamsAndHoweverManyRows() {
        SeededRandom random = new SeededRandom(3);
        // {m, n, inner}: the first two stream a (more rows of a than of b), the rest b; odd m, n not of 4;
        // 10 and 12 rows: five-row tiles, and five-row tiles then pairs.
        for (int[] shape : new int[][] {{33, 5, 19}, {6, 2, 16}, {5, 100, 37}, {5, 1000, 640}, {3, 7, 1}, {10, 200, 100},
                {12, 64, 33}}) {
            int m = shape[0];
            int n = shape[1];
            int inner = shape[2];
            float[] a = random(random, m * inner);
            float[] b = random(random, n * inner);
            float[] whole = new float[m * n];
            VECTOR.multiplyTransposedAdd(m, n, inner, a, 0, inner, b, 0, inner, whole, 0, n);
            float[] scalar = new float[m * n];
            SCALAR.multiplyTransposedAdd(m, n, inner, a, 0, inner, b, 0, inner, scalar, 0, n);
            assertClose(scalar, whole, inner);
            for (int i = 0; i < m; i++) {
                float[] row = new float[n];
                VECTOR.multiplyTransposedAdd(1, n, inner, a, i * inner, inner, b, 0, inner, row, 0, n);
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToIntBits(row[j]), Float.floatToIntBits(whole[i * n + j]),
                            m + "x" + n + "x" + inner + ", row " + i + ", column " + j);
                }
            }
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
    void steppingFromTheExamplesGivesTheFloatsOfTheStoredGradientsStep() {
        SeededRandom random = new SeededRandom(8);
        // Rows in fours and not, rows of whole vector pairs, of a single vector and with tails (1,000).
        int[][] shapes = {{8, 64, 10}, {7, 1000, 10}, {3, 17, 5}, {1, 16, 1}, {6, 40, 9}, {4, 33, 10}};
        for (MatrixKernels kernels : new MatrixKernels[] {SCALAR, VECTOR}) {
            for (int[] shape : shapes) {
                int m = shape[0];
                int n = shape[1];
                int inner = shape[2];
                // a read transposed, as a layer's errors are: a(i, k) = delta[k][j0 + i].
                int aColumn = m + 3;
                float[] a = random(random, 2 + inner * aColumn);
                float[] b = random(random, inner * n + 16);
                float[] expected = random(random, 1 + m * (n + 2));
                float[] actual = expected.clone();
                // The stored way, as the parts add their examples: a zeroed gradient, the first part, the second, the step.
                float[] gradient = new float[m * n + 16];
                int first = inner / 2;
                kernels.multiplyAdd(m, n, first, a, 2, 1, aColumn, b, 0, n, gradient, 0, n);
                kernels.multiplyAdd(m, n, inner - first, a, 2 + first * aColumn, 1, aColumn, b, first * n, n, gradient,
                        0, n);
                for (int i = 0; i < m; i++) {
                    kernels.decayAndStep(expected, 1 + i * (n + 2), gradient, i * n, n, 0.999f, 0.01f);
                }
                kernels.stepByExamples(m, n, inner, a, 2, 1, aColumn, b, 0, n, actual, 1, n + 2, 0.999f, 0.01f);
                String name = kernels.getClass().getSimpleName() + " " + m + "x" + n + "x" + inner;
                assertArrayEquals(expected, actual, name);
            }
        }
    }

    @Test
    void shiftedRunsAreAddedInTheScalarLoopsOrder() {
        SeededRandom random = new SeededRandom(6);
        // Rows that fit one vector (8 + 5 - 1 = 12, 16 + 1 - 1; network3's 5 x 8 and a full 9 x 8 by
        // constant shifts) and rows that do not (24 + 5 - 1, 10 + 8 - 1).
        int[][] shapes = {{8, 5}, {16, 1}, {1, 16}, {24, 5}, {3, 3}, {0, 4}, {5, 8}, {9, 8}, {10, 8}};
        for (int[] shape : shapes) {
            int width = shape[0];
            int count = shape[1];
            float[] source = random(random, 3 + count * 41 + 16 + width);
            float[] expected = random(random, 4 + width + count + 16);
            float[] actual = expected.clone();
            SCALAR.addShifted(source, 3, 41, count, width, expected, 4);
            VECTOR.addShifted(source, 3, 41, count, width, actual, 4);
            // The same additions in the same order: the same floats.
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 0f, width + "x" + count + " at " + i);
            }
        }
    }

    @Test
    void twoByTwoPoolingPicksTheWinnersTheScalarLoopPicks() {
        SeededRandom random = new SeededRandom(7);
        for (int windows = 1; windows <= 20; windows++) {
            int width = 2 * windows + 3;
            float[] in = new float[5 + 2 * width + 16];
            for (int i = 0; i < in.length; i++) {
                // Few distinct values, so that windows hold ties; and a NaN now and then.
                in[i] = random.nextDouble() < 0.05 ? Float.NaN : (float) Math.floor(random.nextDouble() * 4);
            }
            float[] expected = new float[windows + 3];
            float[] actual = new float[windows + 3];
            int[] expectedWinners = new int[windows + 3];
            int[] actualWinners = new int[windows + 3];
            SCALAR.maxPool2x2(in, 5, width, windows, expected, expectedWinners, 2);
            VECTOR.maxPool2x2(in, 5, width, windows, actual, actualWinners, 2);
            assertArrayEquals(expectedWinners, actualWinners, windows + " windows");
            for (int x = 0; x < expected.length; x++) {
                assertEquals(expected[x], actual[x], 0f, windows + " windows, at " + x);
            }
        }
    }

    @Test
    void twoByTwoPoolingTakesTheFirstOfEqualsAndNeverNaN() {
        // Windows: all equal; the largest below right; NaN first; NaN last.
        float[] in = new float[8 + 8 + 16];
        float[][] windows = {{1, 1, 1, 1}, {0, 1, 2, 3}, {Float.NaN, 5, 6, 7}, {4, 2, 1, Float.NaN}};
        for (int x = 0; x < 4; x++) {
            in[2 * x] = windows[x][0];
            in[2 * x + 1] = windows[x][1];
            in[8 + 2 * x] = windows[x][2];
            in[8 + 2 * x + 1] = windows[x][3];
        }
        for (MatrixKernels kernels : new MatrixKernels[] {SCALAR, VECTOR}) {
            float[] z = new float[4];
            int[] winner = new int[4];
            kernels.maxPool2x2(in, 0, 8, 4, z, winner, 0);
            assertArrayEquals(new int[] {0, 11, 4, 6}, winner, kernels.name());
            assertEquals(1f, z[0]);
            assertEquals(3f, z[1]);
            assertTrue(Float.isNaN(z[2]), kernels.name() + ": a NaN first stays, as nothing compares larger");
            assertEquals(4f, z[3]);
        }
    }

    @Test
    void sparseProductGivesTheFloatsOfTheScalarLoopsAndOfTheDenseSum() {
        SeededRandom random = new SeededRandom(8);
        // Rows of c as long as network3's filters (25, 500), shorter than a vector, and at every chunk's edge.
        int[] widths = {1, 5, 16, 17, 25, 31, 32, 33, 48, 64, 65, 100, 500};
        for (int n : widths) {
            int m = 7;
            int rows = 13;
            int bRow = n + 3;
            float[] b = random(random, 3 + rows * bRow + 16);
            // Row i of the sparse matrix lists some of b's rows, some of them twice, row 0 none.
            int[] start = new int[m + 2];
            int[] row = new int[m * rows];
            float[] scale = random(random, m * rows);
            int t = 0;
            start[0] = -1;
            for (int i = 0; i < m; i++) {
                start[i + 1] = t;
                for (int r = 0; r < rows; r++) {
                    if (i > 0 && random.nextDouble() < 0.3) {
                        row[t++] = r;
                    }
                }
                if (i == m - 1) {
                    row[t++] = 2;
                }
            }
            start[m + 1] = t;
            float[] expected = random(random, 2 + m * (n + 4) + 16);
            float[] actual = expected.clone();
            float[] before = expected.clone();
            SCALAR.multiplySparseAdd(m, n, start, 1, row, scale, b, 3, bRow, expected, 2, n + 4);
            VECTOR.multiplySparseAdd(m, n, start, 1, row, scale, b, 3, bRow, actual, 2, n + 4);
            for (int at = 0; at < expected.length; at++) {
                assertEquals(expected[at], actual[at], 0f, "n=" + n + " at " + at);
            }
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < n + 4; k++) {
                    int at = 2 + i * (n + 4) + k;
                    double sum = before[at];
                    for (int u = start[i + 1]; u < start[i + 2] && k < n; u++) {
                        sum += (double) scale[u] * b[3 + row[u] * bRow + k];
                    }
                    // Past n the row is untouched; within it, the sum of the listed rows.
                    assertEquals(sum, expected[at], k < n ? 1e-6 * rows : 0, "n=" + n + " row " + i + " column " + k);
                }
            }
        }
    }

    @Test
    void nonZerosAreListedInOrderWithNaNAndWithoutSignedZeros() {
        SeededRandom random = new SeededRandom(9);
        for (int count : new int[] {0, 1, 15, 16, 17, 40, 576}) {
            float[] a = new float[3 + count + 16];
            for (int i = 0; i < a.length; i++) {
                double u = random.nextDouble();
                a[i] = u < 0.6 ? 0f : u < 0.65 ? -0f : u < 0.7 ? Float.NaN : (float) (u - 0.8);
            }
            for (MatrixKernels kernels : new MatrixKernels[] {SCALAR, VECTOR}) {
                int[] index = new int[5 + count + 16];
                float[] value = new float[5 + count + 16];
                int end = kernels.nonZeros(a, 3, count, index, value, 5);
                int at = 5;
                for (int i = 0; i < count; i++) {
                    float v = a[3 + i];
                    if (v != 0) {
                        assertEquals(i, index[at], kernels.name() + " count " + count);
                        assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(value[at]), kernels.name());
                        at++;
                    }
                }
                assertEquals(at, end, kernels.name() + ": entries listed of " + count);
            }
        }
    }

    @Test
    void runsAreCopiedEndToEndWhateverTheirWidth() {
        SeededRandom random = new SeededRandom(10);
        for (int width : new int[] {1, 5, 12, 16, 17, 33}) {
            int runs = 7;
            int[] offsets = new int[runs];
            for (int r = 0; r < runs; r++) {
                offsets[r] = (r * 37) % 50 + (r % 2) * width;
            }
            float[] source = random(random, 4 + 50 + 2 * width + 16);
            for (MatrixKernels kernels : new MatrixKernels[] {SCALAR, VECTOR}) {
                float[] target = new float[6 + runs * width + 16];
                kernels.copyRuns(source, 4, offsets, runs, width, target, 6);
                for (int r = 0; r < runs; r++) {
                    for (int t = 0; t < width; t++) {
                        assertEquals(source[4 + offsets[r] + t], target[6 + r * width + t], 0f,
                                kernels.name() + " width " + width + " run " + r);
                    }
                }
                for (int at = 0; at < 6; at++) {
                    assertEquals(0f, target[at], kernels.name() + ": nothing before the runs");
                }
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, int terms) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * (terms + 1), "at " + i);
        }
    }
}
