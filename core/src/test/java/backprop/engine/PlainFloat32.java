package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Network;
import backprop.train.Optimizer;
import backprop.train.TrainingOptions;

import java.util.Arrays;
import java.util.List;

/**
 * The book's mini-batch step in plain float32, as numpy computes network2.py's matrix form with
 * float32 arrays: each layer's weighted inputs {@code z = W a + b} for the batch, BP1 and BP2 in the
 * reference's forms ({@link Cost#outputDelta}, {@link Activation#backward}), the batch's gradient
 * {@code ∇W = Σ_x δ aᵀ} summed apart, and one update per step, {@code w ← (1 - ηλ/n) w - (η/m) ∇W}
 * (or the optimizer's rule on the mean gradient), every operation rounded to float. No SIMD, no
 * fused or reordered sums, no flushing of subnormals: the yardstick for how far a faithful float32
 * engine drifts from the double-precision reference doing the same math. Dropout is not modelled.
 */
final class PlainFloat32 {
    private final int[] sizes;
    private final int layers;
    private final Activation[] activations;
    private final Cost cost;
    private final Dataset training;
    private final Optimizer optimizer;
    private final double eta;
    private final double lambda;
    private final double l1;
    /** {@code w[l][j][k]}: layer {@code l+1}'s neuron {@code j}, input {@code k}. */
    private final float[][][] w;
    private final float[][] b;
    /** The optimizer's state per parameter: velocity, or Adam's two moments. */
    private final float[][][][] weightState;
    private final float[][][] biasState;
    private long steps;

