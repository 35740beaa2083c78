package backprop.cli;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.data.Splits;
import backprop.data.Standardization;
import backprop.io.ModelFile;
import backprop.io.Provenance;
import backprop.io.SavedCheckpoint;
import backprop.io.SavedModel;
import backprop.nn.Network;
import backprop.nn.Shape;
import backprop.run.EvaluationData;
import backprop.run.Recipe;
import backprop.run.RunException;
import backprop.run.Setting;
import backprop.run.TrainingRun;
import backprop.train.Backprop;
import backprop.train.BackpropFactory;
import backprop.train.Checkpoint;
import backprop.train.EpochResult;
import backprop.train.Evaluation;
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
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code backprop train}: the book's run by default, {@code net.SGD(training_data, 30, 10, 3.0, test_data=test_data)}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network by mini-batch stochastic gradient descent and print each epoch's accuracy.",
        footer = {"", "Examples:",
                "  backprop train                                   the book's run: 784,30,10, 30 epochs, batch 10, eta 3.0",
                "  backprop train --layers 784,100,10 --cost cross-entropy --lambda 5 --eta 0.5 --init scaled --eval validation",
                "  backprop train --recipe network3-a --epochs 5    chapter 6: conv:20x5x5,pool:2,fc:100,softmax:10",
                "  backprop train --recipe network2 --epochs 5      the same, for 5 epochs",
                "  backprop train --recipe mnist-best --save best.json",
                "  backprop train --epochs 5 --save model.json     then: backprop evaluate --model model.json",
                "  backprop train --epochs 5 --plot training.png    cost and accuracy per epoch, as a picture",
                "  backprop train --save run.json --checkpoint-every 1   then, after Ctrl-C or to go further:",
                "  backprop train --resume run.json --epochs 40",
                "  backprop train --data iris.csv --label-column species --standardize --layers 4,10,3 --eta 0.5",
                "  backprop train --epochs 5 --json | jq .evaluation.accuracy",
                "",
                "On a terminal a live bar shows each epoch's progress; Ctrl-C saves a checkpoint (to --save, else "
                        + TrainCommand.DEFAULT_CHECKPOINT + ", or a new name beside it if that exists) and exits "
                        + "with code 130.",
                "Files are written whole (a temporary file, then a rename), and only new or regular files: not "
                        + "a directory, a pipe or a device, nor a file the run reads; a symbolic link is written "
                        + "through to its target.",
                "'backprop recipes' shows the recipes and the flags each sets."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", paramLabel = "NAME", completionCandidates = RunFlags.RecipeNames.class,
            description = "A named set of flags: ${COMPLETION-CANDIDATES}. Flags given as well override its "
                    + "settings; '--recipe list' shows what each sets.")
    String recipe;

    @Mixin
    DataSelection data;

    @Mixin
    RunFlags run;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained network (network2.py's JSON format "
            + "for fully connected networks, the layered format otherwise).")
    Path save;

    @Option(names = "--from", paramLabel = "FILE", description = "Start from a saved model's parameters.")
    Path from;

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

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Every N epochs, save the model and its training state (a checkpoint) to the --save file, "
                    + "which then keeps the state at the end too; 'train --resume FILE' continues from it.")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue the run a checkpoint was saved from (by --checkpoint-every, or on Ctrl-C), with "
                    + "its settings, until --epochs epochs in all; the weights end as if it had never stopped, and "
                    + "are saved to this checkpoint (or to --save FILE). Only --epochs, --save, --plot, "
                    + "--checkpoint-every, --quiet and --json may be given with it.")
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

    /** The settings that shape a new network, which a recipe leaves to the model when training continues --from one. */
    private static final Set<Setting> NETWORK_SETTINGS = EnumSet.of(Setting.LAYERS, Setting.ACTIVATION,
            Setting.OUTPUT, Setting.INIT);

    /** What may change when a run is resumed: how long it goes on, and where and how it reports. */
    private static final List<String> RESUMABLE = List.of("--epochs", "--save", "--plot", "--checkpoint-every",
            "--quiet", "--json");

    @CommandLine.ParentCommand
    Main parent;

    /** The threads the engine runs, once it is made. */
    private int engineThreads = 1;

    /** The flags typed, and for a resumed run those its checkpoint stored; see {@link #given()}. */
    private TrainFlags given;

    /** The mean and deviation of each feature with --standardize, once measured; else null. */
    private Standardization standardization;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (recipe != null && recipe.trim().equalsIgnoreCase(RecipesCommand.LIST)) {
            RecipesCommand.printAll(out);
            return 0;
        }
        SavedCheckpoint resumed = resume == null ? null : resumedCheckpoint();
        // Everything the flags alone can tell, before a model or data set is read and long before training ends.
        TrainingRun settings = settings();
        settings.warnings(Setting::flag).forEach(warning -> {
            err.println("warning: " + warning);
            err.flush();
        });
        TrainingOptions options = settings.options();
        checkThreads();
        data.check(csv);
        checkOutputs(settings);
        SavedModel fromModel = from == null ? null : UserFiles.loadModel(from);
        TrainingReport report = new TrainingReport(quiet ? TrainingReport.Voice.QUIET
                : json ? TrainingReport.Voice.JSON : TrainingReport.Voice.LINES, out, err);
        Splits splits = data.open(report.log(), csv, null);
        if (standardize) {
            standardization = Standardization.fit(splits.training());
            splits = standardization.apply(splits);
        }
        Dataset original = data.nonEmpty(splits, DataSelection.Split.TRAINING);
        if (settings.trainSize() != null) {
            original = original.first(settings.trainSize());
        }
        Dataset evaluation = switch (settings.eval()) {
            case TEST -> data.nonEmpty(splits, DataSelection.Split.TEST);
            case VALIDATION -> data.nonEmpty(splits, DataSelection.Split.VALIDATION);
            case NONE -> null;
        };
        Network start = resumed != null ? resumed.checkpoint().network() : startingNetwork(settings, fromModel, original);
        Dataset training = augmented(settings, original);

        if (settings.recipe() != null) {
            report.line("Recipe " + settings.recipe().id() + ": " + String.join(" ", settings.recipeApplied()));
        }
        if (resumed != null) {
            checkResumable(resumed.checkpoint(), options);
            report.line("Resuming " + resume + " at epoch " + resumed.checkpoint().epoch()
                    + (resumed.checkpoint().midEpoch() ? ", mini-batch " + resumed.checkpoint().batch() : "")
                    + "; saving to " + save + (plot == null ? "" : ", plotting to " + plot));
        }
        report.line("Training " + describe(start) + " on " + describeTraining(settings, original, training)
                + (evaluation == null ? "" : ", evaluating on " + evaluation.size() + " " + evaluation.name() + " examples"));

        List<String> arguments = argumentsToResumeWith();
        Function<List<EpochResult>, Provenance> provenance = history -> provenance(settings, training, history);
        ProgressDisplay progress = progressDisplay();
        List<TrainingListener> listeners = new ArrayList<>();
        if (progress != null) {
            listeners.add(progress);
        }
        listeners.addAll(report.epochListeners(monitor, settings.changesLearningRate()));
        listeners.addAll(settings.scheduleAndStopping());
        if (checkpointEvery != null) {
            // After the schedules: a checkpoint keeps the learning rate they set for the next epoch.
            listeners.add(new CheckpointSaver(checkpointEvery, save, provenance, arguments, report));
        }
        Path dataName = Path.of(data.data).getFileName();
        TrainingPlot plotter = plot == null ? null : new TrainingPlot(plot, InspectCommand.notation(start) + " on "
                + (dataName == null ? data.data : dataName),
                settings.eval() == EvaluationData.NONE ? "evaluation" : settings.eval().id());
        if (plotter != null) {
            listeners.add(plotter);
        }
        // The plot shows what --monitor measures; without either, network.py's accuracy alone.
        Monitor what = monitor || plot != null ? Monitor.all() : Monitor.evaluationAccuracyOnly();
        MiniBatchSgd trainer = new MiniBatchSgd(options, what, listeners, settings.keepBest());
        BackpropFactory engineFactory = engineAnnouncedTo(report, settings);
        // From here until what there is to save is saved, and any error about it printed, Ctrl-C stops the
        // trainer and waits: the process ends only once the command has returned and its error is out.
        if (session().ownsProcess()) {
            parent.afterReport(TrainingInterruption.install(trainer)::close);
        }
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
        report.finished(result);
        checkNotDiverged(result, options);
        if (settings.keepBest() && result.checkpoint().best() != null) {
            report.line("Kept the network of epoch " + result.checkpoint().best().epoch() + " ("
                    + result.checkpoint().best().correct() + " / " + evaluation.size() + " on "
                    + evaluation.name() + "), the best");
        }
        if (settings.eval() == EvaluationData.VALIDATION && splits.test().size() > 0) {
            // Validation data chose the epochs (and perhaps the recipe); the test data gives the result to report.
            report.tested(evaluate(result.network(), training, splits.test(), options));
        }
        if (save != null) {
            // A resumed checkpoint stays one, so that the run can go further still; with --keep-best the file
            // ends as the best epoch's model, which a checkpoint (the last epoch's state) could not hold.
            boolean asCheckpoint = !settings.keepBest()
                    && (checkpointEvery != null || (resume != null && sameFile(save, resume)));
            if (asCheckpoint) {
                ModelFile.saveCheckpoint(result.checkpoint(), provenance.apply(result.history().epochs()),
                        arguments, save);
            } else {
                ModelFile.save(result.network(), provenance.apply(result.history().epochs()), save);
            }
            report.saved(save, asCheckpoint);
        }
        report.close();
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
     * The run the flags ask for: those given (typed, or stored by the checkpoint resumed), then the recipe's
     * for the rest; with {@code --from}, the model's design stands instead of the recipe's.
     */
    TrainingRun settings() {
        try {
            TrainingRun settings = TrainingRun.defaults();
            for (String name : given().names()) {
                Setting setting = Setting.ofFlag(name);
                if (setting != null) {
                    settings = settings.with(setting, String.join(",", given().values(name)));
                }
            }
            if (recipe != null) {
                Recipe chosen;
                try {
                    chosen = Recipe.parse(recipe);
                } catch (IllegalArgumentException e) {
                    throw new UserError("--recipe " + e.getMessage(), e);
                }
                settings = settings.withRecipe(chosen, from != null ? NETWORK_SETTINGS : Set.of());
            }
            data.data = settings.data();
            if (data.isCsv() && csv.testFile == null && settings.eval() == EvaluationData.TEST) {
                // A CSV file without --test has no test data: the evaluation not chosen is the held-out last sixth.
                if (settings.given(Setting.EVAL)) {
                    throw new UserError("--eval test: " + data.data + " has no test data; give --test FILE.csv, or "
                            + "use --eval validation (the last sixth of " + data.data + ")");
                }
                settings = settings.with(Setting.EVAL, "validation");
            }
            for (Setting design : List.of(Setting.INIT, Setting.ACTIVATION, Setting.OUTPUT)) {
                if (from != null && given().contains(design.flag())) {
                    throw new UserError(design.flag() + " does not apply with --from: the model's "
                            + (design == Setting.INIT ? "parameters are the start" : "activations are kept"));
                }
            }
            settings.check(from != null);
            if (from == null && resume == null && settings.layers().split(",", -1)[0].trim().matches("[0-9x ]*")) {
                // The layers begin with the input's shape: the design can be checked before any data is read.
                settings.initialNetwork(null);
            }
            return settings;
        } catch (RunException e) {
            throw new UserError(e.getMessage(), e);
        }
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
        boolean saveTyped = given().contains("--save");
        boolean plotTyped = given().contains("--plot");
        SavedCheckpoint saved = UserFiles.loadCheckpoint(resume);
        StoredPaths paths = StoredPaths.of(resume, saved.arguments());
        if (!plotTyped && paths.guessed() && paths.relative("--plot") != null) {
            throw new UserError(resume + " stores --plot " + paths.relative("--plot") + " relative to the directory "
                    + "its run started in, which it does not record (it was written by an older backprop and has "
                    + "moved since); give --plot FILE");
        }
        CommandLine.ParseResult stored;
        try {
            stored = TrainFlags.parse(paths.arguments());
        } catch (CommandLine.ParameterException e) {
            throw new UserError(resume + ": the settings stored in the checkpoint do not parse: " + e.getMessage(), e);
        }
        given().setFrom(stored, spec, name -> false, true);
        if (!saveTyped) {
            // The checkpoint goes on: its own file holds the run, whatever --save it stored (it was that
            // file when it was written; a copy moved elsewhere is continued where it is now).
            save = resume;
            given().add("--save", resume.toString());
        }
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

    private void checkThreads() {
        if (threads != null && engine != Engine.FAST) {
            throw new UserError("--threads only applies to --engine fast, not --engine " + engine.id());
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new UserError("--threads must be between 1 and 256, got " + threads);
        }
    }

    /** The flags about where results go, checked before any work: files that can be written, combinations that make sense. */
    private void checkOutputs(TrainingRun settings) {
        if (quiet && json) {
            throw new UserError("--quiet and --json both choose what is printed; use one of them");
        }
        if (checkpointEvery != null) {
            if (checkpointEvery < 1) {
                throw new UserError("--checkpoint-every must be at least 1 epoch, got " + checkpointEvery);
            }
            if (save == null) {
                throw new UserError("--checkpoint-every saves to the --save file; give --save FILE as well");
            }
        }
        if (standardize && !data.isCsv()) {
            throw new UserError("--standardize applies to --data FILE.csv (images are already scaled to [0, 1])");
        }
        if (settings.augment().kind() != backprop.run.Augment.Kind.NONE && data.isCsv()) {
            throw new UserError("--augment " + settings.augment().id() + " works on images, and " + data.data
                    + " is not made of images");
        }
        new CommandFiles().readsData(data, csv).reads("--from", from).reads("--resume", resume, "--save")
                .writes("--save", save, "model.json").writesPicture("--plot", plot, "training.png").check();
    }

    /** Whether both name one existing file. */
    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The flags to store in a checkpoint, with the fast engine's threads made explicit: its sums depend on them. */
    private List<String> argumentsToResumeWith() {
        if (engine == Engine.FAST && !given().contains("--threads")) {
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
        Path file = save != null ? save : newCheckpointFile(Path.of(""));
        try {
            ModelFile.saveCheckpoint(checkpoint, provenance.apply(checkpoint.history()), arguments, file);
        } catch (IOException e) {
            throw new UserError("interrupted in epoch " + checkpoint.epoch() + ", and the checkpoint could not be "
                    + "saved: " + Main.message(e), e);
        }
        err.println("Interrupted in epoch " + checkpoint.epoch() + " after " + checkpoint.batch()
                + " mini-batches: saved checkpoint to " + file + "; continue with: backprop train --resume " + file);
        err.flush();
        return INTERRUPTED;
    }

    /**
     * Where Ctrl-C saves a run without --save: {@link #DEFAULT_CHECKPOINT} in {@code directory}, or if a file of
     * that name exists (another run's checkpoint), the first of backprop-checkpoint-2.json, -3... that does not.
     */
    static Path newCheckpointFile(Path directory) {
        String stem = DEFAULT_CHECKPOINT.substring(0, DEFAULT_CHECKPOINT.length() - ".json".length());
        Path file = directory.resolve(DEFAULT_CHECKPOINT);
        for (int n = 2; Files.exists(file, LinkOption.NOFOLLOW_LINKS); n++) {
            file = directory.resolve(stem + "-" + n + ".json");
        }
        return file;
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
    private BackpropFactory engineAnnouncedTo(TrainingReport report, TrainingRun settings) {
        int requestedThreads = requestedThreads();
        return (start, training, options) -> {
            Backprop backprop = engine.withThreads(requestedThreads).create(start, training, options);
            engineThreads = backprop.threads();
            String threadsNote = engine != Engine.FAST ? "" : " (" + engineThreads
                    + (engineThreads == 1 ? " thread" : " threads")
                    + (engineThreads < requestedThreads ? ": too small a network for " + requestedThreads : "") + ")";
            StringBuilder beyondTheBook = new StringBuilder();
            settings.settingsBeyondTheBook().forEach((name, value) ->
                    beyondTheBook.append(", ").append(name).append(' ').append(value));
            report.line(String.format(Locale.ROOT,
                    "epochs %d, mini-batch %d, eta %s, lambda %s, init %s, seed %d, engine %s%s%s%s",
                    settings.epochs(), settings.miniBatchSize(), settings.eta(), settings.lambda(),
                    from != null ? "from " + from : settings.init().id(), settings.seed(), engine.id(),
                    threadsNote, beyondTheBook, settings.shuffle() ? "" : ", no shuffle"));
            return backprop;
        };
    }

    private int requestedThreads() {
        return threads != null ? threads : Engine.defaultThreads();
    }

    /** {@code network} on {@code data}, by the engine that trained it. */
    private Evaluation evaluate(Network network, Dataset training, Dataset data, TrainingOptions options) {
        try (Backprop backprop = engine.withThreads(requestedThreads()).create(network, training, options)) {
            return backprop.evaluate(data, false);
        }
    }

    /** How the model of a run that has done the epochs of {@code history} was made, for the saved file. */
    private Provenance provenance(TrainingRun settings, Dataset training, List<EpochResult> history) {
        TrainingOptions options = settings.options();
        Provenance provenance = Provenance.now()
                .withData(data.data, training.size())
                .withSeed(options.seed())
                .withEngine(engine.id())
                .withHyperParameters(options.epochs(), options.miniBatchSize(), options.learningRate(),
                        options.lambda(), from != null ? "from " + from.getFileName() : settings.init().id(),
                        options.shuffle());
        if (engine == Engine.FAST) {
            // The fast engine's sums, and so its results, depend on how many threads share them.
            provenance = provenance.withExtra("threads", Integer.toString(engineThreads));
        }
        for (var setting : settings.settingsBeyondTheBook().entrySet()) {
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

    /** A new network for the data, or the {@code --from} model (its layers checked against any typed). */
    private Network startingNetwork(TrainingRun settings, SavedModel fromModel, Dataset training) {
        try {
            if (fromModel == null) {
                Shape shape = training.isImages() ? new Shape(1, training.imageRows(), training.imageColumns())
                        : Shape.vector(training.inputSize());
                Network network = settings.initialNetwork(shape);
                settings.checkFits(network, training, null);
                return network;
            }
            Network network = fromModel.network();
            if (settings.given(Setting.LAYERS) && !sameShapes(settings.initialNetwork(network.inputShape()), network)) {
                throw new UserError("--layers " + settings.layers() + " does not match the layers of " + from
                        + " (" + InspectCommand.notation(network) + ")");
            }
            network = settings.cost() == null ? network : network.withCost(settings.cost());
            settings.checkNetwork(network);
            settings.checkFits(network, training, from.toString());
            return network;
        } catch (RunException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** Whether two networks have the same kinds of layers with the same shapes, whatever their parameters. */
    private static boolean sameShapes(Network a, Network b) {
        if (a.depth() != b.depth() || !a.inputShape().equals(b.inputShape())) {
            return false;
        }
        for (int l = 0; l < a.depth(); l++) {
            if (a.layer(l).getClass() != b.layer(l).getClass()
                    || !a.layer(l).outputShape().equals(b.layer(l).outputShape())) {
                return false;
            }
        }
        return true;
    }

    /** The training data with the copies {@code --augment} asks for. */
    private static Dataset augmented(TrainingRun settings, Dataset original) {
        if (settings.augment().kind() != backprop.run.Augment.Kind.NONE && !original.isImages()) {
            throw new UserError("--augment " + settings.augment().id() + " works on images, and " + original.name()
                    + " is not");
        }
        return settings.augment().apply(original, settings.seed());
    }

    /** E.g. "50 tiny training examples", or with copies "250 examples: 50 tiny training examples and ...". */
    private static String describeTraining(TrainingRun settings, Dataset original, Dataset training) {
        String examples = original.size() + " " + original.name() + " examples";
        return training == original ? examples
                : training.size() + " examples: " + examples + " and " + settings.augment().describeCopies();
    }

    static String describe(Network network) {
        List<String> activations = new ArrayList<>();
        for (var layer : network.layers()) {
            String id = switch (layer) {
                case backprop.nn.FullyConnected fc -> fc.activation().id();
                case backprop.nn.Convolution conv -> conv.activation().id();
                case backprop.nn.MaxPooling pool -> null;
            };
            if (id != null && !activations.contains(id)) {
                activations.add(id);
            }
        }
        return InspectCommand.notation(network) + " (" + String.join(", ", activations) + "; "
                + network.cost().id() + " cost)";
    }
}
