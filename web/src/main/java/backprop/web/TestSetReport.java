package backprop.web;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How one model does on the test data, example by example: the answer and its confidence for each,
 * and from them the confusion matrix, per-class accuracy and any subset of examples to look at.
 */
final class TestSetReport {
    /** One example as the grid shows it. */
    record Example(int index, int label, int predicted, double confidence) {
    }

    record ClassAccuracy(int digit, int total, int correct, double accuracy) {
    }

    /** The response of {@code GET /api/testset}. */
    record Summary(String data, String model, int size, int correct, double accuracy, int[][] confusion,
                   List<ClassAccuracy> classes) {
    }

    private final Dataset data;
    private final long modelVersion;
    private final String modelSource;
    private final int[] predicted;
    private final double[] confidence;
    private final int classCount;

    private TestSetReport(Dataset data, ServedModel model, int[] predicted, double[] confidence, int classCount) {
        this.data = data;
        this.modelVersion = model.version();
        this.modelSource = model.source();
        this.predicted = predicted;
        this.confidence = confidence;
        this.classCount = classCount;
    }

    /** Runs the model over every example (in parallel: they are independent). */
    static TestSetReport of(ServedModel model, Dataset data) {
        Network network = model.network();
        if (data.inputSize() != network.inputSize()) {
            throw ApiError.conflict("the model takes " + network.inputSize() + " inputs but " + data.name()
                    + " has " + data.inputSize());
        }
        Activation outputActivation = network.outputLayer().activation();
        int[] predicted = new int[data.size()];
        double[] confidence = new double[data.size()];
        IntStream.range(0, data.size()).parallel().forEach(i -> {
            double[] output = network.feedforward(data.input(i));
            predicted[i] = Network.argmax(output);
            confidence[i] = Prediction.probabilities(outputActivation, output)[predicted[i]];
        });
        return new TestSetReport(data, model, predicted, confidence,
                Math.max(data.classCount(), network.outputSize()));
    }

    long modelVersion() {
        return modelVersion;
    }

    Dataset data() {
        return data;
    }

    int classCount() {
        return classCount;
    }

    /** Rows are true labels, columns the network's answers. */
    int[][] confusion() {
        int[][] matrix = new int[classCount][classCount];
        for (int i = 0; i < predicted.length; i++) {
            matrix[data.label(i)][predicted[i]]++;
        }
        return matrix;
    }

    Summary summary() {
        int[][] confusion = confusion();
        int correct = 0;
        List<ClassAccuracy> classes = new ArrayList<>();
        for (int c = 0; c < data.classCount(); c++) {
            int total = 0;
            for (int count : confusion[c]) {
                total += count;
            }
            correct += confusion[c][c];
            classes.add(new ClassAccuracy(c, total, confusion[c][c], total == 0 ? 0 : (double) confusion[c][c] / total));
        }
        return new Summary(data.name(), modelSource, data.size(), correct,
                data.size() == 0 ? 0 : (double) correct / data.size(), confusion, classes);
    }

    /**
     * The examples matching the filters, in data order.
     *
     * @param label     only this true label, or null for any
     * @param answer    only this answer, or null for any
     * @param mistakes  only examples the network gets wrong
     * @param offset    matches to skip (paging)
     * @param limit     at most this many
     * @param total     receives the number of matches in all
     */
    List<Example> examples(Integer label, Integer answer, boolean mistakes, int offset, int limit, int[] total) {
        List<Example> page = new ArrayList<>();
        int matches = 0;
        for (int i = 0; i < predicted.length; i++) {
            int truth = data.label(i);
            if ((label != null && truth != label) || (answer != null && predicted[i] != answer)
                    || (mistakes && truth == predicted[i])) {
                continue;
            }
            if (matches >= offset && page.size() < limit) {
                page.add(new Example(i, truth, predicted[i], confidence[i]));
            }
            matches++;
        }
        total[0] = matches;
        return page;
    }
}
