package backprop.web;

import backprop.run.Recipe;
import backprop.run.Setting;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * A recipe the page offers to fill its form: one of core's {@link Recipe}s, the settings the page does
 * not offer left out ({@code --eval}: the page always measures the validation split; {@code --keep-best}),
 * and {@code changes} where one job's limits need them.
 *
 * @param id          the form's value, the recipe's own id unless changed
 * @param label       a few words for the recipe selector
 * @param recipe      the recipe it comes from
 * @param changes     settings that differ from the recipe's, and why, in {@link #ALL}
 */
record PlaygroundRecipe(String id, String label, Recipe recipe, Map<Setting, String> changes) {
    static final List<PlaygroundRecipe> ALL = List.of(
            new PlaygroundRecipe(Recipe.BOOK.id(), "chapter 1's 784,30,10", Recipe.BOOK, Map.of()),
            new PlaygroundRecipe(Recipe.BOOK_100.id(), "100 hidden neurons", Recipe.BOOK_100, Map.of()),
            new PlaygroundRecipe(Recipe.NETWORK2.id(), "chapter 3's settings", Recipe.NETWORK2, Map.of()),
            // network3-a made small enough to train in a minute or two on the page.
            new PlaygroundRecipe("conv", "a small convolutional network", Recipe.NETWORK3_A, orderedMap(
                    Setting.LAYERS, "1x28x28,conv:8x5x5:relu,pool:2,fc:30:relu,softmax:10",
                    Setting.ACTIVATION, "relu", Setting.INIT, "he", Setting.ETA, "0.05", Setting.EPOCHS, "2",
                    Setting.TRAIN_SIZE, "5000")),
            // One epoch with the book's shifted copies, not ten with twelve elastic ones: what fits one job's work.
            new PlaygroundRecipe(Recipe.MNIST_BEST.id(), "ReLU, Adam, dropout", Recipe.MNIST_BEST, orderedMap(
                    Setting.EPOCHS, "1", Setting.AUGMENT, "shift")));

    private static Map<Setting, String> orderedMap(Object... pairs) {
        Map<Setting, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Setting) pairs[i], (String) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The form's values by field: the recipe's settings the page offers, changed where {@link #changes} say. */
    SequencedMap<String, String> settings() {
        SequencedMap<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<Setting, String> setting : recipe.settings().entrySet()) {
            if (PlaygroundRun.offers(setting.getKey())) {
                settings.put(setting.getKey().field(), changes.getOrDefault(setting.getKey(), setting.getValue()));
            }
        }
        changes.forEach((setting, value) -> settings.putIfAbsent(setting.field(), value));
        return settings;
    }

    /** As {@code GET /api/train/recipes} answers it. */
    record View(String id, String label, String description, String recipe, Map<String, String> settings) {
    }

    View view() {
        StringBuilder description = new StringBuilder(recipe.description());
        if (!changes.isEmpty()) {
            description.append("; on the page, to fit one job:");
            for (Map.Entry<Setting, String> change : changes.entrySet()) {
                description.append(' ').append(change.getKey().flag()).append(' ').append(change.getValue());
            }
        }
        return new View(id, label, description.toString(), recipe.id(), settings());
    }
}
