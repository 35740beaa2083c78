package backprop.nn;

import java.util.Arrays;
import java.util.Locale;

/** How a layer's weights and biases start, before any training. */
public enum Initializer {
    /** Weights and biases N(0, 1): network.py and network2's {@code large_weight_initializer}. */
    LARGE("large", true) {
        @Override
        public double weightStandardDeviation(int inputs, int outputs) {
            return 1.0;
        }
    },
    /**
     * Weights N(0, 1/n_in), biases N(0, 1): network2's default. Keeps {@code z} from being so
     * large that the sigmoid saturates and learning slows (chapter 3, "Weight initialization").
     */
    SCALED("scaled", true) {
        @Override
        public double weightStandardDeviation(int inputs, int outputs) {
            return 1.0 / Math.sqrt(inputs);
        }
    },
    /** Glorot and Bengio (2010): weights N(0, 2/(n_in + n_out)), biases 0. */
    XAVIER("xavier", false) {
        @Override
        public double weightStandardDeviation(int inputs, int outputs) {
            return Math.sqrt(2.0 / (inputs + outputs));
        }
    },
    /** He et al. (2015), made for ReLU: weights N(0, 2/n_in), biases 0. */
    HE("he", false) {
        @Override
        public double weightStandardDeviation(int inputs, int outputs) {
            return Math.sqrt(2.0 / inputs);
        }
    };

    private final String id;
    private final boolean gaussianBiases;

    Initializer(String id, boolean gaussianBiases) {
        this.id = id;
        this.gaussianBiases = gaussianBiases;
    }

    public String id() {
        return id;
    }

    public abstract double weightStandardDeviation(int inputs, int outputs);

    /** Fills one layer's weights {@code w[j][k]} (neuron j, input k) and biases {@code b[j]}. */
    public void initializeBiases(double[] b, SeededRandom random) {
        for (int j = 0; j < b.length; j++) {
            b[j] = gaussianBiases ? random.nextGaussian() : 0.0;
        }
    }

    public void initializeWeights(double[][] w, SeededRandom random) {
        int outputs = w.length;
        int inputs = outputs == 0 ? 0 : w[0].length;
        double sd = weightStandardDeviation(inputs, outputs);
        for (double[] row : w) {
            for (int k = 0; k < row.length; k++) {
                row[k] = sd * random.nextGaussian();
            }
        }
    }

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
