package backprop.cli;

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
import java.util.concurrent.Callable;

/** {@code backprop inspect}: what is inside a model file. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's layers, the shape of each weight matrix and bias vector, and its parameter count.",
        footer = {"", "Example:", "  backprop inspect --model model.json"})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (JSON).")
    Path model;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
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
        saved.provenance().ifPresent(p -> out.println("Trained: " + p.summary()));
        out.flush();
        return 0;
    }
}
