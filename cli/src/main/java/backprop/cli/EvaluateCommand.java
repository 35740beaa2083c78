package backprop.cli;

import backprop.data.Dataset;
import backprop.io.ModelFile;
import backprop.nn.Network;
import backprop.reference.ReferenceBackprop;
import backprop.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backprop evaluate}: how many examples of a split a saved model gets right, in double precision. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Count how many examples a saved model classifies correctly (double precision, as network2.py).",
        footer = {"", "Examples:",
                "  backprop evaluate --model model.json",
                "  backprop evaluate --model model.json --split validation"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (JSON).")
    Path model;

    @Mixin
    DataSelection data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|validation|training",
            description = "Which part of the data (default: ${DEFAULT-VALUE}).")
    DataSelection.Split split;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Network network = ModelFile.load(model).network();
        Dataset examples = split.of(data.open(spec.commandLine().getErr()));
        TrainCommand.checkShapes(network, examples);
        Evaluation result = ReferenceBackprop.of(network, ReferenceBackprop.Form.PER_EXAMPLE).evaluate(examples, false);
        out.println(result.correct() + " / " + result.count() + " (" + EpochPrinter.percent(result.correct(), result.count())
                + ") on " + examples.name());
        out.flush();
        return 0;
    }
}
