package backprop.io.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The models PyTorch exported (test resources onnx/pytorch, made by make_models.py there) and what
 * PyTorch computed with them: its correct count on the MNIST test set and its outputs for synthetic inputs.
 */
record PyTorchModels(Path directory, JsonNode expected) {

    record Model(String name, Path file, int opset, int correct, int inputSize, float[][] inputs, double[][] outputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static PyTorchModels load() throws IOException, URISyntaxException {
        Path directory = Path.of(PyTorchModels.class.getResource("/onnx/pytorch/expected.json").toURI()).getParent();
        return new PyTorchModels(directory, new ObjectMapper().readTree(directory.resolve("expected.json").toFile()));
    }

    Path file(String name) {
        return directory.resolve(name);
    }

    List<Model> models() {
        List<Model> models = new ArrayList<>();
        for (var fields = expected.properties().iterator(); fields.hasNext(); ) {
            var field = fields.next();
            JsonNode m = field.getValue();
            int inputSize = 1;
            for (JsonNode d : m.get("input")) {
                inputSize *= d.asInt();
            }
            JsonNode outputs = m.get("outputs");
            double[][] expectedOutputs = new double[outputs.size()][];
            float[][] inputs = new float[outputs.size()][inputSize];
            for (int i = 0; i < outputs.size(); i++) {
                expectedOutputs[i] = new double[outputs.get(i).size()];
                for (int j = 0; j < expectedOutputs[i].length; j++) {
                    expectedOutputs[i][j] = outputs.get(i).get(j).asDouble();
                }
                for (int k = 0; k < inputSize; k++) {
                    // make_models.py's synthetic inputs, rebuilt.
                    inputs[i][k] = (float) ((i * 31 + k * 17) % 256) / 255f;
                }
            }
            models.add(new Model(field.getKey(), directory.resolve(m.get("file").asText()), m.get("opset").asInt(),
                    m.get("correct").asInt(), inputSize, inputs, expectedOutputs));
        }
        return models;
    }
}
