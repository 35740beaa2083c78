package backprop.web;

import backprop.nn.Architecture;
import backprop.nn.Shape;
import backprop.reference.LayerLearningSpeed;
import backprop.run.Augment;
import backprop.run.Setting;
import backprop.run.TrainingRun;

import java.util.List;
import java.util.Locale;

/**
 * What one job may ask of the playground, beyond the rules every run follows ({@link TrainingRun}):
 * bounds that keep one request from occupying the machine for hours or exhausting its memory, and
 * networks the page can show. {@code backprop train} has none of them.
 */
final class PlaygroundLimits {
    static final int MAX_EPOCHS = 100;
    /** A mini-batch's activations and deltas are held at once, for every layer. */
    static final int MAX_BATCH = 10_000;
    static final int MAX_HIDDEN_NEURONS = 1000;
    static final int MAX_FILTERS = 64;
    /** Layers of any kind, the output layer included. */
    static final int MAX_LAYERS = 8;
    /** Elastic copies are made up front and held in memory, 784 bytes per image each. */
    static final int MAX_ELASTIC_COPIES = 4;

    private PlaygroundLimits() {
    }

    /** The settings that bound a job's length and memory, each alone. */
    static void checkSettings(TrainingRun run) {
        if (run.epochs() > MAX_EPOCHS) {
            throw tooMuch(Setting.EPOCHS, "must be at most " + MAX_EPOCHS, run.epochs());
        }
        if (run.miniBatchSize() > MAX_BATCH) {
            throw tooMuch(Setting.BATCH, "must be at most " + MAX_BATCH, run.miniBatchSize());
        }
        if (run.augment().kind() == Augment.Kind.ELASTIC && run.augment().copies() > MAX_ELASTIC_COPIES) {
            throw tooMuch(Setting.AUGMENT, "may make at most " + MAX_ELASTIC_COPIES + " elastic copies",
                    run.augment().copies());
        }
    }

    /**
     * The layers: how many, how wide, and an output per class, since the page shows each class's output
     * (a run of {@code backprop train} may have more outputs than classes).
     */
    static void checkDesign(Architecture design, int classes) {
        List<Architecture.LayerSpec> layers = design.layers();
        if (layers.size() > MAX_LAYERS) {
            throw tooMuch(Setting.LAYERS, "may have at most " + MAX_LAYERS + " layers", layers.size());
        }
        for (Architecture.LayerSpec spec : layers) {
            switch (spec) {
                case Architecture.FullyConnectedSpec fc when fc.neurons() > MAX_HIDDEN_NEURONS && spec != layers.getLast() ->
                        throw tooMuch(Setting.LAYERS, "may have at most " + MAX_HIDDEN_NEURONS
                                + " neurons in a hidden layer", fc.neurons());
                case Architecture.ConvolutionSpec conv when conv.filters() > MAX_FILTERS ->
                        throw tooMuch(Setting.LAYERS, "may have at most " + MAX_FILTERS + " filters in a convolution",
                                conv.filters());
                default -> {
                }
            }
        }
        int outputs = design.outputShape().size();
        if (outputs != classes) {
            throw ApiError.badRequest(PlaygroundRun.named(Setting.LAYERS) + " must end with " + classes
                    + " neurons in the playground, one per class for the page to show, got " + outputs);
        }
    }

    /**
     * Every epoch uses every parameter once per training example (BP1-BP4 and the step, for each
     * example of each mini-batch) and a convolution's at every position of its maps, so epochs x
     * examples x parameter uses measures a job's work, whatever its batch size; the limit keeps one
     * request from occupying the machine for hours.
     *
     * @param examples the training examples before their copies
     */
    static void checkWork(Architecture design, TrainingRun run, int examples, boolean layerSpeed, long maxWork) {
        // Measuring the layers' speed backpropagates up to 1,000 examples more at every epoch.
        int measured = layerSpeed ? Math.min(examples, LayerLearningSpeed.EXAMPLES) : 0;
        int used = examples * (1 + run.augment().copies()) + measured;
        long uses = parameterUses(design);
        double work = (double) run.epochs() * used * uses;
        if (work > maxWork) {
            throw ApiError.badRequest(String.format(Locale.ROOT, "the job is too large: %d epochs x %d "
                    + "examples x %d parameters%s = %.3g updates, more than the limit of %.3g per job; use fewer epochs, "
                    + "fewer trainingExamples or smaller layers", run.epochs(), used, uses,
                    design.isFullyConnected() ? "" : " used", work, (double) maxWork));
        }
    }

    /** Each parameter, times the positions a convolution uses it at; for a fully connected network, its parameters. */
    static long parameterUses(Architecture design) {
        List<Shape> shapes = design.shapes();
        long uses = 0;
        for (int l = 0; l < design.layers().size(); l++) {
            Shape in = shapes.get(l);
            Shape out = shapes.get(l + 1);
            uses += switch (design.layers().get(l)) {
                case Architecture.FullyConnectedSpec fc -> (long) in.size() * fc.neurons() + fc.neurons();
                case Architecture.ConvolutionSpec conv -> ((long) in.channels() * conv.kernelHeight() * conv.kernelWidth() + 1)
                        * out.size();
                case Architecture.PoolingSpec pool -> 0L;
            };
        }
        return uses;
    }

    private static ApiError tooMuch(Setting setting, String rule, long got) {
        return ApiError.badRequest(PlaygroundRun.named(setting) + " " + rule + " in the playground, got " + got);
    }
}
