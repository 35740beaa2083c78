import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * The load test's client (run by web/load-test.sh as a single source file): sends a fixed number of
 * predictions to a running playground from a few concurrent clients and reports predictions per
 * second, latency percentiles and the error count. Loopback only, bounded in count and time.
 *
 * <p>Usage: java PredictLoad.java URL REQUESTS CLIENTS json|png
 */
public class PredictLoad {
    static final int WARM_UP = 1000;

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
            throw new IllegalArgumentException("the load test only targets this machine's loopback, not " + base.getHost());
        }
        int requests = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        boolean png = args[3].equals("png");
        byte[] body = png ? sevenPng() : onePixelsJson();
        String type = png ? "image/png" : "application/json";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/predict")).header("Content-Type", type)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        run(client, request, Math.min(WARM_UP, requests), clients, new long[Math.min(WARM_UP, requests)]);
        long[] latencies = new long[requests];
        long started = System.nanoTime();
        int errors = run(client, request, requests, clients, latencies);
        double seconds = (System.nanoTime() - started) / 1e9;

        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%d predictions (%s bodies of %d bytes) from %d clients in %.2f s: "
                        + "%.0f predictions/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; errors: %d%n",
                requests, png ? "PNG" : "JSON", body.length, clients, seconds, requests / seconds,
                latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6,
                latencies[requests - 1] / 1e6, errors);
        System.exit(errors == 0 ? 0 : 1);
    }

    /** Sends {@code count} requests from {@code clients} threads; returns how many failed. */
    static int run(HttpClient client, HttpRequest request, int count, int clients, long[] latencies)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            threads[c] = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("\"digit\"")) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println("error: " + response.statusCode() + " " + response.body());
                            }
                        }
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 3) {
                            System.err.println("error: " + e);
                        }
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
            });
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return errors.get();
    }

    /** A "1" as MNIST-like pixels: a vertical bar, grey at its edges. */
    static byte[] onePixelsJson() {
        StringBuilder json = new StringBuilder("{\"pixels\":[");
        for (int i = 0; i < 784; i++) {
            int row = i / 28;
            int column = i % 28;
            double v = row >= 4 && row < 24 ? (column == 14 ? 1.0 : column == 13 || column == 15 ? 0.5 : 0.0) : 0.0;
            json.append(i == 0 ? "" : ",").append(v);
        }
        return json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A "7" as the page draws it: black strokes 20 pixels wide on a white 280 x 280 canvas. */
    static byte[] sevenPng() throws java.io.IOException {
        BufferedImage canvas = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(20, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(80, 60, 200, 60);
        g.drawLine(200, 60, 115, 235);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(canvas, "png", out);
        return out.toByteArray();
    }
}
