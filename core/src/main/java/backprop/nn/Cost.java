package backprop.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * A cost function {@code C_x(a, y)} for one training example, and its output error
 * {@code δ^L = ∂C/∂z^L} (equation BP1).
 *
 * <p>The names are network2.py's class names, which its model files record in {@code "cost"}.
 */
public enum Cost {
    /** {@code C = ½ ‖y - a‖²} (the book's equation 6, per example). */
    QUADRATIC("QuadraticCost", "quadratic") {
        @Override
        public double value(double[] a, double[] y) {
            double sum = 0;
            for (int j = 0; j < a.length; j++) {
                double d = a[j] - y[j];
                sum += d * d;
            }
            return 0.5 * sum;
        }

        @Override
        public void gradient(double[] a, double[] y, double[] gradient) {
            for (int j = 0; j < a.length; j++) {
                gradient[j] = a[j] - y[j];
            }
        }
    },
    /**
     * {@code C = -Σ_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]} (equation 63). As in network2.py,
     * {@code 0 · ln 0} counts as 0 and an infinite term as the largest double.
     */
    CROSS_ENTROPY("CrossEntropyCost", "cross-entropy") {
        @Override
        public double value(double[] a, double[] y) {
            double sum = 0;
            for (int j = 0; j < a.length; j++) {
                sum += finite(xLogY(-y[j], a[j]) + xLogY(-(1 - y[j]), 1 - a[j]));
            }
            return sum;
        }

        @Override
        public void gradient(double[] a, double[] y, double[] gradient) {
            for (int j = 0; j < a.length; j++) {
                gradient[j] = (a[j] - y[j]) / (a[j] * (1 - a[j]));
            }
        }

        @Override
        public void outputDelta(Activation activation, double[] z, double[] a, double[] y, double[] delta) {
            if (activation == Activation.SIGMOID) {
                // σ'(z) = a(1-a) cancels the gradient's denominator: δ = a - y (equation 66), no learning slowdown.
                differenceInto(a, y, delta);
            } else {
                super.outputDelta(activation, z, a, y, delta);
            }
        }
    },
    /** {@code C = -ln a_y}, the log-likelihood of the right class (equation 80); made for softmax. */
    LOG_LIKELIHOOD("LogLikelihoodCost", "log-likelihood") {
        @Override
        public double value(double[] a, double[] y) {
            double sum = 0;
            for (int j = 0; j < a.length; j++) {
                sum += finite(xLogY(-y[j], a[j]));
            }
            return sum;
        }

        @Override
        public void gradient(double[] a, double[] y, double[] gradient) {
            for (int j = 0; j < a.length; j++) {
                gradient[j] = y[j] == 0 ? 0.0 : -y[j] / a[j];
            }
        }

        @Override
        public void outputDelta(Activation activation, double[] z, double[] a, double[] y, double[] delta) {
            if (activation == Activation.SOFTMAX) {
                // With softmax the Jacobian and -y/a combine to δ = a - y (equation 84).
                differenceInto(a, y, delta);
            } else {
                super.outputDelta(activation, z, a, y, delta);
            }
        }
    };

    private final String modelName;
    private final String id;

    Cost(String modelName, String id) {
        this.modelName = modelName;
        this.id = id;
    }

    /** The class name network2.py writes and reads, e.g. {@code "CrossEntropyCost"}. */
    public String modelName() {
        return modelName;
    }

    /** The name used in flags, e.g. {@code "cross-entropy"}. */
    public String id() {
        return id;
    }

    /**
     * Whether this cost is defined for outputs of {@code output}: the cross-entropy and log-likelihood
     * costs take logarithms of the outputs, so they need outputs between 0 and 1 (sigmoid, softmax).
     */
    public boolean supports(Activation output) {
        return this == QUADRATIC || output == Activation.SIGMOID || output == Activation.SOFTMAX;
    }

    /** {@code C_x} for output activations {@code a} and desired output {@code y}. */
    public abstract double value(double[] a, double[] y);

    /** {@code ∇_a C_x}, the rate of change of the cost with the output activations. */
    public abstract void gradient(double[] a, double[] y, double[] gradient);

    /**
     * The output error {@code δ^L = ∇_a C ⊙ σ'(z^L)} (BP1), or the softmax Jacobian applied to
     * {@code ∇_a C}. Pairs whose terms cancel (cross-entropy with sigmoid, log-likelihood with
     * softmax) override this with the simplified form, which is also the numerically safe one.
     */
    public void outputDelta(Activation activation, double[] z, double[] a, double[] y, double[] delta) {
        double[] gradient = new double[a.length];
        gradient(a, y, gradient);
        activation.backward(z, a, gradient, delta);
    }

    static void differenceInto(double[] a, double[] y, double[] out) {
        for (int j = 0; j < a.length; j++) {
            out[j] = a[j] - y[j];
        }
    }

    /** {@code x ln y} with {@code 0 ln 0 = 0}, as numpy's nan_to_num makes of it. */
    static double xLogY(double x, double y) {
        return x == 0 ? 0.0 : x * Math.log(y);
    }

    static double finite(double v) {
        if (Double.isNaN(v)) {
            return 0.0;
        }
        if (v == Double.POSITIVE_INFINITY) {
            return Double.MAX_VALUE;
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return -Double.MAX_VALUE;
        }
        return v;
    }

    /** Parses a flag name ({@code cross-entropy}) or a network2.py class name ({@code CrossEntropyCost}). */
    public static Cost parse(String name) {
        String wanted = name.trim();
        String flag = wanted.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Cost cost : values()) {
            if (cost.modelName.equals(wanted) || cost.id.equals(flag)) {
                return cost;
            }
        }
        throw new IllegalArgumentException("unknown cost '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Cost::id).toList() + ")");
    }
}
