package backprop.cli;

import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.run.EvaluationData;
import backprop.run.Recipe;
import backprop.run.Setting;
import backprop.run.TrainingRun;
import backprop.train.Optimizer;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code train} flags that define the run itself: one per {@link Setting} (but {@code --data}, which
 * {@link DataSelection} reads). picocli only collects them, as typed; {@link TrainingRun} parses and
 * checks them, so that the command line and the web API follow one set of rules. The labels and
 * completions come from the enums, so a new cost or activation appears here by itself.
 */
final class RunFlags {
    @Option(names = "--layers", paramLabel = "LAYERS", defaultValue = "784,30,10",
            description = "The layers, input first: sizes of fully connected layers (784,30,10), or with "
                    + "convolutions, e.g. 1x28x28,conv:20x5x5,pool:2,fc:100,softmax:10; an element is N or fc:N[:ACT], "
                    + "softmax:N, conv:FxK[:ACT], pool:P (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
            description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    String epochs;

    @Option(names = "--batch", paramLabel = "M", defaultValue = "10",
            description = "Mini-batch size m (default: ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--eta", paramLabel = "ETA", defaultValue = "3.0",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    String eta;

    @Option(names = "--cost", paramLabel = "COST", completionCandidates = CostNames.class,
            description = "Cost function: ${COMPLETION-CANDIDATES} (default: quadratic, or the --from model's cost).")
    String cost;

    @Option(names = "--activation", paramLabel = "ACT", defaultValue = "sigmoid",
            completionCandidates = HiddenActivationNames.class,
            description = "Activation of the hidden layers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--output", paramLabel = "ACT", completionCandidates = ActivationNames.class,
            description = "Activation of the output layer (default: sigmoid, or softmax with --cost log-likelihood): "
                    + "${COMPLETION-CANDIDATES}.")
    String output;

    @Option(names = "--init", paramLabel = "INIT", defaultValue = "large", completionCandidates = InitializerNames.class,
            description = "Weight initialization: ${COMPLETION-CANDIDATES}; large N(0,1) as network.py, scaled "
                    + "N(0,1/n_in) as network2.py, network3 as network3.py (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "sgd", completionCandidates = OptimizerNames.class,
            description = "How gradients become steps: ${COMPLETION-CANDIDATES}; Adam wants a small --eta such as "
                    + "0.001 (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "MU", defaultValue = "0.9",
            description = "Momentum coefficient for --optimizer momentum or nesterov (default: ${DEFAULT-VALUE}).")
    String momentum;

    @Option(names = "--lambda", paramLabel = "LAMBDA", defaultValue = "0",
            description = "L2 regularization parameter, network2.py's lmbda (default: ${DEFAULT-VALUE}).")
    String lambda;

    @Option(names = "--l1", paramLabel = "L", defaultValue = "0",
            description = "L1 regularization parameter (default: ${DEFAULT-VALUE}).")
    String l1;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Probability of dropping each input of a fully connected layer that follows another "
                    + "layer, during training, in [0, 1), as network3.py (default: ${DEFAULT-VALUE}).")
    String dropout;

    @Option(names = "--schedule", paramLabel = "step:EPOCHS:FACTOR|cosine|none",
            description = "Learning-rate schedule: multiply eta by FACTOR every EPOCHS epochs, or cosine annealing "
                    + "from eta down to --min-eta over the run, or none (the default: eta stays as it is).")
    String schedule;

    @Option(names = "--min-eta", paramLabel = "ETA", description = "Where --schedule cosine ends (default: eta/100).")
    String minEta;

    @Option(names = "--halve-on-plateau", paramLabel = "N",
            description = "Halve eta when the evaluation accuracy has not improved for N epochs, and stop when it "
                    + "would fall below eta/128 (the book's chapter 3 exercise; use with --eval validation).")
    String halveOnPlateau;

    @Option(names = "--early-stop", paramLabel = "N",
            description = "Stop when the evaluation accuracy has not improved for N epochs (the book's "
                    + "no-improvement-in-N rule; use with --eval validation).")
    String earlyStop;

    @Option(names = "--augment", paramLabel = "none|shift|elastic[:COPIES]", defaultValue = "none",
            description = "Add copies of the training images: shift adds 4 moved by one pixel (the book's "
                    + "expand_mnist.py), elastic adds COPIES elastically distorted ones (default COPIES: 2) "
                    + "(default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed for initialization, shuffling, dropout and elastic distortions (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--train-size", paramLabel = "N", description = "Use only the first N training examples.")
    String trainSize;

    @Option(names = "--eval", paramLabel = "DATA", defaultValue = "test", completionCandidates = EvaluationNames.class,
            description = "Data measured after each epoch: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String eval;

    @Option(names = "--keep-best",
            description = "End with the network of the epoch of best evaluation accuracy, not the last (network3.py "
                    + "reports that epoch's test accuracy; use with --eval validation).")
    boolean keepBest;

    @Option(names = "--no-shuffle", description = "Take mini-batches in data order instead of shuffling each epoch.")
    boolean noShuffle;

    private static Iterator<String> ids(Object[] constants, Function<Object, String> id) {
        return Arrays.stream(constants).map(id).iterator();
    }

    static final class CostNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ids(Cost.values(), c -> ((Cost) c).id());
        }
    }

    static final class ActivationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ids(Activation.values(), a -> ((Activation) a).id());
        }
    }

    static final class HiddenActivationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Activation.values()).filter(Activation::isElementwise).map(Activation::id).iterator();
        }
    }

    static final class InitializerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ids(Initializer.values(), i -> ((Initializer) i).id());
        }
    }

    static final class OptimizerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ids(Optimizer.Kind.values(), k -> ((Optimizer.Kind) k).id());
        }
    }

    static final class EvaluationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ids(EvaluationData.values(), e -> ((EvaluationData) e).id());
        }
    }

    static final class RecipeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ids(Recipe.values(), r -> ((Recipe) r).id().toLowerCase(Locale.ROOT));
        }
    }
}
