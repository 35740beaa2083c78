package backprop.cli;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.data.Splits;
import backprop.data.Standardization;
import backprop.engine.FastBackprop;
import backprop.io.ModelFile;
import backprop.io.Provenance;
import backprop.io.SavedCheckpoint;
import backprop.io.SavedModel;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.train.Backprop;
import backprop.train.BackpropFactory;
import backprop.train.Checkpoint;
import backprop.train.EpochResult;
import backprop.train.Evaluation;
import backprop.train.MiniBatchSgd;
import backprop.train.Monitor;
import backprop.train.Optimizer;
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
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code backprop train}: the book's run by default, {@code net.SGD(training_data, 30, 10, 3.0, test_data=test_data)}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network by mini-batch stochastic gradient descent and print each epoch's accuracy.",
        footer = {"", "Examples:",
                "  backprop train                                   the book's run: 784,30,10, 30 epochs, batch 10, eta 3.0",
                "  backprop train --layers 784,100,10 --cost cross-entropy --lambda 5 --eta 0.5 --init scaled --eval validation",
                "  backprop train --recipe network2 --epochs 5      the same, for 5 epochs",
                "  backprop train --recipe mnist-best --save best.json",
                "  backprop train --epochs 5 --save model.json     then: backprop evaluate --model model.json",
                "  backprop train --epochs 5 --plot training.png    cost and accuracy per epoch, as a picture",
                "  backprop train --layers 784,30,30,30,10 --train-size 1000 --plot-gradients gradients.png",
                "  backprop train --save run.json --checkpoint-every 1   then, after Ctrl-C or to go further:",
                "  backprop train --resume run.json --epochs 40",
                "  backprop train --data iris.csv --label-column species --standardize --layers 4,10,3 --eta 0.5",
                "  backprop train --epochs 5 --json | jq .evaluation.accuracy",
                "",
                "On a terminal a live bar shows each epoch's progress; Ctrl-C saves a checkpoint (to --save, else "
                        + TrainCommand.DEFAULT_CHECKPOINT + ") and exits with code 130.",
                "'backprop recipes' shows the recipes and the flags each sets."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", paramLabel = "NAME", completionCandidates = Recipe.Names.class,
            description = "A named set of flags: ${COMPLETION-CANDIDATES}. Flags given as well override its "
                    + "settings; '--recipe list' shows what each sets.")
    String recipe;

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

    @Option(names = "--activation", converter = Converters.ActivationConverter.class, defaultValue = "sigmoid",
            completionCandidates = Converters.ActivationNames.class, paramLabel = "sigmoid|tanh|relu|leaky-relu",
            description = "Activation of the hidden layers (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--output", converter = Converters.ActivationConverter.class,
            completionCandidates = Converters.ActivationNames.class, paramLabel = "sigmoid|softmax|tanh|relu|leaky-relu",
            description = "Activation of the output layer (default: sigmoid, or softmax with --cost log-likelihood).")
    Activation output;

    @Option(names = "--init", converter = Converters.InitializerConverter.class,
            completionCandidates = Converters.InitializerNames.class, defaultValue = "large", paramLabel = "large|scaled|xavier|he",
            description = "Weight initialization: large N(0,1) as network.py, scaled N(0,1/n_in) as network2.py, "
                    + "xavier N(0,2/(n_in+n_out)), he N(0,2/n_in) for ReLU (default: ${DEFAULT-VALUE}).")
    Initializer init;

    @Option(names = "--optimizer", converter = Converters.OptimizerKindConverter.class, defaultValue = "sgd",
            completionCandidates = Converters.OptimizerNames.class, paramLabel = "sgd|momentum|nesterov|adam",
            description = "How gradients become steps: the book's plain SGD, momentum, Nesterov momentum or Adam; "
                    + "Adam wants a small --eta such as 0.001 (default: ${DEFAULT-VALUE}).")
    Optimizer.Kind optimizer;

    @Option(names = "--momentum", paramLabel = "MU", defaultValue = "0.9",
            description = "Momentum coefficient for --optimizer momentum or nesterov (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--lambda", defaultValue = "0", description = "L2 regularization parameter (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--l1", paramLabel = "L", defaultValue = "0",
            description = "L1 regularization parameter (default: ${DEFAULT-VALUE}).")
    double l1;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Probability of dropping each hidden neuron during training, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Mixin
    ScheduleAndStopping rateAndStopping;

    @Option(names = "--augment", paramLabel = "none|shift|elastic[:COPIES]", defaultValue = "none",
            converter = AugmentationChoice.Converter.class,
            description = "Add copies of the training images: shift adds 4 moved by one pixel (the book's "
                    + "expand_mnist.py), elastic adds COPIES elastically distorted ones (default COPIES: 2) "
                    + "(default: ${DEFAULT-VALUE}).")
    AugmentationChoice augment;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialization, shuffling, dropout and elastic distortions (default: ${DEFAULT-VALUE}).")
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

    @Mixin
    CsvOptions csv;

    @Option(names = "--standardize",
            description = "With --data FILE.csv: scale each feature to mean 0 and standard deviation 1, as measured "
                    + "on the training split, in every split; the saved model records the means and deviations.")
    boolean standardize;

    @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
            description = "Draw cost and accuracy per epoch, on the training and the evaluation data, to this picture, "
                    + "rewritten after each epoch. Measures what --monitor prints (a pass over the training data "
                    + "per epoch).")
    Path plot;

    @Option(names = "--plot-gradients", paramLabel = "FILE.png|FILE.svg",
            description = "Draw each hidden layer's speed of learning, ||dC/db|| over the first 1,000 training "
                    + "examples, before training and after each epoch, on a log scale: the book's chapter 5 figure "
                    + "of the vanishing gradient (try --layers 784,30,30,30,10). Rewritten after each epoch.")
    Path plotGradients;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Every N epochs, save the model and its training state (a checkpoint) to the --save file, "
                    + "which then keeps the state at the end too; 'train --resume FILE' continues from it.")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue the run a checkpoint was saved from (by --checkpoint-every, or on Ctrl-C), with "
                    + "its settings, until --epochs epochs in all; the weights end as if it had never stopped. "
                    + "Only --epochs, --save, --plot, --checkpoint-every, --quiet and --json may be given with it.")
    Path resume;

    @Option(names = "--quiet", description = "Print nothing but errors and the closing summary line.")
    boolean quiet;

    @Option(names = "--json",
            description = "Print one JSON object per epoch, and one summing up the run at the end, instead of the "
                    + "lines for people.")
    boolean json;

    @Option(names = "--engine", converter = Converters.EngineConverter.class,
            completionCandidates = Converters.EngineNames.class, defaultValue = "fast", paramLabel = "ENGINE",
            description = "Training engine: fast (float, SIMD, threads), reference (the book's per-example "
                    + "backprop, double) or matrix (whole mini-batch as one matrix, double) (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for --engine fast (default: the number of cores, at most 2); "
                    + "a network too small to share runs on one.")
    Integer threads;

    /** Where Ctrl-C saves the run's checkpoint when there is no --save file. */
    static final String DEFAULT_CHECKPOINT = "backprop-checkpoint.json";

    /** The exit code after Ctrl-C, as a shell reports a process ended by SIGINT (128 + 2). */
    static final int INTERRUPTED = 130;

    /** The flags that shape a new network, which a recipe leaves to the model when training continues --from one. */
    private static final Set<String> NETWORK_FLAGS = Set.of("--layers", "--activation", "--output", "--init");

    /** What may change when a run is resumed: how long it goes on, and where and how it reports. */
    private static final List<String> RESUMABLE = List.of("--epochs", "--save", "--plot", "--checkpoint-every",
            "--quiet", "--json");

    @CommandLine.ParentCommand
    Main parent;

    /** The threads the fast engine runs, once it is made; null for the other engines. */
    private Integer engineThreads;

    /** The recipe {@code --recipe} names, once applied; null without one. */
    private Recipe chosenRecipe;

    /** The recipe's flags that were applied (those the command line did not override), in its order. */
    private final List<String> recipeFlagsApplied = new ArrayList<>();

    /** The flags typed, and for a resumed run those its checkpoint stored; see {@link #given()}. */
    private TrainFlags given;

    /** The mean and deviation of each feature with --standardize, once measured; else null. */
    private Standardization standardization;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (recipe != null && recipe.trim().equalsIgnoreCase(Recipe.LIST)) {
            Recipe.printAll(out);
            return 0;
        }
        SavedCheckpoint resumed = resume == null ? null : resumedCheckpoint();
        applyRecipe();
        chooseCsvEvaluation();
        // Everything the flags alone can tell, before a model or data set is read and long before training ends.
        TrainingOptions options = options(err);
        data.check(csv);
        checkOutputs();
        Network start = resumed != null ? resumed.checkpoint().network() : startingNetwork();
        checkNetwork(start);
        if (resumed != null) {
            checkResumable(resumed.checkpoint(), options);
        }
        TrainingReport report = new TrainingReport(quiet ? TrainingReport.Voice.QUIET
                : json ? TrainingReport.Voice.JSON : TrainingReport.Voice.LINES, out, err);
        Splits splits = data.open(report.log(), csv, null);
        if (standardize) {
            standardization = Standardization.fit(splits.training());
            splits = standardization.apply(splits);
        }
        Dataset original = data.nonEmpty(splits, DataSelection.Split.TRAINING);
        if (trainSize != null) {
            original = original.first(trainSize);
        }
        Dataset evaluation = eval.split() == null ? null : data.nonEmpty(splits, eval.split());
        checkShapes(start, original);
        Dataset training = augmented(original, options.seed());

        if (chosenRecipe != null) {
            report.line("Recipe " + chosenRecipe.id() + ": " + String.join(" ", recipeFlagsApplied));
        }
        if (resumed != null) {
            report.line("Resuming " + resume + " at epoch " + resumed.checkpoint().epoch()
                    + (resumed.checkpoint().midEpoch() ? ", mini-batch " + resumed.checkpoint().batch() : ""));
        }
        report.line("Training " + describe(start) + " on " + describeTraining(original, training)
                + (evaluation == null ? "" : ", evaluating on " + evaluation.size() + " " + evaluation.name() + " examples"));

        List<String> arguments = argumentsToResumeWith();
        Function<List<EpochResult>, Provenance> provenance = history -> provenance(training, options, history);
        ProgressDisplay progress = progressDisplay();
        List<TrainingListener> listeners = new ArrayList<>();
        if (progress != null) {
            listeners.add(progress);
        }
        listeners.addAll(report.epochListeners(monitor, rateAndStopping.changesLearningRate()));
        listeners.addAll(rateAndStopping.listeners(options.epochs(), options.learningRate()));
        if (checkpointEvery != null) {
            // After the schedules: a checkpoint keeps the learning rate they set for the next epoch.
            listeners.add(new CheckpointSaver(checkpointEvery, save, provenance, arguments, report));
        }
        Path dataName = Path.of(data.data).getFileName();
        TrainingPlot plotter = plot == null ? null : new TrainingPlot(plot, LayerSizes.format(start.sizes()) + " on "
                + (dataName == null ? data.data : dataName), eval == EvaluationData.NONE ? "evaluation" : eval.id());
        if (plotter != null) {
            listeners.add(plotter);
        }
        GradientPlot gradients = plotGradients == null ? null : new GradientPlot(plotGradients,
                LayerSizes.format(start.sizes()) + " on " + (dataName == null ? data.data : dataName), training, start);
        if (gradients != null) {
            listeners.add(gradients);
        }
        // The plot shows what --monitor measures; without either, network.py's accuracy alone.
        Monitor what = monitor || plot != null ? Monitor.all() : Monitor.evaluationAccuracyOnly();
        MiniBatchSgd trainer = new MiniBatchSgd(options, what, listeners);
        BackpropFactory engineFactory = engineAnnouncedTo(report, options);
        // From here until what there is to save is saved, Ctrl-C stops the trainer and waits for the save.
        TrainingInterruption interruption = session().ownsProcess()
                ? TrainingInterruption.install(trainer) : TrainingInterruption.none();
        try {
            TrainingResult result;
            try {
                result = resumed != null ? trainer.resume(resumed.checkpoint(), training, evaluation, engineFactory)
                        : trainer.train(start, training, evaluation, engineFactory);
            } finally {
                if (progress != null) {
                    progress.close();
                }
            }
            if (result.interrupted()) {
                return saveInterrupted(result, provenance, arguments, err);
            }
            if (plotter != null) {
                plotter.writeIfNotWritten();
                report.pictureWritten("plot", plot);
            }
            if (gradients != null) {
                gradients.write();
                report.pictureWritten("gradient plot", plotGradients);
            }
            report.finished(result);
            checkNotDiverged(result, options);
            if (eval == EvaluationData.VALIDATION && splits.test().size() > 0) {
                // Validation data chose the epochs (and perhaps the recipe); the test data gives the result to report.
                report.tested(evaluate(result.network(), training, splits.test(), options));
            }
            if (save != null) {
                if (checkpointEvery != null) {
                    ModelFile.saveCheckpoint(result.checkpoint(), provenance.apply(result.history().epochs()),
                            arguments, save);
                } else {
                    ModelFile.save(result.network(), provenance.apply(result.history().epochs()), save);
                }
                report.saved(save, checkpointEvery != null);
            }
            report.close();
        } finally {
            interruption.close();
        }
        return 0;
    }

    /** What the process offers this command: a terminal to draw on, and its Ctrl-C. */
    private Main.Session session() {
        return parent == null ? Main.Session.EMBEDDED : parent.session;
    }

    /** The live bar, on a terminal when the lines for people are printed; else null. */
    private ProgressDisplay progressDisplay() {
        PrintStream terminal = session().terminal();
        return terminal == null || quiet || json ? null : new ProgressDisplay(terminal, 0);
    }

    /**
     * Sets each of the recipe's flags that the command line does not give, as if it had been typed: the
     * recipe's flags are parsed by picocli like the user's, so they get the same conversions and checks.
     * With {@code --from}, the model's layers and activations stand instead of the recipe's.
     */
    void applyRecipe() {
        if (recipe == null) {
            return;
        }
        chosenRecipe = Recipe.parse(recipe);
        recipeFlagsApplied.addAll(given().setFrom(TrainFlags.parse(chosenRecipe.flags()), spec,
                name -> from != null && NETWORK_FLAGS.contains(name), false));
    }

    /** Whether {@code option} was given (typed, or stored by the checkpoint resumed), not a default or a recipe's. */
    private boolean typed(String option) {
        return given().contains(option);
    }

    private TrainFlags given() {
        if (given == null) {
            given = TrainFlags.typed(spec.commandLine().getParseResult());
        }
        return given;
    }

    /**
     * The checkpoint {@code --resume} names, its stored settings applied to this command: only what
     * {@link #RESUMABLE} lists may be typed along with it, since anything else would change the run.
     */
    private SavedCheckpoint resumedCheckpoint() throws IOException {
        for (String option : given().names()) {
            if (!RESUMABLE.contains(option) && !option.equals("--resume") && !option.equals("--debug")) {
                throw new UserError(option + " cannot change when resuming: the run goes on with the settings "
                        + "it started with; with --resume give only " + String.join(", ", RESUMABLE));
            }
        }
        SavedCheckpoint saved = UserFiles.loadCheckpoint(resume);
        CommandLine.ParseResult stored;
        try {
            stored = TrainFlags.parse(saved.arguments());
        } catch (CommandLine.ParameterException e) {
            throw new UserError(resume + ": the settings stored in the checkpoint do not parse: " + e.getMessage(), e);
        }
        given().setFrom(stored, spec, name -> false, true);
        return saved;
    }

    /** Whether this run can continue {@code checkpoint}: something left to do, and an optimizer state that fits. */
    private void checkResumable(Checkpoint checkpoint, TrainingOptions options) {
        int done = checkpoint.epoch();
        if (options.epochs() < done || (options.epochs() == done && checkpoint.midEpoch())) {
            throw new UserError("--epochs " + options.epochs() + ": " + resume + " has done " + done + " epochs"
                    + (checkpoint.midEpoch() ? " and part of epoch " + done : "") + "; ask for more, e.g. --epochs "
                    + (done + 10));
        }
        int moments = checkpoint.optimizer().moments().size();
        if (moments != 0 && moments != options.optimizer().stateCount()) {
            throw new UserError(resume + ": the checkpoint's optimizer state (" + moments + " moments per weight) "
                    + "does not fit --optimizer " + options.optimizer().kind().id());
        }
    }

    /**
     * With CSV data and no test file, the evaluation the user did not choose is on the held-out last sixth
     * (validation); asking for the test data there is an error, since there is none.
     */
    private void chooseCsvEvaluation() {
        if (data.isCsv() && csv.testFile == null && eval == EvaluationData.TEST) {
            if (typed("--eval")) {
                throw new UserError("--eval test: " + data.data + " has no test data; give --test FILE.csv, or use "
                        + "--eval validation (the last sixth of " + data.data + ")");
            }
            eval = EvaluationData.VALIDATION;
        }
    }

    /** The flags about where results go, checked before any work: files that can be written, combinations that make sense. */
    private void checkOutputs() {
        if (quiet && json) {
            throw new UserError("--quiet and --json both choose what is printed; use one of them");
        }
        if (save != null) {
            UserFiles.checkWritable(save, "--save", "model.json");
        }
        if (checkpointEvery != null) {
            if (checkpointEvery < 1) {
                throw new UserError("--checkpoint-every must be at least 1 epoch, got " + checkpointEvery);
            }
            if (save == null) {
                throw new UserError("--checkpoint-every saves to the --save file; give --save FILE as well");
            }
        }
        if (plot != null) {
            PictureFile.check(plot, "--plot", "training.png");
        }
        if (plotGradients != null) {
            PictureFile.check(plotGradients, "--plot-gradients", "gradients.png");
        }
        if (standardize && !data.isCsv()) {
            throw new UserError("--standardize applies to --data FILE.csv (images are already scaled to [0, 1])");
        }
    }

    /** The flags to store in a checkpoint, with the fast engine's threads made explicit: its sums depend on them. */
    private List<String> argumentsToResumeWith() {
        if (engine == Engine.FAST && !typed("--threads")) {
            given().add("--threads", Integer.toString(requestedThreads()));
        }
        return given().arguments();
    }

    /**
     * After Ctrl-C: the state where the run stopped, saved as a checkpoint to --save (else {@link
     * #DEFAULT_CHECKPOINT}), and how to go on from it.
     */
    private int saveInterrupted(TrainingResult result, Function<List<EpochResult>, Provenance> provenance,
                                List<String> arguments, PrintWriter err) throws IOException {
        Checkpoint checkpoint = result.checkpoint();
        if (!checkpoint.network().isFinite()) {
            throw new UserError("interrupted after training diverged (the weights are no longer finite numbers); "
                    + "nothing was saved. Try a smaller --eta.");
        }
        Path file = save != null ? save : Path.of(DEFAULT_CHECKPOINT);
        ModelFile.saveCheckpoint(checkpoint, provenance.apply(checkpoint.history()), arguments, file);
        err.println("Interrupted in epoch " + checkpoint.epoch() + " after " + checkpoint.batch()
                + " mini-batches: saved checkpoint to " + file + "; continue with: backprop train --resume " + file);
        err.flush();
        return INTERRUPTED;
    }

    /** Training that diverged ends with one line saying so; nothing of it is saved. */
    private void checkNotDiverged(TrainingResult result, TrainingOptions options) {
        boolean diverged = result.history().stopReason().filter(MiniBatchSgd.DIVERGED::equals).isPresent();
        if (diverged || !result.network().isFinite()) {
            int epoch = result.history().epochs().size() - 1;
            throw new UserError("training diverged" + (epoch >= 0 ? " in epoch " + epoch : "")
                    + ": the weights are no longer finite numbers, so nothing was saved; try a smaller --eta than "
                    + options.learningRate());
        }
    }

    /**
     * The chosen engine, which prints the settings line when it is made: only then is it known how many
     * threads the fast engine uses (one, whatever was asked, for a network too small to share).
     */
    private BackpropFactory engineAnnouncedTo(TrainingReport report, TrainingOptions trainingOptions) {
        int requestedThreads = requestedThreads();
        return (start, training, options) -> {
            Backprop backprop = engine.withThreads(requestedThreads).create(start, training, options);
            String threadsNote = "";
            if (backprop instanceof FastBackprop fast) {
                engineThreads = fast.threads();
                threadsNote = " (" + engineThreads + (engineThreads == 1 ? " thread" : " threads")
                        + (engineThreads < requestedThreads ? ": too small a network for " + requestedThreads : "")
                        + ")";
            }
            StringBuilder beyondTheBook = new StringBuilder();
            settingsBeyondTheBook(trainingOptions).forEach((name, value) ->
                    beyondTheBook.append(", ").append(name).append(' ').append(value));
            report.line(String.format(Locale.ROOT,
                    "epochs %d, mini-batch %d, eta %s, lambda %s, init %s, seed %d, engine %s%s%s%s",
                    epochs, batch, eta, lambda, from != null ? "from " + from : init.id(), seed, engine.id(),
                    threadsNote, beyondTheBook, noShuffle ? ", no shuffle" : ""));
            return backprop;
        };
    }

    private int requestedThreads() {
        return threads != null ? threads : FastBackprop.defaultThreads();
    }

    /** {@code network} on {@code data}, by the engine that trained it. */
    private Evaluation evaluate(Network network, Dataset training, Dataset data, TrainingOptions options) {
        try (Backprop backprop = engine.withThreads(requestedThreads()).create(network, training, options)) {
            return backprop.evaluate(data, false);
        }
    }

    /**
     * What this run does that the book's chapter 1 run does not (its defaults leave these out), by flag name:
     * for the settings line and the saved model's provenance, which has no fields of its own for them.
     */
    private SequencedMap<String, String> settingsBeyondTheBook(TrainingOptions options) {
        SequencedMap<String, String> settings = new LinkedHashMap<>();
        if (options.optimizer().kind() != Optimizer.Kind.SGD) {
            settings.put("optimizer", options.optimizer().describe());
        }
        if (options.l1() > 0) {
            settings.put("l1", Double.toString(options.l1()));
        }
        if (options.dropout() > 0) {
            settings.put("dropout", Double.toString(options.dropout()));
        }
        rateAndStopping.addSettings(settings, options.learningRate());
        if (augment.kind() != AugmentationChoice.Kind.NONE) {
            settings.put("augment", augment.id());
        }
        if (chosenRecipe != null) {
            settings.put("recipe", chosenRecipe.id());
        }
        return settings;
    }

    /** How the model of a run that has done the epochs of {@code history} was made, for the saved file. */
    private Provenance provenance(Dataset training, TrainingOptions options, List<EpochResult> history) {
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
        for (var setting : settingsBeyondTheBook(options).entrySet()) {
            provenance = provenance.withExtra(setting.getKey(), setting.getValue());
        }
        if (data.labels() != null) {
            // What a CSV model's outputs stand for, and how its inputs were scaled: needed to use it on other files.
            provenance = provenance.withExtra(ModelData.LABEL_COLUMN, data.labelColumnName())
                    .withExtra(ModelData.CLASSES, data.labels().describe());
        }
        if (standardization != null) {
            provenance = provenance.withExtra(ModelData.STANDARDIZE_MEANS, standardization.describeMeans())
                    .withExtra(ModelData.STANDARDIZE_DEVIATIONS, standardization.describeDeviations());
        }
        Double accuracy = history.isEmpty() ? null : history.getLast().evaluationAccuracy().isPresent()
                ? history.getLast().evaluationAccuracy().getAsDouble() : null;
        return provenance.withResult(history.size(), accuracy);
    }

    private TrainingOptions options(PrintWriter err) {
        if (threads != null && engine != Engine.FAST) {
            throw new UserError("--threads only applies to --engine fast, not --engine " + engine.id());
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new UserError("--threads must be between 1 and 256, got " + threads);
        }
        for (String option : List.of("--init", "--activation", "--output")) {
            if (from != null && typed(option)) {
                throw new UserError(option + " does not apply with --from: the model's "
                        + (option.equals("--init") ? "parameters are the start" : "activations are kept"));
            }
        }
        if (!activation.isElementwise()) {
            throw new UserError("--activation " + activation.id() + " is only allowed on the output layer "
                    + "(--output " + activation.id() + "); hidden layers need one of sigmoid, tanh, relu, leaky-relu");
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
        if (!(l1 >= 0) || !Double.isFinite(l1)) {
            throw new UserError("--l1 must be 0 or more, got " + l1);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UserError("--dropout must be at least 0 and less than 1, got " + dropout);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new UserError("--momentum must be at least 0 and less than 1, got " + momentum);
        }
        boolean usesMomentum = optimizer == Optimizer.Kind.MOMENTUM || optimizer == Optimizer.Kind.NESTEROV;
        if (typed("--momentum") && !usesMomentum) {
            throw new UserError("--momentum only applies to --optimizer momentum or nesterov, not " + optimizer.id());
        }
        if (trainSize != null && trainSize < 1) {
            throw new UserError("--train-size must be at least 1, got " + trainSize);
        }
        rateAndStopping.check(eta, typed("--min-eta"), eval, err);
        return new TrainingOptions(epochs, batch, eta, lambda, l1, Optimizer.parse(optimizer.id(), momentum),
                dropout, !noShuffle, seed);
    }

    private Network startingNetwork() throws IOException {
        if (from == null) {
            Cost chosenCost = cost == null ? Cost.QUADRATIC : cost;
            return Network.initialize(layers.values(), activation, outputActivation(chosenCost), chosenCost, init,
                    new SeededRandom(seed));
        }
        SavedModel saved = UserFiles.loadModel(from);
        Network network = saved.network();
        if (typed("--layers") && !Arrays.equals(layers.values(), network.sizes())) {
            throw new UserError("--layers " + layers + " does not match the layers of " + from
                    + " (" + LayerSizes.format(network.sizes()) + ")");
        }
        return cost == null ? network : network.withCost(cost);
    }

    /** {@code --output}, else softmax for the log-likelihood cost it is made for (the book's pairing), else sigmoid. */
    private Activation outputActivation(Cost chosenCost) {
        if (output != null) {
            return output;
        }
        return chosenCost == Cost.LOG_LIKELIHOOD ? Activation.SOFTMAX : Activation.SIGMOID;
    }

    /** What the flags ask of the network that the network itself cannot check: costs that need probabilities, dropout. */
    private void checkNetwork(Network network) {
        Activation last = network.activation(network.layerCount() - 2);
        boolean probabilities = last == Activation.SIGMOID || last == Activation.SOFTMAX;
        if (network.cost() != Cost.QUADRATIC && !probabilities) {
            throw new UserError("the " + network.cost().id() + " cost takes the logarithm of the outputs, which "
                    + last.id() + " does not keep between 0 and 1; use --output softmax or sigmoid");
        }
        if (dropout > 0 && network.layerCount() < 3) {
            throw new UserError("--dropout drops hidden neurons, and " + LayerSizes.format(network.sizes())
                    + " has no hidden layer");
        }
    }

    /** The training data with the copies {@code --augment} asks for. */
    private Dataset augmented(Dataset original, long augmentationSeed) {
        if (augment.kind() != AugmentationChoice.Kind.NONE && !original.isImages()) {
            throw new UserError("--augment " + augment.id() + " works on images, and " + original.name() + " is not");
        }
        return augment.apply(original, augmentationSeed);
    }

    /** E.g. "50 tiny training examples", or with copies "250 examples: 50 tiny training examples and ...". */
    private String describeTraining(Dataset original, Dataset training) {
        String examples = original.size() + " " + original.name() + " examples";
        return training == original ? examples
                : training.size() + " examples: " + examples + " and " + augment.describeCopies();
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
        // Digits keep the book's 10 outputs; other data (a CSV file) wants one output per class.
        fitting[fitting.length - 1] = data.isImages() ? Math.max(fitting[fitting.length - 1], data.classCount())
                : data.classCount();
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
}
