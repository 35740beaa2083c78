package backprop.io;

import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Network;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one model file with a streaming parser, so a model of millions of numbers costs no more than
 * its arrays, then checks everything against {@code sizes} before a {@link Network} is built.
 *
 * <p>Reads what network2.py's {@code load} reads: the four fields, numbers as Python's json module
 * writes them (integers, exponents, {@code NaN}), biases as column vectors {@code [[b0], [b1]]} or
 * flat lists, and ignores fields it does not know. A checkpoint's {@code checkpoint} field is read
 * ({@link CheckpointSection}) only when asked for, and checked against the network once that is known.
 */
final class ModelReader {
    private static final List<String> REQUIRED = List.of("sizes", "weights", "biases", "cost");

    private final JsonCursor cursor;
    private final JsonParser json;
    private final ObjectMapper trees;
    private final boolean withCheckpoint;
    private double[] biasBuffer = new double[1024];

    private int[] sizes;
    private double[][][] weights;
    private double[][] biases;
    private String costName;
    private List<String> activationNames;
    private Provenance provenance;
    private CheckpointSection.Parsed checkpoint;
    private final LayersSection.Parsed layered;

    /** What a file holds: the model, and the training state when it is a checkpoint and that was asked for. */
    record Result(SavedModel model, Optional<SavedCheckpoint> checkpoint) {
    }

    /** @param withCheckpoint whether to read the {@code "checkpoint"} field rather than skip it */
    ModelReader(Path file, JsonParser json, ObjectMapper trees, boolean withCheckpoint) {
        this.cursor = new JsonCursor(file, json);
        this.json = json;
        this.trees = trees;
        this.withCheckpoint = withCheckpoint;
        this.layered = new LayersSection.Parsed(cursor);
    }

