package backprop.io;

import backprop.nn.Activation;
import backprop.nn.Network;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes a network in network2.py's layout, plus our {@code activations} and {@code backprop} fields.
 *
 * <p>Numbers are written by {@link Double#toString(double)}, the shortest decimal that reads back as
 * the same double, as Python's {@code repr} does; so both Java and Python read back the exact bits.
 */
final class ModelWriter {
    /** One top-level field per line so the file can be skimmed; arrays stay on one line, with network2's ", ". */
    private static final DefaultPrettyPrinter LAYOUT = new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance)
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayValueSpacing(Separators.Spacing.AFTER));

    private final JsonGenerator json;

    private ModelWriter(JsonGenerator json) {
        this.json = json;
    }

    /**
     * Writes the model to {@code out}, which stays open.
     *
     * @param checkpoint the training state to add as the {@code "checkpoint"} field, or null for a plain model
     */
    static void write(Network network, Provenance provenance, CheckpointSection checkpoint, OutputStream out,
                      JsonFactory factory) throws IOException {
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(LAYOUT.createInstance());
            new ModelWriter(json).writeModel(network, provenance, checkpoint);
        }
        out.write('\n');
    }

    private void writeModel(Network network, Provenance provenance, CheckpointSection checkpoint) throws IOException {
        json.writeStartObject();
        if (network.isFullyConnected()) {
            writeNetwork2Fields(network);
        } else {
            LayersSection.write(json, network);
            json.writeStringField("cost", network.cost().modelName());
        }
        if (provenance != null) {
            json.writeFieldName("backprop");
            writeProvenance(provenance);
        }
        if (checkpoint != null) {
            json.writeFieldName("checkpoint");
            checkpoint.write(json);
        }
        json.writeEndObject();
    }

    /** network2.py's four fields, and our activations. */
    private void writeNetwork2Fields(Network network) throws IOException {
        int layers = network.layerCount() - 1;
        json.writeFieldName("sizes");
        json.writeArray(network.sizes(), 0, network.layerCount());
        json.writeFieldName("weights");
        json.writeStartArray();
        for (int l = 0; l < layers; l++) {
            json.writeStartArray();
            for (double[] row : network.weights(l)) {
                json.writeArray(row, 0, row.length);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeFieldName("biases");
        json.writeStartArray();
        for (int l = 0; l < layers; l++) {
            // network2 keeps biases as numpy column vectors, so b.tolist() is [[b0], [b1], ...].
            json.writeStartArray();
            for (double b : network.biases(l)) {
                json.writeStartArray();
                json.writeNumber(b);
                json.writeEndArray();
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeStringField("cost", network.cost().modelName());
        json.writeFieldName("activations");
        json.writeStartArray();
        for (Activation activation : network.activations()) {
            json.writeString(activation.id());
        }
        json.writeEndArray();
    }

    private void writeProvenance(Provenance p) throws IOException {
        json.writeStartObject();
        writeIfKnown("version", p.version());
        writeIfKnown("created", p.created() == null ? null : p.created().toString());
        writeIfKnown("data", p.data());
        writeIfKnown("trainingExamples", p.trainingExamples());
        writeIfKnown("seed", p.seed());
        writeIfKnown("engine", p.engine());
        writeIfKnown("epochs", p.epochs());
        writeIfKnown("miniBatchSize", p.miniBatchSize());
        writeIfKnown("learningRate", p.learningRate());
        writeIfKnown("lambda", p.lambda());
        writeIfKnown("initializer", p.initializer());
        if (p.shuffle() != null) {
            json.writeBooleanField("shuffle", p.shuffle());
        }
        writeIfKnown("epochsCompleted", p.epochsCompleted());
        writeIfKnown("evaluationAccuracy", p.evaluationAccuracy());
        if (!p.extra().isEmpty()) {
            json.writeObjectFieldStart("extra");
            for (Map.Entry<String, String> entry : p.extra().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private void writeIfKnown(String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private void writeIfKnown(String name, Integer value) throws IOException {
        if (value != null) {
            json.writeNumberField(name, value);
        }
    }

    private void writeIfKnown(String name, Long value) throws IOException {
        if (value != null) {
            json.writeNumberField(name, value);
        }
    }

    private void writeIfKnown(String name, Double value) throws IOException {
        if (value != null) {
            json.writeNumberField(name, value);
        }
    }
}
