package backprop.cli;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.data.Splits;
import backprop.engine.FastBackprop;
import backprop.io.ModelFile;
import backprop.io.Provenance;
import backprop.io.SavedModel;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.train.Backprop;
import backprop.train.BackpropFactory;
import backprop.train.EpochResult;
import backprop.train.MiniBatchSgd;
import backprop.train.Monitor;
import backprop.train.TrainingListener;
import backprop.train.TrainingOptions;
import backprop.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code backprop train}: the book's run by default, {@code net.SGD(training_data, 30, 10, 3.0, test_data=test_data)}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network by mini-batch stochastic gradient descent and print each epoch's accuracy.",
        footer = {"", "Examples:",
                "  backprop train                                   the book's run: 784,30,10, 30 epochs, batch 10, eta 3.0",
                "  backprop train --layers 784,100,10 --cost cross-entropy --lambda 5 --eta 0.5 --init scaled --eval validation",
                "  backprop train --epochs 5 --save model.json     then: backprop evaluate --model model.json"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataSelection data;

    @Option(names = "--layers", converter = LayerSizes.Converter.class, paramLabel = "N,N,...", defaultValue = "784,30,10",
            description = "Layer sizes, input first (default: ${DEFAULT-VALUE}).")
    LayerSizes layers;

    @Option(names = "--epochs", defaultValue = "30", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "10", description = "Mini-batch size m (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--eta", defaultValue = "3.0", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double eta;

    @Option(names = "--cost", converter = Converters.CostConverter.class, completionCandidates = Converters.CostNames.class,
            paramLabel = "quadratic|cross-entropy|log-likelihood",
            description = "Cost function (default: quadratic, or the --from model's cost).")
    Cost cost;

    @Option(names = "--lambda", defaultValue = "0", description = "L2 regularization parameter (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--init", converter = Converters.InitializerConverter.class,
            completionCandidates = Converters.InitializerNames.class, defaultValue = "large", paramLabel = "large|scaled|xavier|he",
            description = "Weight initialization: large N(0,1) as network.py, scaled N(0,1/n_in) as network2.py "
                    + "(default: ${DEFAULT-VALUE}).")
    Initializer init;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-size", paramLabel = "N", description = "Use only the first N training examples.")
    Integer trainSize;

    @Option(names = "--eval", defaultValue = "test", paramLabel = "test|validation|none",
            converter = EvaluationData.Converter.class, completionCandidates = EvaluationData.Names.class,
            description = "Data measured after each epoch (default: ${DEFAULT-VALUE}).")
    EvaluationData eval;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained network (network2.py's JSON format).")
    Path save;

    @Option(names = "--from", paramLabel = "FILE", description = "Start from a saved model's parameters.")
    Path from;

    @Option(names = "--no-shuffle", description = "Take mini-batches in data order instead of shuffling each epoch.")
    boolean noShuffle;

    @Option(names = "--monitor", description = "Also print cost and accuracy on training and evaluation data, as network2.py.")
    boolean monitor;

    @Option(names = "--engine", converter = Converters.EngineConverter.class,
            completionCandidates = Converters.EngineNames.class, defaultValue = "fast", paramLabel = "ENGINE",
            description = "Training engine: fast (float, SIMD, threads), reference (the book's per-example "
                    + "backprop, double) or matrix (whole mini-batch as one matrix, double) (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for --engine fast (default: the number of cores, at most 2); "
                    + "a network too small to share runs on one.")
    Integer threads;

    /** The threads the fast engine runs, once it is made; null for the other engines. */
    private Integer engineThreads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Everything the flags alone can tell, before a model or data set is read and long before training ends.
        TrainingOptions options = options();
        data.check();
        if (save != null) {
            UserFiles.checkWritable(save, "--save", "model.json");
        }
        Network start = startingNetwork();
        Splits splits = data.open(err);
        Dataset training = data.nonEmpty(splits, DataSelection.Split.TRAINING);
        if (trainSize != null) {
            training = training.first(trainSize);
        }
        Dataset evaluation = eval.split() == null ? null : data.nonEmpty(splits, eval.split());
        checkShapes(start, training);

        out.println("Training " + describe(start) + " on " + training.size() + " " + training.name() + " examples"
                + (evaluation == null ? "" : ", evaluating on " + evaluation.size() + " " + evaluation.name() + " examples"));
        out.flush();

        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new EpochPrinter(out, monitor));
        Monitor what = monitor ? Monitor.all() : Monitor.evaluationAccuracyOnly();
        TrainingResult result = new MiniBatchSgd(options, what, listeners).train(start, training, evaluation,
                engineAnnouncedTo(out));

        summarize(result, out);
        if (save != null) {
            if (!result.network().isFinite()) {
                throw new UserError("training diverged (the parameters are no longer finite numbers); "
                        + "not saving. Try a smaller --eta.");
            }
            ModelFile.save(result.network(), provenance(training, options, result), save);
            out.println("Saved model to " + save);
        }
        return 0;
    }

    /**
     * The chosen engine, which prints the settings line when it is made: only then is it known how many
     * threads the fast engine uses (one, whatever was asked, for a network too small to share).
     */
    private BackpropFactory engineAnnouncedTo(PrintWriter out) {
        int requestedThreads = threads != null ? threads : FastBackprop.defaultThreads();
        return (start, training, options) -> {
            Backprop backprop = engine.withThreads(requestedThreads).create(start, training, options);
            String threadsNote = "";
            if (backprop instanceof FastBackprop fast) {
                engineThreads = fast.threads();
                threadsNote = " (" + engineThreads + (engineThreads == 1 ? " thread" : " threads")
                        + (engineThreads < requestedThreads ? ": too small a network for " + requestedThreads : "")
                        + ")";
            }
            out.println(String.format(Locale.ROOT,
                    "epochs %d, mini-batch %d, eta %s, lambda %s, init %s, seed %d, engine %s%s%s",
                    epochs, batch, eta, lambda, from != null ? "from " + from : init.id(), seed, engine.id(),
                    threadsNote, noShuffle ? ", no shuffle" : ""));
            out.flush();
            return backprop;
        };
    }

    private Provenance provenance(Dataset training, TrainingOptions options, TrainingResult result) {
        Provenance provenance = Provenance.now()
                .withData(data.data, training.size())
                .withSeed(options.seed())
                .withEngine(engine.id())
                .withHyperParameters(options.epochs(), options.miniBatchSize(), options.learningRate(),
                        options.lambda(), from != null ? "from " + from.getFileName() : init.id(), options.shuffle());
        if (engineThreads != null) {
            // The fast engine's sums, and so its results, depend on how many threads share them.
            provenance = provenance.withExtra("threads", Integer.toString(engineThreads));
        }
        var last = result.history().last();
        return provenance.withResult(result.history().epochs().size(),
                last.flatMap(e -> e.evaluationAccuracy().isPresent()
                        ? java.util.Optional.of(e.evaluationAccuracy().getAsDouble()) : java.util.Optional.empty())
                        .orElse(null));
    }

    private TrainingOptions options() {
        if (threads != null && engine != Engine.FAST) {
            throw new UserError("--threads only applies to --engine fast, not --engine " + engine.id());
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new UserError("--threads must be between 1 and 256, got " + threads);
        }
        if (from != null && spec.commandLine().getParseResult().hasMatchedOption("--init")) {
            throw new UserError("--init does not apply with --from: the model's parameters are the start");
        }
        if (epochs < 0) {
            throw new UserError("--epochs must be 0 or more, got " + epochs);
        }
        if (batch < 1) {
            throw new UserError("--batch must be at least 1, got " + batch);
        }
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new UserError("--eta must be a positive number, got " + eta);
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new UserError("--lambda must be 0 or more, got " + lambda);
        }
        if (trainSize != null && trainSize < 1) {
            throw new UserError("--train-size must be at least 1, got " + trainSize);
        }
        return new TrainingOptions(epochs, batch, eta, lambda, !noShuffle, seed);
    }

    private Network startingNetwork() throws IOException {
        if (from == null) {
            return Network.initialize(layers.values(), cost == null ? Cost.QUADRATIC : cost, init, new SeededRandom(seed));
        }
        SavedModel saved = UserFiles.loadModel(from);
        Network network = saved.network();
        if (spec.commandLine().getParseResult().hasMatchedOption("--layers") && !Arrays.equals(layers.values(), network.sizes())) {
            throw new UserError("--layers " + layers + " does not match the layers of " + from
                    + " (" + LayerSizes.format(network.sizes()) + ")");
        }
        return cost == null ? network : network.withCost(cost);
    }

    /** Whether {@code network} fits {@code data}; the advice differs for a new network and a --from model. */
    private void checkShapes(Network network, Dataset data) {
        boolean inputsFit = data.inputSize() == network.inputSize();
        boolean outputsFit = data.classCount() <= network.outputSize();
        if (from != null) {
            if (!inputsFit) {
                throw new UserError("the input size of the model " + from + " (" + network.inputSize()
                        + ") doesn't match the data: " + data.name() + " has " + data.inputSize() + " inputs per example");
            }
            if (!outputsFit) {
                throw new UserError(data.name() + " has " + data.classCount() + " classes but the model " + from
                        + " has only " + network.outputSize() + " outputs");
            }
            return;
        }
        int[] fitting = network.sizes().clone();
        fitting[0] = data.inputSize();
        fitting[fitting.length - 1] = Math.max(fitting[fitting.length - 1], data.classCount());
        String advice = "; use --layers " + LayerSizes.format(fitting);
        if (!inputsFit) {
            throw new UserError(data.name() + " has " + data.inputSize() + " inputs per example but the network's "
                    + "input layer has " + network.inputSize() + " neurons" + advice);
        }
        if (!outputsFit) {
            throw new UserError(data.name() + " has " + data.classCount() + " classes but the network's output "
                    + "layer has " + network.outputSize() + " neurons" + advice);
        }
    }

    /** What {@code --eval} measures after each epoch. */
    enum EvaluationData {
        TEST(DataSelection.Split.TEST), VALIDATION(DataSelection.Split.VALIDATION), NONE(null);

        private final DataSelection.Split split;

        EvaluationData(DataSelection.Split split) {
            this.split = split;
        }

        /** The split to measure, or null for none. */
        DataSelection.Split split() {
            return split;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static final class Converter implements CommandLine.ITypeConverter<EvaluationData> {
            @Override
            public EvaluationData convert(String value) {
                for (EvaluationData choice : values()) {
                    if (choice.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                        return choice;
                    }
                }
                throw new CommandLine.TypeConversionException("unknown evaluation data '" + value
                        + "' (expected one of " + String.join(", ", new Names()) + ")");
            }
        }

        static final class Names implements Iterable<String> {
            @Override
            public Iterator<String> iterator() {
                return Arrays.stream(values()).map(EvaluationData::id).iterator();
            }
        }
    }

    static String describe(Network network) {
        return LayerSizes.format(network.sizes()) + " (" + String.join(", ",
                network.activations().stream().map(a -> a.id()).distinct().toList()) + "; "
                + network.cost().id() + " cost)";
    }

    private static void summarize(TrainingResult result, PrintWriter out) {
        result.history().stopReason().ifPresent(reason -> out.println("Stopped: " + reason));
        var best = result.history().best();
        var last = result.history().last();
        if (best.isPresent() && last.isPresent()) {
            EpochResult b = best.get();
            EpochResult l = last.get();
            out.println("Final: " + l.evaluationCorrect().getAsInt() + " / " + l.evaluationSize() + " ("
                    + EpochPrinter.percent(l.evaluationCorrect().getAsInt(), l.evaluationSize()) + "); best: "
                    + b.evaluationCorrect().getAsInt() + " / " + b.evaluationSize() + " ("
                    + EpochPrinter.percent(b.evaluationCorrect().getAsInt(), b.evaluationSize()) + ") at epoch "
                    + b.epoch() + String.format(Locale.ROOT, "; %.3f s per epoch", result.history().meanTrainingSeconds()));
        }
        out.flush();
    }
}
