package backprop.run;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.FullyConnected;
import backprop.nn.Initializer;
import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.nn.Shape;
import backprop.train.EarlyStopping;
import backprop.train.Optimizer;
import backprop.train.PlateauHalving;
import backprop.train.TrainingListener;
import backprop.train.TrainingOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.Set;

/**
 * One training run as a user asks for it, whether by the command line's flags or the web API's
 * fields: the network's design, the cost, how it starts, the optimizer and its regularization, how
 * {@code η} changes and when to stop, the data's augmentation, and what is measured. Every rule about
 * these settings lives here, once; a broken one is a {@link RunException} that names the settings as
 * the caller does ({@code --eta} or {@code 'eta'}).
 *
 * <p>Values come in as text ({@link #with}), as typed or sent, so both interfaces parse them alike;
 * the defaults are the book's chapter 1 run.
 */
public final class TrainingRun {
    /** Where the cosine schedule ends when {@link Setting#MIN_ETA} is not given: a hundredth of {@code η₀}. */
    public static final double DEFAULT_COSINE_FLOOR = 0.01;
    /** The most epochs a run may ask for. */
    public static final int MAX_EPOCHS = Integer.MAX_VALUE;

    private String data = "mnist";
    private String layers = "784,30,10";
    private int epochs = 30;
    private int miniBatchSize = 10;
    private double eta = 3.0;
    private Cost cost;
    private Activation activation = Activation.SIGMOID;
    private Activation output;
    private Initializer init = Initializer.LARGE;
    private Optimizer.Kind optimizer = Optimizer.Kind.SGD;
    private double momentum = 0.9;
    private double lambda;
    private double l1;
    private double dropout;
    private Schedule schedule;
    private Double minEta;
    private Integer halveOnPlateau;
    private Integer earlyStop;
    private Augment augment = Augment.NONE;
    private long seed = 1;
    private Integer trainSize;
    private EvaluationData eval = EvaluationData.TEST;
    private boolean keepBest;
    private boolean noShuffle;
    private final EnumSet<Setting> given = EnumSet.noneOf(Setting.class);
    private Recipe recipe;
    private final List<String> recipeApplied = new ArrayList<>();

    private TrainingRun() {
    }

    /** The book's chapter 1 run: 784,30,10, quadratic cost, η 3.0, mini-batch 10, 30 epochs. */
    public static TrainingRun defaults() {
        return new TrainingRun();
    }

    private TrainingRun copy() {
        TrainingRun c = new TrainingRun();
        c.data = data;
        c.layers = layers;
        c.epochs = epochs;
        c.miniBatchSize = miniBatchSize;
        c.eta = eta;
        c.cost = cost;
        c.activation = activation;
        c.output = output;
        c.init = init;
        c.optimizer = optimizer;
        c.momentum = momentum;
        c.lambda = lambda;
        c.l1 = l1;
        c.dropout = dropout;
        c.schedule = schedule;
        c.minEta = minEta;
        c.halveOnPlateau = halveOnPlateau;
        c.earlyStop = earlyStop;
        c.augment = augment;
        c.seed = seed;
        c.trainSize = trainSize;
        c.eval = eval;
        c.keepBest = keepBest;
        c.noShuffle = noShuffle;
        c.given.addAll(given);
        c.recipe = recipe;
        c.recipeApplied.addAll(recipeApplied);
        return c;
    }

    /**
     * This run with {@code setting} given as {@code value} (as typed; {@code "true"} or {@code ""} turns
     * a switch on, {@code "false"} off).
     *
     * @throws RunException when the value is not one the setting takes
     */
    public TrainingRun with(Setting setting, String value) {
        Objects.requireNonNull(value, "value");
        TrainingRun c = copy();
        c.set(setting, value);
        c.given.add(setting);
        return c;
    }

