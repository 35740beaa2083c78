package backprop.data;

import backprop.nn.SeededRandom;

import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * More training images made from the ones there are, so that a network learns what does not change a
 * digit (a slight move, a wobble of the pen) instead of memorizing the pixels (chapter 3, "Artificially
 * expanding the training data").
 *
 * <p>Each result holds the original images first and then each set of copies in the same order, block
 * after block, with the same labels; so {@code first(images.size())} gives back the originals. The
 * copies are made once, up front, and kept as bytes like the originals.
 */
public final class Augmentation {
    /** The book's shifts (expand_mnist.py's order): down, up, right and left by one pixel, as (rows, columns). */
    private static final int[][] SHIFTS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    /** Images per task when the copies are shared between threads. */
    private static final int IMAGES_PER_TASK = 512;

    private Augmentation() {
    }

    /**
     * The book's expand_mnist.py: each image, then its copies shifted by one pixel down, up, right and left,
     * with the row or column that moves in left blank (0). Five times the data.
     *
     * @throws IllegalArgumentException when {@code images} is not an image data set
     */
    public static Dataset shifted(Dataset images) {
        return withCopies(images, SHIFTS.length, images.name() + " with shifted copies", () ->
                (copy, image, pixels, sourceOffset, targetOffset) -> shift(pixels, sourceOffset,
                        images.imageRows(), images.imageColumns(), SHIFTS[copy][0], SHIFTS[copy][1], pixels, targetOffset));
    }

    /**
     * Each image, then {@code copies} elastically distorted copies of each ({@code 1 + copies} times the data).
     * The same seed gives the same images, however many threads make them.
     *
     * @throws IllegalArgumentException when {@code images} is not an image data set or {@code copies < 1}
     */
    public static Dataset elastic(Dataset images, int copies, long seed, ElasticDistortion distortion) {
        if (copies < 1) {
            throw new IllegalArgumentException("the number of elastically distorted copies must be at least 1, got "
                    + copies);
        }
        int rows = images.imageRows();
        int columns = images.imageColumns();
        String name = images.name() + " with " + copies + " elastic " + (copies == 1 ? "distortion" : "distortions");
        return withCopies(images, copies, name, () -> {
            ElasticDistortion.Workspace workspace = new ElasticDistortion.Workspace(rows * columns, distortion.sigma());
            return (copy, image, pixels, sourceOffset, targetOffset) -> distortion.distort(pixels, sourceOffset,
                    rows, columns, new SeededRandom(streamSeed(seed, copy, image)), workspace, pixels, targetOffset);
        });
    }

    /** {@link #elastic(Dataset, int, long, ElasticDistortion)} with {@link ElasticDistortion#GENTLE}. */
    public static Dataset elastic(Dataset images, int copies, long seed) {
        return elastic(images, copies, seed, ElasticDistortion.GENTLE);
    }

    /** Writes copy number {@code copy} of image {@code image}, found at {@code sourceOffset} of {@code pixels}, to {@code targetOffset}. */
    @FunctionalInterface
    private interface CopyWriter {
        void write(int copy, int image, byte[] pixels, int sourceOffset, int targetOffset);
    }

    /**
     * The originals followed by {@code copies} blocks written by the writers {@code writers} makes, one
     * writer per task so that each can keep its own scratch space.
     */
    private static Dataset withCopies(Dataset images, int copies, String name, Supplier<CopyWriter> writers) {
        if (!images.isImages()) {
            throw new IllegalArgumentException(images.name() + " holds features, not images; only images can be "
                    + "shifted or distorted");
        }
        int n = images.size();
        int size = images.inputSize();
        long total = (long) n * (1 + copies) * size;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " images with " + copies + " copies each are more pixels than "
                    + "one data set holds (2^31)");
        }
        byte[] pixels = new byte[(int) total];
        int[] labels = new int[n * (1 + copies)];
        for (int i = 0; i < n; i++) {
            images.copyPixels(i, pixels, i * size);
            for (int block = 0; block <= copies; block++) {
                labels[block * n + i] = images.label(i);
            }
        }
        int tasks = (int) (((long) n * copies + IMAGES_PER_TASK - 1) / IMAGES_PER_TASK);
        IntStream.range(0, tasks).parallel().forEach(task -> {
            CopyWriter writer = writers.get();
            long end = Math.min((long) (task + 1) * IMAGES_PER_TASK, (long) n * copies);
            for (long job = (long) task * IMAGES_PER_TASK; job < end; job++) {
                int copy = (int) (job / n);
                int image = (int) (job % n);
                writer.write(copy, image, pixels, image * size, ((copy + 1) * n + image) * size);
            }
        });
        return Dataset.ofImages(name, pixels, images.imageRows(), images.imageColumns(), labels, images.classCount());
    }

    /**
     * Moves an image by {@code down} rows and {@code right} columns (negative: up, left); what moves in is 0.
     */
    static void shift(byte[] source, int sourceOffset, int rows, int columns, int down, int right,
                      byte[] target, int targetOffset) {
        for (int r = 0; r < rows; r++) {
            int from = r - down;
            for (int c = 0; c < columns; c++) {
                int fromColumn = c - right;
                boolean inside = from >= 0 && from < rows && fromColumn >= 0 && fromColumn < columns;
                target[targetOffset + r * columns + c] = inside ? source[sourceOffset + from * columns + fromColumn] : 0;
            }
        }
    }

    /**
     * The seed of one copy's random stream: a hash of the run's seed, the copy and the image, so that each
     * distortion is the same whichever thread makes it and in whatever order.
     */
    static long streamSeed(long seed, int copy, int image) {
        long z = seed * 0x9E3779B97F4A7C15L + copy;
        z = z * 0xBF58476D1CE4E5B9L + image;
        return z * 0x94D049BB133111EBL;
    }
}
