package backprop.web;

import backprop.image.HostileImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads that cost the server a lot to decode: refused from their header, or taken in turn. */
class ImageAttackTest {
    @TempDir
    Path directory;

    @Test
    void anImageTooCostlyToDecodeIsRefusedFromItsHeader() throws IOException {
        try (TestServer server = TestServer.withModel(directory)) {
            byte[] deep = HostileImages.zeroPng(7000, 7000, 16, HostileImages.RGBA);
            long started = System.nanoTime();

            String message = server.api.post("/api/predict", "image/png", deep).error(400);

            assertEquals("the uploaded image: the image is 7000 x 7000 pixels at 64 bits per pixel, 374 MB to decode, "
                    + "more than the 256 MB limit; save it with fewer pixels or 8 bits per channel", message);
            assertTrue(System.nanoTime() - started < 2_000_000_000L);
            String tall = server.api.post("/api/predict", "image/png",
                    HostileImages.zeroPng(1, 49_000_000, 8, HostileImages.GRAY)).error(400);
            assertTrue(tall.contains("longer than the 30000-pixel limit on a side"), tall);
        }
    }

    @Test
    void tiffIsRefusedAsTheDocumentationSays() throws IOException {
        try (TestServer server = TestServer.withModel(directory)) {
            byte[] tiff = HostileImages.encode(HostileImages.bar(100, 100), "tiff");

            assertEquals("the uploaded image: not a PNG, JPEG, GIF or BMP image (a TIFF image; convert it to PNG or JPEG)",
                    server.api.post("/api/predict", "image/png", tiff).error(400));
        }
    }

    /**
     * Four clients send, over and over, images that take a core about a second each to decode (49
     * megapixels of RGB, within the limits). One decode at a time is allowed: the others wait briefly and
     * get 503, and meanwhile another client's predictions stay fast.
     */
    @Test
    void otherClientsPredictionsStayFastWhileCostlyImagesAreDecoded() throws Exception {
        ServerLimits limits = ServerLimits.defaults().withDecodes(1, Duration.ofMillis(300));
        try (TestServer server = TestServer.withLimits(directory, limits)) {
            byte[] costly = HostileImages.zeroPng(7000, 7000, 8, HostileImages.RGB);
            String pixels = Api.pixelsJson(0.25, 784);
            assertEquals(200, server.api.postJson("/api/predict", pixels).status());
            AtomicInteger busy = new AtomicInteger();
            AtomicInteger decoded = new AtomicInteger();
            List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
            long attackEnds = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            ExecutorService attackers = Executors.newFixedThreadPool(4);
            List<Future<?>> attacks = new ArrayList<>();
            for (int a = 0; a < 4; a++) {
                attacks.add(attackers.submit(() -> {
                    Api api = new Api(server.server.uri());
                    while (System.nanoTime() < attackEnds) {
                        Api.Response response = api.post("/api/predict", "image/png", costly);
                        if (response.status() == 503) {
                            busy.incrementAndGet();
                            assertEquals("1", response.header("Retry-After"));
                            assertTrue(response.error(503).startsWith("the server is busy decoding other images"));
                        } else if (response.status() == 400) {
                            decoded.incrementAndGet(); // all black: no ink, but decoded all the same
                        } else {
                            unexpected.add(response.status() + " " + response.text());
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            List<Long> latencies = new ArrayList<>();
            while (System.nanoTime() < attackEnds - Duration.ofMillis(500).toNanos()) {
                long started = System.nanoTime();
                assertEquals(200, server.api.postJson("/api/predict", pixels).status());
                latencies.add((System.nanoTime() - started) / 1_000_000);
                Thread.sleep(20);
            }
            for (Future<?> attack : attacks) {
                attack.get();
            }
            attackers.shutdown();

            Collections.sort(latencies);
            long p90 = latencies.get(latencies.size() * 9 / 10);
            assertTrue(unexpected.isEmpty(), unexpected.toString());
            assertTrue(decoded.get() >= 2, "decoded " + decoded.get());
            assertTrue(p90 < 100, "90th percentile " + p90 + " ms of " + latencies.size() + " predictions: " + latencies);
            assertTrue(busy.get() >= 1, "no 503 with four clients and one decode at a time");
        }
    }
}
