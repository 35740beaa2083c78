package backprop.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory in MNIST's layout (four IDX files: training and test, images and labels) and the book's
 * three-way split of it.
 *
 * <p>Each file may be raw or gzipped, named as published ({@code train-images-idx3-ubyte}), with
 * {@code .gz}, or with the dot some mirrors use ({@code train-images.idx3-ubyte}). Fashion-MNIST,
 * KMNIST and other drop-in replacements use the same layout.
 */
public final class Mnist {
    /** The 60,000 training images' file name, as LeCun's site names it. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** The 60,000 training labels' file name. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** The 10,000 test images' file name. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** The 10,000 test labels' file name. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four files, in the order they are fetched and reported. */
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** Digits 0-9; also Fashion-MNIST's ten kinds of clothing. */
    public static final int CLASS_COUNT = 10;

    private Mnist() {
    }

    /**
     * Loads the directory with a class count read from the training labels: ten (MNIST's) unless a label is
     * higher, then the largest label + 1. For a directory of unknown origin. A test label beyond those
     * classes is an error in the test file: no network trained on this data could output it.
     */
    public static Splits load(Path directory, String name) throws IOException {
        Located files = locate(directory);
        int[] trainLabels = IdxReader.readLabels(files.trainLabels());
        int largest = 0;
        for (int label : trainLabels) {
            largest = Math.max(largest, label);
        }
        return load(files, name, trainLabels, Math.max(CLASS_COUNT, largest + 1),
                "the classes of the training labels in " + files.trainLabels());
    }

    /**
     * Loads the directory and splits it with {@link #split}; data sets are named
     * {@code "<name> training"}, {@code "<name> validation"} and {@code "<name> test"}.
     */
    public static Splits load(Path directory, String name, int classCount) throws IOException {
        Located files = locate(directory);
        return load(files, name, IdxReader.readLabels(files.trainLabels()), classCount, null);
    }

    private static Splits load(Located files, String name, int[] trainLabels, int classCount, String classesFrom)
            throws IOException {
        Dataset train = IdxReader.toDataset(name + " training", IdxReader.readImages(files.trainImages()),
                files.trainImages(), trainLabels, files.trainLabels(), classCount, classesFrom);
        Dataset test = IdxReader.toDataset(name + " test", IdxReader.readImages(files.testImages()),
                files.testImages(), IdxReader.readLabels(files.testLabels()), files.testLabels(), classCount,
                classesFrom);
        if (test.imageRows() != train.imageRows() || test.imageColumns() != train.imageColumns()) {
            throw new IdxFormatException(files.testImages(), "images are " + test.imageRows() + " x "
                    + test.imageColumns() + " but the training images in " + files.trainImages() + " are "
                    + train.imageRows() + " x " + train.imageColumns());
        }
        return split(name, train, test);
    }

    /**
     * The book's split (mnist_loader.py): the last sixth of the training file becomes validation data,
     * the rest training data, and the test file stays test data. For MNIST's 60,000 training images that
     * is exactly {@code train[0:50000]} and {@code train[50000:60000]}; other sizes keep the same ratio.
     */
    public static Splits split(String name, Dataset train, Dataset test) {
        int validationSize = train.size() / 6;
        int trainingSize = train.size() - validationSize;
        return new Splits(train.slice(0, trainingSize).named(name + " training"),
                train.slice(trainingSize, train.size()).named(name + " validation"),
                test.named(name + " test"));
    }

    /** Whether all four files are in the directory under one of their accepted names. */
    static boolean hasAllFiles(Path directory) {
        for (String standardName : FILE_NAMES) {
            if (find(directory, standardName) == null) {
                return false;
            }
        }
        return true;
    }

    /** The file standing for {@code standardName} in the directory, or {@code null} if there is none. */
    static Path find(Path directory, String standardName) {
        for (String candidate : acceptedNames(standardName)) {
            Path file = directory.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    /** Raw first, then gzipped, then the dotted variants ("train-images.idx3-ubyte"). */
    public static List<String> acceptedNames(String standardName) {
        String dotted = standardName.replace("-idx", ".idx");
        return List.of(standardName, standardName + ".gz", dotted, dotted + ".gz");
    }

    private record Located(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    }

    private static Located locate(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new FileNotFoundException(directory + ": no such directory");
        }
        List<String> missing = new ArrayList<>();
        for (String standardName : FILE_NAMES) {
            if (find(directory, standardName) == null) {
                missing.add(standardName + " (looked for " + String.join(", ", acceptedNames(standardName)) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new FileNotFoundException(directory + ": missing " + missing.size() + " of the 4 MNIST-layout files: "
                    + String.join("; ", missing));
        }
        return new Located(find(directory, TRAIN_IMAGES), find(directory, TRAIN_LABELS), find(directory, TEST_IMAGES),
                find(directory, TEST_LABELS));
    }
}
