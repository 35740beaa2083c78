package backprop.web;

import backprop.data.Dataset;
import backprop.image.DigitImage;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The test set through the current model's eyes: {@code GET /api/testset} (accuracy, confusion
 * matrix, per-class accuracy), {@code GET /api/testset/examples} (the mistakes, or the examples of
 * one confusion cell) and {@code GET /api/testset/image} (one example as a PNG).
 */
final class TestSetEndpoints {
    static final int MAX_PAGE = 500;

    record Examples(int total, int offset, List<TestSetReport.Example> examples) {
    }

    private final CurrentModel model;
    private final DataLoader data;
    /** The report of the latest model asked about; recomputed when the model changes. */
    private TestSetReport cached;

    TestSetEndpoints(CurrentModel model, DataLoader data) {
        this.model = model;
        this.data = data;
    }

    void register(Router router) {
        router.add("GET", "/api/testset", this::summary);
        router.add("GET", "/api/testset/examples", this::examples);
        router.add("GET", "/api/testset/image", this::image);
    }

    void summary(Exchange exchange) throws IOException {
        exchange.sendJson(200, report().summary());
    }

    void examples(Exchange exchange) throws IOException {
        TestSetReport report = report();
        int classes = report.classCount();
        Integer label = optionalClass(exchange, "label", classes);
        Integer predicted = optionalClass(exchange, "predicted", classes);
        boolean mistakes = flag(exchange, "mistakes");
        int offset = exchange.intParameter("offset", 0, 0, Integer.MAX_VALUE);
        int limit = exchange.intParameter("limit", 100, 1, MAX_PAGE);
        int[] total = new int[1];
        List<TestSetReport.Example> page = report.examples(label, predicted, mistakes, offset, limit, total);
        exchange.sendJson(200, new Examples(total[0], offset, page));
    }

    void image(Exchange exchange) throws IOException {
        Dataset test = testData();
        if (exchange.parameter("index") == null) {
            throw ApiError.badRequest("missing query parameter 'index' (0 to " + (test.size() - 1) + ")");
        }
        int index = exchange.intParameter("index", 0, 0, test.size() - 1);
        if (test.inputSize() != DigitImage.PIXELS) {
            throw ApiError.conflict(test.name() + " does not hold 28 x 28 images");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(DigitImage.toImage(test.input(index)), "png", png);
        // A test image never changes while the server runs.
        exchange.setHeader("Cache-Control", "max-age=3600");
        exchange.send(200, "image/png", png.toByteArray());
    }

    private Dataset testData() {
        Dataset test = data.splits().test();
        if (test.size() == 0) {
            throw new ApiError(ApiError.SERVICE_UNAVAILABLE, "the " + data.name() + " test set is empty");
        }
        return test;
    }

    private TestSetReport report() {
        ServedModel current = model.require();
        Dataset test = testData();
        synchronized (this) {
            // One computation per model, however many requests ask at once.
            if (cached == null || cached.modelVersion() != current.version() || cached.data() != test) {
                cached = TestSetReport.of(current, test);
            }
            return cached;
        }
    }

    private static Integer optionalClass(Exchange exchange, String name, int classes) {
        if (exchange.parameter(name) == null || exchange.parameter(name).isEmpty()) {
            return null;
        }
        return exchange.intParameter(name, 0, 0, classes - 1);
    }

    private static boolean flag(Exchange exchange, String name) {
        String value = exchange.parameter(name);
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.badRequest("query parameter '" + name + "' must be true or false, got '" + value + "'");
    }
}
