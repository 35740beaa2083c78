package backprop.data;

import backprop.nn.SeededRandom;
import backprop.testing.TinyData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {
    /** Not square, so that a mix-up of rows and columns shows. */
    private static final int ROWS = 5;
    private static final int COLUMNS = 7;

    private final Dataset random = TinyData.randomImages(12, ROWS, COLUMNS, 4, 3);
    private final Dataset digits = DigitLikeImages.create();

    private static byte[] image(Dataset images, int i) {
        byte[] pixels = new byte[images.inputSize()];
        images.copyPixels(i, pixels, 0);
        return pixels;
    }

    @Test
    void shiftedHoldsEachImageAndFourCopiesWithTheirLabels() {
        Dataset shifted = Augmentation.shifted(random);

        assertEquals(5 * random.size(), shifted.size());
        assertEquals(ROWS, shifted.imageRows());
        assertEquals(COLUMNS, shifted.imageColumns());
        assertEquals(random.classCount(), shifted.classCount());
        assertEquals(random.name() + " with shifted copies", shifted.name());
        for (int block = 0; block < 5; block++) {
            for (int i = 0; i < random.size(); i++) {
                assertEquals(random.label(i), shifted.label(block * random.size() + i));
            }
        }
    }

    @Test
    void shiftedStartsWithTheOriginals() {
        Dataset shifted = Augmentation.shifted(random);

        for (int i = 0; i < random.size(); i++) {
            assertArrayEquals(image(random, i), image(shifted, i));
        }
    }

    @Test
    void eachShiftedCopyIsTheOriginalMovedByOnePixelWithABlankEdge() {
        Dataset shifted = Augmentation.shifted(random);
        int[][] downAndRight = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

        for (int copy = 0; copy < 4; copy++) {
            int down = downAndRight[copy][0];
            int right = downAndRight[copy][1];
            for (int i = 0; i < random.size(); i++) {
                int moved = (copy + 1) * random.size() + i;
                for (int r = 0; r < ROWS; r++) {
                    for (int c = 0; c < COLUMNS; c++) {
                        int fromRow = r - down;
                        int fromColumn = c - right;
                        boolean inside = fromRow >= 0 && fromRow < ROWS && fromColumn >= 0 && fromColumn < COLUMNS;
                        int expected = inside ? random.pixel(i, fromRow * COLUMNS + fromColumn) : 0;
                        assertEquals(expected, shifted.pixel(moved, r * COLUMNS + c),
                                "copy " + copy + " of image " + i + " at (" + r + ", " + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void augmentingFeatureDataIsAnError() {
        Dataset features = TinyData.prototypes("features", 10, 4, 2, 1);

        assertThrows(IllegalArgumentException.class, () -> Augmentation.shifted(features));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.elastic(features, 1, 1));
    }

    @Test
    void elasticHoldsEachImageAndItsCopiesWithTheirLabels() {
        Dataset distorted = Augmentation.elastic(digits, 3, 7);

        assertEquals(4 * digits.size(), distorted.size());
        assertEquals(digits.imageRows(), distorted.imageRows());
        assertEquals(digits.imageColumns(), distorted.imageColumns());
        assertEquals(digits.name() + " with 3 elastic distortions", distorted.name());
        for (int i = 0; i < digits.size(); i++) {
            assertArrayEquals(image(digits, i), image(distorted, i), "the originals come first");
            for (int copy = 1; copy <= 3; copy++) {
                assertEquals(digits.label(i), distorted.label(copy * digits.size() + i));
                assertFalse(Arrays.equals(image(digits, i), image(distorted, copy * digits.size() + i)),
                        "copy " + copy + " of image " + i + " is distorted");
            }
        }
    }

    @Test
    void elasticIsTheSameForTheSameSeedAndDiffersForAnother() {
        Dataset first = Augmentation.elastic(digits, 2, 11);
        Dataset again = Augmentation.elastic(digits, 2, 11);
        Dataset other = Augmentation.elastic(digits, 2, 12);

        boolean anyDifferent = false;
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(image(first, i), image(again, i));
            anyDifferent |= !Arrays.equals(image(first, i), image(other, i));
        }
        assertTrue(anyDifferent);
    }

    /** Each copy has its own random stream, so threads may make the copies in any order. */
    @Test
    void eachElasticCopyDependsOnlyOnTheSeedTheCopyAndTheImage() {
        Dataset distorted = Augmentation.elastic(digits, 2, 5, ElasticDistortion.SIMARD);

        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < digits.size(); i++) {
                byte[] alone = ElasticDistortion.SIMARD.distort(image(digits, i), digits.imageRows(),
                        digits.imageColumns(), new SeededRandom(Augmentation.streamSeed(5, copy, i)));
                assertArrayEquals(alone, image(distorted, (copy + 1) * digits.size() + i));
            }
        }
    }

    /**
     * Each copy keeps most of the ink (scaling by up to 10% on each axis changes the area by up to a fifth),
     * and on average about all of it. Simard et al.'s stronger setting moves ink further but still keeps most.
     */
    @Test
    void elasticDistortionsKeepMostOfTheInk() {
        assertKeepsInk(ElasticDistortion.GENTLE, 0.7, 1.4);
        assertKeepsInk(ElasticDistortion.SIMARD, 0.5, 2.0);
    }

    private void assertKeepsInk(ElasticDistortion distortion, double least, double most) {
        Dataset distorted = Augmentation.elastic(digits, 5, 3, distortion);
        double sum = 0;
        for (int copy = 1; copy <= 5; copy++) {
            for (int i = 0; i < digits.size(); i++) {
                double ratio = (double) ink(distorted, copy * digits.size() + i) / ink(digits, i);
                sum += ratio;
                assertTrue(ratio > least && ratio < most,
                        distortion + ": copy " + copy + " of image " + i + " has " + ratio + " of the ink");
            }
        }
        double mean = sum / (5 * digits.size());
        assertEquals(1.0, mean, 0.15, distortion + ": on average");
    }

    /**
     * A digit is centred by its centre of mass in MNIST; a distortion that moved it far would make another
     * picture. The gentle default moves it by at most two pixels, Simard et al.'s stronger setting by at most four.
     */
    @Test
    void elasticDistortionsMoveTheCentreOfMassByAFewPixelsAtMost() {
        assertCentreOfMassMovesAtMost(ElasticDistortion.GENTLE, 2.0);
        assertCentreOfMassMovesAtMost(ElasticDistortion.SIMARD, 4.0);
    }

    private void assertCentreOfMassMovesAtMost(ElasticDistortion distortion, double pixels) {
        Dataset distorted = Augmentation.elastic(digits, 5, 9, distortion);
        for (int copy = 1; copy <= 5; copy++) {
            for (int i = 0; i < digits.size(); i++) {
                double[] before = centreOfMass(digits, i);
                double[] after = centreOfMass(distorted, copy * digits.size() + i);
                double moved = Math.hypot(after[0] - before[0], after[1] - before[1]);
                assertTrue(moved <= pixels, distortion + ": copy " + copy + " of image " + i + " moved " + moved);
            }
        }
    }

    @Test
    void noDisplacementRotationOrScalingLeavesTheImageAsItWas() {
        ElasticDistortion none = new ElasticDistortion(0, 3, 0, 0);
        byte[] original = image(digits, 0);

        assertArrayEquals(original, none.distort(original, digits.imageRows(), digits.imageColumns(), new SeededRandom(1)));
    }

    @Test
    void gaussianBlurKeepsAConstantFieldConstantAwayFromTheEdges() {
        int rows = 40;
        int columns = 40;
        float[] kernel = ElasticDistortion.gaussianKernel(2);
        float[] field = new float[rows * columns];
        Arrays.fill(field, 1f);

        ElasticDistortion.blur(field, rows, columns, kernel, new float[rows * columns]);

        int radius = kernel.length / 2;
        assertEquals(1.0, field[20 * columns + 20], 1e-5, "the kernel sums to 1");
        assertTrue(field[0] < 0.5, "beyond the edges counts as 0");
        assertEquals(field[radius * columns + 20], field[(rows - 1 - radius) * columns + 20], 1e-6, "symmetric");
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ElasticDistortion(-1, 3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ElasticDistortion(8, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ElasticDistortion(8, 3, 200, 0));
        assertThrows(IllegalArgumentException.class, () -> new ElasticDistortion(8, 3, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.elastic(digits, 0, 1));
    }

    private static long ink(Dataset images, int i) {
        long sum = 0;
        for (int k = 0; k < images.inputSize(); k++) {
            sum += images.pixel(i, k);
        }
        return sum;
    }

    /** (row, column) of the ink's centre of mass. */
    private static double[] centreOfMass(Dataset images, int i) {
        double mass = 0;
        double row = 0;
        double column = 0;
        for (int r = 0; r < images.imageRows(); r++) {
            for (int c = 0; c < images.imageColumns(); c++) {
                int value = images.pixel(i, r * images.imageColumns() + c);
                mass += value;
                row += value * r;
                column += value * c;
            }
        }
        return new double[] {row / mass, column / mass};
    }
}
