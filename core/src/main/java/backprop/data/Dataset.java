package backprop.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled examples for classification: inputs and a class index per example.
 *
 * <p>Kept compact: images as one unsigned byte per pixel (MNIST's 50,000 training images are 39 MB,
 * not the 314 MB of doubles), other data as floats. Inputs are read scaled to [0, 1] for images.
 * A {@link #slice} is a view that shares storage, so the book's split costs no copying.
 */
public final class Dataset {
    private static final float[] BYTE_TO_FLOAT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            BYTE_TO_FLOAT[v] = v / 255f;
        }
    }

    private final String name;
    private final byte[] pixels;
    private final float[] features;
    private final int[] labels;
    private final int offset;
    private final int size;
    private final int inputSize;
    private final int classCount;
    private final int imageRows;
    private final int imageColumns;

    private Dataset(String name, byte[] pixels, float[] features, int[] labels, int offset, int size,
                    int inputSize, int classCount, int imageRows, int imageColumns) {
        this.name = name;
        this.pixels = pixels;
        this.features = features;
        this.labels = labels;
        this.offset = offset;
        this.size = size;
        this.inputSize = inputSize;
        this.classCount = classCount;
        this.imageRows = imageRows;
        this.imageColumns = imageColumns;
    }

    /**
     * Grayscale images, {@code rows x columns} unsigned bytes per image, row after row.
     *
     * @param classCount number of classes; every label must lie in {@code [0, classCount)}
     */
    public static Dataset ofImages(String name, byte[] pixels, int rows, int columns, int[] labels, int classCount) {
        int inputSize = Math.multiplyExact(rows, columns);
        check(labels, classCount, pixels.length, inputSize);
        return new Dataset(name, pixels, null, labels, 0, labels.length, inputSize, classCount, rows, columns);
    }

    /** Numeric features, {@code inputSize} floats per example, example after example. */
    public static Dataset ofFeatures(String name, float[] features, int inputSize, int[] labels, int classCount) {
        check(labels, classCount, features.length, inputSize);
        return new Dataset(name, null, features, labels, 0, labels.length, inputSize, classCount, 0, 0);
    }

    private static void check(int[] labels, int classCount, long values, int inputSize) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        if (classCount <= 0) {
            throw new IllegalArgumentException("class count must be positive, got " + classCount);
        }
        if (values != (long) labels.length * inputSize) {
            throw new IllegalArgumentException("inputs hold " + values + " values, expected " + labels.length
                    + " examples x " + inputSize);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is outside 0.." + (classCount - 1));
            }
        }
    }

    /** The name the data set was given, for messages and provenance. */
    public String name() {
        return name;
    }

    /** The number of examples. */
    public int size() {
        return size;
    }

    /** The number of inputs of one example (pixels or features). */
    public int inputSize() {
        return inputSize;
    }

    /** The number of classes; every label lies in {@code [0, classCount)}. */
    public int classCount() {
        return classCount;
    }

    /** Whether the examples are images (stored as bytes), rather than features. */
    public boolean isImages() {
        return pixels != null;
    }

    /** Height of each image, 0 for non-image data. */
    public int imageRows() {
        return imageRows;
    }

    /** Width of each image, 0 for non-image data. */
    public int imageColumns() {
        return imageColumns;
    }

    /** The class of example {@code i}. */
    public int label(int i) {
        return labels[offset + checkIndex(i)];
    }

    /** The desired output {@code y}: 1.0 at the label, 0.0 elsewhere (mnist_loader's vectorized_result). */
    public double[] target(int i) {
        double[] y = new double[classCount];
        y[label(i)] = 1.0;
        return y;
    }

    /** Example {@code i}'s input as a new array of doubles. */
    public double[] input(int i) {
        double[] x = new double[inputSize];
        input(i, x);
        return x;
    }

    /** Example {@code i}'s inputs, in [0, 1] for images, into {@code out} (at least {@link #inputSize()} long). */
    public void input(int i, double[] out) {
        int start = (offset + checkIndex(i)) * inputSize;
        if (pixels != null) {
            for (int k = 0; k < inputSize; k++) {
                out[k] = pixelValue(pixels[start + k]);
            }
        } else {
            for (int k = 0; k < inputSize; k++) {
                out[k] = features[start + k];
            }
        }
    }

    /** Example {@code i}'s input as floats, written to {@code out} from {@code outOffset}. */
    public void input(int i, float[] out, int outOffset) {
        int start = (offset + checkIndex(i)) * inputSize;
        if (pixels != null) {
            for (int k = 0; k < inputSize; k++) {
                out[outOffset + k] = BYTE_TO_FLOAT[pixels[start + k] & 0xFF];
            }
        } else {
            System.arraycopy(features, start, out, outOffset, inputSize);
        }
    }

    /** Copies image {@code i}'s raw bytes (unsigned pixel values) to {@code out} from {@code outOffset}. */
    public void copyPixels(int i, byte[] out, int outOffset) {
        if (pixels == null) {
            throw new IllegalStateException(name + " is not an image data set");
        }
        System.arraycopy(pixels, (offset + checkIndex(i)) * inputSize, out, outOffset, inputSize);
    }

    /** The raw unsigned byte of pixel {@code k} of image {@code i} (0..255). */
    public int pixel(int i, int k) {
        if (pixels == null) {
            throw new IllegalStateException(name + " is not an image data set");
        }
        return pixels[(offset + checkIndex(i)) * inputSize + k] & 0xFF;
    }

    /** Examples {@code [from, to)} as a view sharing this data set's storage. */
    public Dataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return new Dataset(name, pixels, features, labels, offset + from, to - from, inputSize, classCount,
                imageRows, imageColumns);
    }

    /** The first {@code n} examples (all of them if there are fewer), as the book's chapter 3 uses 1,000. */
    public Dataset first(int n) {
        return slice(0, Math.min(n, size));
    }

    /** The same examples under another name (e.g. "mnist validation"). */
    public Dataset named(String newName) {
        return new Dataset(newName, pixels, features, labels, offset, size, inputSize, classCount,
                imageRows, imageColumns);
    }

    /** How many examples of each class there are. */
    public int[] classCounts() {
        int[] counts = new int[classCount];
        for (int i = 0; i < size; i++) {
            counts[labels[offset + i]]++;
        }
        return counts;
    }

    private static double pixelValue(byte b) {
        return (b & 0xFF) / 255.0;
    }

    private int checkIndex(int i) {
        return Objects.checkIndex(i, size);
    }

    @Override
    public String toString() {
        return name + " (" + size + " examples of " + inputSize + " inputs, " + classCount + " classes)";
    }

    /** Label storage is shared; a test helper to compare splits. */
    int[] labelsCopy() {
        return Arrays.copyOfRange(labels, offset, offset + size);
    }
}
