package backprop.image;

/**
 * Frames an ink map as MNIST frames its digits (LeCun, Cortes and Burges): crop to the ink, scale to
 * fit a 20 x 20 box keeping the aspect ratio, and place it in 28 x 28 so that the centre of mass of
 * the ink lies on pixel (14, 14).
 *
 * <p>One step MNIST did not need: its source digits were written with pens of a similar width
 * relative to the digit, while a photo of a thin pen stroke, scaled to 20 pixels, would become a
 * faint line a fraction of a pixel wide, unlike anything the network was trained on. Strokes thinner
 * than {@link #MIN_STROKE} pixels at the final scale are widened to about {@link #TARGET_STROKE},
 * MNIST's typical width (measured as {@code 2 * area / perimeter} of the ink at half intensity:
 * median 1.84 pixels over its test set).
 */
final class MnistFraming {
    static final int SIZE = 28;
    static final int BOX = 20;
    /** Where the centre of mass goes, in pixel indices (MNIST's digits average 14.0 on both axes). */
    static final double CENTRE = 14.0;
    static final double MIN_STROKE = 1.5;
    static final double TARGET_STROKE = 1.9;

    private MnistFraming() {
    }

    static double[] frame(GrayImage ink) {
        int[] box = inkBox(ink);
        GrayImage digit = ink.crop(box[0], box[1], box[2], box[3]);
        int radius = wideningRadius(digit);
        if (radius > 0) {
            digit = widened(ink.crop(box[0] - radius, box[1] - radius, box[2] + 2 * radius, box[3] + 2 * radius), radius);
        }
        double scale = (double) BOX / Math.max(digit.width, digit.height);
        double[] mass = centreOfMass(digit);
        // In continuous coordinates the centre of pixel 14 is 14.5.
        double offsetX = CENTRE + 0.5 - scale * mass[0];
        double offsetY = CENTRE + 0.5 - scale * mass[1];
        GrayImage framed = Resampler.resample(digit, SIZE, SIZE, scale, offsetX, offsetY);
        double[] pixels = new double[SIZE * SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.clamp(framed.values[i], 0.0, 1.0);
        }
        return pixels;
    }

    /** {x, y, width, height} of the smallest rectangle holding all ink. */
    static int[] inkBox(GrayImage ink) {
        int left = ink.width;
        int top = ink.height;
        int right = -1;
        int bottom = -1;
        for (int y = 0; y < ink.height; y++) {
            for (int x = 0; x < ink.width; x++) {
                if (ink.get(x, y) > 0) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            throw new BlankImageException("no ink found: the image is blank");
        }
        return new int[] {left, top, right - left + 1, bottom - top + 1};
    }

    /** Centre of mass in continuous coordinates (pixel i's centre at i + 0.5). */
    static double[] centreOfMass(GrayImage ink) {
        double total = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < ink.height; y++) {
            for (int x = 0; x < ink.width; x++) {
                double v = ink.get(x, y);
                total += v;
                sumX += v * (x + 0.5);
                sumY += v * (y + 0.5);
            }
        }
        return new double[] {sumX / total, sumY / total};
    }

    /**
     * Stroke width estimated as {@code 2 * area / perimeter} of the ink at half intensity (a stroke of
     * length L and width w has area Lw and perimeter about 2L).
     */
    static double strokeWidth(GrayImage ink) {
        long area = 0;
        long perimeter = 0;
        for (int y = 0; y < ink.height; y++) {
            for (int x = 0; x < ink.width; x++) {
                boolean inside = ink.get(x, y) >= 0.5f;
                if (inside) {
                    area++;
                }
                boolean right = x + 1 < ink.width && ink.get(x + 1, y) >= 0.5f;
                boolean below = y + 1 < ink.height && ink.get(x, y + 1) >= 0.5f;
                // Edges to the right and below, and the crop's own borders, counted once each.
                perimeter += (inside != right ? 1 : 0) + (inside != below ? 1 : 0);
                if (inside && x == 0) {
                    perimeter++;
                }
                if (inside && y == 0) {
                    perimeter++;
                }
            }
        }
        return perimeter == 0 ? 0 : 2.0 * area / perimeter;
    }

    /**
     * How far to widen strokes (in source pixels, each side) so that they end near {@link #TARGET_STROKE}
     * pixels after scaling: solving {@code (w + 2r) * BOX / (L + 2r) = T} for {@code r}, as widening
     * also grows the box by {@code 2r}. 0 when the strokes are wide enough.
     */
    static int wideningRadius(GrayImage digit) {
        double width = strokeWidth(digit);
        int longer = Math.max(digit.width, digit.height);
        if (width * BOX / longer >= MIN_STROKE) {
            return 0;
        }
        double radius = (TARGET_STROKE * longer - BOX * width) / (2 * BOX - 2 * TARGET_STROKE);
        return (int) Math.max(0, Math.round(radius));
    }

    /** Grey-level dilation by a (2r+1)-pixel square: each pixel takes the strongest ink near it. */
    static GrayImage widened(GrayImage ink, int radius) {
        GrayImage alongRows = new GrayImage(ink.width, ink.height);
        for (int y = 0; y < ink.height; y++) {
            for (int x = 0; x < ink.width; x++) {
                float max = 0;
                for (int k = Math.max(0, x - radius); k <= Math.min(ink.width - 1, x + radius); k++) {
                    max = Math.max(max, ink.get(k, y));
                }
                alongRows.set(x, y, max);
            }
        }
        GrayImage out = new GrayImage(ink.width, ink.height);
        for (int y = 0; y < ink.height; y++) {
            for (int x = 0; x < ink.width; x++) {
                float max = 0;
                for (int k = Math.max(0, y - radius); k <= Math.min(ink.height - 1, y + radius); k++) {
                    max = Math.max(max, alongRows.get(x, k));
                }
                out.set(x, y, max);
            }
        }
        return out;
    }
}
