package backprop.web;

import backprop.io.ModelFile;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelDownloadsTest {
    @TempDir
    Path directory;

    static Network network(long seed) {
        return Network.initialize(new int[] {784, 30, 10}, Cost.QUADRATIC, Initializer.SCALED, new SeededRandom(seed));
    }

    @Test
    void twentyDownloadsAtOnceOfOneModelWriteItsFileOnce() throws Exception {
        CurrentModel current = new CurrentModel();
        ServedModel served = current.set(network(1), "test", null);
        Path expected = directory.resolve("expected.json");
        ModelFile.save(served.network(), null, expected);
        try (ModelDownloads downloads = new ModelDownloads();
             ExecutorService clients = Executors.newFixedThreadPool(20)) {
            List<Future<byte[]>> bodies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Callable<byte[]> download = () -> {
                    ModelDownloads.Download d = downloads.open(served);
                    try (InputStream in = d.content()) {
                        byte[] body = in.readAllBytes();
                        assertEquals(d.length(), body.length);
                        return body;
                    }
                };
                bodies.add(clients.submit(download));
            }
            for (Future<byte[]> body : bodies) {
                assertArrayEquals(Files.readAllBytes(expected), body.get());
            }
            assertEquals(1, downloads.writes());
        }
    }

    @Test
    void aDownloadUnderWayIsReadWholeWhenANewerModelReplacesIt() throws IOException {
        CurrentModel current = new CurrentModel();
        ServedModel first = current.set(network(1), "first", null);
        try (ModelDownloads downloads = new ModelDownloads()) {
            ModelDownloads.Download underWay = downloads.open(first);
            ServedModel second = current.set(network(2), "second", null);
            ModelDownloads.Download next = downloads.open(second);

            assertEquals(first.network(), load(underWay, directory.resolve("first.json")));
            assertEquals(second.network(), load(next, directory.resolve("second.json")));
            assertEquals(2, downloads.writes());
        }
    }

    private static Network load(ModelDownloads.Download download, Path copy) throws IOException {
        try (InputStream in = download.content()) {
            Files.write(copy, in.readAllBytes());
        }
        return ModelFile.load(copy).network();
    }
}
