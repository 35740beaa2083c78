package backprop.cli;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.nn.Network;
import backprop.run.TrainingRun;
import backprop.train.Backprop;
import backprop.train.BackpropFactory;
import backprop.train.Evaluation;
import backprop.train.TrainingOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The {@code train} flags about everything but the run's settings: where it starts from and saves to,
 * what it prints and draws, and which engine carries it out.
 */
final class TrainOutputs {
    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained network (network2.py's JSON format "
            + "for fully connected networks, the layered format otherwise).")
    Path save;

    @Option(names = "--from", paramLabel = "FILE", description = "Start from a saved model's parameters.")
    Path from;

    @Option(names = "--monitor", description = "Also print cost and accuracy on training and evaluation data, as network2.py.")
    boolean monitor;

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

    void checkThreads() {
        if (threads != null && engine != Engine.FAST) {
            throw new UserError("--threads only applies to --engine fast, not --engine " + engine.id());
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new UserError("--threads must be between 1 and 256, got " + threads);
        }
    }

    /**
     * The chosen engine, which prints the settings line when it is made: only then is it known how many
     * threads the fast engine uses (one, whatever was asked, for a network too small to share).
     */
    BackpropFactory engineAnnouncedTo(TrainingReport report, TrainingRun settings, IntConsumer threadsUsed) {
        int requestedThreads = requestedThreads();
        return (start, training, options) -> {
            Backprop backprop = engine.withThreads(requestedThreads).create(start, training, options);
            int engineThreads = backprop.threads();
            threadsUsed.accept(engineThreads);
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

    int requestedThreads() {
        return threads != null ? threads : Engine.defaultThreads();
    }

    /** {@code network} on {@code data}, by the engine that trained it. */
    Evaluation evaluate(Network network, Dataset training, Dataset data, TrainingOptions options) {
        try (Backprop backprop = engine.withThreads(requestedThreads()).create(network, training, options)) {
            return backprop.evaluate(data, false);
        }
    }
}
