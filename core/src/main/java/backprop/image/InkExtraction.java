package backprop.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;

/**
 * Turns a picture of a digit into an ink map: 0 where there is background, up to 1 where there is
 * ink, whatever the picture's size, colours, polarity and lighting.
 *
 * <ol>
 *   <li>Luminance, with transparency composited on white; pictures larger than {@link #WORKING_SIZE}
 *       are box-averaged down first (the digit ends up 20 pixels tall, so nothing is lost).</li>
 *   <li>Polarity: the border is background, so when it lies nearer the bright end of the picture's
 *       range the digit is dark on light and is inverted.</li>
 *   <li>Background: a low percentile per grid cell, interpolated smoothly, estimates the paper's
 *       shade under uneven light; ink is measured against it, {@code (ink - b) / (1 - b)}, so a
 *       shadowed corner of a photo reads as paper, not as ink.</li>
 *   <li>Contrast and noise: Otsu's threshold separates ink from paper; ink is stretched so that
 *       typical strokes reach 1, faint values below half the threshold are set to 0, and specks much
 *       smaller than the digit (dust, paper grain) are dropped.</li>
 * </ol>
 */
final class InkExtraction {
    /** Pictures are reduced to at most this many pixels on their longer side before anything else. */
    static final int WORKING_SIZE = 1024;
    /** Ink must stand out from the background by this much (on a 0..1 scale) to count as a digit. */
    static final float MIN_CONTRAST = 0.2f;
    /** Background cells per side of the picture: coarse enough that strokes rarely fill a cell. */
    static final int BACKGROUND_CELLS = 8;
    /** The percentile of a cell taken as its background: the paper, even where strokes cross it. */
    static final double BACKGROUND_PERCENTILE = 0.10;
    /** A blob lighter than this fraction of the heaviest one is a speck, not part of the digit. */
    static final float SPECK_FRACTION = 0.03f;

    private InkExtraction() {
    }

    static GrayImage inkOf(BufferedImage picture) {
        GrayImage luminance = luminance(picture);
        GrayImage ink = polarized(luminance);
        Histogram border = borderHistogram(ink);
        GrayImage normalized = againstBackground(ink, background(ink, border.percentile(0.90)));
        return cleaned(normalized);
    }

    /**
     * Rec. 601 luma of the gamma-encoded sRGB values, transparent pixels composited on white (a
     * transparent canvas with dark strokes is dark ink on white paper), box-averaged by a whole
     * factor down to {@link #WORKING_SIZE}.
     */
    static GrayImage luminance(BufferedImage picture) {
        int width = picture.getWidth();
        int height = picture.getHeight();
        int factor = Math.max(1, (Math.max(width, height) + WORKING_SIZE - 1) / WORKING_SIZE);
        int outWidth = (width + factor - 1) / factor;
        int outHeight = (height + factor - 1) / factor;
        GrayImage out = new GrayImage(outWidth, outHeight);
        float[] counts = factor == 1 ? null : new float[outWidth * outHeight];
        RowReader rows = RowReader.of(picture);
        float[] row = new float[width];
        for (int y = 0; y < height; y++) {
            rows.read(y, row);
            int outRow = (y / factor) * outWidth;
            for (int x = 0; x < width; x++) {
                int index = outRow + x / factor;
                out.values[index] += row[x];
                if (counts != null) {
                    counts[index]++;
                }
            }
        }
        if (counts != null) {
            for (int i = 0; i < out.values.length; i++) {
                out.values[i] /= counts[i];
            }
        }
        return out;
    }

    /**
     * Reads one row of a picture as luminance on white. The common 8-bit layouts (what PNG, JPEG,
     * GIF and BMP decode to) are read straight from the raster; anything else goes through
     * {@link BufferedImage#getRGB}, which converts any colour model but costs several times more.
     */
    private interface RowReader {
        void read(int y, float[] luminance);

