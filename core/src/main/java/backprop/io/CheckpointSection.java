package backprop.io;

import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.Parameter;
import backprop.train.Checkpoint;
import backprop.train.EpochResult;
import backprop.train.OptimizerState;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code "checkpoint"} field of a checkpoint file: everything besides the network that a run needs
 * to continue exactly where it stopped. network2.py ignores it, so a checkpoint is also a model.
 *
 * <pre>{@code
 * "checkpoint": {
 *   "format": 1,
 *   "epoch": 3,                 // the epoch to continue with: the number of epochs completed
 *   "batch": 0,                 // its first mini-batch still to do; 0 at an epoch boundary
 *   "learningRate": 0.5,        // eta then in force (a schedule may have changed it)
 *   "optimizer": {
 *     "steps": 15000,           // steps taken: Adam's t, the dropout masks' counter
 *     "weightMoments": [...],   // per moment kept (none for sgd, velocity, Adam's two), laid out as "weights"
 *     "biasMoments": [...]      // the same for the biases, one flat list per layer
 *   },                          // (a network with convolutions: "moments": [[[tensor, ...] per layer] per moment],
 *                               //  each tensor flat, as its parameter is in "layers")
 *   "history": [{"epoch": 0, "trainingSeconds": 1.5, "learningRate": 0.5, "trainingSize": 50000,
 *                "evaluationSize": 10000, "evaluationCorrect": 9012, ...}, ...],   // measured epochs
 *   "arguments": ["--layers", "784,100,10", ...]   // the run's settings, as given
 * }
 * }</pre>
 *
 * Measurements an epoch did not take (a cost without monitoring) are left out of its history entry.
 */
record CheckpointSection(Checkpoint checkpoint, List<String> arguments) {
    /** The layout written; a file of a later format is refused rather than misread. */
    static final int FORMAT = 1;

