package backprop.engine;

import backprop.nn.Activation;
import backprop.nn.Cost;

/**
 * The per-neuron math of {@link Activation} and {@link Cost} in float, over a block of neurons
 * {@code [j0, j1)} of {@code m} examples stored batch-major, example {@code i}'s values at
 * {@code [i*stride, i*stride + n)} (a row padded to {@code stride}; the padding is never written, so
 * it stays zero). Same definitions as the reference; the derivatives are written in terms of the
 * output {@code a}, which the engine keeps, instead of {@code z}.
 *
 * <p>Activations and errors smaller in magnitude than the smallest normal float (about 1.2e-38) are
 * set to zero, as processors' flush-to-zero mode would, which Java does not offer. A multiply-add
 * with such a subnormal number takes a slow path in the processor, and a sigmoid neuron far into
 * saturation produces them, so long runs slowed down (measured in docs/PERFORMANCE.md, "Subnormal
 * numbers"). The weights move by less than float precision either way: 1e-38 added to 1 is lost.
 */
final class FloatLayers {
    private FloatLayers() {
    }

    /**
     * {@code v}, or zero if it is subnormal (see the class comment). Without a branch: one that is
     * never taken while the JIT profiles the code (a network's first epoch has no saturated neurons)
     * is compiled as a trap, and the first subnormal number, epochs later, would make it recompile the
     * whole step (see docs/PERFORMANCE.md, "Subnormal numbers").
     */
    static float flushed(float v) {
        int bits = Float.floatToRawIntBits(v);
        // All ones if the exponent field is not zero (a normal number, infinity or NaN), else zero.
        int keep = ~(((bits & 0x7F800000) - 1) >> 31);
        return Float.intBitsToFloat(bits & keep);
    }

    /**
     * {@code a = σ(z)} on the block, whose matrices start at the kernels' origin (as in every method
     * here: rows of {@code stride} floats from index {@code o}). Softmax needs whole rows ({@code j0 = 0, j1 = n}).
     */
    static void activate(Activation activation, Kernels kernels, float[] z, float[] a, int m, int stride, int n,
                         int j0, int j1) {
        int o = kernels.origin();
        if (activation == Activation.SOFTMAX) {
            for (int i = 0; i < m; i++) {
                softmaxRow(z, a, o + i * stride, n);
            }
            return;
        }
        if (j0 == 0 && j1 == n && n == stride) {
            activateRange(activation, kernels, z, a, o, o + m * n);
        } else {
            for (int i = 0; i < m; i++) {
                activateRange(activation, kernels, z, a, o + i * stride + j0, o + i * stride + j1);
            }
        }
    }

    private static void activateRange(Activation activation, Kernels kernels, float[] z, float[] a, int from, int to) {
        switch (activation) {
            // With a null case the compiler requires every constant below, so a new one cannot be missed.
            case null -> throw new NullPointerException();
            case SIGMOID -> kernels.sigmoid(z, a, from, to);
            case TANH -> kernels.tanh(z, a, from, to);
            case RELU -> {
                for (int k = from; k < to; k++) {
                    a[k] = Math.max(z[k], 0f);
                }
            }
            case LEAKY_RELU -> {
                float slope = (float) Activation.LEAKY_SLOPE;
                for (int k = from; k < to; k++) {
                    a[k] = z[k] > 0 ? z[k] : slope * z[k];
                }
            }
            case SOFTMAX -> throw new IllegalArgumentException("softmax acts on whole rows");
        }
    }

