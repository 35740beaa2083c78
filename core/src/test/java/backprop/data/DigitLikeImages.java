package backprop.data;

/**
 * 28 x 28 images drawn like handwritten digits (anti-aliased strokes about two pixels wide, centred
 * as MNIST's are), for tests of what augmentation does to a digit.
 */
final class DigitLikeImages {
    static final int SIZE = 28;
    private static final double HALF_WIDTH = 1.2;

    private DigitLikeImages() {
    }

    /** A zero (ellipse), a one (slanted bar), a seven (bar and diagonal) and a four (three strokes). */
    static Dataset create() {
        double[][][] strokes = {
                null,
                {{6, 15, 21, 12}},
                {{7, 8, 7, 20}, {7, 20, 21, 11}},
                {{6, 9, 15, 8}, {15, 8, 15, 20}, {6, 17, 22, 17}},
        };
        int[] labels = {0, 1, 7, 4};
        byte[] pixels = new byte[labels.length * SIZE * SIZE];
        for (int i = 0; i < labels.length; i++) {
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    double distance = strokes[i] == null ? ellipseDistance(r, c) : nearestStroke(strokes[i], r, c);
                    double ink = Math.clamp(HALF_WIDTH + 0.5 - distance, 0, 1);
                    pixels[i * SIZE * SIZE + r * SIZE + c] = (byte) Math.round(255 * ink);
                }
            }
        }
        return Dataset.ofImages("digit-like", pixels, SIZE, SIZE, labels, 10);
    }

    /** Roughly the distance from (r, c) to an upright ellipse round the centre. */
    private static double ellipseDistance(int r, int c) {
        double dr = (r - 13.5) / 8;
        double dc = (c - 13.5) / 5.5;
        return Math.abs(Math.hypot(dr, dc) - 1) * 6.5;
    }

    /** The distance from (r, c) to the nearest of the segments {r1, c1, r2, c2}. */
    private static double nearestStroke(double[][] segments, int r, int c) {
        double nearest = Double.MAX_VALUE;
        for (double[] s : segments) {
            double dr = s[2] - s[0];
            double dc = s[3] - s[1];
            double t = Math.clamp(((r - s[0]) * dr + (c - s[1]) * dc) / (dr * dr + dc * dc), 0, 1);
            nearest = Math.min(nearest, Math.hypot(r - (s[0] + t * dr), c - (s[1] + t * dc)));
        }
        return nearest;
    }
}