    static boolean isFinite(OptimizerState state) {
        for (double[][][] moment : state.moments()) {
            if (ModelReader.firstNotFinite(moment, "") != null) {
                return false;
            }
        }
        return true;
    }

    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("format", FORMAT);
        json.writeNumberField("epoch", checkpoint.epoch());
        json.writeNumberField("batch", checkpoint.batch());
        json.writeNumberField("learningRate", checkpoint.learningRate());
        writeOptimizer(json, checkpoint.optimizer(), checkpoint.network());
        json.writeArrayFieldStart("history");
        for (EpochResult epoch : checkpoint.history()) {
            writeEpoch(json, epoch);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("arguments");
        for (String argument : arguments) {
            json.writeString(argument);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeOptimizer(JsonGenerator json, OptimizerState state, Network network) throws IOException {
        json.writeObjectFieldStart("optimizer");
        json.writeNumberField("steps", state.steps());
        if (!network.isFullyConnected()) {
            json.writeArrayFieldStart("moments");
            for (double[][][] moment : state.moments()) {
                json.writeStartArray();
                for (double[][] tensors : moment) {
                    writeRows(json, tensors);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
            return;
        }
        json.writeArrayFieldStart("weightMoments");
        for (double[][][] moment : state.denseWeightMoments(network.sizes())) {
            json.writeStartArray();
            for (double[][] matrix : moment) {
                writeRows(json, matrix);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("biasMoments");
        for (double[][] moment : state.denseBiasMoments()) {
            writeRows(json, moment);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** {@code [[...], [...]]}: one list of numbers per row. */
    private static void writeRows(JsonGenerator json, double[][] rows) throws IOException {
        json.writeStartArray();
        for (double[] row : rows) {
            json.writeArray(row, 0, row.length);
        }
        json.writeEndArray();
    }

    private static void writeEpoch(JsonGenerator json, EpochResult epoch) throws IOException {
        json.writeStartObject();
        json.writeNumberField("epoch", epoch.epoch());
        json.writeNumberField("trainingSeconds", epoch.trainingSeconds());
        json.writeNumberField("learningRate", epoch.learningRate());
        json.writeNumberField("trainingSize", epoch.trainingSize());
        writeIfMeasured(json, "trainingCost", epoch.trainingCost());
        writeIfMeasured(json, "trainingCorrect", epoch.trainingCorrect());
        json.writeNumberField("evaluationSize", epoch.evaluationSize());
        writeIfMeasured(json, "evaluationCost", epoch.evaluationCost());
        writeIfMeasured(json, "evaluationCorrect", epoch.evaluationCorrect());
        json.writeEndObject();
    }

    private static void writeIfMeasured(JsonGenerator json, String name, OptionalDouble value) throws IOException {
        if (value.isPresent()) {
            json.writeNumberField(name, value.getAsDouble());
        }
    }

    private static void writeIfMeasured(JsonGenerator json, String name, OptionalInt value) throws IOException {
        if (value.isPresent()) {
            json.writeNumberField(name, value.getAsInt());
        }
    }

    /**
     * Reads the field's object, the parser on its opening brace. The shapes are checked against the
     * network later, in {@link Parsed#resolve}: the model's fields may come after this one.
     */
    static Parsed read(JsonCursor cursor, ObjectMapper trees) throws IOException {
        cursor.expect(JsonToken.START_OBJECT, "checkpoint", "an object holding the training state");
        Parsed parsed = new Parsed(cursor);
        Set<String> seen = new HashSet<>();
        while (cursor.next() == JsonToken.FIELD_NAME) {
            String name = cursor.parser().currentName();
            cursor.next();
            if (name.equals("optimizer")) {
                parsed.readOptimizer();
            } else {
                // Small: numbers, the history (one entry per epoch) and the arguments.
                parsed.fields.set(name, trees.readTree(cursor.parser()));
            }
            if (!seen.add(name)) {
                throw cursor.problem("field \"checkpoint." + name + "\" appears more than once");
            }
        }
        return parsed;
    }

    /** The field as read, before it is checked against the network it belongs to. */
    static final class Parsed {
        private final JsonCursor cursor;
        private final ObjectNode fields = JsonNodeFactory.instance.objectNode();
        private boolean optimizerRead;
        private long steps;
        private final List<double[][][]> weightMoments = new ArrayList<>();
        private final List<double[][]> biasMoments = new ArrayList<>();
        private final List<double[][][]> moments = new ArrayList<>();

        private Parsed(JsonCursor cursor) {
            this.cursor = cursor;
        }

        private void readOptimizer() throws IOException {
            String where = "checkpoint.optimizer";
            cursor.expect(JsonToken.START_OBJECT, where, "an object with steps, weightMoments and biasMoments");
            boolean stepsRead = false;
            boolean weightsRead = false;
            boolean biasesRead = false;
            boolean momentsRead = false;
            while (cursor.next() == JsonToken.FIELD_NAME) {
                String name = cursor.parser().currentName();
                cursor.next();
                switch (name) {
                    case "steps" -> {
                        if (cursor.current() != JsonToken.VALUE_NUMBER_INT || cursor.parser().getLongValue() < 0) {
                            throw cursor.problem(where + ".steps must be a whole number, 0 or more, found "
                                    + cursor.parser().getText());
                        }
                        steps = cursor.parser().getLongValue();
                        stepsRead = true;
                    }
                    case "weightMoments" -> {
                        cursor.expect(JsonToken.START_ARRAY, where + ".weightMoments", "a list of weight-shaped moments");
                        while (cursor.next() != JsonToken.END_ARRAY) {
                            weightMoments.add(cursor.matrices(where + ".weightMoments[" + weightMoments.size() + "]",
                                    "a list of matrices laid out like \"weights\""));
                        }
                        weightsRead = true;
                    }
                    case "biasMoments" -> {
                        cursor.expect(JsonToken.START_ARRAY, where + ".biasMoments", "a list of bias-shaped moments");
                        while (cursor.next() != JsonToken.END_ARRAY) {
                            biasMoments.add(cursor.matrix(where + ".biasMoments[" + biasMoments.size() + "]",
                                    "a list of vectors, one per layer"));
                        }
                        biasesRead = true;
                    }
                    case "moments" -> {
                        cursor.expect(JsonToken.START_ARRAY, where + ".moments", "a list of parameter-shaped moments");
                        while (cursor.next() != JsonToken.END_ARRAY) {
                            moments.add(cursor.matrices(where + ".moments[" + moments.size() + "]",
                                    "a list, per layer, of its parameter tensors"));
                        }
                        momentsRead = true;
                    }
                    default -> cursor.parser().skipChildren();
                }
            }
            String missing = !stepsRead ? "steps"
                    : momentsRead ? null
                    : !weightsRead ? "weightMoments" : !biasesRead ? "biasMoments" : null;
            if (missing != null) {
                throw cursor.problem(where + " lacks the field \"" + missing + "\"");
            }
            optimizerRead = true;
        }

        /** The checkpoint of {@code model}'s network, everything checked against it. */
        SavedCheckpoint resolve(SavedModel model) throws ModelFormatException {
            JsonFields checkpoint = new JsonFields(fields, "checkpoint", cursor);
            Integer format = checkpoint.wholeNumber("format");
            if (format == null) {
                throw checkpoint.missing("format");
            }
            if (format != FORMAT) {
                throw cursor.problem("checkpoint.format " + format + " is not one this version reads (" + FORMAT
                        + "); was it written by a newer backprop?");
            }
            int epoch = checkpoint.count("epoch");
            int batch = checkpoint.count("batch");
            double learningRate = checkpoint.requiredNumber("learningRate");
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw checkpoint.wrong("learningRate", "a positive number", fields.get("learningRate"));
            }
            if (!optimizerRead) {
                throw checkpoint.missing("optimizer");
            }
            OptimizerState optimizer = optimizerState(model.network());
            List<EpochResult> history = history(checkpoint, epoch);
            List<String> arguments = arguments(checkpoint);
            return new SavedCheckpoint(new Checkpoint(model.network(), optimizer, epoch, batch, learningRate, history),
                    model.provenance(), arguments);
        }

        /** The moments read, checked against the network: network2-style for a fully connected one, per tensor otherwise. */
        private OptimizerState optimizerState(Network network) throws ModelFormatException {
            String where = "checkpoint.optimizer.";
            if (network.isFullyConnected() && moments.isEmpty()) {
                checkMoments(network.sizes());
                return OptimizerState.ofDense(steps, weightMoments, biasMoments);
            }
            if (!weightMoments.isEmpty() || !biasMoments.isEmpty()) {
                throw cursor.problem(where + "weightMoments and biasMoments are for fully connected networks; this "
                        + "network's optimizer state is in " + where + "moments");
            }
            List<Layer> layers = network.layers();
            for (int i = 0; i < moments.size(); i++) {
                double[][][] moment = moments.get(i);
                String path = where + "moments[" + i + "]";
                if (moment.length != layers.size()) {
                    throw cursor.problem(path + " has " + moment.length + " layers, the network " + layers.size());
                }
                for (int l = 0; l < moment.length; l++) {
                    List<Parameter> parameters = layers.get(l).parameters();
                    if (moment[l].length != parameters.size()) {
                        throw cursor.problem(path + "[" + l + "] must hold " + parameters.size()
                                + " tensors (layer " + (l + 1) + ", " + layers.get(l).notation() + "), found "
                                + moment[l].length);
                    }
                    for (int p = 0; p < parameters.size(); p++) {
                        if (moment[l][p].length != parameters.get(p).size()) {
                            throw cursor.problem(path + "[" + l + "][" + p + "] must have " + parameters.get(p).size()
                                    + " numbers (the " + parameters.get(p).name() + " of layer " + (l + 1) + "), found "
                                    + moment[l][p].length);
                        }
                    }
                }
                String notFinite = ModelReader.firstNotFinite(moment, path);
                if (notFinite != null) {
                    throw cursor.problem("the optimizer state contains NaN or infinite numbers (first at "
                            + notFinite + ")");
                }
            }
            return new OptimizerState(steps, moments);
        }

        private void checkMoments(int[] sizes) throws ModelFormatException {
            String where = "checkpoint.optimizer.";
            if (weightMoments.size() != biasMoments.size()) {
                throw cursor.problem(where + "weightMoments has " + weightMoments.size() + " moments but "
                        + where + "biasMoments has " + biasMoments.size());
            }
            for (int i = 0; i < weightMoments.size(); i++) {
                String weights = where + "weightMoments[" + i + "]";
                String biases = where + "biasMoments[" + i + "]";
                ModelReader.checkWeightShapes(sizes, weightMoments.get(i), weights, "moment", cursor);
                ModelReader.checkBiasShapes(sizes, biasMoments.get(i), biases, "moment", cursor);
                String notFinite = ModelReader.firstNotFinite(weightMoments.get(i), weights);
                if (notFinite == null) {
                    notFinite = ModelReader.firstNotFinite(biasMoments.get(i), biases);
                }
                if (notFinite != null) {
                    throw cursor.problem("the optimizer state contains NaN or infinite numbers (first at "
                            + notFinite + ")");
                }
            }
        }

        private List<EpochResult> history(JsonFields checkpoint, int epochsDone)
                throws ModelFormatException {
            JsonNode list = checkpoint.known("history");
            if (list == null) {
                throw checkpoint.missing("history");
            }
            if (!list.isArray()) {
                throw checkpoint.wrong("history", "a list of the epochs measured", list);
            }
            if (list.size() != epochsDone) {
                throw cursor.problem("checkpoint.history lists " + list.size() + " epochs but checkpoint.epoch says "
                        + epochsDone + " were completed");
            }
            List<EpochResult> history = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String path = "checkpoint.history[" + i + "]";
                JsonNode entry = list.get(i);
                if (!entry.isObject()) {
                    throw cursor.problem(path + " must be an object, found " + entry);
                }
                JsonFields epoch = new JsonFields(entry, path, cursor);
                if (epoch.count("epoch") != i) {
                    throw epoch.wrong("epoch", "" + i + " (the epochs in order)", entry.get("epoch"));
                }
                history.add(new EpochResult(i, epoch.requiredNumber("trainingSeconds"),
                        epoch.requiredNumber("learningRate"), optionalNumber(epoch, "trainingCost"),
                        optionalCount(epoch, "trainingCorrect"), epoch.count("trainingSize"),
                        optionalNumber(epoch, "evaluationCost"), optionalCount(epoch, "evaluationCorrect"),
                        epoch.count("evaluationSize")));
            }
            return history;
        }

        private static OptionalDouble optionalNumber(JsonFields fields, String name) throws ModelFormatException {
            Double value = fields.number(name);
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
        }

        private static OptionalInt optionalCount(JsonFields fields, String name) throws ModelFormatException {
            return fields.known(name) == null ? OptionalInt.empty() : OptionalInt.of(fields.count(name));
        }

        private List<String> arguments(JsonFields checkpoint) throws ModelFormatException {
            JsonNode list = checkpoint.known("arguments");
            if (list == null) {
                throw checkpoint.missing("arguments");
            }
            if (!list.isArray()) {
                throw checkpoint.wrong("arguments", "a list of strings", list);
            }
            List<String> arguments = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isTextual()) {
                    throw cursor.problem("checkpoint.arguments[" + i + "] must be a string, found " + list.get(i));
                }
                arguments.add(list.get(i).textValue());
            }
            return arguments;
        }
    }
}