    /**
     * This run with {@code recipe}'s settings wherever this run's were not given; those then count as
     * given. {@code keep} says which of the recipe's settings to leave alone all the same (a model's
     * design, when training goes on from one).
     */
    public TrainingRun withRecipe(Recipe recipe, Set<Setting> keep) {
        TrainingRun c = copy();
        c.recipe = recipe;
        for (Map.Entry<Setting, String> entry : recipe.settings().entrySet()) {
            Setting setting = entry.getKey();
            if (given.contains(setting) || keep.contains(setting)) {
                continue;
            }
            c.set(setting, entry.getValue());
            c.given.add(setting);
            c.recipeApplied.add(setting.isSwitch() ? setting.flag() : setting.flag() + " " + entry.getValue());
        }
        return c;
    }

    private void set(Setting setting, String value) {
        switch (setting) {
            case DATA -> {
                if (value.isBlank()) {
                    throw RunException.of(setting, "is empty; give mnist, fashion-mnist, a directory of IDX files or "
                            + "a CSV file");
                }
                data = value;
            }
            case LAYERS -> {
                if (value.isBlank()) {
                    throw RunException.of(setting, "is empty; give the layers, e.g. 784,30,10 or "
                            + "conv:20x5x5,pool:2,fc:100,softmax:10");
                }
                layers = value.trim();
            }
            case EPOCHS -> epochs = wholeNumber(setting, value, 0, MAX_EPOCHS);
            case BATCH -> miniBatchSize = wholeNumber(setting, value, 1, Integer.MAX_VALUE);
            case ETA -> eta = positive(setting, value);
            case COST -> cost = parsed(setting, value, Cost::parse);
            case ACTIVATION -> activation = parsed(setting, value, Activation::parse);
            case OUTPUT -> output = parsed(setting, value, Activation::parse);
            case INIT -> init = parsed(setting, value, Initializer::parse);
            case OPTIMIZER -> optimizer = parsed(setting, value, name -> Optimizer.parse(name, 0.9).kind());
            case MOMENTUM -> momentum = fraction(setting, value);
            case LAMBDA -> lambda = nonNegative(setting, value);
            case L1 -> l1 = nonNegative(setting, value);
            case DROPOUT -> dropout = fraction(setting, value);
            case SCHEDULE -> schedule = Schedule.parse(value);
            case MIN_ETA -> minEta = positive(setting, value);
            case HALVE_ON_PLATEAU -> halveOnPlateau = wholeNumber(setting, value, 1, MAX_EPOCHS);
            case EARLY_STOP -> earlyStop = wholeNumber(setting, value, 1, MAX_EPOCHS);
            case AUGMENT -> augment = Augment.parse(value);
            case SEED -> seed = longNumber(setting, value);
            case TRAIN_SIZE -> trainSize = wholeNumber(setting, value, 1, Integer.MAX_VALUE);
            case EVAL -> eval = EvaluationData.parse(value);
            case KEEP_BEST -> keepBest = switchValue(setting, value);
            case NO_SHUFFLE -> noShuffle = switchValue(setting, value);
        }
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parsed(Setting setting, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException e) {
            throw RunException.of(setting, Numbers.shown(value) + ": " + e.getMessage());
        }
    }

    private static int wholeNumber(Setting setting, String value, int min, int max) {
        long n = longNumber(setting, value);
        if (n < min) {
            throw RunException.of(setting, "must be at least " + min + ", got " + n);
        }
        if (n > max) {
            throw RunException.of(setting, "must be at most " + max + ", got " + n);
        }
        return (int) n;
    }

