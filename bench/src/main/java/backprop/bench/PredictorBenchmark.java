package backprop.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.io.onnx.OnnxExport;
import backprop.predict.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Inference, one thread, our {@link Predictor} beside ONNX Runtime (Java, CPU, one intra-op thread,
 * all graph optimizations) on the same model, exported by {@link OnnxExport}: the latency of one
 * example ({@code *Single}, a call per example as a service answers a request) and the time per
 * example of a batch of {@value #BATCH} ({@code *Batch}). ONNX Runtime gets its best case: the input
 * tensors are made once over direct buffers that each call only refills, so a call pays for the run
 * and for copying the outputs out, as ours does. Weights are random (timing does not depend on them).
 *
 * <p>{@code dense}: 784,100,10 (sigmoid, network2.py's network); {@code conv}: network3.py's
 * network3-b, 1x28x28,conv:20x5x5,pool:2,conv:40x5x5,pool:2,fc:100,softmax:10.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64",
        "--enable-native-access=ALL-UNNAMED"})
public class PredictorBenchmark {
    static final int BATCH = 256;

    @Param({"dense", "conv"})
    public String network;

    private Predictor predictor;
    private OrtEnvironment environment;
    private OrtSession session;
    private OnnxTensor single;
    private FloatBuffer singleBuffer;
    private OnnxTensor batch;
    private FloatBuffer batchBuffer;
    private float[][] inputs;
    private float[][] outputs;
    private float[] output;
    private int next;

    @Setup
    public void setUp() throws OrtException {
        String layers = network.equals("dense") ? "784,100,10"
                : "1x28x28,conv:20x5x5,pool:2,conv:40x5x5,pool:2,fc:100,softmax:10";
        Network net = Architecture.parse(layers, null, Activation.SIGMOID, Activation.SIGMOID)
                .initialize(Cost.QUADRATIC, Initializer.SCALED, new SeededRandom(1));
        predictor = Predictor.of(net);
        environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = environment.createSession(OnnxExport.toBytes(net), options);
        int n = net.inputSize();
        SplittableRandom random = new SplittableRandom(2);
        inputs = new float[BATCH][n];
        for (float[] input : inputs) {
            for (int k = 0; k < n; k++) {
                input[k] = (float) random.nextDouble();
            }
        }
        outputs = new float[BATCH][net.outputSize()];
        output = new float[net.outputSize()];
        long[] one = net.inputShape().isVector() ? new long[] {1, n} : new long[] {1, 1, 28, 28};
        long[] many = net.inputShape().isVector() ? new long[] {BATCH, n} : new long[] {BATCH, 1, 28, 28};
        singleBuffer = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
        batchBuffer = ByteBuffer.allocateDirect(4 * n * BATCH).order(ByteOrder.nativeOrder()).asFloatBuffer();
        single = OnnxTensor.createTensor(environment, singleBuffer, one);
        batch = OnnxTensor.createTensor(environment, batchBuffer, many);
    }

    @TearDown
    public void tearDown() throws OrtException {
        single.close();
        batch.close();
        session.close();
    }

    @Benchmark
    public float[] predictorSingle() {
        predictor.outputs(inputs[next++ & (BATCH - 1)], output);
        return output;
    }

    @Benchmark
    public float[] onnxRuntimeSingle() throws OrtException {
        singleBuffer.clear();
        singleBuffer.put(inputs[next++ & (BATCH - 1)]);
        try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, single))) {
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(output);
        }
        return output;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[][] predictorBatch() {
        predictor.outputsBatch(inputs, outputs);
        return outputs;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[][] onnxRuntimeBatch() throws OrtException {
        batchBuffer.clear();
        for (float[] input : inputs) {
            batchBuffer.put(input);
        }
        try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, batch))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            for (float[] row : outputs) {
                out.get(row);
            }
        }
        return outputs;
    }
}
