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
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * flat lists, and ignores fields it does not know.
 */
final class ModelReader {
    private static final List<String> REQUIRED = List.of("sizes", "weights", "biases", "cost");

    private final Path file;
    private final JsonParser json;
    private final ObjectMapper trees;
    private double[] numbers = new double[1024];

    private int[] sizes;
    private double[][][] weights;
    private double[][] biases;
    private String costName;
    private List<String> activationNames;
    private Provenance provenance;

    ModelReader(Path file, JsonParser json, ObjectMapper trees) {
        this.file = file;
        this.json = json;
        this.trees = trees;
    }

    SavedModel read() throws IOException {
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
                case "activations" -> {
                    activationNames = readActivationNames();
                    yield true;
                }
                case "backprop" -> {
                    provenance = readProvenance();
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
        return new SavedModel(network(), Optional.ofNullable(provenance));
    }

    private Network network() throws ModelFormatException {
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
        checkWeightShapes();
        checkBiasShapes();
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

    private void checkWeightShapes() throws ModelFormatException {
        int layers = sizes.length - 1;
        if (weights.length != layers) {
            throw problem("sizes " + Arrays.toString(sizes) + " need " + layers + " weight matrices, found "
                    + weights.length);
        }
        for (int l = 0; l < layers; l++) {
            int rows = sizes[l + 1];
            int columns = sizes[l];
            String expected = "weights[" + l + "] (layer " + l + " to layer " + (l + 1) + ") must be " + rows + "x"
                    + columns + " (" + count(rows, "row") + " of " + count(columns, "number") + "), found ";
            if (weights[l].length != rows) {
                throw problem(expected + count(weights[l].length, "row"));
            }
            for (int j = 0; j < rows; j++) {
                if (weights[l][j].length != columns) {
                    throw problem(expected + count(weights[l][j].length, "number") + " in row " + j);
                }
            }
        }
    }

    private void checkBiasShapes() throws ModelFormatException {
        int layers = sizes.length - 1;
        if (biases.length != layers) {
            throw problem("sizes " + Arrays.toString(sizes) + " need " + layers + " bias vectors, found "
                    + biases.length);
        }
        for (int l = 0; l < layers; l++) {
            if (biases[l].length != sizes[l + 1]) {
                throw problem("biases[" + l + "] (layer " + (l + 1) + ") must have " + count(sizes[l + 1], "number")
                        + ", found " + biases[l].length);
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
        for (int l = 0; l < weights.length; l++) {
            for (int j = 0; j < weights[l].length; j++) {
                for (int k = 0; k < weights[l][j].length; k++) {
                    if (!Double.isFinite(weights[l][j][k])) {
                        throw notFinite("weights[" + l + "][" + j + "][" + k + "]");
                    }
                }
            }
            for (int j = 0; j < biases[l].length; j++) {
                if (!Double.isFinite(biases[l][j])) {
                    throw notFinite("biases[" + l + "][" + j + "]");
                }
            }
        }
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
        expect(JsonToken.START_ARRAY, "weights", "a list of weight matrices");
        List<double[][]> matrices = new ArrayList<>();
        while (next() != JsonToken.END_ARRAY) {
            int l = matrices.size();
            if (json.currentToken() != JsonToken.START_ARRAY) {
                throw wrongType("weights[" + l + "]", "a matrix (a list of rows)");
            }
            List<double[]> rows = new ArrayList<>();
            while (next() != JsonToken.END_ARRAY) {
                if (json.currentToken() != JsonToken.START_ARRAY) {
                    throw wrongType("weights[" + l + "][" + rows.size() + "]", "a row (a list of numbers)");
                }
                rows.add(readNumbers(l, rows.size()));
            }
            matrices.add(rows.toArray(double[][]::new));
        }
        return matrices.toArray(double[][][]::new);
    }

    private double[] readNumbers(int l, int j) throws IOException {
        int n = 0;
        while (next() != JsonToken.END_ARRAY) {
            if (!json.currentToken().isNumeric()) {
                throw wrongType("weights[" + l + "][" + j + "][" + n + "]", "a number");
            }
            if (n == numbers.length) {
                numbers = Arrays.copyOf(numbers, 2 * n);
            }
            numbers[n++] = json.getDoubleValue();
        }
        return Arrays.copyOf(numbers, n);
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
                if (n == numbers.length) {
                    numbers = Arrays.copyOf(numbers, 2 * n);
                }
                numbers[n] = readBias(l, n);
                n++;
            }
            vectors.add(Arrays.copyOf(numbers, n));
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
        return new Provenance(text(node, "version"), instant(node, "created"),
                text(node, "data"), wholeNumber(node, "trainingExamples"), longNumber(node, "seed"),
                text(node, "engine"), wholeNumber(node, "epochs"), wholeNumber(node, "miniBatchSize"),
                number(node, "learningRate"), number(node, "lambda"), text(node, "initializer"),
                bool(node, "shuffle"), wholeNumber(node, "epochsCompleted"), number(node, "evaluationAccuracy"),
                extra(node));
    }

    private String text(JsonNode provenance, String name) throws ModelFormatException {
        JsonNode value = known(provenance, name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongProvenance(name, "a string", value);
        }
        return value.textValue();
    }

    private Instant instant(JsonNode provenance, String name) throws ModelFormatException {
        String text = text(provenance, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw problem("backprop." + name + " must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, found \""
                    + text + "\"");
        }
    }

    private Integer wholeNumber(JsonNode provenance, String name) throws ModelFormatException {
        JsonNode value = known(provenance, name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongProvenance(name, "a whole number", value);
        }
        return value.intValue();
    }

    private Long longNumber(JsonNode provenance, String name) throws ModelFormatException {
        JsonNode value = known(provenance, name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongProvenance(name, "a whole number that fits in 64 bits", value);
        }
        return value.longValue();
    }

    private Double number(JsonNode provenance, String name) throws ModelFormatException {
        JsonNode value = known(provenance, name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw wrongProvenance(name, "a number", value);
        }
        return value.doubleValue();
    }

    private Boolean bool(JsonNode provenance, String name) throws ModelFormatException {
        JsonNode value = known(provenance, name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongProvenance(name, "true or false", value);
        }
        return value.booleanValue();
    }

    private Map<String, String> extra(JsonNode provenance) throws ModelFormatException {
        JsonNode value = known(provenance, "extra");
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw wrongProvenance("extra", "an object of names to values", value);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            JsonNode v = entry.getValue();
            extra.put(entry.getKey(), v.isTextual() ? v.textValue() : v.toString());
        }
        return extra;
    }

    /** The field's value, or null when it is absent or JSON null: unknown. */
    private static JsonNode known(JsonNode provenance, String name) {
        JsonNode value = provenance.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private ModelFormatException wrongProvenance(String name, String expected, JsonNode found) {
        return problem("backprop." + name + " must be " + expected + ", found " + found);
    }

    private JsonToken next() throws IOException {
        JsonToken token = json.nextToken();
        if (token == null) {
            throw problem("unexpected end of input (truncated?)");
        }
        return token;
    }

    private void expect(JsonToken wanted, String where, String expected) throws ModelFormatException {
        if (json.currentToken() != wanted) {
            throw wrongType(where, expected);
        }
    }

    private ModelFormatException wrongType(String where, String expected) {
        return problem(where + " must be " + expected + ", found " + describe(json.currentToken()));
    }

    private ModelFormatException problem(String message) {
        return new ModelFormatException(file, message);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
