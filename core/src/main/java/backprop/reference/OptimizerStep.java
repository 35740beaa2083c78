package backprop.reference;

import backprop.nn.Layer;
import backprop.nn.Parameter;
import backprop.train.Optimizer;
import backprop.train.OptimizerState;

import java.util.ArrayList;
import java.util.List;

/**
 * What turns a mini-batch's gradient into a step, apart from how the gradient was computed (as
 * PyTorch's optimizers and network3.py's {@code updates} are): for every parameter tensor of every
 * layer, the optimizer's rule with the L2 and L1 terms on weights. With {@code Σ_x ∂C_x/∂θ} the
 * summed gradient of {@code m} examples out of {@code n}:
 * <ul>
 *   <li>plain SGD is network2.py's update (equations 93 and 94 with the sums over the mini-batch):
 *       {@code w ← (1 - ηλ/n) w - (η/m) Σ_x ∂C_x/∂w}, {@code b ← b - (η/m) Σ_x ∂C_x/∂b}; with L1,
 *       also {@code - (ηλ₁/n) sgn(w)} (equation 96);</li>
 *   <li>the other optimizers (see {@link Optimizer}) step on the gradient of the regularized cost,
 *       {@code g = (1/m) Σ_x ∂C_x/∂w + (λ/n) w + (λ₁/n) sgn(w)} for weights and
 *       {@code (1/m) Σ_x ∂C_x/∂b} for biases.</li>
 * </ul>
 */
final class OptimizerStep {
    private final Optimizer optimizer;
    private final double lambda;
    private final double l1;
    /** {@code state[s][l][p]}: the optimizer's s-th moment of tensor p of layer l (velocity; Adam's two). */
    private final double[][][][] state;

    OptimizerStep(Optimizer optimizer, double lambda, double l1, List<? extends Layer> layers) {
        this.optimizer = optimizer;
        this.lambda = lambda;
        this.l1 = l1;
        this.state = new double[optimizer.stateCount()][][][];
        for (int s = 0; s < state.length; s++) {
            state[s] = Gradient.zeros(layers).tensors();
        }
    }

    /**
     * Steps every parameter of {@code layers} (changed in place) by the summed gradient {@code nabla} of
     * {@code m} examples of a training set of {@code n}; {@code t} is the number of steps including this one.
     */
    void apply(Layer[] layers, Gradient nabla, int m, int n, double eta, long t) {
        for (int l = 0; l < layers.length; l++) {
            List<Parameter> parameters = layers[l].parameters();
            for (int p = 0; p < parameters.size(); p++) {
                Parameter parameter = parameters.get(p);
                double[] theta = parameter.values();
                double[] sum = nabla.tensors()[l][p];
                if (optimizer.kind() == Optimizer.Kind.SGD) {
                    sgd(theta, sum, parameter.isWeights(), m, n, eta);
                } else {
                    for (int k = 0; k < theta.length; k++) {
                        double g = parameter.isWeights()
                                ? sum[k] / m + lambda / n * theta[k] + l1 / n * Math.signum(theta[k])
                                : sum[k] / m;
                        theta[k] += change(g, l, p, k, eta, t);
                    }
                }
            }
        }
    }

    /** network2.py's rule, with L1 (biases are not regularized). */
    private void sgd(double[] theta, double[] sum, boolean weights, int m, int n, double eta) {
        double step = eta / m;
        if (!weights) {
            for (int k = 0; k < theta.length; k++) {
                theta[k] -= step * sum[k];
            }
            return;
        }
        double decay = 1 - eta * lambda / n;
        double shrink = eta * l1 / n;
        for (int k = 0; k < theta.length; k++) {
            theta[k] = decay * theta[k] - shrink * Math.signum(theta[k]) - step * sum[k];
        }
    }

    /** The change of parameter k of tensor p of layer l for gradient {@code g}, updating the optimizer's state for it. */
    private double change(double g, int l, int p, int k, double eta, long t) {
        return switch (optimizer.kind()) {
            case SGD -> -eta * g;
            case MOMENTUM, NESTEROV -> {
                double[] v = state[0][l][p];
                v[k] = optimizer.momentum() * v[k] - eta * g;
                yield optimizer.kind() == Optimizer.Kind.MOMENTUM ? v[k] : optimizer.momentum() * v[k] - eta * g;
            }
            case ADAM -> {
                double[] first = state[0][l][p];
                double[] second = state[1][l][p];
                first[k] = optimizer.beta1() * first[k] + (1 - optimizer.beta1()) * g;
                second[k] = optimizer.beta2() * second[k] + (1 - optimizer.beta2()) * g * g;
                double firstUnbiased = first[k] / (1 - Math.pow(optimizer.beta1(), t));
                double secondUnbiased = second[k] / (1 - Math.pow(optimizer.beta2(), t));
                yield -eta * firstUnbiased / (Math.sqrt(secondUnbiased) + optimizer.epsilon());
            }
        };
    }

    /** A copy of the optimizer's moments after {@code steps} steps. */
    OptimizerState state(long steps) {
        List<double[][][]> moments = new ArrayList<>();
        for (double[][][] moment : state) {
            moments.add(OptimizerState.copy(moment));
        }
        return new OptimizerState(steps, moments);
    }

    /** Continues from saved moments, which must be shaped like this optimizer's. */
    void restore(OptimizerState saved) {
        int moments = saved.moments().size();
        if (moments != 0 && moments != state.length) {
            throw new IllegalArgumentException("the saved optimizer state has " + moments + " moment arrays but "
                    + optimizer.describe() + " keeps " + state.length);
        }
        for (int s = 0; s < moments; s++) {
            double[][][] from = saved.moments().get(s);
            if (!OptimizerState.sameShape(from, state[s])) {
                throw new IllegalArgumentException("the saved optimizer state does not match the network's shape");
            }
            state[s] = OptimizerState.copy(from);
        }
    }
}
