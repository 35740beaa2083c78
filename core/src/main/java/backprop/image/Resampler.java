package backprop.image;

/**
 * Resamples an image under the mapping {@code target = scale * source + offset} (continuous
 * coordinates, pixel {@code i} covering {@code [i, i + 1)}), separably, one axis at a time.
 *
 * <p>Shrinking averages the source area each target pixel covers (exact box filtering, the
 * anti-aliasing MNIST's normalization used), so thin strokes turn grey rather than vanish or
 * alias; enlarging interpolates linearly between source pixel centres. Source pixels outside the
 * image are 0.
 */
final class Resampler {
    /** For each target pixel, the first source pixel it reads and the weights of the following ones. */
    record Weights(int[] first, float[][] weights) {
    }

    private Resampler() {
    }

    static GrayImage resample(GrayImage source, int targetWidth, int targetHeight,
                              double scale, double offsetX, double offsetY) {
        Weights alongX = weights(source.width, targetWidth, scale, offsetX);
        Weights alongY = weights(source.height, targetHeight, scale, offsetY);
        // Columns first: each target row is a weighted sum of source rows...
        float[] rows = new float[targetHeight * source.width];
        for (int ty = 0; ty < targetHeight; ty++) {
            float[] w = alongY.weights[ty];
            for (int i = 0; i < w.length; i++) {
                int sy = alongY.first[ty] + i;
                for (int x = 0; x < source.width; x++) {
                    rows[ty * source.width + x] += w[i] * source.values[sy * source.width + x];
                }
            }
        }
        // ...then each target pixel a weighted sum along its row.
        GrayImage target = new GrayImage(targetWidth, targetHeight);
        for (int ty = 0; ty < targetHeight; ty++) {
            for (int tx = 0; tx < targetWidth; tx++) {
                float[] w = alongX.weights[tx];
                float sum = 0;
                for (int i = 0; i < w.length; i++) {
                    sum += w[i] * rows[ty * source.width + alongX.first[tx] + i];
                }
                target.set(tx, ty, sum);
            }
        }
        return target;
    }

    static Weights weights(int sourceLength, int targetLength, double scale, double offset) {
        int[] first = new int[targetLength];
        float[][] weights = new float[targetLength][];
        for (int t = 0; t < targetLength; t++) {
            if (scale < 1) {
                // The source interval under target pixel t, each source pixel weighted by its overlap.
                double from = (t - offset) / scale;
                double to = (t + 1 - offset) / scale;
                int lo = Math.max(0, (int) Math.floor(from));
                int hi = Math.min(sourceLength, (int) Math.ceil(to));
                first[t] = lo;
                weights[t] = new float[Math.max(0, hi - lo)];
                for (int s = lo; s < hi; s++) {
                    double overlap = Math.min(to, s + 1) - Math.max(from, s);
                    weights[t][s - lo] = (float) (overlap * scale);
                }
            } else {
                // The target pixel's centre in source index coordinates, between two source centres.
                double u = (t + 0.5 - offset) / scale - 0.5;
                int left = (int) Math.floor(u);
                float f = (float) (u - left);
                int lo = Math.max(0, left);
                int hi = Math.min(sourceLength, left + 2);
                first[t] = lo;
                weights[t] = new float[Math.max(0, hi - lo)];
                for (int s = lo; s < hi; s++) {
                    weights[t][s - lo] = s == left ? 1 - f : f;
                }
            }
        }
        return new Weights(first, weights);
    }
}
