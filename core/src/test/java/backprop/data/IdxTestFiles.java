package backprop.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny IDX files for tests: a header (magic number, sizes) followed by the given bytes. */
final class IdxTestFiles {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxTestFiles() {
    }

    static byte[] idx(int magic, int[] sizes, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        buffer.putInt(magic);
        for (int size : sizes) {
            buffer.putInt(size);
        }
        buffer.put(data);
        return buffer.array();
    }

    /** {@code count} images whose pixel {@code k} of image {@code i} is {@code (i * 31 + k) % 256}. */
    static byte[] images(int count, int rows, int columns) {
        return idx(IMAGES_MAGIC, new int[]{count, rows, columns}, pixels(count, rows * columns));
    }

    static byte[] pixels(int count, int imageSize) {
        byte[] pixels = new byte[count * imageSize];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < imageSize; k++) {
                pixels[i * imageSize + k] = (byte) ((i * 31 + k) % 256);
            }
        }
        return pixels;
    }

    static byte[] labels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(LABELS_MAGIC, new int[]{labels.length}, data);
    }

    /** Labels {@code 0, 1, ..., 9, 0, 1, ...}. */
    static byte[] cyclingLabels(int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
        }
        return labels(labels);
    }

    static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(content);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory in MNIST's layout with {@code trainCount} training and {@code testCount} test examples. */
    static Path mnistLayout(Path directory, int trainCount, int testCount) {
        write(directory.resolve(Mnist.TRAIN_IMAGES), images(trainCount, 2, 3));
        write(directory.resolve(Mnist.TRAIN_LABELS), cyclingLabels(trainCount));
        write(directory.resolve(Mnist.TEST_IMAGES), images(testCount, 2, 3));
        write(directory.resolve(Mnist.TEST_LABELS), cyclingLabels(testCount));
        return directory;
    }
}
