package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.ModelFormatException;
import backprop.io.SavedCheckpoint;
import backprop.io.SavedModel;
import backprop.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code backprop inspect}: what is inside a model file. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a model's layers, the shape of each weight matrix and bias vector, its parameter count, "
                + "how it was trained and, for a checkpoint, where its training stopped; optionally draw its "
                + "first layer's weights.",
        footer = {"", "Examples:",
                "  backprop inspect --model model.json",
                "  backprop inspect --model model.json --weights weights.png     one tile per hidden neuron"})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (JSON).")
    Path model;

    @Option(names = "--weights", paramLabel = "FILE.png|FILE.svg",
            description = "Draw the first layer's weights to this picture: one tile per neuron, laid out like the "
                    + "input (28 x 28 for MNIST), red for positive weights and blue for negative.")
    Path weights;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        new CommandFiles().reads("--model", model).writesPicture("--weights", weights, "weights.png").check();
        SavedModel saved = UserFiles.loadModel(model);
        Network network = saved.network();
        out.println("Model: " + model);
        out.println("Layers: " + LayerSizes.format(network.sizes()) + "; cost: " + network.cost().modelName());
        out.println("Layer 0: " + network.inputSize() + " inputs");
        for (int l = 0; l + 1 < network.layerCount(); l++) {
            out.println(String.format(Locale.ROOT, "Layer %d: %d neurons (%s); weights %d x %d, biases %d",
                    l + 1, network.size(l + 1), network.activation(l).id(), network.size(l + 1), network.size(l),
                    network.size(l + 1)));
        }
        out.println(String.format(Locale.ROOT, "Parameters: %,d", network.parameterCount()));
        describeCheckpoint().ifPresent(out::println);
        saved.provenance().ifPresent(p -> out.println("Trained: " + p.summary()));
        if (weights != null) {
            WeightTiles tiles = new WeightTiles(network, "First-layer weights of " + model.getFileName() + " ("
                    + LayerSizes.format(network.sizes()) + ")");
            PictureFile.write(weights, tiles.width(), tiles.height(), tiles::draw);
            out.println("Wrote the first layer's weights to " + weights);
        }
        out.flush();
        return 0;
    }

    /** Where training stopped, when the model file is a checkpoint; a damaged one is said so, not an error. */
    private Optional<String> describeCheckpoint() throws IOException {
        try {
            return ModelFile.loadCheckpoint(model).map(SavedCheckpoint::checkpoint).map(c -> "Checkpoint: "
                    + c.epoch() + " epochs done" + (c.midEpoch() ? " and " + c.batch() + " mini-batches of the next" : "")
                    + ", eta " + EpochPrinter.learningRate(c.learningRate()) + ", " + c.optimizer().steps()
                    + " steps; continue with 'backprop train --resume " + model + "'");
        } catch (ModelFormatException e) {
            return Optional.of("Checkpoint: damaged, cannot be resumed (" + e.problem() + ")");
        }
    }
}
