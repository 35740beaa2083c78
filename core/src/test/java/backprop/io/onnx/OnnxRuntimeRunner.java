package backprop.io.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import backprop.nn.Shape;

import java.nio.FloatBuffer;
import java.util.Map;

/** Runs a serialized ONNX model in ONNX Runtime: the independent implementation our exports are checked against. */
final class OnnxRuntimeRunner implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Shape input;

    OnnxRuntimeRunner(byte[] model, Shape input) throws OrtException {
        this.session = environment.createSession(model, new OrtSession.SessionOptions());
        this.input = input;
    }

    OrtSession session() {
        return session;
    }

    /** The outputs for {@code examples} rows of {@code input.size()} values each, flat. */
    float[][] run(float[] inputs, int examples) throws OrtException {
        long[] shape = input.isVector() ? new long[] {examples, input.size()}
                : new long[] {examples, input.channels(), input.height(), input.width()};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(inputs), shape);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, tensor))) {
            return (float[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
