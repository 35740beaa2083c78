package backprop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies the real Fashion-MNIST from Debian's package, which checks the digests in {@link DataCatalog}. */
@Tag("mnist")
class FashionMnistIT {
    @Test
    void fetchedFashionMnistVerifiesAndSplitsAsTheBookDoes(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DataCatalog.FASHION_MNIST_DEBIAN),
                "needs the Debian package dataset-fashion-mnist (its web mirror is not reachable everywhere)");
        Path directory = DataCatalog.fetch("fashion-mnist", dir, System.out::println);
        Splits fashion = Mnist.load(directory, "fashion-mnist", Mnist.CLASS_COUNT);

        assertEquals(50_000, fashion.training().size());
        assertEquals(10_000, fashion.validation().size());
        assertEquals(10_000, fashion.test().size());
        assertEquals(9, fashion.training().label(0), "an ankle boot");
        assertEquals(9, fashion.test().label(0), "an ankle boot");
    }
}
