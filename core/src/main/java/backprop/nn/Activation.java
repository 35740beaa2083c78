package backprop.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a layer of neurons does to its weighted input: {@code a = σ(z)}.
 *
 * <p>Every activation but softmax acts on each neuron alone, so its Jacobian is the diagonal
 * {@code σ'(z)}. Softmax couples the neurons of a layer (the book's equation 78), which is why the
 * methods here take whole layers.
 */
public enum Activation {
    /** {@code σ(z) = 1 / (1 + e^-z)}, the book's neuron (equation 3). */
    SIGMOID("sigmoid") {
        @Override
        public double value(double z) {
            return 1.0 / (1.0 + Math.exp(-z));
        }

        @Override
        public double derivative(double z) {
            double s = value(z);
            return s * (1 - s);
        }

        @Override
        double derivativeFromOutput(double z, double a) {
            return a * (1 - a);
        }
    },
    /** {@code tanh(z)}, a rescaled sigmoid with outputs in (-1, 1) (chapter 3). */
    TANH("tanh") {
        @Override
        public double value(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivative(double z) {
            double t = Math.tanh(z);
            return 1 - t * t;
        }

        @Override
        double derivativeFromOutput(double z, double a) {
            return 1 - a * a;
        }
    },
    /** Rectified linear unit {@code max(0, z)} (chapter 3). */
    RELU("relu") {
        @Override
        public double value(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1.0 : 0.0;
        }
    },
    /** {@code z} for positive inputs, {@code 0.01 z} otherwise, so no unit is ever wholly dead. */
    LEAKY_RELU("leaky-relu") {
        @Override
        public double value(double z) {
            return z > 0 ? z : LEAKY_SLOPE * z;
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1.0 : LEAKY_SLOPE;
        }
    },
    /** {@code a_j = e^{z_j} / Σ_k e^{z_k}}: the outputs form a probability distribution (equation 78). */
    SOFTMAX("softmax") {
        @Override
        public void apply(double[] z, double[] a) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            // Subtracting the largest z changes nothing mathematically and keeps exp from overflowing.
            double sum = 0;
            for (int j = 0; j < z.length; j++) {
                a[j] = Math.exp(z[j] - max);
                sum += a[j];
            }
            for (int j = 0; j < z.length; j++) {
                a[j] /= sum;
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] gradient, double[] delta) {
            // ∂a_j/∂z_k = a_j (1[j=k] - a_k), so δ_k = a_k (g_k - Σ_j a_j g_j).
            double dot = 0;
            for (int j = 0; j < a.length; j++) {
                dot += a[j] * gradient[j];
            }
            for (int k = 0; k < a.length; k++) {
                delta[k] = a[k] * (gradient[k] - dot);
            }
        }

        @Override
        public boolean isElementwise() {
            return false;
        }

        @Override
        public double value(double z) {
            throw new UnsupportedOperationException("softmax acts on a whole layer, not one neuron");
        }

        @Override
        public double derivative(double z) {
            throw new UnsupportedOperationException("softmax acts on a whole layer, not one neuron");
        }
    };

    /** The slope of {@link #LEAKY_RELU} for negative inputs. */
    public static final double LEAKY_SLOPE = 0.01;

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    /** The name used in flags and model files, e.g. {@code "leaky-relu"}. */
    public String id() {
        return id;
    }

    /** {@code σ(z)} for one neuron; only for elementwise activations. */
    public abstract double value(double z);

    /** {@code σ'(z)} for one neuron; only for elementwise activations. */
    public abstract double derivative(double z);

    /** {@code σ'(z)} when {@code a = σ(z)} is already known, which some activations use to save work. */
    double derivativeFromOutput(double z, double a) {
        return derivative(z);
    }

    /**
     * Whether each neuron's output depends on its own weighted input alone (softmax's depends on the whole
     * layer's).
     */
    public boolean isElementwise() {
        return true;
    }

    /** {@code a = σ(z)} for a whole layer. */
    public void apply(double[] z, double[] a) {
        for (int j = 0; j < z.length; j++) {
            a[j] = value(z[j]);
        }
    }

    /**
     * The chain rule through this activation: given {@code g = ∂C/∂a}, writes {@code δ = ∂C/∂z}.
     * For an elementwise activation this is {@code g ⊙ σ'(z)}, the Hadamard product of BP1 and BP2.
     */
    public void backward(double[] z, double[] a, double[] gradient, double[] delta) {
        for (int j = 0; j < z.length; j++) {
            delta[j] = gradient[j] * derivativeFromOutput(z[j], a[j]);
        }
    }

    /** {@code σ(z)} as a new array: {@link #apply(double[], double[])} for a layer's forward pass. */
    public double[] applied(double[] z) {
        double[] a = new double[z.length];
        apply(z, a);
        return a;
    }

    /** {@code δ = ∂C/∂z} as a new array: {@link #backward(double[], double[], double[], double[])}. */
    public double[] backward(double[] z, double[] a, double[] gradient) {
        double[] delta = new double[z.length];
        backward(z, a, gradient, delta);
        return delta;
    }

    /** Parses a flag or model-file name, case-insensitively; accepts {@code leaky_relu} too. */
    public static Activation parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Activation activation : values()) {
            if (activation.id.equals(wanted)) {
                return activation;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Activation::id).toList() + ")");
    }
}
