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
import backprop.run.EvaluationData;
import backprop.run.Recipe;
import backprop.run.RunException;
import backprop.run.Setting;
import backprop.run.TrainingRun;
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
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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
                "  backprop train --layers 784,30,30,30,10 --train-size 1000 --plot-gradients gradients.png",
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

    @Mixin
    CsvOptions csv;

    @Mixin
    TrainOutputs outputs;

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
        SavedCheckpoint resumed = outputs.resume == null ? null : resumedCheckpoint();
        // Everything the flags alone can tell, before a model or data set is read and long before training ends.
        TrainingRun settings = settings();
        settings.warnings(Setting::flag).forEach(warning -> {
            err.println("warning: " + warning);
            err.flush();
        });
        TrainingOptions options = settings.options();
        outputs.checkThreads();
        data.check(csv);
        checkOutputs(settings);
        SavedModel fromModel = outputs.from == null ? null : UserFiles.loadModel(outputs.from);
        TrainingReport report = new TrainingReport(outputs.quiet ? TrainingReport.Voice.QUIET
                : outputs.json ? TrainingReport.Voice.JSON : TrainingReport.Voice.LINES, out, err);
        Splits splits = data.open(report.log(), csv, null);
        if (outputs.standardize) {
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
        Network start = resumed != null ? resumed.checkpoint().network() : TrainingStart.startingNetwork(settings, fromModel, outputs.from, original);
        Dataset training = TrainingStart.augmented(settings, original);

        if (settings.recipe() != null) {
            report.line("Recipe " + settings.recipe().id() + ": " + String.join(" ", settings.recipeApplied()));
        }
        if (resumed != null) {
            CheckpointSaver.checkResumable(resumed.checkpoint(), outputs.resume, options);
            report.line("Resuming " + outputs.resume + " at epoch " + resumed.checkpoint().epoch()
                    + (resumed.checkpoint().midEpoch() ? ", mini-batch " + resumed.checkpoint().batch() : "")
                    + "; saving to " + outputs.save + (outputs.plot == null ? "" : ", plotting to " + outputs.plot));
        }
        report.line("Training " + TrainingStart.describe(start) + " on " + TrainingStart.describeTraining(settings, original, training)
                + (evaluation == null ? "" : ", evaluating on " + evaluation.size() + " " + evaluation.name() + " examples"));

        List<String> arguments = argumentsToResumeWith();
        Function<List<EpochResult>, Provenance> provenance = history -> RunProvenance.of(settings, data, outputs, engineThreads, standardization, training, history);
        ProgressDisplay progress = progressDisplay();
        List<TrainingListener> listeners = new ArrayList<>();
        if (progress != null) {
            listeners.add(progress);
        }
        listeners.addAll(report.epochListeners(outputs.monitor, settings.changesLearningRate()));
        listeners.addAll(settings.scheduleAndStopping());
        if (outputs.checkpointEvery != null) {
            // After the schedules: a checkpoint keeps the learning rate they set for the next epoch.
            listeners.add(new CheckpointSaver(outputs.checkpointEvery, outputs.save, provenance, arguments, report));
        }
        Path dataName = Path.of(data.data).getFileName();
        TrainingPlot plotter = outputs.plot == null ? null : new TrainingPlot(outputs.plot, InspectCommand.notation(start) + " on "
                + (dataName == null ? data.data : dataName),
                settings.eval() == EvaluationData.NONE ? "evaluation" : settings.eval().id());
        if (plotter != null) {
            listeners.add(plotter);
        }
        GradientPlot gradients = outputs.plotGradients == null ? null : new GradientPlot(outputs.plotGradients,
                InspectCommand.notation(start) + " on " + (dataName == null ? data.data : dataName), training, start);
        if (gradients != null) {
            listeners.add(gradients);
        }
        // The plot shows what --monitor measures; without either, network.py's accuracy alone.
        Monitor what = outputs.monitor || outputs.plot != null ? Monitor.all() : Monitor.evaluationAccuracyOnly();
        MiniBatchSgd trainer = new MiniBatchSgd(options, what, listeners, settings.keepBest());
        BackpropFactory engineFactory = outputs.engineAnnouncedTo(report, settings, threads -> engineThreads = threads);
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
            return CheckpointSaver.saveInterrupted(result, outputs.save, provenance, arguments, err);
        }
        if (plotter != null) {
            plotter.writeIfNotWritten();
            report.pictureWritten("plot", outputs.plot);
        }
        if (gradients != null) {
            gradients.write();
            report.pictureWritten("gradient plot", outputs.plotGradients);
        }
        report.finished(result);
        checkNotDiverged(result, options);
        if (settings.keepBest() && result.checkpoint().best() != null) {
            int kept = result.checkpoint().best().epoch();
            // The summary's "best" names the first of equally good epochs; network3.py keeps the last.
            boolean tied = result.history().best().map(first -> first.epoch() != kept).orElse(false);
            report.line("Kept the network of epoch " + kept + " (" + result.checkpoint().best().correct() + " / "
                    + evaluation.size() + " on " + evaluation.name() + "), the best"
                    + (tied ? " (the last of equally good epochs, as network3.py keeps)" : ""));
        }
        if (settings.eval() == EvaluationData.VALIDATION && splits.test().size() > 0) {
            // Validation data chose the epochs (and perhaps the recipe); the test data gives the result to report.
            report.tested(outputs.evaluate(result.network(), training, splits.test(), options));
        }
        if (outputs.save != null) {
            // A resumed checkpoint stays one, so that the run can go further still; with --keep-best the file
            // ends as the best epoch's model, which a checkpoint (the last epoch's state) could not hold.
            boolean asCheckpoint = !settings.keepBest()
                    && (outputs.checkpointEvery != null || (outputs.resume != null && CommandFiles.sameFile(outputs.save, outputs.resume)));
            if (asCheckpoint) {
                ModelFile.saveCheckpoint(result.checkpoint(), provenance.apply(result.history().epochs()),
                        arguments, outputs.save);
            } else {
                ModelFile.save(result.network(), provenance.apply(result.history().epochs()), outputs.save);
            }
            report.saved(outputs.save, asCheckpoint);
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
        return terminal == null || outputs.quiet || outputs.json ? null : new ProgressDisplay(terminal, 0);
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
                settings = settings.withRecipe(chosen, outputs.from != null ? NETWORK_SETTINGS : Set.of());
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
                if (outputs.from != null && given().contains(design.flag())) {
                    throw new UserError(design.flag() + " does not apply with --from: the model's "
                            + (design == Setting.INIT ? "parameters are the start" : "activations are kept"));
                }
            }
            settings.check(outputs.from != null);
            if (outputs.from == null && outputs.resume == null && settings.layers().split(",", -1)[0].trim().matches("[0-9x ]*")) {
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
        SavedCheckpoint saved = UserFiles.loadCheckpoint(outputs.resume);
        StoredPaths paths = StoredPaths.of(outputs.resume, saved.arguments());
        if (!plotTyped && paths.guessed() && paths.relative("--plot") != null) {
            throw new UserError(outputs.resume + " stores --plot " + paths.relative("--plot") + " relative to the directory "
                    + "its run started in, which it does not record (it was written by an older backprop and has "
                    + "moved since); give --plot FILE");
        }
        CommandLine.ParseResult stored;
        try {
            stored = TrainFlags.parse(paths.arguments());
        } catch (CommandLine.ParameterException e) {
            throw new UserError(outputs.resume + ": the settings stored in the checkpoint do not parse: " + e.getMessage(), e);
        }
        given().setFrom(stored, spec, name -> false, true);
        if (!saveTyped) {
            // The checkpoint goes on: its own file holds the run, whatever --save it stored (it was that
            // file when it was written; a copy moved elsewhere is continued where it is now).
            outputs.save = outputs.resume;
            given().add("--save", outputs.resume.toString());
        }
        return saved;
    }


    /** The flags about where results go, checked before any work: files that can be written, combinations that make sense. */
    private void checkOutputs(TrainingRun settings) {
        if (outputs.quiet && outputs.json) {
            throw new UserError("--quiet and --json both choose what is printed; use one of them");
        }
        if (outputs.checkpointEvery != null) {
            if (outputs.checkpointEvery < 1) {
                throw new UserError("--checkpoint-every must be at least 1 epoch, got " + outputs.checkpointEvery);
            }
            if (outputs.save == null) {
                throw new UserError("--checkpoint-every saves to the --save file; give --save FILE as well");
            }
        }
        if (outputs.standardize && !data.isCsv()) {
            throw new UserError("--standardize applies to --data FILE.csv (images are already scaled to [0, 1])");
        }
        if (settings.augment().kind() != backprop.run.Augment.Kind.NONE && data.isCsv()) {
            throw new UserError("--augment " + settings.augment().id() + " works on images, and " + data.data
                    + " is not made of images");
        }
        new CommandFiles().readsData(data, csv).reads("--from", outputs.from).reads("--resume", outputs.resume, "--save")
                .writes("--save", outputs.save, "model.json").writesPicture("--plot", outputs.plot, "training.png")
                .writesPicture("--plot-gradients", outputs.plotGradients, "gradients.png").check();
    }

    /** The flags to store in a checkpoint, with the fast engine's threads made explicit: its sums depend on them. */
    private List<String> argumentsToResumeWith() {
        if (outputs.engine == Engine.FAST && !given().contains("--threads")) {
            given().add("--threads", Integer.toString(outputs.requestedThreads()));
        }
        return given().arguments();
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
}
