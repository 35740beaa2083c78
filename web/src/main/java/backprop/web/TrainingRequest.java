package backprop.web;

import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Shape;
import backprop.reference.LayerLearningSpeed;
import backprop.train.Optimizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A training job as the page asks for it, checked: the options of {@code backprop train}, within
 * bounds that keep one request from occupying the machine for hours or exhausting its memory.
 *
 * @param architecture     from {@code layers}: sizes {@code [784, 30, 10]} or the {@code --layers}
 *                         notation, e.g. {@code "1x28x28,conv:20x5x5,pool:2,fc:100,softmax:10"}
 * @param activation       of the hidden layers that name none
 * @param schedule         none, cosine (to a hundredth of eta) or step:EPOCHS:FACTOR
 * @param augment          none, shift (the book's four one-pixel shifts) or elastic:COPIES
 * @param trainingExamples use only the first this many training examples, or null for all
 * @param layerSpeed       measure each hidden layer's learning speed after every epoch (chapter 5)
 */
record TrainingRequest(Architecture architecture, int epochs, int miniBatchSize, double learningRate, double lambda,
                       double l1, Cost cost, Activation activation, Initializer initializer, Optimizer optimizer,
                       double dropout, String schedule, String augment, Integer trainingExamples, long seed,
                       boolean layerSpeed) {

    static final int MAX_EPOCHS = 100;
    static final int MAX_LAYER = 1000;
    static final int MAX_HIDDEN_LAYERS = 4;
    /** Convolutions: at most this many filters per layer; layers of any kind at most {@link #MAX_LAYERS}. */
    static final int MAX_FILTERS = 64;
    static final int MAX_LAYERS = 8;
    static final int MAX_ELASTIC_COPIES = 4;
    static final Set<String> FIELDS = Set.of("layers", "epochs", "batchSize", "eta", "lambda", "l1", "cost",
            "activation", "output", "init", "optimizer", "momentum", "dropout", "schedule", "augment",
            "trainingExamples", "seed", "layerSpeed");

    /**
     * @param input   the shape of the data's examples, which the first layer must match
     * @param classes the data's class count, which the last layer must match
     * @param maxWork epochs x training examples x parameter uses at most: what one job may cost
     */
    static TrainingRequest parse(JsonRequest json, Shape input, int classes, int trainingSize, long maxWork) {
        json.rejectUnknown(FIELDS);
        Cost cost = parse("cost", () -> Cost.parse(json.string("cost", Cost.QUADRATIC.id())));
        Activation hidden = parse("activation", () -> Activation.parse(json.string("activation", Activation.SIGMOID.id())));
        if (!hidden.isElementwise()) {
            throw ApiError.badRequest("'activation' " + hidden.id() + " is only allowed on the output layer");
        }
        Activation defaultOutput = cost == Cost.LOG_LIKELIHOOD ? Activation.SOFTMAX : Activation.SIGMOID;
        Activation output = parse("output", () -> Activation.parse(json.string("output", defaultOutput.id())));
        Architecture architecture = architecture(json, input, classes, hidden, output);
        int epochs = (int) json.integer("epochs", 1, MAX_EPOCHS);
        int batch = (int) json.integer("batchSize", 1, 10_000);
        double eta = json.number("eta", 1e-6, 100);
        double lambda = json.number("lambda", 0, 1000, 0);
        double l1 = json.number("l1", 0, 1000, 0);
        double dropout = json.number("dropout", 0, 0.9, 0);
        double momentum = json.number("momentum", 0, 0.999, 0.9);
        Optimizer optimizer = parse("optimizer", () -> Optimizer.parse(json.string("optimizer", "sgd"), momentum));
        Initializer init = parse("init", () -> Initializer.parse(json.string("init", Initializer.SCALED.id())));
        String schedule = schedule(json.string("schedule", "none"));
        String augment = augment(json.string("augment", "none"));
        Integer examples = json.has("trainingExamples")
                ? (int) json.integer("trainingExamples", 1, trainingSize) : null;
        long seed = json.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        if (json.has("layerSpeed") && !json.require("layerSpeed").isBoolean()) {
            throw ApiError.badRequest("'layerSpeed' must be true or false");
        }
        boolean layerSpeed = json.has("layerSpeed") && json.require("layerSpeed").asBoolean();
        int given = examples != null ? examples : trainingSize;
        // Measuring the layers' speed backpropagates up to 1,000 examples more at every epoch.
        int measured = layerSpeed ? Math.min(given, LayerLearningSpeed.EXAMPLES) : 0;
        checkWork(architecture, epochs, given * (1 + copies(augment)) + measured, maxWork);
        return new TrainingRequest(architecture, epochs, batch, eta, lambda, l1, cost, hidden, init, optimizer, dropout,
                schedule, augment, examples, seed, layerSpeed);
    }

    private static Architecture architecture(JsonRequest json, Shape input, int classes, Activation hidden,
                                             Activation output) {
        JsonNode layers = json.require("layers");
        Architecture architecture;
        if (layers.isArray()) {
            List<Integer> sizes = json.integers("layers", 2, MAX_HIDDEN_LAYERS + 2, 1, Math.max(MAX_LAYER, input.size()));
            if (sizes.getFirst() != input.size()) {
                throw ApiError.badRequest("the first layer must have " + input.size() + " neurons, one per input, got "
                        + sizes.getFirst());
            }
            for (int l = 1; l < sizes.size() - 1; l++) {
                if (sizes.get(l) > MAX_LAYER) {
                    throw ApiError.badRequest("hidden layers may have at most " + MAX_LAYER + " neurons, got "
                            + sizes.get(l));
                }
            }
            architecture = parse("layers", () -> Architecture.dense(sizes.stream().mapToInt(Integer::intValue).toArray(),
                    hidden, output));
        } else if (layers.isTextual()) {
            architecture = parse("layers", () -> Architecture.parse(layers.asText(), input, hidden, output));
            if (architecture.input().size() != input.size()) {
                throw ApiError.badRequest("the first layer must have " + input.size() + " neurons, one per input, got "
                        + architecture.input().size());
            }
        } else {
            throw ApiError.badRequest("'layers' must be a list of sizes like [784, 30, 10] or the --layers notation "
                    + "like \"conv:20x5x5,pool:2,fc:100,softmax:10\"");
        }
        if (architecture.layers().size() > MAX_LAYERS) {
            throw ApiError.badRequest("at most " + MAX_LAYERS + " layers, got " + architecture.layers().size());
        }
        for (Architecture.LayerSpec spec : architecture.layers()) {
            switch (spec) {
                case Architecture.FullyConnectedSpec fc when fc.neurons() > MAX_LAYER && spec != architecture.layers().getLast() ->
                        throw ApiError.badRequest("hidden layers may have at most " + MAX_LAYER + " neurons, got "
                                + fc.neurons());
                case Architecture.ConvolutionSpec conv when conv.filters() > MAX_FILTERS ->
                        throw ApiError.badRequest("a convolution may have at most " + MAX_FILTERS + " filters, got "
                                + conv.filters());
                default -> {
                }
            }
        }
        int last = architecture.outputShape().size();
        if (last != classes) {
            throw ApiError.badRequest("the last layer must have " + classes + " neurons, one per class, got " + last);
        }
        return architecture;
    }

    private static String schedule(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("none") || wanted.equals("cosine")) {
            return wanted;
        }
        if (wanted.matches("step:[1-9][0-9]{0,2}:(0|[1-9][0-9]*)?(\\.[0-9]+)?")) {
            double factor = Double.parseDouble(wanted.substring(wanted.lastIndexOf(':') + 1));
            if (factor > 0 && factor <= 10) {
                return wanted;
            }
        }
        throw ApiError.badRequest("'schedule' must be none, cosine or step:EPOCHS:FACTOR (e.g. step:10:0.5), got '"
                + value + "'");
    }

    private static String augment(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("none") || wanted.equals("shift") || wanted.matches("elastic:[1-" + MAX_ELASTIC_COPIES + "]")) {
            return wanted;
        }
        throw ApiError.badRequest("'augment' must be none, shift or elastic:COPIES with 1 to " + MAX_ELASTIC_COPIES
                + " copies, got '" + value + "'");
    }

    /** Copies made of each training image. */
    static int copies(String augment) {
        return switch (augment) {
            case "none" -> 0;
            case "shift" -> 4;
            default -> Integer.parseInt(augment.substring("elastic:".length()));
        };
    }

    /**
     * Every epoch uses every parameter once per training example (BP1-BP4 and the step, for each
     * example of each mini-batch) and a convolution's at every position of its maps, so epochs x
     * examples x parameter uses measures a job's work, whatever its batch size; the limit keeps one
     * request from occupying the machine for hours.
     */
    static void checkWork(Architecture architecture, int epochs, int examples, long maxWork) {
        long uses = parameterUses(architecture);
        double work = (double) epochs * examples * uses;
        if (work > maxWork) {
            throw ApiError.badRequest(String.format(Locale.ROOT, "the job is too large: %d epochs x %d "
                    + "examples x %d parameters%s = %.3g updates, more than the limit of %.3g per job; use fewer epochs, "
                    + "fewer trainingExamples or smaller layers", epochs, examples, uses,
                    architecture.isFullyConnected() ? "" : " used", work, (double) maxWork));
        }
    }

    /** Each parameter, times the positions a convolution uses it at; for a fully connected network, its parameters. */
    static long parameterUses(Architecture architecture) {
        List<Shape> shapes = architecture.shapes();
        long uses = 0;
        for (int l = 0; l < architecture.layers().size(); l++) {
            Shape in = shapes.get(l);
            Shape out = shapes.get(l + 1);
            uses += switch (architecture.layers().get(l)) {
                case Architecture.FullyConnectedSpec fc -> (long) in.size() * fc.neurons() + fc.neurons();
                case Architecture.ConvolutionSpec conv -> ((long) in.channels() * conv.kernelHeight() * conv.kernelWidth() + 1)
                        * out.size();
                case Architecture.PoolingSpec pool -> 0L;
            };
        }
        return uses;
    }

    /** For people: "784,30,10, 5 epochs, batch 10, eta 3.0, quadratic cost". */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(layersText());
        parts.add(epochs + " epochs, batch " + miniBatchSize + ", eta " + learningRate);
        if (lambda > 0) {
            parts.add("lambda " + lambda);
        }
        if (l1 > 0) {
            parts.add("L1 " + l1);
        }
        if (optimizer.kind() != Optimizer.Kind.SGD) {
            parts.add(optimizer.describe());
        }
        if (dropout > 0) {
            parts.add("dropout " + dropout);
        }
        if (!schedule.equals("none")) {
            parts.add(schedule + " schedule");
        }
        if (!augment.equals("none")) {
            parts.add(augment + " copies");
        }
        parts.add(cost.id() + " cost");
        return String.join(", ", parts);
    }

    /** The layers as typed: sizes for a fully connected network, the notation otherwise. */
    String layersText() {
        if (architecture.isFullyConnected()) {
            List<String> sizes = new ArrayList<>();
            for (Shape shape : architecture.shapes()) {
                sizes.add(Integer.toString(shape.size()));
            }
            return String.join(",", sizes);
        }
        return architecture.notation();
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