    PlainFloat32(Network start, Dataset training, TrainingOptions options) {
        if (options.dropout() != 0) {
            throw new IllegalArgumentException("dropout is not modelled");
        }
        this.sizes = start.sizes();
        this.layers = sizes.length - 1;
        this.activations = start.activations().toArray(Activation[]::new);
        this.cost = start.cost();
        this.training = training;
        this.optimizer = options.optimizer();
        this.eta = options.learningRate();
        this.lambda = options.lambda();
        this.l1 = options.l1();
        this.w = new float[layers][][];
        this.b = new float[layers][];
        int states = optimizer.stateCount();
        this.weightState = new float[states][layers][][];
        this.biasState = new float[states][layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l + 1]][sizes[l]];
            b[l] = new float[sizes[l + 1]];
            for (int j = 0; j < sizes[l + 1]; j++) {
                for (int k = 0; k < sizes[l]; k++) {
                    w[l][j][k] = (float) start.weight(l, j, k);
                }
                b[l][j] = (float) start.bias(l, j);
            }
            for (int s = 0; s < states; s++) {
                weightState[s][l] = new float[sizes[l + 1]][sizes[l]];
                biasState[s][l] = new float[sizes[l + 1]];
            }
        }
    }

    /** One step on examples {@code order[from..to)}, as {@link backprop.train.Backprop#step}. */
    void step(int[] order, int from, int to) {
        int m = to - from;
        // Activations a[l][i] of every layer (a[0] the inputs), weighted inputs z[l][i], for example i.
        float[][][] a = new float[layers + 1][m][];
        float[][][] z = new float[layers][m][];
        for (int i = 0; i < m; i++) {
            a[0][i] = new float[sizes[0]];
            training.input(order[from + i], a[0][i], 0);
        }
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < m; i++) {
                z[l][i] = new float[sizes[l + 1]];
                for (int j = 0; j < sizes[l + 1]; j++) {
                    float sum = 0;
                    for (int k = 0; k < sizes[l]; k++) {
                        sum += w[l][j][k] * a[l][i][k];
                    }
                    z[l][i][j] = sum + b[l][j];
                }
                a[l + 1][i] = activate(activations[l], z[l][i]);
            }
        }
        float[][][] delta = new float[layers][m][];
        for (int i = 0; i < m; i++) {
            int label = training.label(order[from + i]);
            delta[layers - 1][i] = outputDelta(z[layers - 1][i], a[layers][i], label);
            for (int l = layers - 1; l > 0; l--) {
                float[] back = new float[sizes[l]];
                for (int k = 0; k < sizes[l]; k++) {
                    float sum = 0;
                    for (int j = 0; j < sizes[l + 1]; j++) {
                        sum += w[l][j][k] * delta[l][i][j];
                    }
                    back[k] = sum;
                }
                delta[l - 1][i] = backward(activations[l - 1], z[l - 1][i], a[l][i], back);
            }
        }
        steps++;
        for (int l = 0; l < layers; l++) {
            float[][] nablaW = new float[sizes[l + 1]][sizes[l]];
            float[] nablaB = new float[sizes[l + 1]];
            for (int j = 0; j < sizes[l + 1]; j++) {
                for (int k = 0; k < sizes[l]; k++) {
                    float sum = 0;
                    for (int i = 0; i < m; i++) {
                        sum += delta[l][i][j] * a[l][i][k];
                    }
                    nablaW[j][k] = sum;
                }
                float sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += delta[l][i][j];
                }
                nablaB[j] = sum;
            }
            update(l, nablaW, nablaB, m);
        }
    }

    private static float[] activate(Activation activation, float[] z) {
        float[] a = new float[z.length];
        if (activation == Activation.SOFTMAX) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : z) {
                max = Math.max(max, v);
            }
            float sum = 0;
            for (int j = 0; j < z.length; j++) {
                a[j] = (float) Math.exp(z[j] - max);
                sum += a[j];
            }
            for (int j = 0; j < z.length; j++) {
                a[j] /= sum;
            }
            return a;
        }
        for (int j = 0; j < z.length; j++) {
            a[j] = switch (activation) {
                case SIGMOID -> 1f / (1f + (float) Math.exp(-z[j]));
                case TANH -> (float) Math.tanh(z[j]);
                case RELU -> z[j] > 0 ? z[j] : 0f;
                case LEAKY_RELU -> z[j] > 0 ? z[j] : (float) Activation.LEAKY_SLOPE * z[j];
                case SOFTMAX -> throw new AssertionError("handled above");
            };
        }
        return a;
    }

    /** BP1 as {@link Cost#outputDelta}: the cancelled pairs as {@code a - y}, the rest through {@link #backward}. */
    private float[] outputDelta(float[] z, float[] a, int label) {
        boolean cancelled = (cost == Cost.CROSS_ENTROPY && activations[layers - 1] == Activation.SIGMOID)
                || (cost == Cost.LOG_LIKELIHOOD && activations[layers - 1] == Activation.SOFTMAX);
        float[] gradient = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            float y = j == label ? 1f : 0f;
            gradient[j] = cancelled ? a[j] - y : switch (cost) {
                case QUADRATIC -> a[j] - y;
                case CROSS_ENTROPY -> (a[j] - y) / (a[j] * (1 - a[j]));
                case LOG_LIKELIHOOD -> y == 0 ? 0f : -y / a[j];
            };
        }
        return cancelled ? gradient : backward(activations[layers - 1], z, a, gradient);
    }

    /** {@code δ = ∂C/∂z} from {@code g = ∂C/∂a}, as {@link Activation#backward}. */
    private static float[] backward(Activation activation, float[] z, float[] a, float[] g) {
        float[] delta = new float[g.length];
        if (activation == Activation.SOFTMAX) {
            float dot = 0;
            for (int j = 0; j < g.length; j++) {
                dot += a[j] * g[j];
            }
            for (int k = 0; k < g.length; k++) {
                delta[k] = a[k] * (g[k] - dot);
            }
            return delta;
        }
        for (int j = 0; j < g.length; j++) {
            float derivative = switch (activation) {
                case SIGMOID -> a[j] * (1 - a[j]);
                case TANH -> 1 - a[j] * a[j];
                case RELU -> z[j] > 0 ? 1f : 0f;
                case LEAKY_RELU -> z[j] > 0 ? 1f : (float) Activation.LEAKY_SLOPE;
                case SOFTMAX -> throw new AssertionError("handled above");
            };
            delta[j] = g[j] * derivative;
        }
        return delta;
    }

    /**
     * network2.py's rule for plain SGD, {@code w = (1 - η λ/n) w - (η/m) ∇W} with the L1 term of
     * equation 96; for the other optimizers their rule on {@code g = ∇W/m + (λ/n) w + (λ₁/n) sgn w},
     * as the reference's {@code update} and {@code optimize} do.
     */
    private void update(int l, float[][] nablaW, float[] nablaB, int m) {
        int n = training.size();
        if (optimizer.kind() == Optimizer.Kind.SGD) {
            float decay = (float) (1 - eta * lambda / n);
            float shrink = (float) (eta * l1 / n);
            float rate = (float) (eta / m);
            for (int j = 0; j < sizes[l + 1]; j++) {
                for (int k = 0; k < sizes[l]; k++) {
                    w[l][j][k] = decay * w[l][j][k] - shrink * Math.signum(w[l][j][k]) - rate * nablaW[j][k];
                }
                b[l][j] = b[l][j] - rate * nablaB[j];
            }
            return;
        }
        float l2 = (float) (lambda / n);
        float l1n = (float) (l1 / n);
        for (int j = 0; j < sizes[l + 1]; j++) {
            for (int k = 0; k < sizes[l]; k++) {
                float g = nablaW[j][k] / m + l2 * w[l][j][k] + l1n * Math.signum(w[l][j][k]);
                w[l][j][k] += change(g, l, j, k, false);
            }
            b[l][j] += change(nablaB[j] / m, l, j, 0, true);
        }
    }

    private float change(float g, int l, int j, int k, boolean bias) {
        float rate = (float) eta;
        float[] first = optimizer.stateCount() > 0 ? (bias ? biasState[0][l] : weightState[0][l][j]) : null;
        float[] second = optimizer.stateCount() > 1 ? (bias ? biasState[1][l] : weightState[1][l][j]) : null;
        int at = bias ? j : k;
        return switch (optimizer.kind()) {
            case SGD -> -rate * g;
            case MOMENTUM -> {
                first[at] = (float) optimizer.momentum() * first[at] - rate * g;
                yield first[at];
            }
            case NESTEROV -> {
                float mu = (float) optimizer.momentum();
                first[at] = mu * first[at] - rate * g;
                yield mu * first[at] - rate * g;
            }
            case ADAM -> {
                float beta1 = (float) optimizer.beta1();
                float beta2 = (float) optimizer.beta2();
                first[at] = beta1 * first[at] + (1 - beta1) * g;
                second[at] = beta2 * second[at] + (1 - beta2) * g * g;
                float firstUnbiased = first[at] / (float) (1 - Math.pow(optimizer.beta1(), steps));
                float secondUnbiased = second[at] / (float) (1 - Math.pow(optimizer.beta2(), steps));
                yield -rate * firstUnbiased / ((float) Math.sqrt(secondUnbiased) + (float) optimizer.epsilon());
            }
        };
    }

    /** The parameters now, as a network value. */
    Network network() {
        double[][][] weights = new double[layers][][];
        double[][] biases = new double[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = new double[sizes[l + 1]][];
            for (int j = 0; j < sizes[l + 1]; j++) {
                weights[l][j] = toDoubles(w[l][j]);
            }
            biases[l] = toDoubles(b[l]);
        }
        return Network.of(sizes, List.of(activations), cost, weights, biases);
    }

    private static double[] toDoubles(float[] values) {
        double[] result = new double[values.length];
        Arrays.setAll(result, i -> values[i]);
        return result;
    }
}