        static RowReader of(BufferedImage picture) {
            int width = picture.getWidth();
            ColorModel model = picture.getColorModel();
            Raster raster = picture.getRaster();
            int bands = raster.getNumBands();
            boolean eightBit = true;
            for (int size : model.getComponentSize()) {
                eightBit &= size == 8;
            }
            boolean direct = (model instanceof ComponentColorModel || model instanceof DirectColorModel)
                    && eightBit && !model.isAlphaPremultiplied() && bands == model.getNumComponents();
            ColorSpace space = model.getColorSpace();
            if (direct && space.isCS_sRGB() && (bands == 3 || bands == 4)) {
                int[] samples = new int[width * bands];
                return (y, luminance) -> {
                    raster.getPixels(0, y, width, 1, samples);
                    for (int x = 0, i = 0; x < width; x++, i += bands) {
                        float luma = (0.299f * samples[i] + 0.587f * samples[i + 1] + 0.114f * samples[i + 2]) / 255f;
                        luminance[x] = bands == 4 ? onWhite(luma, samples[i + 3] / 255f) : luma;
                    }
                };
            }
            if (direct && space.getType() == ColorSpace.TYPE_GRAY && (bands == 1 || bands == 2)) {
                // A grey level is read as the gamma-encoded luminance PNG and JPEG mean by it.
                int[] samples = new int[width * bands];
                return (y, luminance) -> {
                    raster.getPixels(0, y, width, 1, samples);
                    for (int x = 0, i = 0; x < width; x++, i += bands) {
                        float luma = samples[i] / 255f;
                        luminance[x] = bands == 2 ? onWhite(luma, samples[i + 1] / 255f) : luma;
                    }
                };
            }
            int[] argb = new int[width];
            return (y, luminance) -> {
                picture.getRGB(0, y, width, 1, argb, 0, width);
                for (int x = 0; x < width; x++) {
                    int p = argb[x];
                    float luma = (0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF)) / 255f;
                    luminance[x] = onWhite(luma, (p >>> 24) / 255f);
                }
            };
        }

