package backprop.io;

import backprop.nn.Activation;
import backprop.nn.Convolution;
import backprop.nn.Cost;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.MaxPooling;
import backprop.nn.Network;
import backprop.nn.Parameter;
import backprop.nn.Shape;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of a model file for a network that is not only fully connected (network2.py's
 * {@code sizes}, {@code weights} and {@code biases} cannot describe convolutions), in their place:
 *
 * <pre>{@code
 * "format": "backprop-layers",  // says which layout this is
 * "version": 1,                 // of that layout; a later one is refused rather than misread
 * "input": [1, 28, 28],         // channels, height, width of one example
 * "layers": [
 *   {"type": "convolution", "filters": 20, "kernel": [5, 5], "activation": "relu",
 *    "weights": [[[[...]]]],     // [filter][channel][row][column], as PyTorch's Conv2d.weight
 *    "biases": [...]},          // one per filter
 *   {"type": "max-pooling", "window": [2, 2]},
 *   {"type": "fully-connected", "neurons": 100, "activation": "relu",
 *    "weights": [[...], ...],    // one row per neuron, its inputs flattened channel, row, column
 *    "biases": [...]},
 *   ...
 * ]
 * }</pre>
 *
 * The {@code cost}, {@code backprop} (provenance) and {@code checkpoint} fields are as in every model
 * file. Everything is checked when read: the types and fields of each layer (an unknown field is an
 * error, so a misspelt one is not silently ignored), every shape against the input's, and NaN or
 * infinite parameters.
 */
final class LayersSection {
    static final String FORMAT = "backprop-layers";
    static final int VERSION = 1;

    private LayersSection() {
    }

