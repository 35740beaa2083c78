package backprop.testing;

import backprop.data.Dataset;
import backprop.nn.SeededRandom;

/** Small generated data sets for fast unit tests. */
public final class TinyData {
    private TinyData() {
    }

    /**
     * {@code count} points in {@code [0,1]^inputs}, each labelled by which of {@code classes}
     * prototype points it lies closest to: learnable, but not by a single linear unit.
     */
    public static Dataset prototypes(String name, int count, int inputs, int classes, long seed) {
        SeededRandom random = new SeededRandom(seed);
        float[][] centres = new float[classes][inputs];
        for (float[] centre : centres) {
            for (int k = 0; k < inputs; k++) {
                centre[k] = (float) random.nextDouble();
            }
        }
        float[] features = new float[count * inputs];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int best = 0;
            double bestDistance = Double.MAX_VALUE;
            for (int k = 0; k < inputs; k++) {
                features[i * inputs + k] = (float) random.nextDouble();
            }
            for (int c = 0; c < classes; c++) {
                double d = 0;
                for (int k = 0; k < inputs; k++) {
                    double diff = features[i * inputs + k] - centres[c][k];
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            labels[i] = best;
        }
        return Dataset.ofFeatures(name, features, inputs, labels, classes);
    }

    /** Random "images" of {@code rows x columns} bytes with random labels. */
    public static Dataset randomImages(int count, int rows, int columns, int classes, long seed) {
        SeededRandom random = new SeededRandom(seed);
        byte[] pixels = new byte[count * rows * columns];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(classes);
        }
        return Dataset.ofImages("random images", pixels, rows, columns, labels, classes);
    }

    public static double[] randomVector(int n, SeededRandom random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble();
        }
        return v;
    }
}