        private static float onWhite(float luma, float alpha) {
            return alpha * luma + (1 - alpha);
        }
    }

    /** Ink as bright: inverts a picture whose border (its background) is nearer its bright end. */
    static GrayImage polarized(GrayImage luminance) {
        // The extremes, not percentiles: a thin digit in a large picture may cover well under 1% of it.
        float darkest = 1;
        float brightest = 0;
        for (float v : luminance.values) {
            darkest = Math.min(darkest, v);
            brightest = Math.max(brightest, v);
        }
        float background = borderHistogram(luminance).percentile(0.5);
        boolean darkOnLight = brightest - background < background - darkest;
        GrayImage ink = new GrayImage(luminance.width, luminance.height);
        for (int i = 0; i < ink.values.length; i++) {
            ink.values[i] = darkOnLight ? 1 - luminance.values[i] : luminance.values[i];
        }
        return ink;
    }

    /** The pixels near the edges: a band about 1/32 of the shorter side wide, at least one pixel. */
    static Histogram borderHistogram(GrayImage image) {
        int band = Math.max(1, Math.min(image.width, image.height) / 32);
        Histogram histogram = new Histogram();
        for (int y = 0; y < image.height; y++) {
            boolean edgeRow = y < band || y >= image.height - band;
            int row = y * image.width;
            if (edgeRow) {
                for (int x = 0; x < image.width; x++) {
                    histogram.add(image.values[row + x]);
                }
            } else {
                for (int x = 0; x < Math.min(band, image.width); x++) {
                    histogram.add(image.values[row + x]);
                }
                for (int x = Math.max(band, image.width - band); x < image.width; x++) {
                    histogram.add(image.values[row + x]);
                }
            }
        }
        return histogram;
    }

    /**
     * The background's ink level at every pixel: per cell a low percentile, capped at the darkest paper
     * seen on the border (a cell filled by a thick stroke would otherwise count its ink as paper), then
     * interpolated bilinearly between cell centres.
     */
    static GrayImage background(GrayImage ink, float cap) {
        int cell = Math.max(4, (Math.max(ink.width, ink.height) + BACKGROUND_CELLS - 1) / BACKGROUND_CELLS);
        int columns = (ink.width + cell - 1) / cell;
        int rows = (ink.height + cell - 1) / cell;
        Histogram[] cells = new Histogram[columns * rows];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = new Histogram();
        }
        for (int y = 0; y < ink.height; y++) {
            int cellRow = (y / cell) * columns;
            int row = y * ink.width;
            for (int x = 0; x < ink.width; x++) {
                cells[cellRow + x / cell].add(ink.values[row + x]);
            }
        }
        float[] levels = new float[columns * rows];
        for (int c = 0; c < cells.length; c++) {
            levels[c] = Math.min(cap, cells[c].percentile(BACKGROUND_PERCENTILE));
        }
        GrayImage background = new GrayImage(ink.width, ink.height);
        for (int y = 0; y < ink.height; y++) {
            float fy = Math.clamp((y + 0.5f) / cell - 0.5f, 0, rows - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, rows - 1);
            float ty = fy - y0;
            for (int x = 0; x < ink.width; x++) {
                float fx = Math.clamp((x + 0.5f) / cell - 0.5f, 0, columns - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, columns - 1);
                float tx = fx - x0;
                float top = levels[y0 * columns + x0] * (1 - tx) + levels[y0 * columns + x1] * tx;
                float bottom = levels[y1 * columns + x0] * (1 - tx) + levels[y1 * columns + x1] * tx;
                background.set(x, y, top * (1 - ty) + bottom * ty);
            }
        }
        return background;
    }

    /**
     * Ink relative to the local background. For dark ink on paper lit by {@code p}, ink = 1 - p·r, the
     * background is 1 - p, and this gives 1 - r: the ink's darkness whatever the light on it.
     */
    static GrayImage againstBackground(GrayImage ink, GrayImage background) {
        GrayImage out = new GrayImage(ink.width, ink.height);
        for (int i = 0; i < out.values.length; i++) {
            float b = background.values[i];
            float headroom = Math.max(1 - b, 0.05f);
            out.values[i] = Math.clamp((ink.values[i] - b) / headroom, 0f, 1f);
        }
        return out;
    }

    /** Stretches ink to reach 1, sets faint noise to 0 and drops specks. */
    static GrayImage cleaned(GrayImage normalized) {
        Histogram histogram = new Histogram();
        for (float v : normalized.values) {
            histogram.add(v);
        }
        if (normalized.max() == 0) {
            throw new BlankImageException("no ink found: the image is blank (one shade throughout)");
        }
        float threshold = histogram.otsuThreshold();
        float[] means = histogram.classMeans(threshold);
        if (means[1] - means[0] < MIN_CONTRAST) {
            throw new BlankImageException("no ink found: nothing in the image stands out from its background");
        }
        // Typical ink (the upper quartile of the ink class) becomes 1: a grey pencil reads like black ink.
        float peak = Math.max(histogram.percentileAbove(threshold, 0.75), MIN_CONTRAST);
        float floor = 0.5f * threshold;
        GrayImage out = new GrayImage(normalized.width, normalized.height);
        for (int i = 0; i < out.values.length; i++) {
            float v = normalized.values[i];
            out.values[i] = v < floor ? 0 : Math.min(1, v / peak);
        }
        dropSpecks(out);
        return out;
    }

    /** Clears 8-connected blobs whose total ink is below {@link #SPECK_FRACTION} of the heaviest blob's. */
    static void dropSpecks(GrayImage ink) {
        int[] blob = new int[ink.values.length];
        int[] stack = new int[ink.values.length];
        double[] mass = new double[16];
        int blobs = 0;
        for (int start = 0; start < ink.values.length; start++) {
            if (ink.values[start] == 0 || blob[start] != 0) {
                continue;
            }
            blobs++;
            if (blobs >= mass.length) {
                mass = java.util.Arrays.copyOf(mass, mass.length * 2);
            }
            int top = 0;
            stack[top++] = start;
            blob[start] = blobs;
            while (top > 0) {
                int p = stack[--top];
                mass[blobs] += ink.values[p];
                int px = p % ink.width;
                int py = p / ink.width;
                for (int dy = -1; dy <= 1; dy++) {
                    int y = py + dy;
                    if (y < 0 || y >= ink.height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = px + dx;
                        int q = y * ink.width + x;
                        if (x >= 0 && x < ink.width && blob[q] == 0 && ink.values[q] != 0) {
                            blob[q] = blobs;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        double heaviest = 0;
        for (int b = 1; b <= blobs; b++) {
            heaviest = Math.max(heaviest, mass[b]);
        }
        for (int p = 0; p < ink.values.length; p++) {
            if (blob[p] != 0 && mass[blob[p]] < SPECK_FRACTION * heaviest) {
                ink.values[p] = 0;
            }
        }
    }
}
