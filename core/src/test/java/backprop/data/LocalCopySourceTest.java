package backprop.data;

import static backprop.data.IdxTestFiles.gzip;
import static backprop.data.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCopySourceTest {
    @TempDir
    Path dir;

    @Test
    void copiesGzippedFilesDecompressed() throws Exception {
        byte[] labels = IdxTestFiles.cyclingLabels(20);
        write(dir.resolve("shared/train-labels-idx1-ubyte.gz"), gzip(labels));
        Path target = Files.createDirectories(dir.resolve("target"));

        new LocalCopySource(dir.resolve("shared"), "install it").fetch(List.of(Mnist.TRAIN_LABELS), target, line -> {
        });

        assertArrayEquals(labels, Files.readAllBytes(target.resolve(Mnist.TRAIN_LABELS)));
    }

    @Test
    void missingDirectorySaysHowToGetIt() {
        LocalCopySource source = new LocalCopySource(dir.resolve("absent"), "install the Debian package x");

        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> source.fetch(List.of(Mnist.TRAIN_LABELS), dir, line -> {
                }));

        assertEquals(dir.resolve("absent") + " does not exist (install the Debian package x)", e.getMessage());
    }
}
