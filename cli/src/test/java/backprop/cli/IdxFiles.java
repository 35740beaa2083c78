package backprop.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tiny data sets in MNIST's layout (the four IDX files under their published names) for the
 * command tests: learnable enough that training does something, small enough to train in milliseconds.
 */
final class IdxFiles {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final int CLASSES = 10;

    private IdxFiles() {
    }

    /** 60 training and 20 test images of 4 x 4 pixels, raw: 50 training, 10 validation, 20 test after the book's split. */
    static Path tiny(Path directory) {
        return mnistLayout(directory, 60, 20, 4, 4, false);
    }

    /** The four files, each raw or gzipped (with a {@code .gz} suffix); returns the directory. */
    static Path mnistLayout(Path directory, int trainCount, int testCount, int rows, int columns, boolean gzip) {
        write(directory.resolve(TRAIN_IMAGES), images(trainCount, rows, columns), gzip);
        write(directory.resolve(TRAIN_LABELS), labels(trainCount), gzip);
        write(directory.resolve(TEST_IMAGES), images(testCount, rows, columns), gzip);
        write(directory.resolve(TEST_LABELS), labels(testCount), gzip);
        return directory;
    }

    /** Example {@code i} belongs to class {@code i % 10}, in every file. */
    static int label(int i) {
        return i % CLASSES;
    }

    /**
     * Image {@code i} has full ink on the pixels {@code k} with {@code k % 10 == label(i)} and faint,
     * varying ink elsewhere, so each class has its own pattern.
     */
    static byte[] images(int count, int rows, int columns) {
        int size = rows * columns;
        byte[] pixels = new byte[count * size];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < size; k++) {
                pixels[i * size + k] = (byte) (k % CLASSES == label(i) ? 255 : (i * 31 + k * 7) % 48);
            }
        }
        return idx(IMAGES_MAGIC, new int[]{count, rows, columns}, pixels);
    }

    static byte[] labels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) label(i);
        }
        return idx(LABELS_MAGIC, new int[]{count}, labels);
    }

    /** An IDX file: the magic number, one big-endian size per dimension, then the bytes. */
    static byte[] idx(int magic, int[] sizes, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        buffer.putInt(magic);
        for (int size : sizes) {
            buffer.putInt(size);
        }
        buffer.put(data);
        return buffer.array();
    }

    /** The first {@code length} bytes, as a download cut short leaves a file. */
    static byte[] truncated(byte[] contents, int length) {
        return Arrays.copyOf(contents, length);
    }

    /** Writes {@code contents} to {@code file}, or gzipped to {@code file.gz}; returns the file written. */
    static Path write(Path file, byte[] contents, boolean gzip) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!gzip) {
                return Files.write(file, contents);
            }
            return Files.write(file.resolveSibling(file.getFileName() + ".gz"), gzipped(contents));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzipped(byte[] contents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(contents);
        }
        return bytes.toByteArray();
    }
}
