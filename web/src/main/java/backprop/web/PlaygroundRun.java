package backprop.web;

import backprop.data.Dataset;
import backprop.nn.Architecture;
import backprop.nn.Network;
import backprop.nn.Shape;
import backprop.run.RunException;
import backprop.run.Setting;
import backprop.run.TrainingRun;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A training job as the page asks for it: the JSON fields of {@code POST /api/train} read into a
 * {@link TrainingRun}, which holds every rule of a run, the same as {@code backprop train}'s (its
 * messages name the fields, {@code 'eta'}, where the command line names flags). What is the
 * playground's own is here and in {@link PlaygroundLimits}: which settings the page offers and as
 * which JSON type, which it must send, its defaults where they differ from the book's run, and the
 * {@code layerSpeed} measurement.
 *
 * @param run        the run, checked, its rules between settings included
 * @param design     the network's layers, fitted to the data
 * @param start      the network the job starts from
 * @param layerSpeed measure each hidden layer's learning speed after every epoch (chapter 5)
 */
record PlaygroundRun(TrainingRun run, Architecture design, Network start, boolean layerSpeed) {
    /** How a setting's value comes in JSON. */
    private enum JsonType { NUMBER, TEXT, LAYERS }

    /** The settings the page offers; the others ({@code --early-stop}, {@code --eval}...) are the command line's. */
    private static final Map<Setting, JsonType> OFFERED = new EnumMap<>(Map.ofEntries(
            Map.entry(Setting.LAYERS, JsonType.LAYERS), Map.entry(Setting.EPOCHS, JsonType.NUMBER),
            Map.entry(Setting.BATCH, JsonType.NUMBER), Map.entry(Setting.ETA, JsonType.NUMBER),
            Map.entry(Setting.COST, JsonType.TEXT), Map.entry(Setting.ACTIVATION, JsonType.TEXT),
            Map.entry(Setting.OUTPUT, JsonType.TEXT), Map.entry(Setting.INIT, JsonType.TEXT),
            Map.entry(Setting.OPTIMIZER, JsonType.TEXT), Map.entry(Setting.MOMENTUM, JsonType.NUMBER),
            Map.entry(Setting.LAMBDA, JsonType.NUMBER), Map.entry(Setting.L1, JsonType.NUMBER),
            Map.entry(Setting.DROPOUT, JsonType.NUMBER), Map.entry(Setting.SCHEDULE, JsonType.TEXT),
            Map.entry(Setting.AUGMENT, JsonType.TEXT), Map.entry(Setting.TRAIN_SIZE, JsonType.NUMBER),
            Map.entry(Setting.SEED, JsonType.NUMBER)));
    /** The page always sends these: a job says what it trains and how fast, rather than taking the book's 30 epochs. */
    private static final List<Setting> REQUIRED = List.of(Setting.LAYERS, Setting.EPOCHS, Setting.BATCH, Setting.ETA);
    static final String LAYER_SPEED = "layerSpeed";

    /**
     * Where the playground's defaults differ from the book's run: network2.py's scaled initialization,
     * which trains well whatever the layers; and the validation split measured after every epoch, for
     * the curves.
     */
    static TrainingRun defaults() {
        return TrainingRun.defaults().with(Setting.INIT, "scaled").with(Setting.EVAL, "validation");
    }

    /** Whether the page offers {@code setting}. */
    static boolean offers(Setting setting) {
        return OFFERED.containsKey(setting);
    }

    /**
     * Reads and checks a request: each setting by {@link TrainingRun}'s rules, then the playground's limits.
     *
     * @param training the training data the job would use, whose shape and classes the layers must fit
     * @param maxWork  what one job may cost, see {@link PlaygroundLimits#checkWork}
     */
    static PlaygroundRun parse(JsonRequest json, Dataset training, long maxWork) {
        json.rejectUnknown(fields(), PlaygroundRun::notOffered);
        for (Setting setting : REQUIRED) {
            json.require(setting.field());
        }
        try {
            TrainingRun run = defaults();
            for (Map.Entry<Setting, JsonType> offered : OFFERED.entrySet()) {
                Setting setting = offered.getKey();
                if (json.has(setting.field())) {
                    run = run.with(setting, text(json, setting, offered.getValue()));
                }
            }
            boolean layerSpeed = json.has(LAYER_SPEED) && json.bool(LAYER_SPEED);
            PlaygroundLimits.checkSettings(run);
            run.check(false);
            Shape input = training.isImages() ? new Shape(1, training.imageRows(), training.imageColumns())
                    : Shape.vector(training.inputSize());
            Architecture design = run.architecture(input);
            run.checkFits(design, training);
            run.checkAugmentation(training);
            PlaygroundLimits.checkDesign(design, training.classCount());
            int examples = run.trainSize() == null ? training.size() : Math.min(run.trainSize(), training.size());
            PlaygroundLimits.checkWork(design, run, examples, layerSpeed, maxWork);
            return new PlaygroundRun(run, design, run.initialNetwork(input), layerSpeed);
        } catch (RunException e) {
            throw ApiError.badRequest(e.message(PlaygroundRun::named));
        }
    }

    /** A setting as the API names it in messages: {@code 'eta'}. */
    static String named(Setting setting) {
        return "'" + setting.field() + "'";
    }

    private static Set<String> fields() {
        Set<String> fields = new TreeSet<>();
        OFFERED.keySet().forEach(setting -> fields.add(setting.field()));
        fields.add(LAYER_SPEED);
        return fields;
    }

    /** For a field that is a setting of {@code backprop train} the page does not offer: where to find it. */
    private static String notOffered(String field) {
        Setting setting = Setting.ofField(field);
        return setting == null ? null : "'" + field + "' is not offered by the playground; use backprop train "
                + setting.flag();
    }

    /** The value as {@link TrainingRun#with} takes it, as typed on the command line; JSON's types checked. */
    private static String text(JsonRequest json, Setting setting, JsonType type) {
        JsonNode node = json.require(setting.field());
        return switch (type) {
            case NUMBER -> {
                if (!node.isNumber()) {
                    throw ApiError.badRequest(named(setting) + " must be a number, got " + Json.describe(node));
                }
                yield node.asText();
            }
            case TEXT -> json.string(setting.field());
            case LAYERS -> layers(setting, node);
        };
    }

    /** {@code [784, 30, 10]} as {@code 784,30,10}, or the notation as sent. */
    private static String layers(Setting setting, JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> sizes = new ArrayList<>();
            for (JsonNode size : node) {
                if (!size.isIntegralNumber()) {
                    throw ApiError.badRequest(named(setting) + " entries must be whole numbers, got " + size);
                }
                sizes.add(size.asText());
            }
            return String.join(",", sizes);
        }
        throw ApiError.badRequest(named(setting) + " must be a list of sizes like [784, 30, 10] or the layers "
                + "notation like \"conv:20x5x5,pool:2,fc:100,softmax:10\"");
    }
}
