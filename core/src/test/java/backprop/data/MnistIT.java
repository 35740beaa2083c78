package backprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Loads the real MNIST (fetching it if needed) and checks what the book's mnist_loader gives. */
@Tag("mnist")
class MnistIT {
    @Test
    void realMnistSplitsAsTheBookDoes() throws Exception {
        Splits mnist = DataCatalog.open("mnist", System.out::println);

        assertEquals(50_000, mnist.training().size());
        assertEquals(10_000, mnist.validation().size());
        assertEquals(10_000, mnist.test().size());
        assertEquals(784, mnist.training().inputSize());
        assertEquals(10, mnist.training().classCount());
        assertEquals(5, mnist.training().label(0));
        assertEquals(7, mnist.test().label(0));
        assertEquals(3, mnist.validation().label(0));
    }

    @Test
    void pixelsAreScaledToTheUnitIntervalAndReachBothEnds() throws Exception {
        Dataset training = DataCatalog.open("mnist", line -> {
        }).training();

        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double[] x = new double[training.inputSize()];
        for (int i = 0; i < training.size(); i++) {
            training.input(i, x);
            for (double v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertEquals(0.0, min);
        assertEquals(1.0, max);
    }
}
