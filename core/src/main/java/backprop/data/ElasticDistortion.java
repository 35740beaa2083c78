package backprop.data;

import backprop.nn.SeededRandom;

import java.util.Arrays;

/**
 * Elastic distortion of an image, after Simard, Steinkraus and Platt (2003), "Best practices for
 * convolutional neural networks applied to visual document analysis": every pixel is displaced by a
 * random field, uniform in [-1, 1] per pixel and direction, smoothed by a Gaussian of standard
 * deviation {@code sigma} (so that neighbours move together, like a hand-drawn stroke, not noise) and
 * scaled by {@code alpha}; the new image is read from the displaced points by bilinear interpolation.
 * A small random rotation and scaling about the centre is added to the field, as later work did
 * (Ciresan et al. 2010).
 *
 * <p>Simard et al. used {@code alpha = 34, sigma = 4} on 28 x 28 digits, which moves pixels by about
 * 1.4 pixels on average; {@link #GENTLE} moves them less and relies on the affine part for larger changes.
 *
 * @param alpha              the strength of the displacement field, in pixels per unit of smoothed noise
 * @param sigma              the Gaussian's standard deviation in pixels: larger is smoother
 * @param maxRotationDegrees rotations are uniform in {@code [-maxRotationDegrees, maxRotationDegrees]}
 * @param maxScaling         each axis is scaled by a factor uniform in {@code [1 - maxScaling, 1 + maxScaling]}
 */
public record ElasticDistortion(double alpha, double sigma, double maxRotationDegrees, double maxScaling) {

    /** Gentle enough that digits stay digits: alpha 8, sigma 3, rotations up to 10 degrees, scaling up to 10%. */
    public static final ElasticDistortion GENTLE = new ElasticDistortion(8, 3, 10, 0.1);

    /** Simard et al.'s setting for 28 x 28 images, without an affine part. */
    public static final ElasticDistortion SIMARD = new ElasticDistortion(34, 4, 0, 0);

    /** The Gaussian is cut off where it has fallen below 0.04% of its peak, as scipy's {@code gaussian_filter} does. */
    private static final double TRUNCATE_SIGMAS = 4.0;

