package backprop.bench;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.train.Backprop;
import backprop.train.Optimizer;
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
 * One mini-batch step (batch 10) of the fast engine on the book's chapter 6 networks (network3.py,
 * see {@link ConvolutionEpochs}), which the engine gives to {@code LayeredBackprop}: random 28x28
 * images with random labels. Time per step times 5,000 is an epoch of 50,000 without shuffling and
 * bookkeeping; network3-b's epoch is about 0.49 TFLOP.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
        "-XX:ObjectAlignmentInBytes=64"})
public class Network3Benchmark {
    private static final int EXAMPLES = 10_000;
    private static final int BATCH = 10;

    @Param({"a", "b", "c", "e"})
    public String network;

    @Param({"1", "2"})
    public int threads;

    private Backprop engine;
    private int[] order;
    private int position;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        byte[] pixels = new byte[EXAMPLES * 784];
        random.nextBytes(pixels);
        int[] labels = new int[EXAMPLES];
        Arrays.setAll(labels, i -> random.nextInt(10));
        Dataset training = Dataset.ofImages("random", pixels, 28, 28, labels, 10);
        ConvolutionEpochs.Net net = ConvolutionEpochs.Net.named(network);
        TrainingOptions options = new TrainingOptions(1, BATCH, net.eta(), net.lambda(), 0.0, Optimizer.sgd(),
                net.dropout(), true, 1);
        engine = Engine.FAST.withThreads(threads).create(net.initialize(1), training, options);
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
        if (position + BATCH > order.length) {
            position = 0;
        }
        engine.step(order, position, position + BATCH);
        position += BATCH;
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
