package backprop.data;

import static backprop.data.IdxTestFiles.IMAGES_MAGIC;
import static backprop.data.IdxTestFiles.gzip;
import static backprop.data.IdxTestFiles.idx;
import static backprop.data.IdxTestFiles.images;
import static backprop.data.IdxTestFiles.labels;
import static backprop.data.IdxTestFiles.pixels;
import static backprop.data.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRawImagesOfAnyShape() throws Exception {
        Path file = write(dir.resolve("images"), images(4, 2, 3));

        IdxImages images = IdxReader.readImages(file);

        assertEquals(4, images.count());
        assertEquals(2, images.rows());
        assertEquals(3, images.columns());
        assertArrayEquals(pixels(4, 6), images.pixels());
    }

    @Test
    void readsGzippedImagesRecognisedByContentNotName() throws Exception {
        Path file = write(dir.resolve("images-without-suffix"), gzip(images(5, 3, 2)));

        IdxImages images = IdxReader.readImages(file);

        assertEquals(5, images.count());
        assertEquals(3, images.rows());
        assertEquals(2, images.columns());
        assertArrayEquals(pixels(5, 6), images.pixels());
    }

    @Test
    void readsRawAndGzippedLabelsAsUnsignedValues() throws Exception {
        Path raw = write(dir.resolve("labels"), labels(0, 9, 255, 3));
        Path gzipped = write(dir.resolve("labels.gz"), gzip(labels(0, 9, 255, 3)));

        assertArrayEquals(new int[]{0, 9, 255, 3}, IdxReader.readLabels(raw));
        assertArrayEquals(new int[]{0, 9, 255, 3}, IdxReader.readLabels(gzipped));
    }

    @Test
    void datasetScalesPixelsToTheUnitIntervalAndKeepsLabels() throws Exception {
        byte[] pixels = {0, (byte) 255, (byte) 51, 0, 0, (byte) 255};
        Path images = write(dir.resolve("images"), idx(IMAGES_MAGIC, new int[]{2, 1, 3}, pixels));
        Path labels = write(dir.resolve("labels"), labels(7, 2));

        Dataset data = IdxReader.readDataset("tiny", images, labels, 10);

        assertEquals("tiny", data.name());
        assertEquals(2, data.size());
        assertEquals(3, data.inputSize());
        assertEquals(1, data.imageRows());
        assertEquals(3, data.imageColumns());
        assertArrayEquals(new double[]{0.0, 1.0, 0.2}, data.input(0), 1e-12);
        assertEquals(7, data.label(0));
        assertEquals(2, data.label(1));
    }

    @Test
    void aFileOfAnotherKindIsNamedForWhatItIs() {
        Path png = write(dir.resolve("digit.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0});
        Path zip = write(dir.resolve("mnist.zip"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});

        assertEquals("not an IDX image file: it is a PNG image",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(png)).problem());
        assertEquals("not an IDX label file: it is a zip archive (decompress or unpack it first)",
                assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(zip)).problem());
    }

    @Test
    void aGzippedTarArchiveIsNamedAsATarArchive() {
        byte[] tar = TarTestArchives.tar(List.of(TarTestArchives.Entry.file("train-images-idx3-ubyte", "x")));
        Path file = write(dir.resolve("mnist.tar.gz"), gzip(tar));

        assertEquals("not an IDX image file: it is a tar archive (decompress or unpack it first)",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file)).problem());
    }

    @Test
    void wrongElementTypeIsRejectedAsNotUnsignedBytes() {
        Path file = write(dir.resolve("floats"), idx(0x00000D03, new int[]{1, 1, 1}, new byte[4]));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("0x0D (32-bit float) is not supported"), e.getMessage());
    }

    @Test
    void labelFileReadAsImagesIsRejectedNamingBothDimensionCounts() {
        Path file = write(dir.resolve("train-labels-idx1-ubyte"), labels(1, 2, 3));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertEquals(file, e.file());
        assertEquals("expected an IDX image file with 3 dimensions (magic 0x00000803), found 1 dimension "
                + "(magic 0x00000801); is this a label file?", e.problem());
    }

    @Test
    void imageFileReadAsLabelsIsRejected() {
        Path file = write(dir.resolve("images"), images(1, 1, 1));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));

        assertTrue(e.problem().contains("is this an image file?"), e.problem());
    }

    @Test
    void fileNotStartingWithTwoZeroBytesIsNotIdx() {
        Path file = write(dir.resolve("picture.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertTrue(e.problem().startsWith("not an IDX file: magic number 0x89504E47"), e.problem());
    }

    @Test
    void nonPositiveDimensionIsRejected() {
        Path file = write(dir.resolve("images"), idx(IMAGES_MAGIC, new int[]{3, 0, 28}, new byte[0]));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertEquals("rows is 0 in the header; must be positive", e.problem());
    }

    @Test
    void emptyFileIsRejected() {
        Path file = write(dir.resolve("images"), new byte[0]);

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertEquals("empty file, expected an IDX image file", e.problem());
    }

    @Test
    void truncatedHeaderIsRejected() {
        Path file = write(dir.resolve("images"), Arrays.copyOf(images(1, 2, 2), 10));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertEquals("truncated header: expected 16 bytes, found 10", e.problem());
    }

    @Test
    void truncatedImageFileIsRejectedWithExpectedAndFoundByteCounts() {
        byte[] complete = images(10, 28, 28);
        Path file = write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(complete, 16 + 1000));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertEquals(file + ": truncated: expected 7840 bytes of pixels after the header, found 1000",
                e.getMessage());
    }

    @Test
    void truncatedContentOfGzippedFileIsRejectedWithByteCounts() {
        Path file = write(dir.resolve("images.gz"), gzip(Arrays.copyOf(images(10, 28, 28), 16 + 1000)));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertEquals("truncated: expected 7840 bytes of pixels after the header, found 1000", e.problem());
    }

    @Test
    void cutOffGzipStreamIsRejectedAsTruncated() {
        byte[] compressed = gzip(images(10, 28, 28));
        Path file = write(dir.resolve("images.gz"), Arrays.copyOf(compressed, compressed.length / 2));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertTrue(e.problem().contains("truncated"), e.problem());
    }

    @Test
    void truncatedLabelFileIsRejected() {
        Path file = write(dir.resolve("labels"), Arrays.copyOf(labels(1, 2, 3, 4), 8 + 3));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));

        assertEquals("truncated: expected 4 bytes of labels after the header, found 3", e.problem());
    }

    @Test
    void trailingBytesAfterThePixelsAreRejected() {
        byte[] complete = images(2, 2, 2);
        Path raw = write(dir.resolve("images"), Arrays.copyOf(complete, complete.length + 5));
        Path gzipped = write(dir.resolve("images.gz"), gzip(Arrays.copyOf(complete, complete.length + 5)));

        IdxFormatException rawError = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(raw));
        IdxFormatException gzipError = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(gzipped));

        String expected = "expected 8 bytes of pixels after the header, found 13 (5 extra bytes at the end)";
        assertEquals(expected, rawError.problem());
        assertEquals(expected, gzipError.problem());
    }

    @Test
    void imageAndLabelCountsMustMatch() {
        Path images = write(dir.resolve("images"), images(3, 2, 2));
        Path labels = write(dir.resolve("labels"), labels(1, 2));

        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readDataset("tiny", images, labels, 10));

        assertEquals(labels + ": holds 2 labels but " + images + " holds 3 images; they must match one to one",
                e.getMessage());
    }

    @Test
    void labelOutsideTheClassesIsRejectedNamingTheExample() {
        Path images = write(dir.resolve("images"), images(3, 2, 2));
        Path labels = write(dir.resolve("labels"), labels(1, 10, 2));

        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.readDataset("tiny", images, labels, 10));

        assertEquals("label 10 of example 1 is outside 0..9 (10 classes)", e.problem());
    }

    @Test
    void headerPromisingMoreThanAnArrayHoldsIsRejectedWithoutAllocating() {
        int huge = Integer.MAX_VALUE;
        Path file = write(dir.resolve("images"), idx(IMAGES_MAGIC, new int[]{huge, huge, huge}, new byte[10]));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));

        assertEquals("header promises " + huge + " x " + huge + " x " + huge
                + " bytes of pixels, more than one array can hold", e.problem());
    }
}
