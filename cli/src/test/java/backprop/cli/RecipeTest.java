package backprop.cli;

import backprop.io.ModelFile;
import backprop.run.EvaluationData;
import backprop.run.Recipe;
import backprop.run.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --recipe NAME}, {@code --recipe list} and {@code backprop recipes}. */
class RecipeTest extends TrainingOnTinyData {

    /** A train command as picocli leaves it after parsing {@code args}, before it runs. */
    private static TrainCommand parsed(String... args) {
        CommandLine commandLine = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        return result.subcommand().commandSpec().commandLine().getCommand();
    }

    @Test
    void recipesListsEachRecipeWithItsFlags() {
        CliRun run = CliRun.run("recipes");

        assertEquals(0, run.exitCode(), run::toString);
        for (Recipe recipe : Recipe.values()) {
            assertTrue(run.out().contains(recipe.id() + ": " + recipe.description()), run::toString);
            assertTrue(run.out().contains("    " + String.join(" ", recipe.flags())), run::toString);
        }
    }

    @Test
    void recipeListPrintsTheSameAsRecipesAndTrainsNothing() {
        CliRun run = CliRun.run("train", "--recipe", "list");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(CliRun.run("recipes").out(), run.out());
        assertTrue(run.outLinesStartingWith("Epoch ").isEmpty(), run::toString);
    }

    @Test
    void trainHelpNamesEveryRecipe() {
        CliRun run = CliRun.run("train", "--help");

        for (Recipe recipe : Recipe.values()) {
            assertTrue(run.out().contains(recipe.id()), () -> "help should name " + recipe.id() + "\n" + run);
        }
    }

    @Test
    void theBookRecipeIsTheDefaults() {
        TrainingRun defaults = parsed("train").settings();
        TrainingRun book = parsed("train", "--recipe", "book").settings();

        assertEquals(defaults.layers(), book.layers());
        assertEquals(defaults.epochs(), book.epochs());
        assertEquals(defaults.miniBatchSize(), book.miniBatchSize());
        assertEquals(defaults.eta(), book.eta());
        assertEquals(defaults.init(), book.init());
        assertEquals(defaults.activation(), book.activation());
    }

    @Test
    void aRecipeSetsItsFlags() {
        TrainingRun network2 = parsed("train", "--recipe", "network2").settings();

        assertEquals("784,100,10", network2.layers());
        assertEquals("cross-entropy", network2.cost().id());
        assertEquals(5.0, network2.lambda());
        assertEquals(0.5, network2.eta());
        assertEquals("scaled", network2.init().id());
        assertEquals(EvaluationData.VALIDATION, network2.eval());
    }

    @Test
    void flagsGivenAsWellOverrideTheRecipesOneByOne() {
        TrainingRun network2 = parsed("train", "--recipe", "network2", "--epochs", "5", "--eval", "test").settings();

        assertEquals(5, network2.epochs());
        assertEquals(EvaluationData.TEST, network2.eval());
        assertEquals(0.5, network2.eta(), "the rest still comes from the recipe");
    }

    @Test
    void fashionBestImpliesFashionMnistUnlessDataIsGiven() {
        TrainCommand implied = parsed("train", "--recipe", "fashion-best");
        implied.settings();
        TrainCommand given = parsed("train", "--recipe", "fashion-best", "--data", "mnist");
        given.settings();

        assertEquals("fashion-mnist", implied.data.data);
        assertEquals("mnist", given.data.data);
    }

    @Test
    void network3RecipesKeepTheBestValidationEpoch() {
        TrainingRun a = parsed("train", "--recipe", "network3-a").settings();

        assertEquals("conv:20x5x5,pool:2,fc:100,softmax:10", a.layers());
        assertTrue(a.keepBest());
        assertEquals(EvaluationData.VALIDATION, a.eval());
        assertEquals(60, a.epochs());
    }

    /** Every recipe's flags are real flags with valid values, and it trains (small, on tiny data). */
    @ParameterizedTest
    @EnumSource(Recipe.class)
    void everyRecipeTrainsWithItsSizeOverridden(Recipe recipe) {
        CliRun run = CliRun.run("train", "--recipe", recipe.id(), "--data", data(), "--layers", "16,8,10",
                "--epochs", "1", "--batch", "5").assertSuccess();

        assertTrue(run.outLines().getFirst().startsWith("Recipe " + recipe.id() + ": "), run::toString);
        assertFalse(run.outLines().getFirst().contains("--layers"), "overridden flags are not the recipe's\n" + run);
        assertEquals(1, run.outLinesStartingWith("Epoch ").size(), run::toString);
    }

    @Test
    void theRunSaysWhichOfTheRecipesSettingsItUsesAndTheModelRecordsTheRecipe() throws IOException {
        Path model = temp.resolve("model.json");
        CliRun run = CliRun.run("train", "--recipe", "network2", "--data", data(), "--layers", "16,8,10",
                "--epochs", "1", "--save", model.toString()).assertSuccess();

        assertEquals("Recipe network2: --cost cross-entropy --lambda 5.0 --eta 0.5 --init scaled --batch 10 "
                + "--schedule cosine --eval validation", run.outLines().getFirst(), run::toString);
        assertTrue(run.outLines().get(1).contains("evaluating on 10 tiny validation examples"), run::toString);
        assertTrue(run.outLines().get(2).startsWith("epochs 1, mini-batch 10, eta 0.5, lambda 5.0, init scaled"),
                run::toString);
        assertEquals("network2", ModelFile.load(model).provenance().orElseThrow().extra().get("recipe"));
    }

    @Test
    void aRecipeContinuingFromAModelKeepsTheModelsLayersAndActivations() {
        Path start = temp.resolve("start.json");
        train("--save", start.toString()).assertSuccess();

        CliRun run = CliRun.run("train", "--recipe", "mnist-best", "--data", data(), "--from", start.toString(),
                "--epochs", "1").assertSuccess();

        assertTrue(run.outLines().get(1).startsWith("Training 16,8,10 (sigmoid; log-likelihood cost)"), run::toString);
        List<String> recipeLine = List.of(run.outLines().getFirst().split(" "));
        for (String networkFlag : List.of("--layers", "--activation", "--output", "--init")) {
            assertFalse(recipeLine.contains(networkFlag), run::toString);
        }
    }

    @Test
    void anUnknownRecipeIsAUserErrorNamingTheKnownOnes() {
        CliRun.run("train", "--recipe", "mnist-worst", "--data", data())
                .assertUserError("mnist-worst", "book", "network2", "mnist-best", "fashion-best");
    }
}
