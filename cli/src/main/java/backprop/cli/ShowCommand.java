package backprop.cli;

import backprop.data.Dataset;
import backprop.io.AtomicFile;
import backprop.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code backprop show}: one example as a picture, with what a model makes of it. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw one image of a data set in the terminal; with a model, show its outputs and prediction.",
        footer = {"", "Examples:",
                "  backprop show --index 0",
                "  backprop show --index 8 --model model.json --png eight.png"})
final class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataSelection data;

    @Option(names = "--index", required = true, paramLabel = "I", description = "Which example (0-based).")
    int index;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|validation|training",
            converter = DataSelection.SplitConverter.class, completionCandidates = DataSelection.Names.class,
            description = "Which part of the data (default: ${DEFAULT-VALUE}).")
    DataSelection.Split split;

    @Option(names = "--model", paramLabel = "FILE", description = "Also show this model's output activations.")
    Path model;

    @Option(names = "--png", paramLabel = "FILE", description = "Also write the image, scaled up, as a PNG file.")
    Path png;

    @Option(names = "--scale", defaultValue = "10", description = "Pixels per image pixel in the PNG (default: ${DEFAULT-VALUE}).")
    int scale;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        // Everything the flags alone can tell, before a model or data set is read.
        if (scale < 1 || scale > 100) {
            throw new UserError("--scale must be between 1 and 100, got " + scale);
        }
        data.check();
        new CommandFiles().reads("--model", model).readsData(data, new CsvOptions())
                .writes("--png", png, "digit.png").check();
        Network network = model == null ? null : UserFiles.loadModel(model).network();
        Dataset examples = data.nonEmpty(data.open(spec.commandLine().getErr()), split);
        if (!examples.isImages()) {
            throw new UserError(examples.name() + " is not made of images");
        }
        if (index < 0 || index >= examples.size()) {
            throw new UserError("--index must be between 0 and " + (examples.size() - 1) + " for " + examples.name()
                    + ", got " + index);
        }
        if (network != null) {
            EvaluateCommand.checkModelFits(model, network, examples);
        }
        out.print(DigitPicture.text(examples, index));
        out.println(examples.name() + " #" + index + ", label: " + examples.label(index));
        if (network != null) {
            double[] output = network.feedforward(examples.input(index));
            StringBuilder line = new StringBuilder("Output:");
            for (int j = 0; j < output.length; j++) {
                line.append(String.format(Locale.ROOT, "  %d: %.2f", j, output[j]));
            }
            out.println(line);
            int prediction = Network.argmax(output);
            out.println("Prediction: " + prediction + (prediction == examples.label(index) ? " (right)" : " (wrong)"));
        }
        if (png != null) {
            writePng(examples, png);
            out.println("Wrote " + png);
        }
        out.flush();
        return 0;
    }

    /** Replaces {@code file} only with a whole picture ({@link AtomicFile}). */
    private void writePng(Dataset examples, Path file) throws IOException {
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(DigitPicture.image(examples, index, scale), "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
