package backprop.web;

import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A training job as the page asks for it, checked: the book's hyper-parameters, within bounds that
 * keep one request from occupying the machine for hours or exhausting its memory.
 *
 * @param layers           layer sizes, input first (e.g. 784, 30, 10)
 * @param activation       of the hidden layers; the output is softmax with the log-likelihood cost, else sigmoid
 * @param trainingExamples use only the first this many training examples, or null for all
 */
record TrainingRequest(List<Integer> layers, int epochs, int miniBatchSize, double learningRate, double lambda,
                       Cost cost, Activation activation, Initializer initializer, Integer trainingExamples, long seed) {

    static final int MAX_EPOCHS = 100;
    static final int MAX_LAYER = 1000;
    static final int MAX_HIDDEN_LAYERS = 4;
    static final Set<String> FIELDS = Set.of("layers", "epochs", "batchSize", "eta", "lambda", "cost", "activation",
            "init", "trainingExamples", "seed");

    /**
     * @param inputs  the data's input size, which the first layer must match
     * @param classes the data's class count, which the last layer must match
     * @param maxWork epochs x training examples x parameters at most: what one job may cost
     */
    static TrainingRequest parse(JsonRequest json, int inputs, int classes, int trainingSize, long maxWork) {
        json.rejectUnknown(FIELDS);
        List<Integer> layers = json.integers("layers", 2, MAX_HIDDEN_LAYERS + 2, 1, Math.max(MAX_LAYER, inputs));
        if (layers.getFirst() != inputs) {
            throw ApiError.badRequest("the first layer must have " + inputs + " neurons, one per input, got "
                    + layers.getFirst());
        }
        if (layers.getLast() != classes) {
            throw ApiError.badRequest("the last layer must have " + classes + " neurons, one per class, got "
                    + layers.getLast());
        }
        for (int l = 1; l < layers.size() - 1; l++) {
            if (layers.get(l) > MAX_LAYER) {
                throw ApiError.badRequest("hidden layers may have at most " + MAX_LAYER + " neurons, got " + layers.get(l));
            }
        }
        int epochs = (int) json.integer("epochs", 1, MAX_EPOCHS);
        int batch = (int) json.integer("batchSize", 1, 10_000);
        double eta = json.number("eta", 1e-6, 100);
        double lambda = json.number("lambda", 0, 1000, 0);
        Cost cost = parse("cost", () -> Cost.parse(json.string("cost", Cost.QUADRATIC.id())));
        Activation hidden = parse("activation", () -> Activation.parse(json.string("activation", Activation.SIGMOID.id())));
        if (!hidden.isElementwise()) {
            throw ApiError.badRequest("'activation' " + hidden.id() + " is only allowed on the output layer");
        }
        Initializer init = parse("init", () -> Initializer.parse(json.string("init", Initializer.SCALED.id())));
        Integer examples = json.has("trainingExamples")
                ? (int) json.integer("trainingExamples", 1, trainingSize) : null;
        long seed = json.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        checkWork(layers, epochs, examples != null ? examples : trainingSize, maxWork);
        return new TrainingRequest(List.copyOf(layers), epochs, batch, eta, lambda, cost, hidden, init, examples, seed);
    }

    /**
     * Every epoch updates every parameter once per training example (BP1-BP4 and the step, for each
     * example of each mini-batch), so epochs x examples x parameters measures a job's work, whatever
     * its batch size; the limit keeps one request from occupying the machine for hours.
     */
    static void checkWork(List<Integer> layers, int epochs, int examples, long maxWork) {
        long parameters = parameters(layers);
        double work = (double) epochs * examples * parameters;
        if (work > maxWork) {
            throw ApiError.badRequest(String.format(java.util.Locale.ROOT, "the job is too large: %d epochs x %d "
                    + "examples x %d parameters = %.3g updates, more than the limit of %.3g per job; use fewer epochs, "
                    + "fewer trainingExamples or smaller layers", epochs, examples, parameters, work, (double) maxWork));
        }
    }

    static long parameters(List<Integer> layers) {
        long parameters = 0;
        for (int l = 1; l < layers.size(); l++) {
            parameters += (long) layers.get(l - 1) * layers.get(l) + layers.get(l);
        }
        return parameters;
    }

    Activation outputActivation() {
        return cost == Cost.LOG_LIKELIHOOD ? Activation.SOFTMAX : Activation.SIGMOID;
    }

    int[] sizes() {
        return layers.stream().mapToInt(Integer::intValue).toArray();
    }

    /** For people: "784,30,10, 5 epochs, batch 10, eta 3.0, quadratic cost". */
    String describe() {
        return String.join(",", layers.stream().map(String::valueOf).toList()) + ", " + epochs + " epochs, batch "
                + miniBatchSize + ", eta " + learningRate + (lambda > 0 ? ", lambda " + lambda : "") + ", "
                + cost.id() + " cost";
    }

    private static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ApiError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'" + field + "': " + e.getMessage());
        }
    }
}