    private static long longNumber(Setting setting, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw RunException.of(setting, "must be a whole number, got " + Numbers.shown(value));
        }
    }

    private static double number(Setting setting, String value) {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw RunException.of(setting, "must be a number, got " + Numbers.shown(value));
        }
        if (!Double.isFinite(d)) {
            throw RunException.of(setting, "must be a finite number, got " + Numbers.shown(value));
        }
        return d;
    }

    private static double positive(Setting setting, String value) {
        double d = number(setting, value);
        if (!(d > 0)) {
            throw RunException.of(setting, "must be a positive number, got " + Numbers.compact(d));
        }
        return d;
    }

    private static double nonNegative(Setting setting, String value) {
        double d = number(setting, value);
        if (d < 0) {
            throw RunException.of(setting, "must be 0 or more, got " + Numbers.compact(d));
        }
        return d;
    }

    private static double fraction(Setting setting, String value) {
        double d = number(setting, value);
        if (!(d >= 0 && d < 1)) {
            throw RunException.of(setting, "must be at least 0 and less than 1, got " + Numbers.compact(d));
        }
        return d;
    }

    private static boolean switchValue(Setting setting, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw RunException.of(setting, "is a switch: true or false, got " + Numbers.shown(value));
        };
    }

    // ---- the rules between settings ----

    /**
     * Checks the settings against each other (each alone was checked as it was set).
     *
     * @param fromModel whether the network comes from a model (training goes on from it): its design
     *                  and initialization are then the model's
     * @throws RunException naming the settings that contradict each other
     */
    public void check(boolean fromModel) {
        if (fromModel) {
            for (Setting setting : List.of(Setting.INIT, Setting.ACTIVATION, Setting.OUTPUT)) {
                if (given.contains(setting) && !recipeGave(setting)) {
                    throw new RunException(setting, name -> name.apply(setting) + " does not apply when training "
                            + "goes on from a model: the model's " + (setting == Setting.INIT
                            ? "parameters are the start" : "activations are kept"));
                }
            }
        }
        if (!activation.isElementwise()) {
            throw new RunException(Setting.ACTIVATION, name -> name.apply(Setting.ACTIVATION) + " " + activation.id()
                    + " is only allowed on the output layer (" + name.apply(Setting.OUTPUT) + " " + activation.id()
                    + "); hidden layers need one of sigmoid, tanh, relu, leaky-relu");
        }
        boolean usesMomentum = optimizer == Optimizer.Kind.MOMENTUM || optimizer == Optimizer.Kind.NESTEROV;
        if (given.contains(Setting.MOMENTUM) && !usesMomentum) {
            throw new RunException(Setting.MOMENTUM, name -> name.apply(Setting.MOMENTUM) + " only applies to "
                    + name.apply(Setting.OPTIMIZER) + " momentum or nesterov, not " + optimizer.id());
        }
        if (schedule != null && halveOnPlateau != null) {
            throw new RunException(Setting.SCHEDULE, name -> name.apply(Setting.SCHEDULE) + " and "
                    + name.apply(Setting.HALVE_ON_PLATEAU) + " both set eta; use one of them");
        }
        if (given.contains(Setting.MIN_ETA) && !(schedule instanceof Schedule.Cosine) && !recipeGave(Setting.MIN_ETA)) {
            throw new RunException(Setting.MIN_ETA, name -> name.apply(Setting.MIN_ETA) + " only applies to "
                    + name.apply(Setting.SCHEDULE) + " cosine");
        }
        if (schedule instanceof Schedule.Cosine && minEta != null && minEta > eta) {
            throw new RunException(Setting.MIN_ETA, name -> name.apply(Setting.MIN_ETA) + " " + Numbers.compact(minEta)
                    + " is above " + name.apply(Setting.ETA) + " " + Numbers.compact(eta)
                    + "; the cosine schedule goes down from eta to it");
        }
        if (schedule instanceof Schedule.Step step) {
            checkStepsStayNumbers(step);
        }
        Setting watcher = watcher();
        if (watcher != null && eval == EvaluationData.NONE) {
            throw new RunException(watcher, name -> name.apply(watcher) + " watches the evaluation accuracy, and "
                    + name.apply(Setting.EVAL) + " none measures none; use " + name.apply(Setting.EVAL) + " validation");
        }
    }

    /**
     * A step schedule multiplies eta at every step, including the one after the last epoch (which a checkpoint
     * keeps): refused if that takes it past the largest double or down to zero, before any work, rather than
     * failing after some epochs with "Infinity".
     */
    private void checkStepsStayNumbers(Schedule.Step step) {
        int steps = epochs / step.everyEpochs();
        if (isNumber(eta * Math.pow(step.factor(), steps))) {
            return;
        }
        // Each step moves eta the same way, so the first step that fails is found by bisection.
        int good = 0;
        int bad = steps;
        while (bad - good > 1) {
            int middle = (good + bad) >>> 1;
            if (isNumber(eta * Math.pow(step.factor(), middle))) {
                good = middle;
            } else {
                bad = middle;
            }
        }
        String where = step.factor() > 1 ? "past the largest number there is (about 1.8e308)"
                : "down to 0 (below the smallest number there is, about 4.9e-324)";
        long after = (long) bad * step.everyEpochs();
        throw new RunException(Setting.SCHEDULE, name -> name.apply(Setting.SCHEDULE) + " step:" + step.everyEpochs()
                + ":" + Numbers.readable(step.factor()) + " takes eta " + Numbers.readable(eta) + " " + where
                + " after " + after + " epochs; use a factor nearer 1, or fewer " + name.apply(Setting.EPOCHS));
    }

    private static boolean isNumber(double rate) {
        return Double.isFinite(rate) && rate > 0;
    }

    private boolean recipeGave(Setting setting) {
        return recipe != null && recipe.settings().containsKey(setting)
                && recipeApplied.stream().anyMatch(flag -> flag.startsWith(setting.flag()));
    }

    /** The first setting that watches the evaluation accuracy to decide something, or null. */
    private Setting watcher() {
        return earlyStop != null ? Setting.EARLY_STOP : halveOnPlateau != null ? Setting.HALVE_ON_PLATEAU
                : keepBest ? Setting.KEEP_BEST : null;
    }

    /** What is allowed but unwise: a rule that watches the test data makes the test result optimistic. */
    public List<String> warnings(java.util.function.Function<Setting, String> naming) {
        Setting watcher = watcher();
        if (watcher != null && eval == EvaluationData.TEST) {
            return List.of(naming.apply(watcher) + " is watching the test data; with " + naming.apply(Setting.EVAL)
                    + " validation the test result stays an honest estimate");
        }
        return List.of();
    }

    // ---- what the settings make ----

    /** The cost given, or the book's quadratic cost. */
    public Cost costOrDefault() {
        return cost == null ? Cost.QUADRATIC : cost;
    }

    /** The output layer's activation: as given, else softmax for the log-likelihood cost it is made for, else sigmoid. */
    public Activation outputActivation() {
        if (output != null) {
            return output;
        }
        return costOrDefault() == Cost.LOG_LIKELIHOOD ? Activation.SOFTMAX : Activation.SIGMOID;
    }

    /**
     * The network's design for data whose examples have the shape {@code dataInput} (null when unknown: the
     * layers must then begin with the input's shape).
     */
    public Architecture architecture(Shape dataInput) {
        try {
            return Architecture.parse(layers, dataInput, activation, outputActivation());
        } catch (RunException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw RunException.of(Setting.LAYERS, Numbers.shown(layers) + ": " + e.getMessage());
        }
    }

    /** A new network for this run, initialized from the seed. */
    public Network initialNetwork(Shape dataInput) {
        Network network = architecture(dataInput).initialize(costOrDefault(), init, new SeededRandom(seed));
        checkNetwork(network);
        return network;
    }

    /** What these settings ask of a network that the network alone cannot check. */
    public void checkNetwork(Network network) {
        FullyConnected last = network.outputLayer();
        if (!network.cost().supports(last.activation())) {
            Setting at = given.contains(Setting.OUTPUT) ? Setting.OUTPUT : Setting.COST;
            throw new RunException(at, name -> "the " + network.cost().id() + " cost takes the logarithm of the "
                    + "outputs, which " + last.activation().id() + " does not keep between 0 and 1; use "
                    + name.apply(Setting.OUTPUT) + " softmax or sigmoid");
        }
        if (dropout > 0 && !dropsAnything(network)) {
            throw new RunException(Setting.DROPOUT, name -> name.apply(Setting.DROPOUT) + " drops the outputs of "
                    + "hidden layers into fully connected ones (as network3.py), and "
                    + network.architecture().notation(activation, outputActivation()) + " has no hidden layer");
        }
    }

    private static boolean dropsAnything(Network network) {
        List<Layer> layers = network.layers();
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l) instanceof FullyConnected) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code network} fits {@code data}: one input per value of an example, and an output per class.
     *
     * @param model the model the network comes from when training goes on from one (its layers cannot
     *              change, so the advice differs), or null for a new network
     */
    public void checkFits(Network network, Dataset data, String model) {
        if (model == null) {
            checkFits(network.architecture(), data);
            return;
        }
        boolean inputsFit = data.inputSize() == network.inputSize();
        if (inputsFit && data.classCount() <= network.outputSize()) {
            return;
        }
        String problem = !inputsFit
                ? "the input size of the model " + model + " (" + network.inputSize() + ") doesn't match the data: "
                + data.name() + " has " + data.inputSize() + " inputs per example"
                : data.name() + " has " + data.classCount() + " classes but the model " + model + " has only "
                + network.outputSize() + " outputs";
        throw new RunException(Setting.DATA, name -> problem);
    }

    /**
     * Whether a new network of this design fits {@code data}: one input per value of an example, and an
     * output per class. Checked on the design, before any parameter is made.
     */
    public void checkFits(Architecture design, Dataset data) {
        Shape input = design.input();
        int outputs = design.outputShape().size();
        boolean inputsFit = data.inputSize() == input.size();
        if (inputsFit && data.classCount() <= outputs) {
            return;
        }
        String inputs = input.isVector() ? input.size() + " neurons"
                : "the shape " + input + " (" + input.size() + " values)";
        String problem = !inputsFit
                ? data.name() + " has " + data.inputSize() + " inputs per example but the network's input layer has "
                + inputs
                : data.name() + " has " + data.classCount() + " classes but the network's output layer has "
                + outputs + " neurons";
        String fitting = fitting(design, data);
        throw new RunException(Setting.LAYERS, name -> problem + "; use " + name.apply(Setting.LAYERS) + " " + fitting);
    }

    /** The layers with the input and output changed to fit {@code data}. */
    private String fitting(Architecture design, Dataset data) {
        List<Architecture.LayerSpec> specs = new ArrayList<>(design.layers());
        Architecture.FullyConnectedSpec last = (Architecture.FullyConnectedSpec) specs.getLast();
        // Digits keep the book's 10 outputs; other data (a CSV file) wants one output per class.
        int outputs = data.isImages() ? Math.max(last.neurons(), data.classCount()) : data.classCount();
        specs.set(specs.size() - 1, new Architecture.FullyConnectedSpec(outputs, last.activation()));
        Shape input = data.isImages() && !design.isFullyConnected()
                ? new Shape(1, data.imageRows(), data.imageColumns()) : Shape.vector(data.inputSize());
        try {
            return new Architecture(input, specs).notation(activation, outputActivation());
        } catch (IllegalArgumentException e) {
            return input + ",...," + outputs;
        }
    }

    /** Whether {@link Setting#AUGMENT}'s copies can be made of {@code training}: they are copies of images. */
    public void checkAugmentation(Dataset training) {
        if (augment.kind() != Augment.Kind.NONE && !training.isImages()) {
            throw new RunException(Setting.AUGMENT, name -> name.apply(Setting.AUGMENT) + " " + augment.id()
                    + " works on images, and " + training.name() + " is not");
        }
    }

    /** The optimizer, mini-batches and regularization as the training loop takes them. */
    public TrainingOptions options() {
        return new TrainingOptions(epochs, miniBatchSize, eta, lambda, l1, Optimizer.parse(optimizer.id(), momentum),
                dropout, !noShuffle, seed);
    }

    /** The listeners that change {@code η} as the run goes and end it early, for a run starting at {@code η}. */
    public List<TrainingListener> scheduleAndStopping() {
        List<TrainingListener> listeners = new ArrayList<>();
        if (schedule != null && epochs > 0) {
            listeners.add(schedule.create(epochs, cosineFloor()));
        }
        if (halveOnPlateau != null) {
            listeners.add(new PlateauHalving(halveOnPlateau));
        }
        if (earlyStop != null) {
            listeners.add(new EarlyStopping(earlyStop));
        }
        return listeners;
    }

    /** Whether {@code η} changes during the run, so that each epoch's is worth printing. */
    public boolean changesLearningRate() {
        return schedule != null || halveOnPlateau != null;
    }

    private double cosineFloor() {
        return minEta != null ? minEta : eta * DEFAULT_COSINE_FLOOR;
    }

    /**
     * What this run does that the book's chapter 1 run does not, by flag name without dashes: for the
     * settings line and the saved model's provenance.
     */
    public SequencedMap<String, String> settingsBeyondTheBook() {
        SequencedMap<String, String> settings = new LinkedHashMap<>();
        if (optimizer != Optimizer.Kind.SGD) {
            settings.put("optimizer", options().optimizer().describe());
        }
        if (l1 > 0) {
            settings.put("l1", Double.toString(l1));
        }
        if (dropout > 0) {
            settings.put("dropout", Double.toString(dropout));
        }
        if (schedule != null) {
            settings.put("schedule", schedule.id());
            if (schedule instanceof Schedule.Cosine) {
                settings.put("min-eta", Double.toString(cosineFloor()));
            }
        }
        if (halveOnPlateau != null) {
            settings.put("halve-on-plateau", halveOnPlateau.toString());
        }
        if (earlyStop != null) {
            settings.put("early-stop", earlyStop.toString());
        }
        if (augment.kind() != Augment.Kind.NONE) {
            settings.put("augment", augment.id());
        }
        if (keepBest) {
            settings.put("keep-best", "true");
        }
        if (recipe != null) {
            settings.put("recipe", recipe.id());
        }
        return settings;
    }

    // ---- the settings ----

    /** The data set: {@code --data}, a name such as {@code mnist} or a CSV file. */
    public String data() {
        return data;
    }

    /** The layers in the {@code --layers} notation. */
    public String layers() {
        return layers;
    }

    /** {@code --epochs}: the passes over the training data. */
    public int epochs() {
        return epochs;
    }

    /** {@code --batch}: examples per step. */
    public int miniBatchSize() {
        return miniBatchSize;
    }

    /** {@code --eta}: the learning rate {@code η} of the first epoch. */
    public double eta() {
        return eta;
    }

    /** The cost given, or null for the default (quadratic, or a model's own). */
    public Cost cost() {
        return cost;
    }

    /** {@code --activation}: the hidden layers' activation. */
    public Activation activation() {
        return activation;
    }

    /** {@code --init}: how the weights start. */
    public Initializer init() {
        return init;
    }

    /** {@code --optimizer}: how gradients become steps. */
    public Optimizer.Kind optimizer() {
        return optimizer;
    }

    /** {@code --lambda}: the L2 parameter {@code λ}. */
    public double lambda() {
        return lambda;
    }

    /** {@code --dropout}: the probability of dropping a hidden neuron in training. */
    public double dropout() {
        return dropout;
    }

    /** {@code --schedule}: {@code η} by epoch. */
    public Schedule schedule() {
        return schedule;
    }

    /** {@code --augment}: the extra training copies made before the first epoch. */
    public Augment augment() {
        return augment;
    }

    /** {@code --seed}: every random choice of the run follows from it. */
    public long seed() {
        return seed;
    }

    /** Use only the first this many training examples; null for all. */
    public Integer trainSize() {
        return trainSize;
    }

    /** {@code --eval}: the data measured after each epoch. */
    public EvaluationData eval() {
        return eval;
    }

    /** Whether to end with the parameters of the epoch of best evaluation accuracy (network3.py reports that epoch). */
    public boolean keepBest() {
        return keepBest;
    }

    /** Whether the training data is shuffled before each epoch (unless {@code --no-shuffle}). */
    public boolean shuffle() {
        return !noShuffle;
    }

    /** Whether {@code setting} was given (or set by the recipe), not left at its default. */
    public boolean given(Setting setting) {
        return given.contains(setting);
    }

    /** Every setting given (or set by the recipe), as {@link #given(Setting)} tells them one by one. */
    public Set<Setting> givenSettings() {
        return Collections.unmodifiableSet(given);
    }

    /** The recipe applied, or null. */
    public Recipe recipe() {
        return recipe;
    }

    /** The recipe's settings that were applied (those not given otherwise), as typed, in its order. */
    public List<String> recipeApplied() {
        return List.copyOf(recipeApplied);
    }
}
