package backprop.cli;

import backprop.data.Dataset;
import backprop.data.LabelEncoding;
import backprop.data.Splits;
import backprop.data.Standardization;
import backprop.io.SavedModel;
import backprop.nn.Ensemble;
import backprop.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** {@code backprop evaluate}: how many examples of a split a saved model gets right, in double precision. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Count how many examples a saved model classifies correctly (double precision, as network2.py); "
                + "optionally show which classes it confuses, and draw the examples it gets wrong.",
        footer = {"", "Examples:",
                "  backprop evaluate --model model.json",
                "  backprop evaluate --model model.json --split validation",
                "  backprop evaluate --model model.json --matrix                  the confusion matrix as text",
                "  backprop evaluate --model model.json --confusion confusion.png --mistakes mistakes.png",
                "  backprop evaluate --model iris.json --data iris.csv --test iris-test.csv",
                "  backprop evaluate --model a.json --model b.json --model c.json   the three vote (an ensemble)",
                "", "A model trained on a CSV file reads other CSV files with the classes and the standardization it "
                        + "recorded."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "Model file (JSON). Give several and they vote, each example's class the one most of them "
                    + "pick (ties go to the larger summed output), as chapter 6's five networks do.")
    List<Path> models;

    /** The first model: the one whose CSV classes and standardization read the data. */
    private Path model;

    @Mixin
    DataSelection data;

    @Mixin
    CsvOptions csv;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|validation|training",
            converter = DataSelection.SplitConverter.class, completionCandidates = DataSelection.Names.class,
            description = "Which part of the data (default: ${DEFAULT-VALUE}; for a CSV file without --test, "
                    + "validation).")
    DataSelection.Split split;

    @Option(names = "--matrix",
            description = "Also print the confusion matrix: rows the true classes, columns the predicted ones.")
    boolean matrix;

    @Option(names = "--confusion", paramLabel = "FILE.png|FILE.svg",
            description = "Draw the confusion matrix as a heat map to this picture (and print it as text).")
    Path confusion;

    @Option(names = "--mistakes", paramLabel = "FILE.png|FILE.svg",
            description = "Draw the images the model gets wrong, each labelled with its prediction and its true class.")
    Path mistakes;

    @Option(names = "--max-mistakes", paramLabel = "N", defaultValue = "60",
            description = "How many mistakes --mistakes draws at most, the first in the data (default: ${DEFAULT-VALUE}).")
    int maxMistakes;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        data.check(csv);
        CommandFiles files = new CommandFiles();
        models.forEach(file -> files.reads("--model", file));
        files.readsData(data, csv)
                .writesPicture("--confusion", confusion, "confusion.png")
                .writesPicture("--mistakes", mistakes, "mistakes.png").check();
        if (maxMistakes < 1) {
            throw new UserError("--max-mistakes must be at least 1, got " + maxMistakes);
        }
        model = models.getFirst();
        SavedModel saved = UserFiles.loadModel(model);
        Network network = saved.network();
        List<Network> voters = new ArrayList<>(List.of(network));
        for (Path other : models.subList(1, models.size())) {
            voters.add(UserFiles.loadModel(other).network());
        }
        for (int m = 1; m < voters.size(); m++) {
            if (voters.get(m).outputSize() != network.outputSize()) {
                throw new UserError("the models cannot vote together: " + models.get(m) + " has "
                        + voters.get(m).outputSize() + " outputs, " + model + " " + network.outputSize());
            }
        }
        Splits splits = data.open(spec.commandLine().getErr(), csv, data.isCsv() ? ModelData.classes(saved).orElse(null) : null);
        if (data.isCsv()) {
            Optional<Standardization> standardization = ModelData.standardization(saved);
            if (standardization.isPresent()) {
                checkFeatureCount(standardization.get(), splits);
                splits = standardization.get().apply(splits);
            }
        }
        DataSelection.Split chosen = split;
        if (split == DataSelection.Split.TEST && !spec.commandLine().getParseResult().hasMatchedOption("--split")) {
            chosen = data.defaultEvaluationSplit(splits);
        }
        Dataset examples = data.nonEmpty(splits, chosen);
        for (int m = 0; m < models.size(); m++) {
            checkModelFits(models.get(m), voters.get(m), examples);
        }
        if (mistakes != null && !examples.isImages()) {
            throw new UserError("--mistakes draws images, and " + examples.name() + " is not made of images");
        }
        // Double precision, one example at a time, as network2.py's accuracy(): the book's numbers.
        double[][][] outputs = new double[examples.size()][][];
        IntStream.range(0, examples.size()).parallel().forEach(i -> {
            double[] x = examples.input(i);
            outputs[i] = new double[voters.size()][];
            for (int m = 0; m < voters.size(); m++) {
                outputs[i][m] = voters.get(m).feedforward(x);
            }
        });
        if (voters.size() > 1) {
            for (int m = 0; m < voters.size(); m++) {
                int alone = 0;
                for (int i = 0; i < outputs.length; i++) {
                    alone += Network.argmax(outputs[i][m]) == examples.label(i) ? 1 : 0;
                }
                out.println(models.get(m) + ": " + alone + " / " + examples.size() + " ("
                        + EpochPrinter.percent(alone, examples.size()) + ")");
            }
        }
        int[] predictions = new int[outputs.length];
        int correct = 0;
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = Ensemble.vote(outputs[i]);
            correct += predictions[i] == examples.label(i) ? 1 : 0;
        }
        out.println(correct + " / " + examples.size() + " (" + EpochPrinter.percent(correct, examples.size())
                + ") on " + examples.name() + (voters.size() > 1 ? ", " + voters.size() + " models voting" : ""));
        List<String> classNames = classNames(network, data.labels());
        if (matrix || confusion != null) {
            ConfusionMatrix counts = new ConfusionMatrix(classNames);
            for (int i = 0; i < predictions.length; i++) {
                counts.add(examples.label(i), predictions[i]);
            }
            out.print(counts.text());
            if (confusion != null) {
                int side = Math.clamp(60L * classNames.size() + 160, 520, 1400);
                PictureFile.write(confusion, side + 120, side, (g, width, height) ->
                        counts.draw(g, width, height, "Confusion on " + examples.name() + ": " + model.getFileName()));
                out.println("Wrote confusion matrix to " + confusion);
            }
        }
        if (mistakes != null) {
            List<MistakeGrid.Mistake> wrong = new ArrayList<>();
            for (int i = 0; i < predictions.length && wrong.size() < maxMistakes; i++) {
                if (predictions[i] != examples.label(i)) {
                    wrong.add(new MistakeGrid.Mistake(i, predictions[i]));
                }
            }
            int total = examples.size() - correct;
            MistakeGrid grid = new MistakeGrid(examples, wrong, classNames, (wrong.size() < total
                    ? "The first " + wrong.size() + " of " + total : "All " + total) + " mistakes of "
                    + model.getFileName() + " on " + examples.name());
            PictureFile.write(mistakes, grid.width(), grid.height(), grid::draw);
            out.println("Wrote " + wrong.size() + " of " + total + " mistakes to " + mistakes);
        }
        out.flush();
        return 0;
    }

    /** The name of each output: the CSV labels the model was trained on, else the output's number. */
    private static List<String> classNames(Network network, LabelEncoding labels) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < network.outputSize(); c++) {
            names.add(labels != null && c < labels.classCount() ? labels.name(c) : Integer.toString(c));
        }
        return names;
    }

    private void checkFeatureCount(Standardization standardization, Splits splits) {
        int features = standardization.means().length;
        if (features != splits.training().inputSize()) {
            throw new UserError("the model " + model + " was trained on standardized data of " + features
                    + " features, but " + data.data + " has " + splits.training().inputSize());
        }
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