    /** Writes the fields for {@code network}, the generator inside the model's object. */
    static void write(JsonGenerator json, Network network) throws IOException {
        json.writeStringField("format", FORMAT);
        json.writeNumberField("version", VERSION);
        Shape input = network.inputShape();
        json.writeFieldName("input");
        json.writeArray(new int[] {input.channels(), input.height(), input.width()}, 0, 3);
        json.writeArrayFieldStart("layers");
        for (Layer layer : network.layers()) {
            json.writeStartObject();
            switch (layer) {
                case Convolution conv -> {
                    json.writeStringField("type", "convolution");
                    json.writeNumberField("filters", conv.filters());
                    json.writeFieldName("kernel");
                    json.writeArray(new int[] {conv.kernelHeight(), conv.kernelWidth()}, 0, 2);
                    json.writeStringField("activation", conv.activation().id());
                    writeParameters(json, conv.parameters());
                }
                case MaxPooling pool -> {
                    json.writeStringField("type", "max-pooling");
                    json.writeFieldName("window");
                    json.writeArray(new int[] {pool.poolHeight(), pool.poolWidth()}, 0, 2);
                }
                case FullyConnected fc -> {
                    json.writeStringField("type", "fully-connected");
                    json.writeNumberField("neurons", fc.outputs());
                    json.writeStringField("activation", fc.activation().id());
                    writeParameters(json, fc.parameters());
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeParameters(JsonGenerator json, List<Parameter> parameters) throws IOException {
        for (Parameter parameter : parameters) {
            json.writeFieldName(parameter.isWeights() ? "weights" : "biases");
            writeNested(json, parameter.values(), parameter.shape(), 0, 0);
        }
    }

    /** The values as nested lists of the given shape; returns the index after the last value written. */
    private static int writeNested(JsonGenerator json, double[] values, int[] shape, int depth, int from)
            throws IOException {
        if (depth == shape.length - 1) {
            json.writeArray(values, from, shape[depth]);
            return from + shape[depth];
        }
        json.writeStartArray();
        int at = from;
        for (int i = 0; i < shape[depth]; i++) {
            at = writeNested(json, values, shape, depth + 1, at);
        }
        json.writeEndArray();
        return at;
    }

    /** The fields as read, checked and turned into a network once the file has been read through. */
    static final class Parsed {
        private final JsonCursor cursor;
        private String format;
        private Integer version;
        private int[] input;
        private List<LayerFields> layers;

        Parsed(JsonCursor cursor) {
            this.cursor = cursor;
        }

        boolean any() {
            return format != null || version != null || input != null || layers != null;
        }

        void readFormat() throws IOException {
            if (cursor.current() != JsonToken.VALUE_STRING) {
                throw cursor.wrongType("format", "the name of the file's layout, \"" + FORMAT + "\"");
            }
            format = cursor.parser().getText();
        }

        void readVersion() throws IOException {
            JsonParser json = cursor.parser();
            if (cursor.current() != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
                throw cursor.wrongType("version", "a whole number");
            }
            version = json.getIntValue();
        }

        void readInput() throws IOException {
            input = wholeNumbers("input", 1, 3, "the shape of one example: [channels, height, width]");
        }

        void readLayers() throws IOException {
            cursor.expect(JsonToken.START_ARRAY, "layers", "a list of layers");
            layers = new ArrayList<>();
            while (cursor.next() != JsonToken.END_ARRAY) {
                layers.add(readLayer("layers[" + layers.size() + "]"));
            }
        }

        private LayerFields readLayer(String where) throws IOException {
            cursor.expect(JsonToken.START_OBJECT, where, "an object describing one layer");
            LayerFields layer = new LayerFields(where);
            Set<String> seen = new HashSet<>();
            while (cursor.next() == JsonToken.FIELD_NAME) {
                String name = cursor.parser().currentName();
                cursor.next();
                String path = where + "." + name;
                switch (name) {
                    case "type" -> layer.type = text(path, "a layer type: convolution, max-pooling or fully-connected");
                    case "activation" -> layer.activation = text(path, "an activation name such as \"relu\"");
                    case "neurons" -> layer.neurons = wholeNumbers(path, 1, 1, "a number of neurons")[0];
                    case "filters" -> layer.filters = wholeNumbers(path, 1, 1, "a number of filters")[0];
                    case "kernel" -> layer.kernel = wholeNumbers(path, 2, 2, "[height, width] of the filters");
                    case "window" -> layer.window = wholeNumbers(path, 2, 2, "[height, width] of the pooling window");
                    case "weights" -> layer.weights = cursor.tensor(path, "the weights as nested lists of numbers");
                    case "biases" -> layer.biases = cursor.tensor(path, "the biases, a list of numbers");
                    default -> throw cursor.problem(path + " is not a field of a layer (known: type, activation, "
                            + "neurons, filters, kernel, window, weights, biases)");
                }
                if (!seen.add(name)) {
                    throw cursor.problem("field \"" + path + "\" appears more than once");
                }
            }
            return layer;
        }

        private String text(String where, String expected) throws IOException {
            if (cursor.current() != JsonToken.VALUE_STRING) {
                throw cursor.wrongType(where, expected);
            }
            return cursor.parser().getText();
        }

        /** A positive whole number, or a list of {@code min} to {@code max} of them. */
        private int[] wholeNumbers(String where, int min, int max, String expected) throws IOException {
            JsonParser json = cursor.parser();
            List<Integer> values = new ArrayList<>();
            if (cursor.current() == JsonToken.START_ARRAY && max > 1) {
                while (cursor.next() != JsonToken.END_ARRAY) {
                    values.add(positive(where + "[" + values.size() + "]", expected));
                }
            } else {
                values.add(positive(where, expected));
            }
            if (values.size() < min || values.size() > max) {
                throw cursor.problem(where + " must be " + expected + ", found " + values.size() + " numbers");
            }
            return values.stream().mapToInt(Integer::intValue).toArray();
        }

        private int positive(String where, String expected) throws IOException {
            JsonParser json = cursor.parser();
            if (cursor.current() != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT
                    || json.getIntValue() <= 0) {
                throw cursor.problem(where + " must be " + expected + " (positive whole numbers), found "
                        + (cursor.current().isNumeric() ? json.getText() : JsonCursor.describe(cursor.current())));
            }
            return json.getIntValue();
        }

        /** The network the fields describe, for {@code cost}; every shape checked. */
        Network network(Cost cost) throws ModelFormatException {
            if (format == null) {
                throw cursor.problem("a model with \"layers\" needs \"format\": \"" + FORMAT + "\"");
            }
            if (!format.equals(FORMAT)) {
                throw cursor.problem("format \"" + format + "\" is not one this version reads (\"" + FORMAT + "\")");
            }
            if (version == null) {
                throw cursor.problem("missing field \"version\" (the version of the " + FORMAT + " layout)");
            }
            if (version != VERSION) {
                throw cursor.problem("version " + version + " of the " + FORMAT + " layout is not one this version "
                        + "reads (" + VERSION + "); was it written by a newer backprop?");
            }
            if (input == null) {
                throw cursor.problem("missing field \"input\" (the shape of one example, e.g. [1, 28, 28])");
            }
            if (layers == null) {
                throw cursor.problem("missing field \"layers\"");
            }
            if (layers.isEmpty()) {
                throw cursor.problem("layers is empty; a network needs at least an output layer");
            }
            Shape shape;
            try {
                shape = input.length == 1 ? Shape.vector(input[0])
                        : input.length == 2 ? new Shape(1, input[0], input[1]) : new Shape(input[0], input[1], input[2]);
            } catch (IllegalArgumentException e) {
                throw cursor.problem("input: " + e.getMessage());
            }
            List<Layer> built = new ArrayList<>();
            for (LayerFields fields : layers) {
                Layer layer = fields.build(shape);
                built.add(layer);
                shape = layer.outputShape();
            }
            try {
                return Network.of(built.getFirst().inputShape(), built, cost);
            } catch (IllegalArgumentException e) {
                throw cursor.problem(e.getMessage());
            }
        }

        /** One layer's fields as read. */
        private final class LayerFields {
            private final String where;
            private String type;
            private String activation;
            private Integer neurons;
            private Integer filters;
            private int[] kernel;
            private int[] window;
            private JsonCursor.Tensor weights;
            private JsonCursor.Tensor biases;

            LayerFields(String where) {
                this.where = where;
            }

            Layer build(Shape in) throws ModelFormatException {
                if (type == null) {
                    throw cursor.problem(where + " lacks \"type\" (convolution, max-pooling or fully-connected)");
                }
                try {
                    return switch (type) {
                        case "convolution" -> {
                            allow("filters", "kernel", "activation", "weights", "biases");
                            int f = require(filters, "filters");
                            int[] k = require(kernel, "kernel");
                            if (in.isVector()) {
                                throw cursor.problem(where + ": a convolution needs feature maps (CxHxW), but its input "
                                        + "is a vector of " + in);
                            }
                            if (k[0] > in.height() || k[1] > in.width()) {
                                throw cursor.problem(where + ": a " + k[0] + "x" + k[1] + " filter does not fit its "
                                        + in + " input");
                            }
                            Activation a = activation();
                            yield Convolution.of(in, f, k[0], k[1], a,
                                    values("weights", weights, f, in.channels(), k[0], k[1]),
                                    values("biases", biases, f));
                        }
                        case "max-pooling" -> {
                            allow("window");
                            int[] w = require(window, "window");
                            if (in.isVector() || w[0] > in.height() || w[1] > in.width()) {
                                throw cursor.problem(where + ": a " + w[0] + "x" + w[1] + " window does not fit its "
                                        + in + " input");
                            }
                            yield new MaxPooling(in, w[0], w[1]);
                        }
                        case "fully-connected" -> {
                            allow("neurons", "activation", "weights", "biases");
                            int n = require(neurons, "neurons");
                            yield FullyConnected.of(in, n, activation(), values("weights", weights, n, in.size()),
                                    values("biases", biases, n));
                        }
                        default -> throw cursor.problem(where + ".type \"" + type + "\" is not a layer type this "
                                + "version reads (convolution, max-pooling, fully-connected)");
                    };
                } catch (IllegalArgumentException e) {
                    throw cursor.problem(where + ": " + e.getMessage());
                }
            }

            private void allow(String... names) throws ModelFormatException {
                List<String> allowed = Arrays.asList(names);
                String[][] present = {{"activation", activation == null ? null : ""},
                        {"neurons", neurons == null ? null : ""}, {"filters", filters == null ? null : ""},
                        {"kernel", kernel == null ? null : ""}, {"window", window == null ? null : ""},
                        {"weights", weights == null ? null : ""}, {"biases", biases == null ? null : ""}};
                for (String[] field : present) {
                    if (field[1] != null && !allowed.contains(field[0])) {
                        throw cursor.problem(where + "." + field[0] + " does not belong to a " + type + " layer");
                    }
                }
            }

            private <T> T require(T value, String name) throws ModelFormatException {
                if (value == null) {
                    throw cursor.problem(where + " (" + type + ") lacks \"" + name + "\"");
                }
                return value;
            }

            private Activation activation() throws ModelFormatException {
                try {
                    return Activation.parse(require(activation, "activation"));
                } catch (IllegalArgumentException e) {
                    throw cursor.problem(where + ".activation: " + e.getMessage());
                }
            }

            /** The tensor's values, after checking it has exactly {@code shape} and only finite numbers. */
            private double[] values(String name, JsonCursor.Tensor tensor, int... shape) throws ModelFormatException {
                require(tensor, name);
                if (!Arrays.equals(tensor.shape(), shape)) {
                    StringBuilder expected = new StringBuilder();
                    for (int d = 0; d < shape.length; d++) {
                        expected.append(d == 0 ? "" : "x").append(shape[d]);
                    }
                    throw cursor.problem(where + "." + name + " must be " + expected + ", found "
                            + tensor.describeShape());
                }
                for (int i = 0; i < tensor.values().length; i++) {
                    if (!Double.isFinite(tensor.values()[i])) {
                        throw cursor.problem("model contains NaN or infinite parameters (first at " + where + "."
                                + name + ", value " + i + "); was it saved after training diverged?");
                    }
                }
                return tensor.values();
            }
        }
    }
}
