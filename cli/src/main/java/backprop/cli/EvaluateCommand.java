package backprop.cli;

import backprop.data.Dataset;
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
            converter = DataSelection.SplitConverter.class, completionCandidates = DataSelection.Names.class,
            description = "Which part of the data (default: ${DEFAULT-VALUE}).")
    DataSelection.Split split;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        data.check();
        Network network = UserFiles.loadModel(model).network();
        Dataset examples = data.nonEmpty(data.open(spec.commandLine().getErr()), split);
        checkModelFits(model, network, examples);
        Evaluation result = ReferenceBackprop.of(network, ReferenceBackprop.Form.PER_EXAMPLE).evaluate(examples, false);
        out.println(result.correct() + " / " + result.count() + " (" + EpochPrinter.percent(result.correct(), result.count())
                + ") on " + examples.name());
        out.flush();
        return 0;
    }

    /** Whether the saved model {@code file} can classify {@code examples}: evaluate's and show's shape check. */
    static void checkModelFits(Path file, Network network, Dataset examples) {
        if (examples.inputSize() != network.inputSize()) {
            throw new UserError("the model " + file + " expects " + network.inputSize() + " inputs but "
                    + examples.name() + " has " + examples.inputSize() + " inputs per example");
        }
        if (examples.classCount() > network.outputSize()) {
            throw new UserError(examples.name() + " has " + examples.classCount() + " classes but the model " + file
                    + " has only " + network.outputSize() + " outputs");
        }
    }
}