    public ElasticDistortion {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be 0 or a positive number, got " + alpha);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a positive number, got " + sigma);
        }
        if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) {
            throw new IllegalArgumentException("the largest rotation must be between 0 and 180 degrees, got "
                    + maxRotationDegrees);
        }
        if (!(maxScaling >= 0 && maxScaling < 1)) {
            throw new IllegalArgumentException("the largest scaling must be in [0, 1), got " + maxScaling);
        }
    }

    /** A distorted copy of one image of {@code rows x columns} unsigned bytes, drawn from {@code random}. */
    public byte[] distort(byte[] image, int rows, int columns, SeededRandom random) {
        if (image.length != rows * columns) {
            throw new IllegalArgumentException("the image has " + image.length + " pixels, not " + rows + " x " + columns);
        }
        byte[] distorted = new byte[image.length];
        distort(image, 0, rows, columns, random, new Workspace(rows * columns, sigma), distorted, 0);
        return distorted;
    }

    /** {@link #distort(byte[], int, int, SeededRandom)} between offsets of larger arrays, with reusable scratch space. */
    void distort(byte[] source, int sourceOffset, int rows, int columns, SeededRandom random, Workspace workspace,
                 byte[] target, int targetOffset) {
        int size = rows * columns;
        float[] dx = workspace.dx;
        float[] dy = workspace.dy;
        for (int k = 0; k < size; k++) {
            dx[k] = (float) (2 * random.nextDouble() - 1);
            dy[k] = (float) (2 * random.nextDouble() - 1);
        }
        blur(dx, rows, columns, workspace.kernel, workspace.scratch);
        blur(dy, rows, columns, workspace.kernel, workspace.scratch);
        double angle = Math.toRadians(maxRotationDegrees) * (2 * random.nextDouble() - 1);
        double rowScale = 1 + maxScaling * (2 * random.nextDouble() - 1);
        double columnScale = 1 + maxScaling * (2 * random.nextDouble() - 1);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double centreRow = (rows - 1) / 2.0;
        double centreColumn = (columns - 1) / 2.0;
        for (int r = 0; r < rows; r++) {
            double u = r - centreRow;
            for (int c = 0; c < columns; c++) {
                double v = c - centreColumn;
                int k = r * columns + c;
                // Where pixel (r, c) of the new image is read from: rotated and scaled about the centre, then displaced.
                double fromRow = centreRow + rowScale * (cos * u - sin * v) + alpha * dy[k];
                double fromColumn = centreColumn + columnScale * (sin * u + cos * v) + alpha * dx[k];
                double value = bilinear(source, sourceOffset, rows, columns, fromRow, fromColumn);
                target[targetOffset + k] = (byte) Math.min(255, (int) (value + 0.5));
            }
        }
    }

    /** The image's value at a point between pixels; outside the image it is 0 (no ink). */
    private static double bilinear(byte[] image, int offset, int rows, int columns, double row, double column) {
        int r0 = (int) Math.floor(row);
        int c0 = (int) Math.floor(column);
        double fr = row - r0;
        double fc = column - c0;
        return (1 - fr) * ((1 - fc) * pixel(image, offset, rows, columns, r0, c0)
                + fc * pixel(image, offset, rows, columns, r0, c0 + 1))
                + fr * ((1 - fc) * pixel(image, offset, rows, columns, r0 + 1, c0)
                + fc * pixel(image, offset, rows, columns, r0 + 1, c0 + 1));
    }

    private static int pixel(byte[] image, int offset, int rows, int columns, int r, int c) {
        return r < 0 || r >= rows || c < 0 || c >= columns ? 0 : image[offset + r * columns + c] & 0xFF;
    }

    /**
     * Smooths {@code field} in place with the Gaussian {@code kernel}, separably: along the rows into
     * {@code scratch}, then along the columns back; a 2D blur at the cost of two 1D ones. Beyond the edges
     * the field counts as 0, as with scipy's {@code mode="constant"}.
     */
    static void blur(float[] field, int rows, int columns, float[] kernel, float[] scratch) {
        int radius = kernel.length / 2;
        int size = rows * columns;
        // Both passes run their innermost loop along contiguous pixels, which the JIT turns into SIMD.
        Arrays.fill(scratch, 0, size, 0f);
        for (int r = 0; r < rows; r++) {
            int row = r * columns;
            for (int k = -radius; k <= radius; k++) {
                float weight = kernel[radius + k];
                int from = Math.max(0, -k);
                int to = Math.min(columns, columns - k);
                for (int c = from; c < to; c++) {
                    scratch[row + c] += weight * field[row + c + k];
                }
            }
        }
        Arrays.fill(field, 0, size, 0f);
        for (int r = 0; r < rows; r++) {
            int from = Math.max(-radius, -r);
            int to = Math.min(radius, rows - 1 - r);
            int target = r * columns;
            for (int k = from; k <= to; k++) {
                float weight = kernel[radius + k];
                int source = (r + k) * columns;
                for (int c = 0; c < columns; c++) {
                    field[target + c] += weight * scratch[source + c];
                }
            }
        }
    }

    /** The normalized 1D Gaussian of standard deviation {@code sigma}, cut off at 4 sigma. */
    static float[] gaussianKernel(double sigma) {
        int radius = Math.max(1, (int) (TRUNCATE_SIGMAS * sigma + 0.5));
        double[] weights = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            weights[radius + k] = Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += weights[radius + k];
        }
        float[] kernel = new float[weights.length];
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] = (float) (weights[k] / sum);
        }
        return kernel;
    }

    /** Scratch space for distorting images of one size, one per thread. */
    static final class Workspace {
        final float[] dx;
        final float[] dy;
        final float[] scratch;
        final float[] kernel;

        Workspace(int pixels, double sigma) {
            dx = new float[pixels];
            dy = new float[pixels];
            scratch = new float[pixels];
            kernel = gaussianKernel(sigma);
        }
    }
}
