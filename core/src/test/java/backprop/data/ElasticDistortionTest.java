package backprop.data;

import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds {@link ElasticDistortion} to a straightforward implementation of Simard et al.'s algorithm, written
 * here in double precision as the paper states it (a 2D Gaussian sum, not the separable one): the same
 * random draws must give the same image, whatever the image's shape or the distortion's settings.
 */
class ElasticDistortionTest {

    @ParameterizedTest(name = "{0} x {1}, alpha {2}, sigma {3}, rotation {4}, scaling {5}")
    @CsvSource({
            "28, 28, 34, 4, 0, 0",
            "28, 28, 8, 3, 10, 0.1",
            "17, 23, 12, 1.5, 30, 0.25",
            "9, 5, 3, 0.7, 180, 0.5",
            "20, 12, 0, 2, 45, 0",
    })
    void distortsAsTheStraightforwardAlgorithmDoes(int rows, int columns, double alpha, double sigma,
                                                   double rotation, double scaling) {
        ElasticDistortion distortion = new ElasticDistortion(alpha, sigma, rotation, scaling);
        byte[] image = strokes(rows, columns, 11);

        for (long seed = 1; seed <= 5; seed++) {
            byte[] ours = distortion.distort(image, rows, columns, new SeededRandom(seed));
            int[] expected = straightforward(image, rows, columns, distortion, new SeededRandom(seed));
            int differing = 0;
            for (int k = 0; k < ours.length; k++) {
                int difference = Math.abs((ours[k] & 0xFF) - expected[k]);
                // float displacement fields and a rounding at .5 may move a value by one step, never more
                assertTrue(difference <= 1, "pixel " + k + ": " + (ours[k] & 0xFF) + " vs " + expected[k]);
                differing += difference;
            }
            assertTrue(differing <= ours.length / 50, differing + " pixels off by one");
        }
    }

    @Test
    void theOffsetFormReadsAndWritesInsideLargerArrays() {
        int rows = 14;
        int columns = 10;
        byte[] image = strokes(rows, columns, 3);
        ElasticDistortion distortion = new ElasticDistortion(6, 2, 20, 0.2);
        byte[] source = new byte[7 + image.length + 5];
        System.arraycopy(image, 0, source, 7, image.length);
        byte[] target = new byte[3 + image.length + 4];
        java.util.Arrays.fill(target, (byte) 99);

        distortion.distort(source, 7, rows, columns, new SeededRandom(4),
                new ElasticDistortion.Workspace(rows * columns, 2), target, 3);

        byte[] alone = distortion.distort(image, rows, columns, new SeededRandom(4));
        assertArrayEquals(alone, java.util.Arrays.copyOfRange(target, 3, 3 + image.length));
        assertEquals(99, target[0]);
        assertEquals(99, target[2]);
        assertEquals(99, target[target.length - 1]);
    }

