package backprop.reference;

import backprop.nn.Layer;
import backprop.nn.Network;

import java.util.List;

/**
 * The gradient of the cost with respect to every parameter, laid out like the parameters:
 * {@code tensors[l][p]} holds {@code ∂C/∂θ} for the p-th parameter tensor of layer l (for a fully
 * connected layer, p = 0 its weights {@code ∂C/∂w_jk} at {@code [j * inputs + k]}, p = 1 its biases),
 * network.py's {@code nabla_w} and {@code nabla_b}.
 */
public record Gradient(double[][][] tensors) {

    /** A zero gradient for the layers of {@code network}. */
    public static Gradient zeros(Network network) {
        return zeros(network.layers());
    }

    /** A zero gradient shaped like the parameters of {@code layers}. */
    public static Gradient zeros(List<? extends Layer> layers) {
        double[][][] tensors = new double[layers.size()][][];
        for (int l = 0; l < tensors.length; l++) {
            tensors[l] = layers.get(l).zeroGradient();
        }
        return new Gradient(tensors);
    }

    /** {@code ∂C/∂θ} for tensor {@code p} of layer {@code l}. */
    public double[] of(int l, int p) {
        return tensors[l][p];
    }

    /** For a fully connected layer {@code l}: {@code ∂C/∂w_jk}. */
    public double weight(int l, int j, int k) {
        int inputs = tensors[l][0].length / tensors[l][1].length;
        return tensors[l][0][j * inputs + k];
    }

    /** For a fully connected layer {@code l}: {@code ∂C/∂b_j}. */
    public double bias(int l, int j) {
        return tensors[l][1][j];
    }

    /** Adds {@code other} into this gradient, as network.py sums the per-example gradients of a mini-batch. */
    public void add(Gradient other) {
        for (int l = 0; l < tensors.length; l++) {
            for (int p = 0; p < tensors[l].length; p++) {
                double[] sum = tensors[l][p];
                double[] add = other.tensors[l][p];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += add[i];
                }
            }
        }
    }

    /** The largest absolute difference between two gradients of the same shape. */
    public double maxDifference(Gradient other) {
        double max = 0;
        for (int l = 0; l < tensors.length; l++) {
            for (int p = 0; p < tensors[l].length; p++) {
                for (int i = 0; i < tensors[l][p].length; i++) {
                    max = Math.max(max, Math.abs(tensors[l][p][i] - other.tensors[l][p][i]));
                }
            }
        }
        return max;
    }
}