    private static void softmaxRow(float[] z, float[] a, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[offset + j]);
        }
        float sum = 0;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(z[offset + j] - max);
            a[offset + j] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (int j = 0; j < n; j++) {
            a[offset + j] = flushed(a[offset + j] * inverse);
        }
    }

    /** BP2's Hadamard product: {@code g ⊙= σ'(z)} on the block, with {@code σ'} computed from {@code a = σ(z)}. */
    static void multiplyByDerivative(Activation activation, float[] a, float[] g, int m, int stride, int j0, int j1,
                                     int o) {
        for (int i = 0; i < m; i++) {
            int from = o + i * stride + j0;
            int to = o + i * stride + j1;
            switch (activation) {
                // With a null case the compiler requires every constant below, so a new one cannot be missed.
                case null -> throw new NullPointerException();
                case SIGMOID -> {
                    for (int k = from; k < to; k++) {
                        g[k] = flushed(g[k] * (a[k] * (1 - a[k])));
                    }
                }
                case TANH -> {
                    for (int k = from; k < to; k++) {
                        g[k] = flushed(g[k] * (1 - a[k] * a[k]));
                    }
                }
                case RELU -> {
                    for (int k = from; k < to; k++) {
                        g[k] = a[k] > 0 ? g[k] : 0f;
                    }
                }
                case LEAKY_RELU -> {
                    float slope = (float) Activation.LEAKY_SLOPE;
                    for (int k = from; k < to; k++) {
                        g[k] = a[k] > 0 ? g[k] : flushed(slope * g[k]);
                    }
                }
                case SOFTMAX -> throw new IllegalArgumentException("softmax is only allowed on the output layer");
            }
        }
    }

    /** {@code g ⊙= factors} on the block. */
    static void multiply(float[] factors, float[] g, int m, int stride, int j0, int j1, int o) {
        for (int i = 0; i < m; i++) {
            for (int k = o + i * stride + j0; k < o + i * stride + j1; k++) {
                g[k] *= factors[k];
            }
        }
    }

    /**
     * BP1, the output error {@code δ^L} for neurons {@code [j0, j1)} of each example, given its label
     * and the weighted inputs {@code z} whose activations are {@code a}. Uses the cancelled forms
     * {@code δ = a - y} for cross-entropy with sigmoid and log-likelihood with softmax, as
     * {@link Cost#outputDelta} does, {@code δ_y = a_y - 1} (others 0) for log-likelihood with sigmoid,
     * and {@link #softmaxCrossEntropyDelta} for cross-entropy with softmax: forms equal to the
     * reference's {@code ∇_a C ⊙ σ'} whose terms stay finite where a float output saturates to
     * exactly 0 or 1. {@code scratch} holds at least {@code 3n} floats.
     */
    static void outputDelta(Cost cost, Activation activation, float[] z, float[] a, int[] labels, float[] delta,
                            int m, int stride, int n, int j0, int j1, float[] scratch, int o) {
        boolean cancelled = (cost == Cost.CROSS_ENTROPY && activation == Activation.SIGMOID)
                || (cost == Cost.LOG_LIKELIHOOD && activation == Activation.SOFTMAX);
        boolean difference = cancelled || (cost == Cost.QUADRATIC && activation.isElementwise());
        boolean labelOnly = cost == Cost.LOG_LIKELIHOOD && activation == Activation.SIGMOID;
        for (int i = 0; i < m; i++) {
            int row = o + i * stride;
            int label = labels[i];
            if (difference) {
                // a - y, with y one-hot: a copy and one subtraction, loops the JIT vectorizes.
                System.arraycopy(a, row + j0, delta, row + j0, j1 - j0);
                if (label >= j0 && label < j1) {
                    delta[row + label] -= 1f;
                }
            } else if (labelOnly) {
                // -1/a_y times σ' = a_y (1 - a_y): the division cancels, and a_y may be 0 in float.
                java.util.Arrays.fill(delta, row + j0, row + j1, 0f);
                if (label >= j0 && label < j1) {
                    delta[row + label] = a[row + label] - 1f;
                }
            } else if (activation.isElementwise()) {
                for (int j = j0; j < j1; j++) {
                    delta[row + j] = costGradient(cost, a[row + j], j == label);
                }
            } else if (cost == Cost.CROSS_ENTROPY) {
                softmaxCrossEntropyDelta(z, a, row, n, label, delta, scratch);
            } else {
                // Softmax with another cost: δ_k = a_k (g_k - Σ_j a_j g_j), needing the whole row.
                float dot = 0;
                for (int j = 0; j < n; j++) {
                    scratch[j] = costGradient(cost, a[row + j], j == label);
                    dot += a[row + j] * scratch[j];
                }
                for (int j = j0; j < j1; j++) {
                    delta[row + j] = a[row + j] * (scratch[j] - dot);
                }
            }
        }
        if (!cancelled && !labelOnly && activation.isElementwise()) {
            multiplyByDerivative(activation, a, delta, m, stride, j0, j1, o);
        }
    }

    /**
     * BP1 for the cross-entropy cost {@code C = -Σ_j [y_j ln a_j + (1-y_j) ln(1-a_j)]} on a softmax
     * layer, one example's whole row {@code [row, row + n)}, label {@code t}. The reference's form,
     * {@code g_j = (a_j - y_j) / (a_j (1 - a_j))} through the softmax Jacobian, divides by zero as soon
     * as an output rounds to exactly 0 or 1, which a float softmax does once two weighted inputs are
     * some 17 apart (a double one only past 37): {@code backprop train --output softmax --cost
     * cross-entropy --eta 3.0} diverged in its first epoch. Multiplied out, with
     * {@code r_j = a_j / (1 - a_j)} and {@code c_kj = a_k r_j / a_j}, the same derivative is
     * <pre>
     *   δ_t = -(1 - a_t) - Σ_{j≠t} c_tj a_j        δ_k = 2 a_k - Σ_{j∉{t,k}} c_kj a_j   (k ≠ t)
     * </pre>
     * where, with {@code e_i = exp(z_i - max z)}, {@code 1 - a_j = Σ_{i≠j} e_i / Σ_i e_i} is a sum
     * of positive terms (no cancellation) and {@code c_kj = e_k / Σ_{i≠j} e_i} lies in {@code [0, 1]}.
     * Every such sum holds the largest output's {@code e = 1}, except the one that leaves that output
     * out ({@code j = p}, the arg max), which is taken over {@code exp(z_i - z')} with {@code z'} the
     * largest of the others instead, so that it cannot underflow either.
     */
    static void softmaxCrossEntropyDelta(float[] z, float[] a, int row, int n, int t, float[] delta,
                                         float[] scratch) {
        int p = 0;
        for (int j = 1; j < n; j++) {
            if (z[row + j] > z[row + p]) {
                p = j;
            }
        }
        float max = z[row + p];
        float secondMax = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (j != p) {
                secondMax = Math.max(secondMax, z[row + j]);
            }
        }
        // scratch: e_j at [0, n), e_j relative to the second largest at [n, 2n), r_j at [2n, 3n).
        float sum = 0;
        float othersOfP = 0;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(z[row + j] - max);
            scratch[j] = e;
            sum += e;
            float relative = j == p ? 0f : (float) Math.exp(z[row + j] - secondMax);
            scratch[n + j] = relative;
            othersOfP += relative;
        }
        float totalR = 0;
        for (int j = 0; j < n; j++) {
            // Σ_{i≠j} e_i = sum - e_j holds e_p = 1 >= e_j, so the subtraction loses nothing.
            float r = j == t || j == p ? 0f : a[row + j] / (sum - scratch[j]);
            scratch[2 * n + j] = r;
            totalR += r;
        }
        float crossFactor = t == p ? 0f : a[row + p] / othersOfP;
        for (int k = 0; k < n; k++) {
            // Σ_{j∉{t,p,k}} r_j as the total less r_k (0, or one of its terms): the total is at most 1,
            // so this is off by no more than a unit in the last place of 1, as the sum itself may be.
            float othersR = totalR - scratch[2 * n + k];
            float cross = k == p ? 0f : scratch[n + k] * crossFactor;
            if (k == t) {
                float oneMinusA = t == p ? othersOfSum(scratch, n, p) / sum : (sum - scratch[t]) / sum;
                delta[row + k] = -oneMinusA - scratch[k] * othersR - cross;
            } else {
                delta[row + k] = 2 * a[row + k] - scratch[k] * othersR - cross;
            }
        }
    }

    /** {@code Σ_{i≠p} e_i} for the {@code e_i} at {@code [0, n)} of {@code scratch}. */
    private static float othersOfSum(float[] scratch, int n, int p) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            if (i != p) {
                sum += scratch[i];
            }
        }
        return sum;
    }

    /**
     * {@code Σ_x C_x} over the batch's examples, in double, with the reference's definitions of each
     * cost. The logarithmic costs take {@code ln a} and {@code ln(1 - a)} from the weighted inputs
     * {@code z} (log-sum-exp for softmax, softplus for sigmoid), not from the float outputs: those
     * round to exactly 0 or 1 long before a double does, and the cost would read as the largest
     * double where the reference's is some 40.
     */
    static double costSum(Cost cost, Activation activation, float[] z, float[] a, int[] labels, int m, int stride,
                          int n, int o) {
        boolean fromZ = cost != Cost.QUADRATIC
                && (activation == Activation.SIGMOID || activation == Activation.SOFTMAX);
        double sum = 0;
        for (int i = 0; i < m; i++) {
            int row = o + i * stride;
            if (fromZ) {
                sum += logarithmicCost(cost, activation, z, row, n, labels[i]);
                continue;
            }
            for (int j = 0; j < n; j++) {
                double y = j == labels[i] ? 1.0 : 0.0;
                double aj = a[row + j];
                sum += switch (cost) {
                    case QUADRATIC -> 0.5 * (aj - y) * (aj - y);
                    case CROSS_ENTROPY -> crossEntropyTerm(aj, y);
                    case LOG_LIKELIHOOD -> y == 0 ? 0.0 : -Math.log(aj);
                };
            }
        }
        return sum;
    }

    /** One example's cross-entropy or log-likelihood from its weighted inputs {@code z[row, row + n)}. */
    private static double logarithmicCost(Cost cost, Activation activation, float[] z, int row, int n, int label) {
        double max = Double.NEGATIVE_INFINITY;
        double total = 0;
        if (activation == Activation.SOFTMAX) {
            for (int j = 0; j < n; j++) {
                max = Math.max(max, z[row + j]);
            }
            for (int j = 0; j < n; j++) {
                total += Math.exp(z[row + j] - max);
            }
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            boolean target = j == label;
            if (cost == Cost.LOG_LIKELIHOOD && !target) {
                continue;
            }
            double term;
            if (activation == Activation.SIGMOID) {
                // ln σ(z) = -softplus(-z), ln(1 - σ(z)) = -softplus(z).
                term = target ? softplus(-z[row + j]) : softplus(z[row + j]);
            } else if (target) {
                term = Math.log(total) - (z[row + j] - max);
            } else {
                // 1 - a_j = Σ_{i≠j} e_i / Σ_i e_i, a sum of positive terms: nothing cancels.
                double others = 0;
                for (int i = 0; i < n; i++) {
                    if (i != j) {
                        others += Math.exp(z[row + i] - max);
                    }
                }
                term = Math.log(total) - Math.log(others);
            }
            sum += Math.min(term, Double.MAX_VALUE);
        }
        return sum;
    }

    /** {@code ln(1 + e^x)}, without overflow for large {@code x}. */
    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** One output's {@code -y ln a - (1-y) ln(1-a)}, with {@code 0 ln 0 = 0} as numpy's nan_to_num makes it. */
    private static double crossEntropyTerm(double a, double y) {
        double term = (y == 0 ? 0.0 : -y * Math.log(a)) + (y == 1 ? 0.0 : -(1 - y) * Math.log(1 - a));
        return Double.isNaN(term) ? 0.0 : Math.min(term, Double.MAX_VALUE);
    }

    /** {@code ∂C/∂a_j} for one output neuron; {@code target} says whether {@code y_j = 1}. */
    private static float costGradient(Cost cost, float a, boolean target) {
        float y = target ? 1f : 0f;
        return switch (cost) {
            case QUADRATIC -> a - y;
            case CROSS_ENTROPY -> (a - y) / (a * (1 - a));
            case LOG_LIKELIHOOD -> target ? -1f / a : 0f;
        };
    }
}
