package backprop.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rules of docs/ARCHITECTURE.md, held: the math ({@code nn}) depends on nothing else of
 * ours, the layers above it only downwards, and the fast engine's internals are reached through
 * {@code backprop.Engine} alone.
 */
class DependencyRulesTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("backprop");
    }

    private static void dependsOnlyOn(String layer, String... allowed) {
        String[] others = java.util.Arrays.stream(new String[] {"data", "nn", "io", "train", "reference", "engine",
                        "run", "image", "predict"})
                .filter(p -> !p.equals(layer) && !java.util.Arrays.asList(allowed).contains(p))
                .map(p -> "backprop." + p + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("backprop." + layer + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because(layer + " may use only " + String.join(", ", allowed))
                .allowEmptyShould(true)
                .check(core);
    }

    @Test
    void theMathDependsOnNothingElseOfOurs() {
        dependsOnlyOn("nn");
    }

    @Test
    void imagesAreReadWithoutTheRestOfTheLibrary() {
        dependsOnlyOn("image");
    }

    @Test
    void dataDependsOnlyOnTheMath() {
        dependsOnlyOn("data", "nn");
    }

    @Test
    void trainingDependsOnTheMathAndTheData() {
        dependsOnlyOn("train", "nn", "data");
    }

    @Test
    void modelFilesDependOnTheMathAndTheTrainingState() {
        dependsOnlyOn("io", "nn", "train");
    }

    @Test
    void theEnginesAreIndependentOfEachOther() {
        dependsOnlyOn("reference", "nn", "data", "train");
        dependsOnlyOn("engine", "nn", "data", "train");
    }

    @Test
    void aRunIsDefinedOverTheMathTheDataAndTraining() {
        dependsOnlyOn("run", "nn", "data", "train");
    }

    @Test
    void thePredictorUsesOnlyTheMathAndTheFastKernels() {
        dependsOnlyOn("predict", "nn", "engine");
    }

    @Test
    void theFastEngineIsReachedOnlyThroughEngineAndThePredictor() {
        noClasses().that().resideOutsideOfPackages("backprop.engine..", "backprop.predict..")
                .and().doNotBelongToAnyOf(backprop.Engine.class)
                .should().dependOnClassesThat().resideInAPackage("backprop.engine..")
                .check(core);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("backprop.(*)..").should().beFreeOfCycles().check(core);
    }
}
