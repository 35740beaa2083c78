package backprop.web;

import backprop.data.Dataset;
import backprop.run.Recipe;
import backprop.run.Setting;
import backprop.testing.TinyData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The page's recipes are core's {@link Recipe}s, changed only where a job's limits need it, and each fits them. */
class PlaygroundRecipeTest {
    /** MNIST's training split as the playground trains on it: 50,000 images of 10 digits. */
    static final Dataset MNIST_SIZED = TinyData.randomImages(50_000, 28, 28, 10, 1);

    @Test
    void aRecipeTheJobsFitIsCoresWithoutTheSettingsThePageDoesNotOffer(@TempDir Path directory) throws Exception {
        try (TestServer server = TestServer.withoutModel(directory)) {
            JsonNode recipes = server.api.get("/api/train/recipes").json().get("recipes");

            assertEquals(List.of("book", "book-100", "network2", "conv", "mnist-best"),
                    recipes.findValuesAsText("id"));
            JsonNode network2 = recipes.get(2);
            assertEquals("network2", network2.get("recipe").asText());
            Map<String, String> expected = new LinkedHashMap<>();
            Recipe.NETWORK2.settings().forEach((setting, value) -> {
                if (setting != Setting.EVAL) {
                    expected.put(setting.field(), value);
                }
            });
            assertEquals(expected, Api.JSON.convertValue(network2.get("settings"), Map.class));
            assertFalse(network2.get("settings").has("eval"), "the page always measures the validation split");
            assertEquals(Recipe.NETWORK2.description(), network2.get("description").asText());
        }
    }

    @Test
    void aChangedRecipeSaysWhatChangedFromCoresAndKeepsTheRest() {
        PlaygroundRecipe best = PlaygroundRecipe.ALL.getLast();

        assertEquals(Recipe.MNIST_BEST, best.recipe());
        assertEquals("1", best.settings().get("epochs"));
        assertEquals("shift", best.settings().get("augment"));
        assertEquals("784,800,800,10", best.settings().get("layers"));
        assertEquals("adam", best.settings().get("optimizer"));
        assertEquals(Recipe.MNIST_BEST.description() + "; on the page, to fit one job: --epochs 1 --augment shift",
                best.view().description());
    }

    @Test
    void everyRecipeOfThePageIsAcceptedOnMnistWithinTheDefaultLimits() {
        for (PlaygroundRecipe recipe : PlaygroundRecipe.ALL) {
            PlaygroundRun run = PlaygroundRun.parse(new JsonRequest(asThePageSendsIt(recipe.settings())), MNIST_SIZED,
                    ServerLimits.DEFAULT_MAX_TRAINING_WORK);

            assertEquals(Integer.parseInt(recipe.settings().get("epochs")), run.run().epochs(), recipe.id());
            assertEquals(Double.parseDouble(recipe.settings().get("eta")), run.run().eta(), recipe.id());
        }
    }

    /** Numbers as JSON numbers, sizes as a list, the rest as strings: as app.js's trainingRequest does. */
    static ObjectNode asThePageSendsIt(Map<String, String> settings) {
        ObjectNode json = Api.JSON.createObjectNode();
        settings.forEach((field, value) -> {
            if (field.equals("layers") && value.matches("[0-9]+(,[0-9]+)+")) {
                json.set(field, Api.JSON.valueToTree(java.util.Arrays.stream(value.split(",")).map(Integer::valueOf).toList()));
            } else if (value.matches("-?[0-9]+")) {
                json.put(field, Long.parseLong(value));
            } else if (value.matches("-?[0-9]+\\.[0-9]+")) {
                json.put(field, Double.parseDouble(value));
            } else {
                json.put(field, value);
            }
        });
        return json;
    }
}
