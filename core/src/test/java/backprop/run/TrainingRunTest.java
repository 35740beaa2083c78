package backprop.run;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Convolution;
import backprop.nn.Cost;
import backprop.nn.Network;
import backprop.nn.Shape;
import backprop.train.LearningRateSchedule;
import backprop.train.Optimizer;
import backprop.testing.TinyData;
import backprop.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingRunTest {
    private static final Shape MNIST = new Shape(1, 28, 28);

    private static RunException refused(TrainingRun run, Setting setting, String value) {
        return assertThrows(RunException.class, () -> run.with(setting, value));
    }

    @Test
    void defaultsAreTheBooksChapterOneRun() {
        TrainingRun run = TrainingRun.defaults();
        TrainingOptions options = run.options();
        assertEquals(30, options.epochs());
        assertEquals(10, options.miniBatchSize());
        assertEquals(3.0, options.learningRate());
        assertEquals(Cost.QUADRATIC, run.costOrDefault());
        assertEquals(Activation.SIGMOID, run.outputActivation());
        Network network = run.initialNetwork(Shape.vector(784));
        assertEquals(java.util.List.of(784, 30, 10), java.util.Arrays.stream(network.sizes()).boxed().toList());
        assertEquals(Activation.SIGMOID, network.activation(0));
        assertTrue(run.settingsBeyondTheBook().isEmpty());
    }

    @Test
    void aBadValueIsNamedAsTheCallerNamesIt() {
        RunException e = refused(TrainingRun.defaults(), Setting.ETA, "fast");
        assertEquals("--eta must be a number, got 'fast'", e.getMessage());
        assertEquals("eta must be a number, got 'fast'", e.message(Setting::field));
        assertEquals(Setting.ETA, e.setting());
        RunException batch = refused(TrainingRun.defaults(), Setting.BATCH, "0");
        assertEquals("batchSize must be at least 1, got 0", batch.message(Setting::field));
    }

    @Test
    void numbersOutOfRangeAreRefusedWithoutHundredsOfDigits() {
        RunException huge = refused(TrainingRun.defaults(), Setting.ETA, "1e400");
        assertTrue(huge.getMessage().contains("finite"), huge::getMessage);
        RunException step = assertThrows(RunException.class, () -> TrainingRun.defaults()
                .with(Setting.SCHEDULE, "step:1:1e300").with(Setting.EPOCHS, "2").check(false));
        assertEquals("--schedule step:1:1e300 takes eta 3 past the largest number there is (about 1.8e308) after 2 "
                + "epochs; use a factor nearer 1, or fewer --epochs", step.getMessage());
        TrainingRun.defaults().with(Setting.SCHEDULE, "step:1:1e300").with(Setting.EPOCHS, "1").check(false);
        RunException tiny = refused(TrainingRun.defaults(), Setting.ETA, "-1e-300");
        assertEquals("--eta must be a positive number, got -1e-300", tiny.getMessage());
        String longValue = "9".repeat(400);
        assertTrue(refused(TrainingRun.defaults(), Setting.EPOCHS, longValue).getMessage().length() < 100);
    }

    @Test
    void fractionsAndSwitchesTakeOnlyTheirRange() {
        refused(TrainingRun.defaults(), Setting.DROPOUT, "1");
        refused(TrainingRun.defaults(), Setting.MOMENTUM, "-0.1");
        refused(TrainingRun.defaults(), Setting.KEEP_BEST, "yes");
        assertTrue(TrainingRun.defaults().with(Setting.KEEP_BEST, "").keepBest());
        assertFalse(TrainingRun.defaults().with(Setting.NO_SHUFFLE, "false").shuffle() == false);
    }

    @Test
    void namedChoicesListWhatIsAccepted() {
        RunException cost = refused(TrainingRun.defaults(), Setting.COST, "hinge");
        assertTrue(cost.getMessage().startsWith("--cost 'hinge': "), cost::getMessage);
        RunException eval = refused(TrainingRun.defaults(), Setting.EVAL, "train");
        assertEquals("--eval 'train' is not one of test, validation, none", eval.getMessage());
        RunException augment = refused(TrainingRun.defaults(), Setting.AUGMENT, "rotate");
        assertEquals(Setting.AUGMENT, augment.setting());
    }

    @Test
    void givenSettingsWinOverTheRecipes() {
        TrainingRun run = TrainingRun.defaults().with(Setting.EPOCHS, "2")
                .withRecipe(Recipe.NETWORK2, Set.of());
        assertEquals(2, run.epochs());
        assertEquals(0.5, run.eta());
        assertEquals(Cost.CROSS_ENTROPY, run.costOrDefault());
        assertTrue(run.recipeApplied().contains("--eta 0.5"));
        assertFalse(run.recipeApplied().stream().anyMatch(flag -> flag.startsWith("--epochs")));
        assertEquals("network2", run.settingsBeyondTheBook().get("recipe"));
    }

    @ParameterizedTest
    @EnumSource(Recipe.class)
    void everyRecipeIsARunThatCanStart(Recipe recipe) {
        TrainingRun run = TrainingRun.defaults().withRecipe(recipe, Set.of());
        run.check(false);
        Shape input = recipe == Recipe.FASHION_BEST || recipe.id().startsWith("network3") ? MNIST : Shape.vector(784);
        Network network = run.initialNetwork(input);
        assertEquals(10, network.outputSize());
        assertEquals(784, network.inputSize());
        assertEquals(recipe.id().startsWith("network3"), network.layers().getFirst() instanceof Convolution,
                recipe::id);
    }

    @Test
    void network3RecipesUseNetwork3sRegularizationScale() {
        // network3.py's lmbda=0.1 over mini-batches of 10 is network2's λ = 1.0 (see Recipe).
        TrainingRun c = TrainingRun.defaults().withRecipe(Recipe.NETWORK3_C, Set.of());
        assertEquals(1.0, c.lambda());
        assertEquals(0.03, c.eta());
        assertTrue(c.keepBest());
        assertEquals(EvaluationData.VALIDATION, c.eval());
    }

    @Test
    void settingsThatContradictEachOtherAreNamedTogether() {
        RunException momentum = assertThrows(RunException.class,
                () -> TrainingRun.defaults().with(Setting.MOMENTUM, "0.5").check(false));
        assertEquals("--momentum only applies to --optimizer momentum or nesterov, not sgd", momentum.getMessage());
        assertEquals("momentum only applies to optimizer momentum or nesterov, not sgd",
                momentum.message(Setting::field));

        assertThrows(RunException.class, () -> TrainingRun.defaults().with(Setting.SCHEDULE, "cosine")
                .with(Setting.HALVE_ON_PLATEAU, "3").check(false));
        assertThrows(RunException.class, () -> TrainingRun.defaults().with(Setting.MIN_ETA, "0.1").check(false));
        assertThrows(RunException.class, () -> TrainingRun.defaults().with(Setting.SCHEDULE, "cosine")
                .with(Setting.MIN_ETA, "5").check(false));
        RunException blind = assertThrows(RunException.class, () -> TrainingRun.defaults()
                .with(Setting.KEEP_BEST, "true").with(Setting.EVAL, "none").check(false));
        assertEquals(Setting.KEEP_BEST, blind.setting());
        assertThrows(RunException.class, () -> TrainingRun.defaults().with(Setting.ACTIVATION, "softmax").check(false));
    }

    @Test
    void aModelsDesignCannotBeChangedWhenTrainingGoesOn() {
        TrainingRun run = TrainingRun.defaults().with(Setting.INIT, "scaled");
        run.check(false);
        RunException e = assertThrows(RunException.class, () -> run.check(true));
        assertTrue(e.getMessage().startsWith("--init does not apply"), e::getMessage);
        // A recipe's initialization is simply the model's when training goes on from one.
        TrainingRun.defaults().withRecipe(Recipe.NETWORK2, Set.of()).check(true);
    }

    @Test
    void watchingTheTestDataIsAllowedWithAWarning() {
        TrainingRun run = TrainingRun.defaults().with(Setting.EARLY_STOP, "3");
        run.check(false);
        assertEquals(1, run.warnings(Setting::flag).size());
        assertTrue(run.with(Setting.EVAL, "validation").warnings(Setting::flag).isEmpty());
    }

    @Test
    void layersThatDoNotFitAreBlamedOnTheLayersSetting() {
        TrainingRun run = TrainingRun.defaults().with(Setting.LAYERS, "conv:20x30x30,softmax:10");
        RunException e = assertThrows(RunException.class, () -> run.initialNetwork(MNIST));
        assertEquals(Setting.LAYERS, e.setting());
        assertTrue(e.getMessage().startsWith("--layers 'conv:20x30x30,softmax:10': "), e::getMessage);
        refused(TrainingRun.defaults(), Setting.LAYERS, " ");
    }

    @Test
    void aDesignIsCheckedAgainstTheDataBeforeAnyParameterIsMade() {
        Dataset digits = TinyData.randomImages(20, 28, 28, 10, 1).named("digits");
        TrainingRun run = TrainingRun.defaults().with(Setting.LAYERS, "100,30,10");
        RunException inputs = assertThrows(RunException.class,
                () -> run.checkFits(run.architecture(MNIST), digits));
        assertEquals("digits has 784 inputs per example but the network's input layer has 100 neurons; "
                + "use 'layers' 784,30,10", inputs.message(setting -> "'" + setting.field() + "'"));
        TrainingRun few = TrainingRun.defaults().with(Setting.LAYERS, "784,30,5");
        RunException outputs = assertThrows(RunException.class, () -> few.checkFits(few.architecture(MNIST), digits));
        assertEquals("digits has 10 classes but the network's output layer has 5 neurons; use --layers 784,30,10",
                outputs.getMessage());
        TrainingRun.defaults().checkFits(TrainingRun.defaults().architecture(MNIST), digits);
    }

    @Test
    void copiesAreMadeOnlyOfImages() {
        Dataset table = TinyData.prototypes("table.csv", 20, 4, 3, 1);
        TrainingRun shifted = TrainingRun.defaults().with(Setting.AUGMENT, "shift");
        RunException e = assertThrows(RunException.class, () -> shifted.checkAugmentation(table));
        assertEquals("--augment shift works on images, and table.csv is not", e.getMessage());
        shifted.checkAugmentation(TinyData.randomImages(20, 28, 28, 10, 1));
        TrainingRun.defaults().checkAugmentation(table);
    }

    @Test
    void scheduleNoneKeepsEtaAsItIs() {
        TrainingRun none = TrainingRun.defaults().with(Setting.SCHEDULE, "cosine").with(Setting.SCHEDULE, "none");
        assertEquals(null, none.schedule());
        assertFalse(none.changesLearningRate());
        assertTrue(none.scheduleAndStopping().isEmpty());
        assertEquals("--schedule 'linear' is not a schedule (expected step:EPOCHS:FACTOR, cosine or none)",
                refused(TrainingRun.defaults(), Setting.SCHEDULE, "linear").getMessage());
        refused(TrainingRun.defaults(), Setting.SCHEDULE, "none:1");
    }

    @Test
    void aLogarithmicCostNeedsAnOutputBetweenZeroAndOne() {
        TrainingRun run = TrainingRun.defaults().with(Setting.COST, "cross-entropy").with(Setting.OUTPUT, "relu");
        RunException e = assertThrows(RunException.class, () -> run.initialNetwork(Shape.vector(784)));
        assertEquals(Setting.OUTPUT, e.setting());
        assertEquals(Activation.SOFTMAX,
                TrainingRun.defaults().with(Setting.COST, "log-likelihood").outputActivation());
    }

    @Test
    void dropoutNeedsAFullyConnectedLayerAfterAnother() {
        TrainingRun run = TrainingRun.defaults().with(Setting.LAYERS, "784,10").with(Setting.DROPOUT, "0.5");
        RunException e = assertThrows(RunException.class, () -> run.initialNetwork(null));
        assertEquals(Setting.DROPOUT, e.setting());
        TrainingRun.defaults().with(Setting.LAYERS, "784,30,10").with(Setting.DROPOUT, "0.5")
                .initialNetwork(Shape.vector(784));
    }

    @Test
    void schedulesAndStoppingBecomeListeners() {
        TrainingRun run = TrainingRun.defaults().with(Setting.SCHEDULE, "step:10:0.5")
                .with(Setting.EARLY_STOP, "4");
        assertEquals(2, run.scheduleAndStopping().size());
        assertInstanceOf(LearningRateSchedule.class, run.scheduleAndStopping().getFirst());
        assertTrue(run.changesLearningRate());
        assertEquals("step:10:0.5", run.settingsBeyondTheBook().get("schedule"));
        TrainingRun cosine = TrainingRun.defaults().with(Setting.SCHEDULE, "cosine");
        assertEquals(Double.toString(3.0 * TrainingRun.DEFAULT_COSINE_FLOOR),
                cosine.settingsBeyondTheBook().get("min-eta"));
    }

    @Test
    void theOptimizerCarriesItsMomentum() {
        TrainingOptions options = TrainingRun.defaults().with(Setting.OPTIMIZER, "nesterov")
                .with(Setting.MOMENTUM, "0.8").options();
        assertEquals(Optimizer.Kind.NESTEROV, options.optimizer().kind());
        assertTrue(options.optimizer().describe().contains("0.8"), options.optimizer()::describe);
    }

    @Test
    void settingsAreFoundByEitherName() {
        for (Setting setting : Setting.values()) {
            assertEquals(setting, Setting.ofFlag(setting.flag()));
            assertEquals(setting, Setting.ofField(setting.field()));
        }
        assertEquals(null, Setting.ofFlag("--nope"));
    }

    @Test
    void numbersAreShownShort() {
        assertEquals("3", Numbers.compact(3.0));
        assertEquals("0.5", Numbers.compact(0.5));
        assertEquals("1e300", Numbers.compact(1e300));
        assertEquals("1e-7", Numbers.compact(1e-7));
        assertEquals("'" + "x".repeat(40) + "...'", Numbers.shown("x".repeat(41)));
    }
}
