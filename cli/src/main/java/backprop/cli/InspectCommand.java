package backprop.cli;

import backprop.io.ModelFile;
import backprop.io.ModelFormatException;
import backprop.io.SavedCheckpoint;
import backprop.io.SavedModel;
import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.Parameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code backprop inspect}: what is inside a model file. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a model's layers (each one's output shape, parameters, weights and biases, as Keras's "
                + "summary does), how it was trained and, for a checkpoint, where its training stopped; optionally "
                + "draw its first layer's weights (a convolution's filters).",
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
        out.println("Layers: " + notation(network) + "; cost: " + network.cost().modelName());
        summary(network).forEach(out::println);
        out.println(String.format(Locale.ROOT, "Parameters: %,d", network.parameterCount()));
        describeCheckpoint().ifPresent(out::println);
        saved.provenance().ifPresent(p -> out.println("Trained: " + p.summary()));
        if (weights != null) {
            WeightTiles tiles = WeightTiles.of(network, "First-layer weights of " + model.getFileName() + " ("
                    + notation(network) + ")");
            PictureFile.write(weights, tiles.width(), tiles.height(), tiles::draw);
            out.println("Wrote the first layer's weights to " + weights);
        }
        out.flush();
        return 0;
    }

    /** {@code 784,30,10} for a network of the book's kind, else the {@code --layers} notation of every layer. */
    static String notation(Network network) {
        return network.isFullyConnected() && network.inputShape().height() == 1
                ? Arrays.stream(network.sizes()).mapToObj(Integer::toString).collect(Collectors.joining(","))
                : network.architecture().notation();
    }

    /**
     * Keras's summary: each layer's kind, output shape and parameters, in aligned columns. A fully connected
     * layer's weights are {@code neurons x inputs} ({@code w_jk}, as in the book).
     */
    static List<String> summary(Network network) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Layer", "Kind", "Output", "Parameters", "Weights", "Biases"});
        rows.add(new String[] {"0", "input", network.inputShape().toString(), "0", "", ""});
        List<Layer> layers = network.layers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            List<Parameter> parameters = layer.parameters();
            String weights = "";
            String biases = "";
            for (Parameter parameter : parameters) {
                String shape = Arrays.stream(parameter.shape()).mapToObj(Integer::toString)
                        .collect(Collectors.joining(" x "));
                if (parameter.isWeights()) {
                    weights = shape;
                } else {
                    biases = shape;
                }
            }
            rows.add(new String[] {Integer.toString(l + 1), layer.notation(), layer.outputShape().toString(),
                    String.format(Locale.ROOT, "%,d", layer.parameterCount()), weights, biases});
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                // Numbers right-aligned, words left-aligned.
                String format = c == 3 ? "%" + widths[c] + "s" : "%-" + widths[c] + "s";
                line.append(String.format(Locale.ROOT, format, row[c])).append("  ");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
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
