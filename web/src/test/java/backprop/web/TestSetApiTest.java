package backprop.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test set through the model's eyes over HTTP: summary, confusion cells, mistakes, images. */
class TestSetApiTest {
    @TempDir
    static Path directory;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.withModel(directory);
        api = server.api;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void summaryHasTheConfusionMatrixAndPerClassAccuracy() {
        JsonNode summary = api.get("/api/testset").json();

        assertEquals("tiny test", summary.get("data").asText());
        assertEquals(300, summary.get("size").asInt());
        int total = 0;
        int diagonal = 0;
        JsonNode confusion = summary.get("confusion");
        assertEquals(10, confusion.size());
        for (int truth = 0; truth < 10; truth++) {
            assertEquals(10, confusion.get(truth).size());
            int row = 0;
            for (int answer = 0; answer < 10; answer++) {
                row += confusion.get(truth).get(answer).asInt();
            }
            JsonNode perClass = summary.get("classes").get(truth);
            assertEquals(truth, perClass.get("digit").asInt());
            assertEquals(row, perClass.get("total").asInt());
            assertEquals(confusion.get(truth).get(truth).asInt(), perClass.get("correct").asInt());
            total += row;
            diagonal += confusion.get(truth).get(truth).asInt();
        }
        assertEquals(300, total);
        assertEquals(diagonal, summary.get("correct").asInt());
        assertEquals(diagonal / 300.0, summary.get("accuracy").asDouble(), 1e-12);
    }

    @Test
    void examplesOfAConfusionCellAreThatCellsCount() {
        JsonNode confusion = api.get("/api/testset").json().get("confusion");
        for (int truth : new int[] {0, 3}) {
            for (int answer : new int[] {truth, (truth + 1) % 10}) {
                JsonNode page = api.get("/api/testset/examples?label=" + truth + "&predicted=" + answer).json();
                assertEquals(confusion.get(truth).get(answer).asInt(), page.get("total").asInt());
                for (JsonNode example : page.get("examples")) {
                    assertEquals(truth, example.get("label").asInt());
                    assertEquals(answer, example.get("predicted").asInt());
                }
            }
        }
    }

    @Test
    void mistakesAreTheExamplesAnsweredWrongly() {
        JsonNode summary = api.get("/api/testset").json();
        JsonNode mistakes = api.get("/api/testset/examples?mistakes=true&limit=500").json();

        assertEquals(300 - summary.get("correct").asInt(), mistakes.get("total").asInt());
        for (JsonNode example : mistakes.get("examples")) {
            assertTrue(example.get("label").asInt() != example.get("predicted").asInt());
            assertTrue(example.get("confidence").asDouble() > 0);
        }
        JsonNode secondPage = api.get("/api/testset/examples?mistakes=true&offset=5&limit=3").json();
        assertEquals(3, secondPage.get("examples").size());
        assertEquals(mistakes.get("examples").get(5).get("index").asInt(),
                secondPage.get("examples").get(0).get("index").asInt());
    }

    @Test
    void anExampleIsServedAsATwentyEightPixelPng() throws IOException {
        Api.Response response = api.get("/api/testset/image?index=7");

        assertEquals(200, response.status());
        assertEquals("image/png", response.header("Content-Type"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.bytes()));
        assertEquals(28, image.getWidth());
        assertEquals(28, image.getHeight());
    }

    @Test
    void badQueriesAreRefusedWithOneMessage() {
        assertEquals("query parameter 'index' must be between 0 and 299, got 300", api.get("/api/testset/image?index=300").error(400));
        assertEquals("missing query parameter 'index' (0 to 299)", api.get("/api/testset/image").error(400));
        assertEquals("query parameter 'index' must be a whole number, got '1x'", api.get("/api/testset/image?index=1x").error(400));
        assertEquals("query parameter 'label' must be between 0 and 9, got 10", api.get("/api/testset/examples?label=10").error(400));
        assertEquals("query parameter 'limit' must be between 1 and 500, got 501", api.get("/api/testset/examples?limit=501").error(400));
        assertEquals("query parameter 'mistakes' must be true or false, got 'yes'",
                api.get("/api/testset/examples?mistakes=yes").error(400));
        assertEquals(405, api.postJson("/api/testset", "{}").status());
    }

    @Test
    void unavailableDataIsServiceUnavailable(@TempDir Path other) throws IOException {
        PlaygroundOptions options = new PlaygroundOptions(PlaygroundOptions.LOOPBACK, 0, TestServer.fixture(other),
                other.resolve("models"), "mnist", () -> {
                    throw new java.io.FileNotFoundException("no MNIST here");
                }, backprop.Engine.FAST, PlaygroundOptions.DEFAULT_MAX_BODY_BYTES, line -> {
                });
        try (PlaygroundServer noData = PlaygroundServer.start(options)) {
            Api other_ = new Api(noData.uri());
            assertEquals("the mnist data is not available: no MNIST here", other_.get("/api/testset").error(503));
            // Drawing needs no data.
            assertEquals(200, other_.post("/api/predict", "image/png", Drawings.onePng()).status());
        }
    }
}
