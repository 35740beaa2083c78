package backprop.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {
    /** Three 2 x 3 images: pixel k of image i is 10 * i + k, except image 2's last pixel, 255. */
    private static final byte[] PIXELS = {
            0, 1, 2, 3, 4, 5,
            10, 11, 12, 13, 14, 15,
            20, 21, 22, 23, 24, (byte) 255};
    private static final int[] LABELS = {2, 0, 3};

    private final Dataset images = Dataset.ofImages("pictures", PIXELS.clone(), 2, 3, LABELS.clone(), 4);
    private final Dataset features = Dataset.ofFeatures("table",
            new float[] {0.5f, -1f, 2f, 3f, 4f, 5f}, 2, new int[] {1, 0, 1}, 2);

    @Test
    void imagesAreReadScaledToZeroToOneAndKeepTheirRawBytes() {
        assertEquals(3, images.size());
        assertEquals(6, images.inputSize());
        assertEquals(4, images.classCount());
        assertEquals(2, images.imageRows());
        assertEquals(3, images.imageColumns());
        assertTrue(images.isImages());

        assertArrayEquals(new double[] {20 / 255.0, 21 / 255.0, 22 / 255.0, 23 / 255.0, 24 / 255.0, 1.0},
                images.input(2));
        float[] out = new float[8];
        images.input(1, out, 2);
        assertArrayEquals(new float[] {0, 0, 10 / 255f, 11 / 255f, 12 / 255f, 13 / 255f, 14 / 255f, 15 / 255f}, out);
        assertEquals(255, images.pixel(2, 5));
        assertEquals(13, images.pixel(1, 3));
        byte[] raw = new byte[7];
        images.copyPixels(2, raw, 1);
        assertArrayEquals(new byte[] {0, 20, 21, 22, 23, 24, (byte) 255}, raw);
    }

    @Test
    void featuresAreReadAsGivenAndHaveNoImageShape() {
        assertFalse(features.isImages());
        assertEquals(0, features.imageRows());
        assertEquals(0, features.imageColumns());
        assertArrayEquals(new double[] {2, 3}, features.input(1));
        float[] out = {9, 9, 9, 9};
        features.input(2, out, 1);
        assertArrayEquals(new float[] {9, 4, 5, 9}, out);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> features.pixel(0, 0));
        assertEquals("table is not an image data set", e.getMessage());
        assertThrows(IllegalStateException.class, () -> features.copyPixels(0, new byte[2], 0));
    }

    @Test
    void theTargetIsOneHotAtTheLabel() {
        assertArrayEquals(new double[] {0, 0, 1, 0}, images.target(0));
        assertArrayEquals(new double[] {1, 0, 0, 0}, images.target(1));
        assertArrayEquals(new double[] {0, 0, 0, 1}, images.target(2));
    }

    @Test
    void aSliceIsAViewOfTheExamplesItCovers() {
        Dataset slice = images.slice(1, 3);

        assertEquals(2, slice.size());
        assertEquals(0, slice.label(0));
        assertEquals(3, slice.label(1));
        assertArrayEquals(images.input(2), slice.input(1));
        assertEquals(images.pixel(1, 4), slice.pixel(0, 4));
        assertArrayEquals(new int[] {0, 3}, slice.labelsCopy());
        assertArrayEquals(new int[] {1, 0, 0, 1}, slice.classCounts());
        assertEquals(2, slice.imageRows());
        assertEquals(3, slice.imageColumns());
        assertEquals("pictures", slice.name());

        Dataset inner = slice.slice(1, 2);
        assertEquals(3, inner.label(0));
        assertEquals(255, inner.pixel(0, 5));
        float[] out = new float[6];
        inner.input(0, out, 0);
        assertEquals(1f, out[5]);
    }

    @Test
    void indicesOutsideTheSliceAreRefusedThoughTheStorageHasThem() {
        Dataset slice = images.slice(1, 2);

        assertThrows(IndexOutOfBoundsException.class, () -> slice.label(1));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.label(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.input(1));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.input(1, new float[6], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.pixel(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> slice.copyPixels(1, new byte[6], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> images.slice(2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> images.slice(2, 1));
    }

    @Test
    void firstTakesAtMostTheExamplesThereAre() {
        assertEquals(2, images.first(2).size());
        assertEquals(2, images.first(2).label(0));
        assertEquals(3, images.first(10).size());
        assertEquals(0, images.first(0).size());
    }

    @Test
    void renamingKeepsTheExamples() {
        Dataset renamed = images.slice(1, 3).named("validation");

        assertEquals("validation", renamed.name());
        assertEquals(2, renamed.size());
        assertEquals(3, renamed.label(1));
        assertEquals(2, renamed.imageRows());
        assertEquals("validation (2 examples of 6 inputs, 4 classes)", renamed.toString());
    }

    @Test
    void classCountsCountEveryLabel() {
        assertArrayEquals(new int[] {1, 0, 1, 1}, images.classCounts());
        assertArrayEquals(new int[] {1, 2}, features.classCounts());
    }

    @Test
    void inconsistentDataIsRefusedWithWhatIsWrong() {
        assertEquals("label 4 of example 1 is outside 0..3", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofImages("x", new byte[12], 2, 3, new int[] {0, 4}, 4)).getMessage());
        assertEquals("label -1 of example 0 is outside 0..3", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofImages("x", new byte[12], 2, 3, new int[] {-1, 0}, 4)).getMessage());
        assertEquals("inputs hold 11 values, expected 2 examples x 6", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofImages("x", new byte[11], 2, 3, new int[] {0, 1}, 4)).getMessage());
        assertEquals("inputs hold 13 values, expected 2 examples x 6", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofImages("x", new byte[13], 2, 3, new int[] {0, 1}, 4)).getMessage());
        assertEquals("input size must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofFeatures("x", new float[0], 0, new int[0], 2)).getMessage());
        assertEquals("class count must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofFeatures("x", new float[2], 2, new int[] {0}, 0)).getMessage());
        assertThrows(ArithmeticException.class,
                () -> Dataset.ofImages("x", new byte[0], 65536, 65536, new int[0], 2));
    }

    @Test
    void theLastClassIsAValidLabel() {
        Dataset one = Dataset.ofFeatures("x", new float[] {1}, 1, new int[] {0}, 1);
        Dataset last = Dataset.ofFeatures("x", new float[] {1, 2}, 1, new int[] {0, 4}, 5);

        assertEquals(0, one.label(0));
        assertEquals(4, last.label(1));
    }
}
