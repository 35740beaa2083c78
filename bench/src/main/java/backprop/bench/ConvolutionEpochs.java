package backprop.bench;

import backprop.Engine;
import backprop.data.DataCatalog;
import backprop.data.Dataset;
import backprop.data.Splits;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.train.Backprop;
import backprop.train.Evaluation;
import backprop.train.MiniBatchSgd;
import backprop.train.Optimizer;
import backprop.train.TrainingOptions;

import java.io.IOException;
import java.util.Locale;

/**
 * Epochs of the book's chapter 6 networks (network3.py) on MNIST with the fast engine, timed as
 * {@code backprop train} times them (the mini-batch loop only), for bench/run until the command line
 * takes these networks. Prints {@code Epoch N: C / 10000 (P%) S s} per epoch.
 *
 * <pre>
 *   ConvolutionEpochs --net a|b|c|e [--threads T] [--epochs E] [--train-size N] [--seed S]
 * </pre>
 */
public final class ConvolutionEpochs {
    private ConvolutionEpochs() {
    }

    /** A network3 net: its layers, η, λ and dropout, as network3.py's chapter 6 runs them at mini-batch 10. */
    record Net(String layers, double eta, double lambda, double dropout) {
        static Net named(String name) {
            return switch (name) {
                case "a" -> new Net("1x28x28,conv:20x5x5:sigmoid,pool:2,fc:100:sigmoid,softmax:10", 0.1, 0, 0);
                case "b" -> new Net("1x28x28,conv:20x5x5:sigmoid,pool:2,conv:40x5x5:sigmoid,pool:2,fc:100:sigmoid,"
                        + "softmax:10", 0.1, 0, 0);
                case "c" -> new Net("1x28x28,conv:20x5x5:relu,pool:2,conv:40x5x5:relu,pool:2,fc:100:relu,softmax:10",
                        0.03, 0.1, 0);
                case "e" -> new Net("1x28x28,conv:20x5x5:relu,pool:2,conv:40x5x5:relu,pool:2,fc:1000:relu,"
                        + "fc:1000:relu,softmax:10", 0.03, 0, 0.5);
                default -> throw new IllegalArgumentException("--net must be a, b, c or e, got " + name);
            };
        }

        Network initialize(long seed) {
            return Architecture.parse(layers, null, Activation.SIGMOID, Activation.SOFTMAX)
                    .initialize(Cost.LOG_LIKELIHOOD, Initializer.NETWORK3, new SeededRandom(seed));
        }
    }

    public static void main(String[] args) throws IOException {
        String name = "b";
        int threads = 2;
        int epochs = 3;
        int trainSize = 50_000;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--net" -> name = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--train-size" -> trainSize = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Net net = Net.named(name);
        Splits mnist = DataCatalog.open(DataCatalog.MNIST, message -> { });
        Dataset training = mnist.training().first(trainSize);
        TrainingOptions options = new TrainingOptions(epochs, 10, net.eta(), net.lambda(), 0.0, Optimizer.sgd(),
                net.dropout(), true, seed);
        System.out.printf(Locale.ROOT, "fast engine, %d threads, network3-%s: %s, batch 10, eta %s, lambda %s, "
                + "dropout %s, %d training examples%n", threads, name, net.layers(), net.eta(), net.lambda(),
                net.dropout(), training.size());
        try (Backprop engine = Engine.FAST.withThreads(threads).create(net.initialize(seed), training, options)) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] order = MiniBatchSgd.epochOrder(training.size(), seed, epoch, true);
                long started = System.nanoTime();
                engine.epochStarting(order);
                for (int from = 0; from < order.length; from += 10) {
                    engine.step(order, from, Math.min(order.length, from + 10));
                }
                engine.synchronize();
                double seconds = (System.nanoTime() - started) / 1e9;
                Evaluation test = engine.evaluate(mnist.test(), false);
                System.out.printf(Locale.ROOT, "Epoch %d: %d / %d (%.2f%%) %.3f s%n", epoch, test.correct(),
                        test.count(), 100.0 * test.accuracy(), seconds);
            }
        }
    }
}
