package backprop.data;

import static backprop.data.IdxTestFiles.cyclingLabels;
import static backprop.data.IdxTestFiles.gzip;
import static backprop.data.IdxTestFiles.images;
import static backprop.data.IdxTestFiles.labels;
import static backprop.data.IdxTestFiles.mnistLayout;
import static backprop.data.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir
    Path dir;

    @Test
    void bookSplitOfSixtyThousandIsFiftyThousandTrainingAndTenThousandValidation() {
        int[] labels = new int[60_000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        Dataset train = Dataset.ofImages("train", new byte[60_000], 1, 1, labels, 10);
        Dataset test = Dataset.ofImages("t10k", new byte[10_000], 1, 1, new int[10_000], 10);

        Splits splits = Mnist.split("mnist", train, test);

        assertEquals(50_000, splits.training().size());
        assertEquals(10_000, splits.validation().size());
        assertEquals(10_000, splits.test().size());
        assertEquals(50_000 % 10, splits.validation().label(0));
    }

    @Test
    void splitKeepsTheLastSixthOfTrainingForValidationInOrder() {
        int[] labels = new int[12];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        Dataset train = Dataset.ofImages("train", new byte[12], 1, 1, labels, 10);
        Dataset test = Dataset.ofImages("t10k", new byte[3], 1, 1, new int[]{4, 5, 6}, 10);

        Splits splits = Mnist.split("digits", train, test);

        assertArrayEquals(Arrays.copyOfRange(labels, 0, 10), splits.training().labelsCopy());
        assertArrayEquals(Arrays.copyOfRange(labels, 10, 12), splits.validation().labelsCopy());
        assertArrayEquals(new int[]{4, 5, 6}, splits.test().labelsCopy());
        assertEquals("digits training", splits.training().name());
        assertEquals("digits validation", splits.validation().name());
        assertEquals("digits test", splits.test().name());
    }

    @Test
    void loadsADirectoryWithTheStandardRawNames() throws Exception {
        mnistLayout(dir, 30, 7);

        Splits splits = Mnist.load(dir, "tiny", 10);

        assertEquals(25, splits.training().size());
        assertEquals(5, splits.validation().size());
        assertEquals(7, splits.test().size());
        assertEquals(6, splits.training().inputSize());
        assertEquals(2, splits.training().imageRows());
        assertEquals(3, splits.training().imageColumns());
        assertEquals(25 % 10, splits.validation().label(0));
    }

    @Test
    void acceptsGzippedAndDottedFileNames() throws Exception {
        write(dir.resolve("train-images.idx3-ubyte"), images(12, 2, 2));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(cyclingLabels(12)));
        write(dir.resolve("t10k-images.idx3-ubyte.gz"), gzip(images(4, 2, 2)));
        write(dir.resolve("t10k-labels-idx1-ubyte"), cyclingLabels(4));

        Splits splits = Mnist.load(dir, "mixed", 10);

        assertEquals(10, splits.training().size());
        assertEquals(2, splits.validation().size());
        assertEquals(4, splits.test().size());
    }

    @Test
    void missingFilesAreListedWithEveryNameLookedFor() {
        write(dir.resolve(Mnist.TRAIN_IMAGES), images(6, 1, 1));
        write(dir.resolve(Mnist.TRAIN_LABELS), cyclingLabels(6));

        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Mnist.load(dir, "half", 10));

        assertEquals(dir + ": missing 2 of the 4 MNIST-layout files: "
                + "t10k-images-idx3-ubyte (looked for t10k-images-idx3-ubyte, t10k-images-idx3-ubyte.gz, "
                + "t10k-images.idx3-ubyte, t10k-images.idx3-ubyte.gz); "
                + "t10k-labels-idx1-ubyte (looked for t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte.gz, "
                + "t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz)", e.getMessage());
    }

    @Test
    void missingDirectoryIsReportedAsSuch() {
        Path nowhere = dir.resolve("nowhere");

        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Mnist.load(nowhere, "x"));

        assertEquals(nowhere + ": no such directory", e.getMessage());
    }

    @Test
    void classCountIsTenUnlessTheTrainingLabelsGoHigher() throws Exception {
        mnistLayout(dir.resolve("ten"), 6, 2);
        Path letters = mnistLayout(dir.resolve("letters"), 6, 2);
        write(letters.resolve(Mnist.TRAIN_LABELS), labels(3, 26, 0, 1, 2, 25));
        write(letters.resolve(Mnist.TEST_LABELS), labels(3, 26));

        assertEquals(10, Mnist.load(dir.resolve("ten"), "ten").training().classCount());
        assertEquals(27, Mnist.load(letters, "letters").training().classCount());
        assertEquals(27, Mnist.load(letters, "letters").test().classCount());
    }

    @Test
    void aTestLabelBeyondTheTrainingClassesIsBlamedOnTheTestFile() {
        mnistLayout(dir, 6, 4);
        write(dir.resolve(Mnist.TEST_LABELS), labels(3, 1, 4, 12));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir, "digits"));

        assertEquals(dir.resolve(Mnist.TEST_LABELS), e.file());
        assertEquals("label 12 of example 3 is outside 0..9, the classes of the training labels in "
                + dir.resolve(Mnist.TRAIN_LABELS), e.problem());
    }

    @Test
    void labelsBeyondTheGivenClassCountAreRejected() {
        mnistLayout(dir, 6, 2);
        write(dir.resolve(Mnist.TEST_LABELS), labels(3, 12));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir, "mnist", 10));

        assertTrue(e.getMessage().contains("label 12 of example 1 is outside 0..9"), e.getMessage());
    }

    @Test
    void hasAllFilesOnlyWhenAllFourArePresent() throws Exception {
        mnistLayout(dir, 6, 2);
        assertTrue(Mnist.hasAllFiles(dir));

        Files.delete(dir.resolve(Mnist.TEST_LABELS));
        assertEquals(false, Mnist.hasAllFiles(dir));
    }

    @Test
    void testImagesOfAnotherShapeThanTrainingImagesAreRejected() {
        mnistLayout(dir, 6, 2);
        write(dir.resolve(Mnist.TEST_IMAGES), images(2, 3, 2));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir, "mixed", 10));

        assertEquals("images are 3 x 2 but the training images in " + dir.resolve(Mnist.TRAIN_IMAGES)
                + " are 2 x 3", e.problem());
    }
}
