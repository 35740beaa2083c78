package backprop.bench;

import backprop.engine.Kernels;
import backprop.engine.ScalarKernels;
import backprop.engine.VectorKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The three {@link Kernels} operations the fast engine spends its time in, one thread, on the shapes
 * of the networks we compare with peers. A shape {@code MxNxR} is {@code m} examples (the mini-batch),
 * {@code n} inputs per neuron and {@code R} neurons (rows of the weight matrix):
 * <ul>
 *   <li>{@code 10x784x30}: the book's hidden layer, W1 (784,30,10, batch 10), on one thread;</li>
 *   <li>{@code 10x784x15}: the same layer's half, one thread's share when two threads split it;</li>
 *   <li>{@code 128x784x1024} and {@code 128x1024x1024}: the two big layers of W3 (784,1024,1024,10, batch 128).</li>
 * </ul>
 *
 * <p>Arrays are laid out as the engine lays them out: rows of {@code z} and of the errors padded to a
 * multiple of 16 floats, every buffer with 16 spare floats at its end ({@code n} is 784 or 1024,
 * already a multiple of the vector length), and every matrix starting at the kernels' origin, which
 * with the forked JVM's 64-byte object alignment (as {@code ./backprop} runs) puts each row at the
 * start of a cache line.
 *
 * <p>Each call of each operation costs {@code 2*m*n*R} floating-point operations (one multiply and one
 * add per weight and example; the bias and weight-decay terms are not counted), so
 * {@code GFLOP/s = (ops/s) * 2*m*n*R / 1e9}. {@code bench/jmh} runs this and prints that conversion.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// JVM options as ./backprop's: with the default G1 collector a W2 step measured ~25% slower, and
// without 64-byte object alignment the matrices' rows straddle cache lines.
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
        "-XX:ObjectAlignmentInBytes=64"})
public class KernelBenchmark {
    /** The engine pads rows to whole 512-bit vectors and leaves one vector spare at the end of every buffer. */
    private static final int PADDING = 16;

    @Param({"10x784x30", "10x784x15", "128x784x1024", "128x1024x1024"})
    public String shape;

    @Param({"vector", "scalar"})
    public String kernels;

    private Kernels k;
    private int m;
    private int n;
    private int rows;
    /** Row length of {@code z} and {@code d}: {@code rows} rounded up to a multiple of {@link #PADDING}. */
    private int stride;
    /** Activations below the layer, {@code m x n}, batch-major. */
    private float[] a;
    /** The layer's weights, {@code rows x n}, and biases. */
    private float[] w;
    private float[] b;
    /**
     * Weighted inputs and the layer's errors (for update: already scaled by -eta/m), {@code m x stride};
     * BP2's sum {@code m x n}.
     */
    private float[] z;
    private float[] d;
    private float[] out;
    /** network2.py's decay {@code 1 - eta*lambda/n} with eta 0.5, lambda 5, n 50,000: keeps the weights bounded. */
    private final float decay = 1 - 0.5f * 5f / 50_000f;

    @Setup
    public void setUp() {
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        rows = Integer.parseInt(parts[2]);
        stride = (rows + PADDING - 1) / PADDING * PADDING;
        int origin = Kernels.best().origin();
        k = switch (kernels) {
            case "vector" -> new VectorKernels(origin);
            case "scalar" -> new ScalarKernels(origin);
            default -> throw new IllegalArgumentException("kernels must be vector or scalar, got " + kernels);
        };
        SplittableRandom random = new SplittableRandom(1);
        a = uniform(random, origin, m * n, 0, 1);
        w = uniform(random, origin, rows * n, -0.05, 0.05);
        b = uniform(random, origin, rows, -1, 1);
        d = new float[origin + m * stride + PADDING];
        for (int i = 0; i < m; i++) {
            System.arraycopy(uniform(random, 0, rows, -0.01, 0.01), 0, d, origin + i * stride, rows);
        }
        z = new float[origin + m * stride + PADDING];
        out = new float[origin + m * n + PADDING];
    }

    /**
     * {@code count} floats uniform in {@code [from, to)} from index {@code origin}, and {@link #PADDING}
     * zeros after them, as the engine lays out its buffers.
     */
    static float[] uniform(SplittableRandom random, int origin, int count, double from, double to) {
        float[] values = new float[origin + count + PADDING];
        for (int i = 0; i < count; i++) {
            values[origin + i] = (float) random.nextDouble(from, to);
        }
        return values;
    }

    /** Equation 25 for the batch: {@code z = a W^T + b}. */
    @Benchmark
    public void forward(Blackhole blackhole) {
        k.forward(a, m, n, w, b, 0, rows, z, stride);
        blackhole.consume(z);
    }

    /** BP2's sum: {@code out = d W}. */
    @Benchmark
    public void backward(Blackhole blackhole) {
        k.backward(d, stride, m, w, n, 0, rows, out);
        blackhole.consume(out);
    }

    /** BP3/BP4 fused with the step: {@code W = decay W + s^T a}, {@code b += Σ s}, with {@code s = -(eta/m) δ}. */
    @Benchmark
    public void update(Blackhole blackhole) {
        k.update(d, stride, m, a, n, w, b, 0, rows, decay);
        blackhole.consume(w);
    }
}
