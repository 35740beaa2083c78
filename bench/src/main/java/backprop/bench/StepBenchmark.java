package backprop.bench;

import backprop.data.Dataset;
import backprop.engine.FastBackprop;
import backprop.engine.Kernels;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.train.TrainingOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One mini-batch step of {@link FastBackprop} (forward, backward and update, all layers) on synthetic
 * images: random bytes, 784 inputs, random labels. {@code network} names the networks of bench/run:
 * W1 = 784,30,10 batch 10 (the book's run); W2 = 784,100,10 batch 10; W3 = 784,1024,1024,10 batch 128;
 * all sigmoid with the quadratic cost.
 *
 * <p>Time per step times the steps per epoch (50,000 / batch) is the epoch's training time without
 * shuffling and bookkeeping. The engine posts a step to its threads without waiting for them (they are
 * at most one step apart), so the steady-state rate is what is measured; every iteration ends with
 * {@link FastBackprop#synchronize()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// More warm-up than the kernels: the first second runs the Vector API code before C2 has compiled it, 100x slower.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// Not the default G1 collector, with which a W2 step measured ~25% slower (./backprop runs the serial one).
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
        "-XX:ObjectAlignmentInBytes=64"})
public class StepBenchmark {
    /** Enough distinct images that a step's inputs don't all sit in L1/L2 cache, as in a real epoch. */
    private static final int EXAMPLES = 10_000;

    @Param({"W1", "W2", "W3"})
    public String network;

    @Param({"1", "2"})
    public int threads;

    private FastBackprop engine;
    private int[] order;
    private int batch;
    private int position;

    @Setup(Level.Trial)
    public void setUp() {
        int[] sizes;
        double eta;
        Initializer initializer;
        switch (network) {
            case "W1" -> {
                sizes = new int[] {784, 30, 10};
                batch = 10;
                eta = 3.0;
                initializer = Initializer.LARGE;
            }
            case "W2" -> {
                sizes = new int[] {784, 100, 10};
                batch = 10;
                eta = 3.0;
                initializer = Initializer.LARGE;
            }
            case "W3" -> {
                sizes = new int[] {784, 1024, 1024, 10};
                batch = 128;
                eta = 0.1;
                initializer = Initializer.SCALED;
            }
            default -> throw new IllegalArgumentException("network must be W1, W2 or W3, got " + network);
        }
        SplittableRandom random = new SplittableRandom(1);
        byte[] pixels = new byte[EXAMPLES * 784];
        random.nextBytes(pixels);
        int[] labels = new int[EXAMPLES];
        Arrays.setAll(labels, i -> random.nextInt(10));
        Dataset training = Dataset.ofImages("random", pixels, 28, 28, labels, 10);

        Network start = Network.initialize(sizes, Cost.QUADRATIC, initializer, new SeededRandom(1));
        TrainingOptions options = TrainingOptions.book().withMiniBatchSize(batch).withLearningRate(eta);
        engine = new FastBackprop(start, training, options, threads, Kernels.best());

        order = new int[EXAMPLES];
        Arrays.setAll(order, i -> i);
        for (int i = EXAMPLES - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        position = 0;
    }

    @Benchmark
    public void step() {
        if (position + batch > order.length) {
            position = 0;
        }
        engine.step(order, position, position + batch);
        position += batch;
    }

    @TearDown(Level.Iteration)
    public void finishSteps() {
        engine.synchronize();
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }
}