    @Test
    void theGaussianKernelIsNormalizedAndCutOffAtFourSigmas() {
        for (double sigma : new double[] {0.1, 0.7, 1, 2.4, 4}) {
            float[] kernel = ElasticDistortion.gaussianKernel(sigma);
            int radius = Math.max(1, (int) Math.round(4 * sigma));
            assertEquals(2 * radius + 1, kernel.length, "sigma " + sigma);
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += Math.exp(-0.5 * k * k / (sigma * sigma));
            }
            for (int k = -radius; k <= radius; k++) {
                assertEquals(Math.exp(-0.5 * k * k / (sigma * sigma)) / sum, kernel[radius + k], 1e-7,
                        "sigma " + sigma + ", k " + k);
            }
        }
    }

    @Test
    void blurringIsTheTwoDimensionalGaussianSumWithZerosBeyondTheEdges() {
        int rows = 13;
        int columns = 19;
        SeededRandom random = new SeededRandom(8);
        float[] field = new float[rows * columns];
        for (int k = 0; k < field.length; k++) {
            field[k] = (float) (2 * random.nextDouble() - 1);
        }
        float[] kernel = ElasticDistortion.gaussianKernel(1.8);
        double[] expected = gaussianSum(field, rows, columns, kernel);

        ElasticDistortion.blur(field, rows, columns, kernel, new float[rows * columns]);

        for (int k = 0; k < field.length; k++) {
            assertEquals(expected[k], field[k], 1e-5, "pixel " + k);
        }
    }

    @Test
    void distortingAnImageOfTheWrongSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ElasticDistortion.GENTLE.distort(new byte[27], 4, 7, new SeededRandom(1)));
        assertEquals("the image has 27 pixels, not 4 x 7", e.getMessage());
    }

    @ParameterizedTest(name = "alpha {0}, sigma {1}, rotation {2}, scaling {3}")
    @CsvSource({
            "-0.001, 1, 0, 0", "NaN, 1, 0, 0", "Infinity, 1, 0, 0",
            "1, 0, 0, 0", "1, -1, 0, 0", "1, NaN, 0, 0", "1, Infinity, 0, 0",
            "1, 1, -0.001, 0", "1, 1, 180.001, 0", "1, 1, NaN, 0",
            "1, 1, 0, -0.001", "1, 1, 0, 1", "1, 1, 0, NaN",
    })
    void settingsOutsideTheirRangesAreRefused(double alpha, double sigma, double rotation, double scaling) {
        assertThrows(IllegalArgumentException.class, () -> new ElasticDistortion(alpha, sigma, rotation, scaling));
    }

    @ParameterizedTest(name = "alpha {0}, sigma {1}, rotation {2}, scaling {3}")
    @CsvSource({"0, 0.001, 0, 0", "1000, 1, 180, 0.999", "0, 1, 0, 0"})
    void settingsAtTheEdgesOfTheirRangesAreAccepted(double alpha, double sigma, double rotation, double scaling) {
        assertDoesNotThrow(() -> new ElasticDistortion(alpha, sigma, rotation, scaling));
    }

    /** Simard et al.'s algorithm as the paper describes it, with the affine part, drawing as the class does. */
    private static int[] straightforward(byte[] image, int rows, int columns, ElasticDistortion d, SeededRandom random) {
        int size = rows * columns;
        float[] dx = new float[size];
        float[] dy = new float[size];
        for (int k = 0; k < size; k++) {
            dx[k] = (float) (2 * random.nextDouble() - 1);
            dy[k] = (float) (2 * random.nextDouble() - 1);
        }
        float[] kernel = ElasticDistortion.gaussianKernel(d.sigma());
        double[] smoothX = gaussianSum(dx, rows, columns, kernel);
        double[] smoothY = gaussianSum(dy, rows, columns, kernel);
        double angle = Math.toRadians(d.maxRotationDegrees()) * (2 * random.nextDouble() - 1);
        double rowScale = 1 + d.maxScaling() * (2 * random.nextDouble() - 1);
        double columnScale = 1 + d.maxScaling() * (2 * random.nextDouble() - 1);
        double centreRow = (rows - 1) / 2.0;
        double centreColumn = (columns - 1) / 2.0;
        int[] result = new int[size];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double u = r - centreRow;
                double v = c - centreColumn;
                double y = centreRow + rowScale * (Math.cos(angle) * u - Math.sin(angle) * v)
                        + d.alpha() * smoothY[r * columns + c];
                double x = centreColumn + columnScale * (Math.sin(angle) * u + Math.cos(angle) * v)
                        + d.alpha() * smoothX[r * columns + c];
                int top = (int) Math.floor(y);
                int left = (int) Math.floor(x);
                double value = 0;
                for (int i = 0; i <= 1; i++) {
                    for (int j = 0; j <= 1; j++) {
                        double weight = (i == 0 ? 1 - (y - top) : y - top) * (j == 0 ? 1 - (x - left) : x - left);
                        value += weight * at(image, rows, columns, top + i, left + j);
                    }
                }
                result[r * columns + c] = Math.min(255, (int) Math.round(value));
            }
        }
        return result;
    }

    private static double[] gaussianSum(float[] field, int rows, int columns, float[] kernel) {
        int radius = kernel.length / 2;
        double[] sum = new double[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                for (int i = -radius; i <= radius; i++) {
                    for (int j = -radius; j <= radius; j++) {
                        int rr = r + i;
                        int cc = c + j;
                        if (rr >= 0 && rr < rows && cc >= 0 && cc < columns) {
                            sum[r * columns + c] += (double) kernel[radius + i] * kernel[radius + j] * field[rr * columns + cc];
                        }
                    }
                }
            }
        }
        return sum;
    }

    private static int at(byte[] image, int rows, int columns, int r, int c) {
        return r < 0 || r >= rows || c < 0 || c >= columns ? 0 : image[r * columns + c] & 0xFF;
    }

    /** Thick random strokes with soft edges on black, like a digit: every intensity from 0 to 255 occurs. */
    private static byte[] strokes(int rows, int columns, long seed) {
        SeededRandom random = new SeededRandom(seed);
        byte[] image = new byte[rows * columns];
        for (int stroke = 0; stroke < 3; stroke++) {
            double r0 = random.nextDouble() * rows;
            double c0 = random.nextDouble() * columns;
            double r1 = random.nextDouble() * rows;
            double c1 = random.nextDouble() * columns;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    double distance = distanceToSegment(r, c, r0, c0, r1, c1);
                    int ink = (int) Math.max(0, Math.min(255, 255 * (2.0 - distance)));
                    int k = r * columns + c;
                    image[k] = (byte) Math.max(image[k] & 0xFF, ink);
                }
            }
        }
        return image;
    }

    private static double distanceToSegment(double r, double c, double r0, double c0, double r1, double c1) {
        double dr = r1 - r0;
        double dc = c1 - c0;
        double length = dr * dr + dc * dc;
        double t = length == 0 ? 0 : Math.max(0, Math.min(1, ((r - r0) * dr + (c - c0) * dc) / length));
        return Math.hypot(r - (r0 + t * dr), c - (c0 + t * dc));
    }
}
