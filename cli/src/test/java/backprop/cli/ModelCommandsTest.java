package backprop.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backprop evaluate} and {@code backprop inspect} on a model that {@code train --save} wrote. */
class ModelCommandsTest {
    @TempDir
    Path temp;

    private String data;
    private Path model;
    private CliRun training;

    @BeforeEach
    void trainAModel() {
        data = IdxFiles.tiny(temp.resolve("tiny")).toString();
        model = temp.resolve("model.json");
        training = CliRun.run("train", "--data", data, "--layers", "16,8,10", "--epochs", "2", "--batch", "5",
                "--engine", "reference", "--save", model.toString()).assertSuccess();
    }

    @Test
    void evaluateCountsCorrectTestExamplesOfASavedModel() {
        CliRun run = CliRun.run("evaluate", "--model", model.toString(), "--data", data).assertSuccess();

        assertEquals(1, run.outLines().size(), run::toString);
        assertTrue(run.outLines().getFirst().matches("\\d+ / 20 \\(\\d+\\.\\d\\d%\\) on tiny test"), run::toString);
    }

    @Test
    void severalModelsVoteAndEachIsCountedAlone() {
        Path other = temp.resolve("other.json");
        CliRun.run("train", "--data", data, "--layers", "16,12,10", "--epochs", "3", "--batch", "5", "--seed", "7",
                "--engine", "reference", "--save", other.toString()).assertSuccess();
        String alone = CliRun.run("evaluate", "--model", model.toString(), "--data", data).assertSuccess()
                .outLines().getFirst().replace(" on tiny test", "");

        CliRun run = CliRun.run("evaluate", "--model", model.toString(), "--model", other.toString(),
                "--model", model.toString(), "--data", data).assertSuccess();

        List<String> lines = run.outLines();
        assertEquals(4, lines.size(), run::toString);
        assertEquals(model + ": " + alone, lines.get(0));
        assertTrue(lines.get(1).startsWith(other + ": "), run::toString);
        // Two of the three voters are the same model: the majority is always its answer.
        assertEquals(alone + " on tiny test, 3 models voting", lines.get(3));
    }

    @Test
    void modelsOfDifferentShapesCannotVote() {
        Path wide = temp.resolve("wide.json");
        CliRun.run("train", "--data", data, "--layers", "16,8,12", "--epochs", "0", "--save", wide.toString())
                .assertSuccess();
        CliRun run = CliRun.run("evaluate", "--model", model.toString(), "--model", wide.toString(), "--data", data);
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("the models cannot vote together: " + wide + " has 12 outputs, " + model + " 10"),
                run::toString);
    }

    @Test
    void evaluateAgreesWithTheLastEpochOfTraining() {
        CliRun run = CliRun.run("evaluate", "--model", model.toString(), "--data", data).assertSuccess();

        String lastEpoch = training.outLines().stream().filter(l -> l.startsWith("Epoch 1: ")).findFirst().orElseThrow();
        String counted = lastEpoch.replaceAll("^Epoch 1: (\\d+ / 20 \\([^)]*\\)).*$", "$1");
        assertEquals(counted + " on tiny test", run.outLines().getFirst(), () -> training + "\n" + run);
    }

    @Test
    void evaluateOnOtherSplits() {
        CliRun validation = CliRun.run("evaluate", "--model", model.toString(), "--data", data, "--split", "validation")
                .assertSuccess();
        CliRun trainingSplit = CliRun.run("evaluate", "--model", model.toString(), "--data", data, "--split", "training")
                .assertSuccess();

        assertTrue(validation.out().matches("\\d+ / 10 \\(\\d+\\.\\d\\d%\\) on tiny validation\\R"), validation::toString);
        assertTrue(trainingSplit.out().matches("\\d+ / 50 \\(\\d+\\.\\d\\d%\\) on tiny training\\R"), trainingSplit::toString);
    }

    @Test
    void inspectListsLayersShapesAndParameterCount() {
        CliRun run = CliRun.run("inspect", "--model", model.toString()).assertSuccess();

        List<String> lines = run.outLines();
        assertEquals("Model: " + model, lines.get(0));
        assertEquals("Layers: 16,8,10; cost: QuadraticCost", lines.get(1));
        assertEquals("Layer  Kind           Output  Parameters  Weights  Biases", lines.get(2));
        assertEquals("0      input          16               0", lines.get(3));
        assertEquals("1      fc:8:sigmoid   8              136  8 x 16   8", lines.get(4));
        assertEquals("2      fc:10:sigmoid  10              90  10 x 8   10", lines.get(5));
        // 8*16 + 8 + 10*8 + 10
        assertEquals("Parameters: 226", lines.get(6));
    }

    @Test
    void inspectShowsHowTheModelWasTrained() {
        CliRun run = CliRun.run("inspect", "--model", model.toString()).assertSuccess();

        String trained = run.outLines().getLast();
        assertTrue(trained.startsWith("Trained: backprop "), run::toString);
        for (String fact : List.of("(50 examples)", "seed 1", "reference engine", "2 epochs", "mini-batch 5", "eta 3.0",
                "init large", "after 2 epochs")) {
            assertTrue(trained.contains(fact), () -> "'" + fact + "' missing\n" + run);
        }
    }

    @Test
    void inspectNeedsNoData() {
        CliRun run = CliRun.run("inspect", "--model", model.toString()).assertSuccess();

        assertEquals("", run.err());
    }

    @Test
    void inspectGroupsThousandsInTheParameterCount() {
        Path big = temp.resolve("big.json");
        String mnistSized = IdxFiles.mnistLayout(temp.resolve("28x28"), 12, 6, 28, 28, false).toString();
        CliRun.run("train", "--data", mnistSized, "--layers", "784,30,10", "--epochs", "0", "--save", big.toString())
                .assertSuccess();

        CliRun run = CliRun.run("inspect", "--model", big.toString()).assertSuccess();

        // The book's network: 784*30 + 30 + 30*10 + 10.
        assertTrue(run.outLines().contains("Parameters: 23,860"), run::toString);
        assertTrue(run.outLines().contains("1      fc:30:sigmoid  30          23,550  30 x 784  30"), run::toString);
    }
}
