package backprop.cli;

import backprop.io.ModelFile;
import backprop.nn.Convolution;
import backprop.nn.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A network with convolutions through every command: train, evaluate, inspect, resume, keep-best. */
class ConvolutionCommandsTest {
    @TempDir
    Path temp;

    private String data;

    @BeforeEach
    void images() {
        data = IdxFiles.mnistLayout(temp.resolve("8x8"), 60, 20, 8, 8, false).toString();
    }

    private CliRun train(String... more) {
        String[] base = {"train", "--data", data, "--layers", "conv:4x3x3,pool:2,fc:12,softmax:10",
                "--cost", "log-likelihood", "--init", "network3", "--batch", "5"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliRun.run(all);
    }

    @Test
    void aConvolutionalNetworkTrainsSavesAndEvaluates() throws IOException {
        Path model = temp.resolve("conv.json");
        CliRun run = train("--eta", "0.1", "--epochs", "3", "--save", model.toString()).assertSuccess();

        assertTrue(run.outLines().getFirst().startsWith(
                "Training 1x8x8,conv:4x3x3:sigmoid,pool:2,fc:12:sigmoid,softmax:10 (sigmoid, softmax; log-likelihood cost)"),
                run::toString);
        assertEquals(3, run.outLinesStartingWith("Epoch ").size(), run::toString);
        Network saved = ModelFile.load(model).network();
        assertInstanceOf(Convolution.class, saved.layer(0));

        String lastEpoch = run.outLinesStartingWith("Epoch 2: ").getFirst().replaceAll("^Epoch 2: (\\d+ / 20).*$", "$1");
        CliRun evaluated = CliRun.run("evaluate", "--model", model.toString(), "--data", data).assertSuccess();
        assertTrue(evaluated.outLines().getFirst().startsWith(lastEpoch + " ("), () -> run + "\n" + evaluated);
        CliRun inspected = CliRun.run("inspect", "--model", model.toString()).assertSuccess();
        assertTrue(inspected.out().contains("conv:4x3x3:sigmoid  4x6x6"), inspected::toString);
    }

    @Test
    void layersThatDoNotFitTheImagesAreNamedWithWhatWould() {
        CliRun run = CliRun.run("train", "--data", data, "--layers", "conv:4x9x9,pool:2,softmax:10", "--epochs", "1");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--layers"), run::toString);
        assertTrue(run.err().contains("conv:4x9x9"), run::toString);
    }

    @Test
    void keepBestSaysWhichEpochItKept() throws IOException {
        Path model = temp.resolve("best.json");
        CliRun run = train("--epochs", "3", "--eval", "validation", "--keep-best", "--eta", "3", "--save", model.toString())
                .assertSuccess();

        String kept = run.outLines().stream().filter(l -> l.startsWith("Kept the network of epoch ")).findFirst()
                .orElseThrow(() -> new AssertionError(run.toString()));
        int epoch = Integer.parseInt(kept.replaceAll("^Kept the network of epoch (\\d+) .*$", "$1"));
        String best = run.outLinesStartingWith("Epoch " + epoch + ": ").getFirst()
                .replaceAll("^Epoch \\d+: (\\d+ / 10).*$", "$1");
        assertTrue(kept.contains("(" + best + " on "), run::toString);
        CliRun evaluated = CliRun.run("evaluate", "--model", model.toString(), "--data", data, "--split",
                "validation").assertSuccess();
        assertTrue(evaluated.outLines().getFirst().startsWith(best + " ("), () -> run + "\n" + evaluated);
    }

    @Test
    void keepBestSaysWhenItKeptTheLastOfEquallyGoodEpochs() {
        // A step too small to change any answer: every epoch is as good as the first.
        CliRun run = train("--epochs", "3", "--eval", "validation", "--keep-best", "--eta", "1e-12").assertSuccess();

        String kept = run.outLines().stream().filter(l -> l.startsWith("Kept the network of epoch ")).findFirst()
                .orElseThrow(() -> new AssertionError(run.toString()));
        assertTrue(kept.startsWith("Kept the network of epoch 2 "), run::toString);
        assertTrue(kept.endsWith("the best (the last of equally good epochs, as network3.py keeps)"), run::toString);
    }

    @Test
    void aCheckpointedConvolutionalRunResumesExactly() throws IOException {
        Path straight = temp.resolve("straight.json");
        train("--eta", "0.1", "--epochs", "3", "--save", straight.toString()).assertSuccess();
        Path part = temp.resolve("part.json");
        train("--eta", "0.1", "--save", part.toString(), "--checkpoint-every", "1", "--epochs", "2").assertSuccess();

        CliRun.run("train", "--resume", part.toString(), "--epochs", "3").assertSuccess();

        assertEquals(ModelFile.load(straight).network(), ModelFile.load(part).network());
    }
}
