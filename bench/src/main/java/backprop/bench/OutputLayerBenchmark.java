package backprop.bench;

import backprop.engine.Kernels;
import backprop.engine.VectorKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The book's 30-to-10 sigmoid output layer after its forward pass, at batch 10, one thread: σ, the
 * quadratic cost's output error, BP2's sum into the 30 hidden neurons and the update, as
 * {@link Kernels#sigmoidOutputStep} does it in one pass ({@code onePass}) and as the separate kernels
 * built for large layers did it ({@code separateKernels}; the engine also flushed subnormal products to
 * zero between them, left out here, so this is a little quicker than what it replaced). The weights
 * are restored before each call, so that every call starts from the same values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class OutputLayerBenchmark {
    private static final int M = 10;
    private static final int INPUTS = 32;
    private static final int NEURONS = 10;
    private static final int STRIDE = 16;
    private static final int PADDING = 16;
    private static final float RATE = 0.3f;

    private final Kernels k = new VectorKernels();
    private final int[] labels = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
    private float[] z;
    private float[] a;
    private float[] startWeights;
    private float[] startBiases;
    private float[] w;
    private float[] b;
    private float[] out;
    private float[] delta;
    private float[] back;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        z = KernelBenchmark.uniform(random, 0, M * STRIDE, -4, 4);
        a = new float[M * INPUTS + PADDING];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < 30; j++) {
                a[i * INPUTS + j] = (float) random.nextDouble(0, 1);
            }
        }
        startWeights = new float[NEURONS * INPUTS + PADDING];
        for (int j = 0; j < NEURONS; j++) {
            for (int q = 0; q < 30; q++) {
                startWeights[j * INPUTS + q] = (float) random.nextGaussian();
            }
        }
        startBiases = KernelBenchmark.uniform(random, 0, STRIDE, -1, 1);
        w = startWeights.clone();
        b = startBiases.clone();
        out = new float[M * STRIDE + PADDING];
        delta = new float[M * STRIDE + PADDING];
        back = new float[M * INPUTS + PADDING];
    }

    private void restore() {
        System.arraycopy(startWeights, 0, w, 0, w.length);
        System.arraycopy(startBiases, 0, b, 0, b.length);
    }

    @Benchmark
    public void onePass(Blackhole blackhole) {
        restore();
        k.sigmoidOutputStep(z, out, delta, STRIDE, NEURONS, labels, true, a, M, INPUTS, w, b, RATE, 1f, back);
        blackhole.consume(w);
    }

    @Benchmark
    public void separateKernels(Blackhole blackhole) {
        restore();
        for (int i = 0; i < M; i++) {
            k.sigmoid(z, out, i * STRIDE, i * STRIDE + NEURONS);
            for (int j = 0; j < NEURONS; j++) {
                int at = i * STRIDE + j;
                float g = out[at] - (j == labels[i] ? 1f : 0f);
                delta[at] = g * (out[at] * (1 - out[at]));
            }
        }
        k.backward(delta, STRIDE, M, w, INPUTS, 0, NEURONS, back);
        for (int i = 0; i < M; i++) {
            for (int at = i * STRIDE; at < i * STRIDE + NEURONS; at++) {
                delta[at] *= -RATE;
            }
        }
        k.update(delta, STRIDE, M, a, INPUTS, w, b, 0, NEURONS, 1f);
        blackhole.consume(w);
    }
}
