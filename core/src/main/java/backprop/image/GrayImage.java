package backprop.image;

/**
 * A single-channel image of floats, row after row: luminance or ink while an image is preprocessed.
 * Mutable on purpose: each preprocessing step owns the image it makes and fills it in place.
 */
final class GrayImage {
    final int width;
    final int height;
    final float[] values;

    GrayImage(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("an image needs a positive size, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.values = new float[Math.multiplyExact(width, height)];
    }

    float get(int x, int y) {
        return values[y * width + x];
    }

    void set(int x, int y, float value) {
        values[y * width + x] = value;
    }

    float max() {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** The part {@code [x, x + w) x [y, y + h)}, where pixels outside this image read as 0. */
    GrayImage crop(int x, int y, int w, int h) {
        GrayImage part = new GrayImage(w, h);
        for (int row = 0; row < h; row++) {
            int sourceY = y + row;
            if (sourceY < 0 || sourceY >= height) {
                continue;
            }
            for (int column = 0; column < w; column++) {
                int sourceX = x + column;
                if (sourceX >= 0 && sourceX < width) {
                    part.values[row * w + column] = values[sourceY * width + sourceX];
                }
            }
        }
        return part;
    }
}
