package backprop.web;

import backprop.io.ModelFile;
import backprop.nn.Network;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served model over HTTP: info, weights, download, save and load within the models directory. */
class ModelApiTest {
    @TempDir
    Path directory;
    TestServer server;
    Api api;
    Network fixture;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.withModel(directory);
        api = server.api;
        fixture = ModelFile.load(directory.resolve("network2-trained.json")).network();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void infoDescribesTheServedModel() {
        JsonNode info = api.get("/api/model").json();

        assertTrue(info.get("loaded").asBoolean());
        assertEquals("network2-trained.json", info.get("source").asText());
        assertEquals("[784,30,10]", info.get("sizes").toString());
        assertEquals("[\"sigmoid\",\"sigmoid\"]", info.get("activations").toString());
        assertEquals("cross-entropy", info.get("cost").asText());
        assertEquals(23_860, info.get("parameters").asInt());
        assertFalse(info.get("training").asBoolean());
    }

    @Test
    void firstLayerWeightsComeAsTwentyEightByTwentyEightTiles() {
        JsonNode weights = api.get("/api/model/weights?layer=0").json();

        assertEquals(30, weights.get("neurons").asInt());
        assertEquals(28, weights.get("tileWidth").asInt());
        assertEquals(30, weights.get("weights").size());
        assertEquals(784, weights.get("weights").get(0).size());
        assertEquals((float) fixture.weight(0, 3, 400), weights.get("weights").get(3).get(400).floatValue());
        assertEquals((float) fixture.bias(0, 3), weights.get("biases").get(3).floatValue());

        JsonNode output = api.get("/api/model/weights?layer=1").json();
        assertEquals(10, output.get("neurons").asInt());
        assertTrue(output.get("tileWidth").isNull());
        assertEquals("query parameter 'layer' must be between 0 and 1, got 2", api.get("/api/model/weights?layer=2").error(400));
        assertEquals("query parameter 'layer' must be a whole number, got 'first'",
                api.get("/api/model/weights?layer=first").error(400));
    }

    @Test
    void downloadIsTheModelFile() throws IOException {
        Api.Response response = api.get("/api/model/download");

        assertEquals(200, response.status());
        assertEquals("attachment; filename=\"backprop-model.json\"", response.header("Content-Disposition"));
        Path copy = Files.write(directory.resolve("downloaded.json"), response.bytes());
        assertEquals(fixture, ModelFile.load(copy).network());
    }

    @Test
    void saveWritesIntoTheModelsDirectoryAndLoadReadsItBack() throws IOException {
        Api.Response saved = api.postJson("/api/model/save", "{\"name\": \"mine\"}");

        assertEquals(200, saved.status(), saved.text());
        Path file = server.models.resolve("mine.json");
        assertEquals(file.toAbsolutePath().toString(), saved.json().get("path").asText());
        assertEquals(fixture, ModelFile.load(file).network());
        JsonNode listed = api.get("/api/models").json().get("models");
        assertEquals(1, listed.size());
        assertEquals("mine", listed.get(0).get("name").asText());

        JsonNode loaded = api.postJson("/api/model/load", "{\"name\": \"mine\"}").json();
        assertEquals("mine.json", loaded.get("source").asText());
    }

    @Test
    void modelNamesCannotLeaveTheModelsDirectory() {
        for (String name : new String[] {"../evil", "a/b", "/etc/passwd", "..", ".hidden", "", "x".repeat(65), "c:\\x"}) {
            String message = api.postJson("/api/model/save", "{\"name\": " + Api.JSON.valueToTree(name) + "}").error(400);
            assertTrue(message.startsWith("bad model name"), message);
            assertTrue(api.postJson("/api/model/load", "{\"name\": " + Api.JSON.valueToTree(name) + "}").error(400)
                    .startsWith("bad model name"));
        }
        assertFalse(Files.exists(directory.resolve("evil.json")));
        assertEquals("'name' must be a string, got a number", api.postJson("/api/model/save", "{\"name\": 3}").error(400));
    }

    @Test
    void loadingAMissingModelIsNotFound() {
        String message = api.postJson("/api/model/load", "{\"name\": \"nothing\"}").error(404);
        assertTrue(message.startsWith("no saved model named 'nothing'"), message);
    }

    @Test
    void loadingACorruptModelIsABadRequest() throws IOException {
        Files.createDirectories(server.models);
        Files.writeString(server.models.resolve("broken.json"), "{\"sizes\": [784, 30");
        String message = api.postJson("/api/model/load", "{\"name\": \"broken\"}").error(400);
        assertTrue(message.contains("broken.json is not a valid model file"), message);
    }

    @Test
    void theNewestSavedModelIsServedWhenNoneIsGiven(@TempDir Path other) throws IOException {
        Path models = Files.createDirectories(other.resolve("models"));
        Files.copy(directory.resolve("network2-trained.json"), models.resolve("saved.json"));
        try (TestServer restarted = TestServer.start(other, null)) {
            assertEquals("saved.json", restarted.api.get("/api/model").json().get("source").asText());
        }
    }

    @Test
    void withoutAModelTheModelEndpointsSaySo(@TempDir Path other) throws IOException {
        try (TestServer empty = TestServer.withoutModel(other)) {
            assertFalse(empty.api.get("/api/model").json().get("loaded").asBoolean());
            assertTrue(empty.api.get("/api/model/download").error(409).startsWith("no model yet"));
            assertTrue(empty.api.get("/api/model/weights").error(409).startsWith("no model yet"));
            assertTrue(empty.api.postJson("/api/model/save", "{\"name\": \"x\"}").error(409).startsWith("no model yet"));
            assertEquals(0, empty.api.get("/api/models").json().get("models").size());
        }
    }

    @Test
    void wrongMethodsAreNotAllowed() {
        assertEquals(405, api.method("DELETE", "/api/model").status());
        assertEquals("GET", api.method("PUT", "/api/model").header("Allow"));
        assertEquals(405, api.get("/api/model/save").status());
    }

    @Test
    void aNameThatWouldBeListedUnderAnotherNameIsRefused() throws IOException {
        // Saved, "x.json.json" would be listed as "x.json", and loading "x.json" loads "x".
        assertEquals("bad model name 'x.json.json': use 1 to 64 letters, digits, '.', '-' or '_', starting with a "
                + "letter or digit", api.postJson("/api/model/save", "{\"name\": \"x.json.json\"}").error(400));
        java.nio.file.Files.createDirectories(server.models);
        java.nio.file.Files.writeString(server.models.resolve("y.json.json"), "{}");
        assertTrue(api.get("/api/models").json().get("models").findValuesAsText("name").stream()
                .noneMatch(name -> name.startsWith("y")));
    }
}
