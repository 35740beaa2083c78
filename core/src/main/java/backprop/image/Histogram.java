package backprop.image;

/**
 * Counts of values in [0, 1] in 256 equal bins: percentiles and Otsu's threshold of millions of
 * pixels without sorting them.
 */
final class Histogram {
    static final int BINS = 256;

    private final long[] counts = new long[BINS];
    private long total;

    void add(float value) {
        counts[bin(value)]++;
        total++;
    }

    long total() {
        return total;
    }

    static int bin(float value) {
        return Math.clamp((int) (value * BINS), 0, BINS - 1);
    }

    /** The value below which a fraction {@code p} of the counted values lie (the centre of that bin). */
    float percentile(double p) {
        if (total == 0) {
            return 0;
        }
        long wanted = (long) Math.ceil(p * total);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += counts[b];
            if (seen >= Math.max(1, wanted)) {
                return centre(b);
            }
        }
        return centre(BINS - 1);
    }

    /** The {@code p} percentile of only the values at or above {@code from}. */
    float percentileAbove(float from, double p) {
        Histogram upper = new Histogram();
        for (int b = bin(from); b < BINS; b++) {
            upper.counts[b] = counts[b];
            upper.total += counts[b];
        }
        return upper.percentile(p);
    }

    /** Mean of the values in the bins below {@code threshold}, and of those at or above it. */
    float[] classMeans(float threshold) {
        int split = bin(threshold);
        double[] sums = new double[2];
        long[] n = new long[2];
        for (int b = 0; b < BINS; b++) {
            int side = b < split ? 0 : 1;
            sums[side] += counts[b] * (double) centre(b);
            n[side] += counts[b];
        }
        return new float[] {n[0] == 0 ? 0 : (float) (sums[0] / n[0]), n[1] == 0 ? 0 : (float) (sums[1] / n[1])};
    }

    /**
     * Otsu's threshold: the split into two classes with the largest between-class variance, i.e. the
     * value that best separates ink from background when both are present.
     */
    float otsuThreshold() {
        double sumAll = 0;
        for (int b = 0; b < BINS; b++) {
            sumAll += b * (double) counts[b];
        }
        double sumBelow = 0;
        long below = 0;
        double bestVariance = -1;
        int best = 0;
        for (int b = 0; b < BINS - 1; b++) {
            below += counts[b];
            sumBelow += b * (double) counts[b];
            long above = total - below;
            if (below == 0 || above == 0) {
                continue;
            }
            double meanBelow = sumBelow / below;
            double meanAbove = (sumAll - sumBelow) / above;
            double variance = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (variance > bestVariance) {
                bestVariance = variance;
                best = b;
            }
        }
        // Values in bins up to `best` are the lower class: the threshold is the start of the next bin.
        return (best + 1) / (float) BINS;
    }

    private static float centre(int bin) {
        return (bin + 0.5f) / BINS;
    }
}
