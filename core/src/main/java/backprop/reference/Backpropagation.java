package backprop.reference;

import backprop.nn.Cost;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.Network;

/**
 * Backpropagation for one example, network2.py's {@code backprop(x, y)} over a list of layers: a
 * forward pass that keeps every weighted input {@code z} and activation {@code a}, then the four
 * equations from the output back:
 * <ol>
 *   <li>BP1: {@code δ^L = ∇_a C ⊙ σ'(z^L)} (the cost's {@code delta})</li>
 *   <li>BP2: {@code δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)}</li>
 *   <li>BP3: {@code ∂C/∂b^l_j = δ^l_j}</li>
 *   <li>BP4: {@code ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j}</li>
 * </ol>
 * Each layer supplies its own forms of these (a convolution sums BP3 and BP4 over the positions its
 * weights are used at; max-pooling routes δ to the inputs that were largest); see {@link Layer}.
 */
public final class Backpropagation {
    private final Layer[] layers;
    private final Cost cost;

    /** Backpropagation through {@code layers}, which it reads but does not change. */
    Backpropagation(Layer[] layers, Cost cost) {
        this.layers = layers;
        this.cost = cost;
    }

    /** {@code ∇C_x} for one example of {@code network}: network2.py's {@code (nabla_b, nabla_w)}. */
    public static Gradient backprop(Network network, double[] x, double[] y) {
        Layer[] layers = network.layers().toArray(Layer[]::new);
        Gradient nabla = Gradient.zeros(network);
        new Backpropagation(layers, network.cost()).backprop(x, y, null, 0, nabla);
        return nabla;
    }

    /**
     * Adds {@code ∇C_x} to {@code nabla}, with dropout when {@code dropout} is not null (this being
     * example {@code i} of its mini-batch).
     */
    void backprop(double[] x, double[] y, DropoutMasks dropout, int i, Gradient nabla) {
        int count = layers.length;
        // Feedforward: activations[l] is layer l's input; zs[l] and outputs[l] its z and σ(z).
        double[] activation = x;
        double[][] activations = new double[count + 1][];
        double[][] zs = new double[count][];
        double[][] outputs = new double[count][];
        activations[0] = x;
        for (int l = 0; l < count; l++) {
            zs[l] = layers[l].weightedInput(activation);
            outputs[l] = layers[l].activate(zs[l]);
            activation = dropout == null ? outputs[l] : DropoutMasks.apply(dropout.of(i, l), outputs[l]);
            activations[l + 1] = activation;
        }
        // Backward pass. BP1: the output error.
        int last = count - 1;
        double[] delta = new double[zs[last].length];
        cost.outputDelta(((FullyConnected) layers[last]).activation(), zs[last], activations[count], y, delta);
        for (int l = last; ; l--) {
            // BP3 and BP4 for layer l.
            layers[l].addGradient(activations[l], delta, nabla.tensors()[l]);
            if (l == 0) {
                break;
            }
            // BP2: move the error one layer back; σ' sees layer l-1's own output, before dropout scaled it.
            double[] back = layers[l].inputGradient(activations[l], delta);
            delta = layers[l - 1].activationBackward(zs[l - 1], outputs[l - 1], back);
            if (dropout != null) {
                delta = DropoutMasks.apply(dropout.of(i, l - 1), delta);
            }
        }
    }
}
