package backprop.io.onnx;

import ai.onnxruntime.OrtException;
import backprop.Engine;
import backprop.data.DataCatalog;
import backprop.data.Dataset;
import backprop.data.Splits;
import backprop.io.ModelFile;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.train.MiniBatchSgd;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Networks trained here, exported to ONNX, give ONNX Runtime our answers on the whole MNIST test set;
 * networks trained and exported by PyTorch give here PyTorch's.
 */
@Tag("mnist")
class OnnxMnistIT {
    private static Splits mnist;

    @BeforeAll
    static void loadMnist() throws IOException {
        mnist = DataCatalog.open("mnist", System.out::println);
    }

    @Test
    void theBooksNetworkAfterOneEpochAnswersTheSameInOnnxRuntime() throws OrtException {
        Network start = Network.initialize(new int[] {784, 30, 10}, Cost.QUADRATIC, Initializer.LARGE,
                new SeededRandom(1));
        Network trained = new MiniBatchSgd(TrainingOptions.book().withEpochs(1))
                .train(start, mnist.training(), mnist.test(), Engine.FAST).network();

        int correct = assertSameOutputsOnTheTestSet(trained);

        assertTrue(correct >= 9000, correct + " / 10000");
    }

    @Test
    void aConvolutionalNetworkAnswersTheSameInOnnxRuntime() throws OrtException {
        // Small and trained briefly by the reference engine (one example at a time, in double): the comparison
        // needs a network that gives real answers, not a good one.
        Network start = Architecture.parse("1x28x28,conv:8x5x5:relu,pool:2,fc:30:tanh,softmax:10", null,
                        Activation.SIGMOID, Activation.SOFTMAX)
                .initialize(Cost.LOG_LIKELIHOOD, Initializer.HE, new SeededRandom(2));
        Network trained = new MiniBatchSgd(TrainingOptions.book().withEpochs(1).withLearningRate(0.05))
                .train(start, mnist.training().first(3000), null, Engine.REFERENCE).network();

        int correct = assertSameOutputsOnTheTestSet(trained);

        assertTrue(correct >= 8000, correct + " / 10000");
    }

    static List<PyTorchModels.Model> pytorchModels() throws IOException, URISyntaxException {
        return PyTorchModels.load().models();
    }

    @ParameterizedTest
    @MethodSource("pytorchModels")
    void aPyTorchExportEvaluatesHereToTheCountPyTorchGave(PyTorchModels.Model model) throws IOException {
        Network network = ModelFile.load(model.file()).network();
        Dataset test = mnist.test();
        double[] x = new double[network.inputSize()];
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            test.input(i, x);
            correct += network.predict(x) == test.label(i) ? 1 : 0;
        }

        assertEquals(model.correct(), correct, model.name());
    }

    /** Compares every output within 1e-5 and the correct counts; returns the count. */
    private static int assertSameOutputsOnTheTestSet(Network network) throws OrtException {
        Dataset test = mnist.test();
        int n = network.inputSize();
        int batch = 1000;
        int ours = 0;
        int theirs = 0;
        double worst = 0;
        try (OnnxRuntimeRunner runner = new OnnxRuntimeRunner(OnnxExport.toBytes(network), network.inputShape())) {
            float[] inputs = new float[batch * n];
            double[] x = new double[n];
            for (int from = 0; from < test.size(); from += batch) {
                for (int i = 0; i < batch; i++) {
                    test.input(from + i, inputs, i * n);
                }
                float[][] outputs = runner.run(inputs, batch);
                for (int i = 0; i < batch; i++) {
                    test.input(from + i, x);
                    double[] a = network.feedforward(x);
                    for (int j = 0; j < a.length; j++) {
                        worst = Math.max(worst, Math.abs(a[j] - outputs[i][j]));
                    }
                    int label = test.label(from + i);
                    ours += Network.argmax(a) == label ? 1 : 0;
                    theirs += argmax(outputs[i]) == label ? 1 : 0;
                }
            }
        }
        assertTrue(worst <= 1e-5, "largest difference " + worst);
        assertEquals(ours, theirs, "correct counts");
        return ours;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int j = 1; j < values.length; j++) {
            if (values[j] > values[best]) {
                best = j;
            }
        }
        return best;
    }
}
