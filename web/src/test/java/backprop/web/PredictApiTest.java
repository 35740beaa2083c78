package backprop.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/predict} over HTTP: JSON pixels, images, and every way to get it wrong. */
class PredictApiTest {
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
    void jsonPixelsGetTheDigitTheProbabilitiesThePixelsAndEveryLayersActivations() {
        Api.Response response = api.postJson("/api/predict", Api.pixelsJson(0.25, 784));

        assertEquals(200, response.status(), response.text());
        JsonNode answer = response.json();
        int digit = answer.get("digit").asInt();
        assertTrue(digit >= 0 && digit <= 9);
        JsonNode probabilities = answer.get("probabilities");
        assertEquals(10, probabilities.size());
        double sum = 0;
        int best = 0;
        for (int j = 0; j < 10; j++) {
            sum += probabilities.get(j).asDouble();
            best = probabilities.get(j).asDouble() > probabilities.get(best).asDouble() ? j : best;
        }
        assertEquals(1.0, sum, 1e-9);
        assertEquals(digit, best);
        // JSON pixels are used as they are: no preprocessing.
        assertEquals(784, answer.get("pixels").size());
        answer.get("pixels").forEach(p -> assertEquals(0.25, p.asDouble()));
        assertEquals(2, answer.get("activations").size());
        assertEquals(30, answer.get("activations").get(0).size());
        assertEquals(10, answer.get("activations").get(1).size());
    }

    @Test
    void aDrawnOneAsPngIsReadAsOne() {
        Api.Response response = api.post("/api/predict", "image/png", Drawings.onePng());

        assertEquals(200, response.status(), response.text());
        assertEquals(1, response.json().get("digit").asInt());
        JsonNode pixels = response.json().get("pixels");
        assertEquals(784, pixels.size());
        // The preprocessed image: white ink on black, the corners empty, the centre inked.
        assertEquals(0.0, pixels.get(0).asDouble());
        assertTrue(pixels.get(14 * 28 + 14).asDouble() > 0.5);
    }

    @Test
    void aDrawnSevenAsPngIsReadAsSeven() {
        Api.Response response = api.post("/api/predict", "image/png; charset=binary", Drawings.sevenPng());

        assertEquals(200, response.status(), response.text());
        assertEquals(7, response.json().get("digit").asInt());
    }

    @Test
    void wrongPixelCountIsABadRequest() {
        assertEquals("'pixels' must have 784 values, got 10", api.postJson("/api/predict", Api.pixelsJson(0.5, 10)).error(400));
    }

    @Test
    void pixelsOutsideTheUnitIntervalAreABadRequest() {
        assertTrue(api.postJson("/api/predict", Api.pixelsJson(1.5, 784)).error(400)
                .contains("is 1.5, outside 0..1"));
        assertTrue(api.postJson("/api/predict", Api.pixelsJson(-0.1, 784)).error(400)
                .contains("outside 0..1"));
        String huge = Api.pixelsJson(0.5, 783).replace("]}", ",1e400]}");
        assertTrue(api.postJson("/api/predict", huge).error(400).contains("outside 0..1"));
    }

    @Test
    void notANumberIsABadRequest() {
        String bareNaN = Api.pixelsJson(0.5, 783).replace("]}", ",NaN]}");
        assertTrue(api.postJson("/api/predict", bareNaN).error(400).startsWith("bad JSON: "));
        String quotedNaN = Api.pixelsJson(0.5, 783).replace("]}", ",\"NaN\"]}");
        assertEquals("'pixels' value 783 must be a number, got \"NaN\"", api.postJson("/api/predict", quotedNaN).error(400));
        String withNull = Api.pixelsJson(0.5, 783).replace("]}", ",null]}");
        assertEquals("'pixels' value 783 must be a number, got null", api.postJson("/api/predict", withNull).error(400));
    }

    @Test
    void badJsonIsABadRequest() {
        assertTrue(api.postJson("/api/predict", "{\"pixels\": [0.1, 0.2").error(400).startsWith("bad JSON: "));
        assertEquals("the request body is empty; send a JSON object", api.postJson("/api/predict", "").error(400));
        assertEquals("expected a JSON object, got an array", api.postJson("/api/predict", "[1, 2]").error(400));
        assertEquals("missing field 'pixels'", api.postJson("/api/predict", "{}").error(400));
        assertEquals("'pixels' must be an array of 784 numbers, got a string",
                api.postJson("/api/predict", "{\"pixels\": \"0.5\"}").error(400));
        assertEquals("unknown field 'pixel' (expected pixels)", api.postJson("/api/predict", "{\"pixel\": []}").error(400));
    }

    @Test
    void aCorruptImageIsABadRequest() {
        String message = api.post("/api/predict", "image/png", new byte[] {1, 2, 3, 4, 5}).error(400);
        assertEquals("the uploaded image: not a PNG, JPEG, GIF or BMP image (the format is not recognized)", message);
        byte[] png = Drawings.onePng();
        String cut = api.post("/api/predict", "image/png", Arrays.copyOf(png, png.length / 2)).error(400);
        assertTrue(cut.startsWith("the uploaded image: cannot decode the PNG image"), cut);
    }

    @Test
    void aBlankDrawingIsABadRequestSayingNoInkFound() {
        assertTrue(api.post("/api/predict", "image/png", Drawings.blankPng()).error(400).startsWith("no ink found"));
    }

    @Test
    void otherContentTypesAreUnsupported() {
        String message = api.post("/api/predict", "text/plain", "{\"pixels\": []}".getBytes()).error(415);
        assertTrue(message.contains("not 'text/plain'"), message);
        assertTrue(api.post("/api/predict", null, new byte[] {1}).error(415).contains("no Content-Type"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        byte[] large = new byte[3 << 20];
        assertEquals("the request body is larger than the 2 MB limit", api.post("/api/predict", "image/png", large).error(413));
    }

    @Test
    void aBodyOverTheLimitWithoutContentLengthIsRefusedWith413() {
        // A streamed body has no Content-Length: the limit is enforced while reading.
        var request = java.net.http.HttpRequest.newBuilder(api.base.resolve("/api/predict"))
                .header("Content-Type", "image/png")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(new byte[3 << 20])));
        assertEquals("the request body is larger than the 2 MB limit", api.send(request).error(413));
    }

    @Test
    void otherMethodsAreNotAllowed() {
        Api.Response response = api.get("/api/predict");
        assertEquals("GET is not allowed on /api/predict; use POST", response.error(405));
        assertEquals("POST", response.header("Allow"));
        assertEquals(405, api.method("DELETE", "/api/predict").status());
    }

    @Test
    void withoutAModelPredictionsAskForOne(@TempDir Path elsewhere) throws IOException {
        try (TestServer empty = TestServer.withoutModel(elsewhere)) {
            String message = empty.api.postJson("/api/predict", Api.pixelsJson(0, 784)).error(409);
            assertTrue(message.startsWith("no model yet: train a model first"), message);
            assertTrue(!empty.api.get("/api/model").json().get("loaded").asBoolean());
        }
    }
}
