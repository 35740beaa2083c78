package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.SeededRandom;

/**
 * Generated images shaped like MNIST's for the engine's fidelity tests: square images of mostly blank
 * pixels with anti-aliased strokes about two pixels wide in the middle, each class its own three
 * strokes, each example its own small shift and wobble of them. Like the digits, about a fifth of the
 * pixels are inked, many of them fully, so the weighted inputs of a network with N(0,1) weights reach
 * the same sizes, and its sigmoid neurons saturate as often, as on the real data.
 */
final class StrokeImages {
    private static final int STROKES = 3;
    private static final double HALF_WIDTH = 1.2;

    private StrokeImages() {
    }

    static Dataset create(int count, int side, int classes, long seed) {
        SeededRandom random = new SeededRandom(seed);
        double margin = side * 0.2;
        double[][][] prototypes = new double[classes][STROKES][4];
        for (double[][] strokes : prototypes) {
            for (double[] stroke : strokes) {
                for (int c = 0; c < 4; c++) {
                    stroke[c] = margin + random.nextDouble() * (side - 2 * margin);
                }
            }
        }
        byte[] pixels = new byte[count * side * side];
        int[] labels = new int[count];
        double[][] strokes = new double[STROKES][4];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(classes);
            labels[i] = label;
            double shiftRow = random.nextDouble() * 4 - 2;
            double shiftColumn = random.nextDouble() * 4 - 2;
            for (int s = 0; s < STROKES; s++) {
                for (int c = 0; c < 4; c++) {
                    double wobble = random.nextDouble() * 3 - 1.5;
                    strokes[s][c] = prototypes[label][s][c] + wobble + (c % 2 == 0 ? shiftRow : shiftColumn);
                }
            }
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    double distance = Double.MAX_VALUE;
                    for (double[] stroke : strokes) {
                        distance = Math.min(distance, distanceToSegment(r, c, stroke));
                    }
                    double ink = Math.clamp(HALF_WIDTH + 0.5 - distance, 0, 1);
                    pixels[i * side * side + r * side + c] = (byte) Math.round(255 * ink);
                }
            }
        }
        return Dataset.ofImages("stroke images", pixels, side, side, labels, classes);
    }

    /** The distance from pixel (r, c) to the segment from (s[0], s[1]) to (s[2], s[3]), in (row, column). */
    private static double distanceToSegment(double r, double c, double[] s) {
        double dr = s[2] - s[0];
        double dc = s[3] - s[1];
        double length = dr * dr + dc * dc;
        double t = length == 0 ? 0 : Math.clamp(((r - s[0]) * dr + (c - s[1]) * dc) / length, 0, 1);
        return Math.hypot(r - (s[0] + t * dr), c - (s[1] + t * dc));
    }
}