    Result read() throws IOException {
        JsonToken first = json.nextToken();
        if (first == null) {
            throw problem("the file is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw problem("expected a JSON object {...} at the top level, found " + describe(first));
        }
        Set<String> seen = new HashSet<>();
        while (next() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            next();
            boolean recognized = switch (name) {
                case "sizes" -> {
                    sizes = readSizes();
                    yield true;
                }
                case "weights" -> {
                    weights = readWeights();
                    yield true;
                }
                case "biases" -> {
                    biases = readBiases();
                    yield true;
                }
                case "cost" -> {
                    costName = readCostName();
                    yield true;
                }
                case "format" -> {
                    layered.readFormat();
                    yield true;
                }
                case "version" -> {
                    layered.readVersion();
                    yield true;
                }
                case "input" -> {
                    layered.readInput();
                    yield true;
                }
                case "layers" -> {
                    layered.readLayers();
                    yield true;
                }
                case "activations" -> {
                    activationNames = readActivationNames();
                    yield true;
                }
                case "backprop" -> {
                    provenance = readProvenance();
                    yield true;
                }
                case "checkpoint" -> {
                    if (withCheckpoint) {
                        checkpoint = CheckpointSection.read(cursor, trees);
                    } else {
                        json.skipChildren();
                    }
                    yield true;
                }
                default -> {
                    json.skipChildren();
                    yield false;
                }
            };
            if (recognized && !seen.add(name)) {
                throw problem("field \"" + name + "\" appears more than once");
            }
        }
        if (json.nextToken() != null) {
            throw problem("unexpected content after the model's closing }");
        }
        SavedModel model = new SavedModel(network(), Optional.ofNullable(provenance));
        return new Result(model, checkpoint == null ? Optional.empty()
                : Optional.of(checkpoint.resolve(model)));
    }

    private Network network() throws ModelFormatException {
        if (layered.any()) {
            if (sizes != null || weights != null || biases != null || activationNames != null) {
                throw problem("the file has both network2.py's fields (sizes, weights, biases, activations) and "
                        + "\"layers\"; a model has one or the other");
            }
            if (costName == null) {
                throw problem("missing field \"cost\"");
            }
            return layered.network(cost());
        }
        List<String> missing = new ArrayList<>();
        if (sizes == null) {
            missing.add("sizes");
        }
        if (weights == null) {
            missing.add("weights");
        }
        if (biases == null) {
            missing.add("biases");
        }
        if (costName == null) {
            missing.add("cost");
        }
        if (!missing.isEmpty()) {
            throw problem((missing.size() == 1 ? "missing field " : "missing fields ")
                    + missing.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(", "))
                    + " (a model file needs " + String.join(", ", REQUIRED) + ")");
        }
        Cost cost = cost();
        checkWeightShapes(sizes, weights, "weights", "weight", cursor);
        checkBiasShapes(sizes, biases, "biases", "bias", cursor);
        List<Activation> activations = activations();
        checkFinite();
        try {
            return Network.of(sizes, activations, cost, weights, biases);
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
    }

    private Cost cost() throws ModelFormatException {
        for (Cost cost : Cost.values()) {
            if (cost.modelName().equals(costName)) {
                return cost;
            }
        }
        throw problem("unknown cost \"" + costName + "\" (known: "
                + Arrays.stream(Cost.values()).map(Cost::modelName).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * That {@code weights} has one {@code sizes[l+1] x sizes[l]} matrix per layer.
     *
     * @param name what the matrices are called in messages, e.g. {@code weights}
     * @param noun what one of them is, e.g. {@code weight} (as in "2 weight matrices")
     */
    static void checkWeightShapes(int[] sizes, double[][][] weights, String name, String noun, JsonCursor cursor)
            throws ModelFormatException {
        int layers = sizes.length - 1;
        if (weights.length != layers) {
            throw cursor.problem("sizes " + Arrays.toString(sizes) + " need " + layers + " " + noun + " matrices, found "
                    + weights.length);
        }
        for (int l = 0; l < layers; l++) {
            int rows = sizes[l + 1];
            int columns = sizes[l];
            String expected = name + "[" + l + "] (layer " + l + " to layer " + (l + 1) + ") must be " + rows + "x"
                    + columns + " (" + count(rows, "row") + " of " + count(columns, "number") + "), found ";
            if (weights[l].length != rows) {
                throw cursor.problem(expected + count(weights[l].length, "row"));
            }
            for (int j = 0; j < rows; j++) {
                if (weights[l][j].length != columns) {
                    throw cursor.problem(expected + count(weights[l][j].length, "number") + " in row " + j);
                }
            }
        }
    }

    /** That {@code biases} has {@code sizes[l+1]} numbers per layer; {@code name} and {@code noun} as for the weights. */
    static void checkBiasShapes(int[] sizes, double[][] biases, String name, String noun, JsonCursor cursor)
            throws ModelFormatException {
        int layers = sizes.length - 1;
        if (biases.length != layers) {
            throw cursor.problem("sizes " + Arrays.toString(sizes) + " need " + layers + " " + noun + " vectors, found "
                    + biases.length);
        }
        for (int l = 0; l < layers; l++) {
            if (biases[l].length != sizes[l + 1]) {
                throw cursor.problem(name + "[" + l + "] (layer " + (l + 1) + ") must have "
                        + count(sizes[l + 1], "number") + ", found " + biases[l].length);
            }
        }
    }

    private List<Activation> activations() throws ModelFormatException {
        int layers = sizes.length - 1;
        if (activationNames == null) {
            // network2.py's files have no activations: its neurons are all sigmoid.
            return Collections.nCopies(layers, Activation.SIGMOID);
        }
        if (activationNames.size() != layers) {
            throw problem("sizes " + Arrays.toString(sizes) + " need " + count(layers, "activation")
                    + " (one per layer after the input), found " + activationNames.size());
        }
        List<Activation> activations = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            try {
                activations.add(Activation.parse(activationNames.get(l)));
            } catch (IllegalArgumentException e) {
                throw problem("activations[" + l + "]: " + e.getMessage());
            }
        }
        return activations;
    }

    private void checkFinite() throws ModelFormatException {
        String where = firstNotFinite(weights, "weights");
        if (where == null) {
            where = firstNotFinite(biases, "biases");
        }
        if (where != null) {
            throw notFinite(where);
        }
    }

    /** Where the first NaN or infinity in {@code values} (called {@code name}) is, e.g. {@code weights[0][3][1]}; null if none. */
    static String firstNotFinite(double[][][] values, String name) {
        for (int l = 0; l < values.length; l++) {
            String where = firstNotFinite(values[l], name + "[" + l + "]");
            if (where != null) {
                return where;
            }
        }
        return null;
    }

    static String firstNotFinite(double[][] values, String name) {
        for (int j = 0; j < values.length; j++) {
            for (int k = 0; k < values[j].length; k++) {
                if (!Double.isFinite(values[j][k])) {
                    return name + "[" + j + "][" + k + "]";
                }
            }
        }
        return null;
    }

    private ModelFormatException notFinite(String where) {
        return problem("model contains NaN or infinite parameters (first at " + where
                + "); was it saved after training diverged?");
    }

    private int[] readSizes() throws IOException {
        expect(JsonToken.START_ARRAY, "sizes", "a list of layer sizes");
        List<Integer> values = new ArrayList<>();
        while (next() != JsonToken.END_ARRAY) {
            JsonToken token = json.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT
                    || json.getIntValue() <= 0) {
                throw problem("sizes must be positive whole numbers, found "
                        + (token.isNumeric() ? json.getText() : describe(token)) + " at sizes[" + values.size() + "]");
            }
            values.add(json.getIntValue());
        }
        if (values.size() < 2) {
            throw problem("sizes must list at least an input and an output layer, found " + values);
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private double[][][] readWeights() throws IOException {
        return cursor.matrices("weights", "a list of weight matrices");
    }

    private double[][] readBiases() throws IOException {
        expect(JsonToken.START_ARRAY, "biases", "a list of bias vectors");
        List<double[]> vectors = new ArrayList<>();
        while (next() != JsonToken.END_ARRAY) {
            int l = vectors.size();
            if (json.currentToken() != JsonToken.START_ARRAY) {
                throw wrongType("biases[" + l + "]", "a bias vector (a list)");
            }
            int n = 0;
            while (next() != JsonToken.END_ARRAY) {
                if (n == biasBuffer.length) {
                    biasBuffer = Arrays.copyOf(biasBuffer, 2 * n);
                }
                biasBuffer[n] = readBias(l, n);
                n++;
            }
            vectors.add(Arrays.copyOf(biasBuffer, n));
        }
        return vectors.toArray(double[][]::new);
    }

    /** One entry of a bias vector: {@code b} in a flat list, {@code [b]} in a numpy column vector. */
    private double readBias(int l, int j) throws IOException {
        JsonToken token = json.currentToken();
        if (token.isNumeric()) {
            return json.getDoubleValue();
        }
        if (token != JsonToken.START_ARRAY) {
            throw notABias(l, j, describe(token));
        }
        if (!next().isNumeric()) {
            throw notABias(l, j, "a list starting with " + describe(json.currentToken()));
        }
        double value = json.getDoubleValue();
        if (next() != JsonToken.END_ARRAY) {
            throw notABias(l, j, "a list of more than one value");
        }
        return value;
    }

    private ModelFormatException notABias(int l, int j, String found) {
        return problem("biases[" + l + "][" + j + "] must be a number, or a one-number list [b] as in a column vector"
                + ", found " + found);
    }

    private String readCostName() throws IOException {
        if (json.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType("cost", "a cost class name such as \"CrossEntropyCost\"");
        }
        return json.getText();
    }

    private List<String> readActivationNames() throws IOException {
        expect(JsonToken.START_ARRAY, "activations", "a list of activation names");
        List<String> names = new ArrayList<>();
        while (next() != JsonToken.END_ARRAY) {
            if (json.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType("activations[" + names.size() + "]", "an activation name such as \"sigmoid\"");
            }
            names.add(json.getText());
        }
        return names;
    }

    private Provenance readProvenance() throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(JsonToken.START_OBJECT, "backprop", "an object describing how the model was made");
        JsonNode node = trees.readTree(json);
        JsonFields fields = new JsonFields(node, "backprop", cursor);
        return new Provenance(fields.text("version"), fields.instant("created"),
                fields.text("data"), fields.wholeNumber("trainingExamples"), fields.longNumber("seed"),
                fields.text("engine"), fields.wholeNumber("epochs"), fields.wholeNumber("miniBatchSize"),
                fields.number("learningRate"), fields.number("lambda"), fields.text("initializer"),
                fields.bool("shuffle"), fields.wholeNumber("epochsCompleted"), fields.number("evaluationAccuracy"),
                extra(fields));
    }

    private static Map<String, String> extra(JsonFields provenance) throws ModelFormatException {
        JsonNode value = provenance.known("extra");
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw provenance.wrong("extra", "an object of names to values", value);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            JsonNode v = entry.getValue();
            extra.put(entry.getKey(), v.isTextual() ? v.textValue() : v.toString());
        }
        return extra;
    }

    private JsonToken next() throws IOException {
        return cursor.next();
    }

    private void expect(JsonToken wanted, String where, String expected) throws ModelFormatException {
        cursor.expect(wanted, where, expected);
    }

    private ModelFormatException wrongType(String where, String expected) {
        return cursor.wrongType(where, expected);
    }

    private ModelFormatException problem(String message) {
        return cursor.problem(message);
    }

    private static String describe(JsonToken token) {
        return JsonCursor.describe(token);
    }

    private static String count(int n, String noun) {
        return JsonCursor.count(n, noun);
    }
}
