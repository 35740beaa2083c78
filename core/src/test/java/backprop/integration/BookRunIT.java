package backprop.integration;

import backprop.Engine;
import backprop.data.DataCatalog;
import backprop.data.Splits;
import backprop.io.ModelFile;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.reference.ReferenceBackprop;
import backprop.train.EpochResult;
import backprop.train.MiniBatchSgd;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The book's results on the real MNIST data (fetched on first use into ~/.cache/backprop/mnist). */
@Tag("mnist")
class BookRunIT {
    private static Splits mnist;

    @BeforeAll
    static void loadMnist() throws IOException {
        mnist = DataCatalog.open("mnist", System.out::println);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "MATRIX"})
    void oneEpochOfTheBooksRunReachesNinetyPercent(Engine engine) {
        Network start = Network.initialize(new int[] {784, 30, 10}, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(1));
        TrainingOptions options = TrainingOptions.book().withEpochs(1);

        EpochResult epoch = new MiniBatchSgd(options).train(start, mnist.training(), mnist.test(), engine)
                .history().last().orElseThrow();

        int correct = epoch.evaluationCorrect().getAsInt();
        assertEquals(10_000, epoch.evaluationSize());
        assertTrue(correct >= 9_000, engine + ": " + correct + " / 10000");
    }

    @Test
    void theFastEnginesBookRunEndsWithinHalfAPointOfTheReference() {
        Network start = Network.initialize(new int[] {784, 30, 10}, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(1));
        TrainingOptions options = TrainingOptions.book();

        // The matrix form of the reference engine: the book's equations in double, three times faster
        // than one example at a time and equal to it to 1e-12 (ReferenceBackpropTest).
        int reference = new MiniBatchSgd(options).train(start, mnist.training(), mnist.test(), Engine.MATRIX)
                .history().last().orElseThrow().evaluationCorrect().getAsInt();
        int fast = new MiniBatchSgd(options).train(start, mnist.training(), mnist.test(), Engine.FAST)
                .history().last().orElseThrow().evaluationCorrect().getAsInt();

        assertTrue(Math.abs(fast - reference) <= 50, "fast " + fast + ", reference " + reference + " of 10000");
        assertTrue(fast >= 9400, "fast " + fast);
    }

    @Test
    void aModelTrainedByNetwork2EvaluatesToTheCountNetwork2Computed() throws IOException, URISyntaxException {
        // Trained by network2.py (1 epoch, cross-entropy, eta 0.5, lambda 5.0); its own accuracy() said 9376.
        Path file = Path.of(getClass().getResource("/io/network2-trained-784-30-10.json").toURI());
        Network network = ModelFile.load(file).network();

        var evaluation = ReferenceBackprop.of(network, ReferenceBackprop.Form.PER_EXAMPLE).evaluate(mnist.test(), false);

        assertEquals(9376, evaluation.correct());
    }
}
