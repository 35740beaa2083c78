package backprop.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a layer's weights and biases start, before any training. Each rule draws weights from a normal
 * distribution with a standard deviation that depends on the layer's {@link Fans}, and biases from
 * N(0, 1) or sets them to 0.
 */
public enum Initializer {
    /** Weights and biases N(0, 1): network.py and network2's {@code large_weight_initializer}. */
    LARGE("large", true) {
        @Override
        public double weightStandardDeviation(Fans fans) {
            return 1.0;
        }
    },
    /**
     * Weights N(0, 1/n_in), biases N(0, 1): network2's default. Keeps {@code z} from being so
     * large that the sigmoid saturates and learning slows (chapter 3, "Weight initialization").
     */
    SCALED("scaled", true) {
        @Override
        public double weightStandardDeviation(Fans fans) {
            return 1.0 / Math.sqrt(fans.in());
        }
    },
    /** Glorot and Bengio (2010): weights N(0, 2/(n_in + n_out)), biases 0. */
    XAVIER("xavier", false) {
        @Override
        public double weightStandardDeviation(Fans fans) {
            return Math.sqrt(2.0 / (fans.in() + fans.out()));
        }
    },
    /** He et al. (2015), made for ReLU: weights N(0, 2/n_in), biases 0. */
    HE("he", false) {
        @Override
        public double weightStandardDeviation(Fans fans) {
            return Math.sqrt(2.0 / fans.in());
        }
    },
    /**
     * network3.py's: weights N(0, 1/n_out) with a convolution's n_out counted after its pooling
     * ({@code filters · kernel area / pool area}), biases N(0, 1); the softmax output layer starts at
     * zero, weights and biases.
     */
    NETWORK3("network3", true) {
        @Override
        public double weightStandardDeviation(Fans fans) {
            return fans.softmaxOutput() ? 0.0 : Math.sqrt(1.0 / fans.pooledOut());
        }

        @Override
        boolean drawsBiases(Fans fans) {
            return !fans.softmaxOutput();
        }
    };

    /**
     * What the rules look at: the number of inputs each output depends on ({@code in}: a fully
     * connected layer's inputs, a convolution's {@code channels · kernel area}), the number of outputs
     * each input feeds ({@code out}: neurons, or {@code filters · kernel area}), that number after a
     * pooling layer right behind the layer ({@code pooledOut}, network3.py's count), and whether the
     * layer is a softmax output.
     */
    public record Fans(int in, int out, int pooledOut, boolean softmaxOutput) {
        /** A fully connected layer's fans. */
        public static Fans fullyConnected(int inputs, int outputs, boolean softmaxOutput) {
            return new Fans(inputs, outputs, outputs, softmaxOutput);
        }
    }

    private final String id;
    private final boolean gaussianBiases;

    Initializer(String id, boolean gaussianBiases) {
        this.id = id;
        this.gaussianBiases = gaussianBiases;
    }

    /** The name {@code --init} takes. */
    public String id() {
        return id;
    }

    /** The standard deviation of the Gaussian a weight is drawn from, for a layer with these fans. */
    public abstract double weightStandardDeviation(Fans fans);

    boolean drawsBiases(Fans fans) {
        return gaussianBiases;
    }

    /** Fills one layer's biases: N(0, 1) or zeros, as the rule says. */
    public void initializeBiases(double[] b, Fans fans, SeededRandom random) {
        boolean draw = drawsBiases(fans);
        for (int j = 0; j < b.length; j++) {
            b[j] = draw ? random.nextGaussian() : 0.0;
        }
    }

    /** Fills one layer's weights, in the order they are stored. */
    public void initializeWeights(double[] w, Fans fans, SeededRandom random) {
        double sd = weightStandardDeviation(fans);
        if (sd == 0) {
            java.util.Arrays.fill(w, 0.0);
            return;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = sd * random.nextGaussian();
        }
    }

    /**
     * The initializer named {@code name} (its {@link #id()}, in any case); an {@link IllegalArgumentException}
     * naming the choices otherwise.
     */
    public static Initializer parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("glorot")) {
            return XAVIER;
        }
        for (Initializer initializer : values()) {
            if (initializer.id.equals(wanted)) {
                return initializer;
            }
        }
        throw new IllegalArgumentException("unknown initializer '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Initializer::id).toList() + ")");
    }
}
