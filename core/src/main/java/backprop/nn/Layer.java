package backprop.nn;

import java.util.List;

/**
 * One layer of a network, as network3.py's layer classes are: it owns its parameters, knows the shape
 * it turns its input into, and carries its own forward and backward math for one example, in double
 * precision. A network is an input shape and a list of these; backpropagation (see the reference
 * engine) only strings their methods together:
 * <pre>
 *   z = weightedInput(a_in)                  equation 23 for a fully connected layer
 *   a = activate(z)
 *   δ = activationBackward(z, a, ∂C/∂a)      BP2's ⊙ σ'(z)
 *   addGradient(a_in, δ, ∇)                  BP3 and BP4
 *   ∂C/∂a_in = inputGradient(a_in, δ)        BP2's (w)ᵀ δ, the error one layer down
 * </pre>
 *
 * <p>A layer object holds its parameters in arrays that {@link #parameters()} exposes, so that an
 * engine working on its own {@link #copy()} can update them in place; a {@link Network} keeps its own
 * copies and hands out copies, so a network stays a value.
 */
public sealed interface Layer permits FullyConnected, Convolution, MaxPooling {

    /** The shape of one example's input to this layer. */
    Shape inputShape();

    /** The shape of one example's output of this layer. */
    Shape outputShape();

    /** The layer in the {@code --layers} notation, e.g. {@code fc:100:relu}, {@code conv:20x5x5:sigmoid}, {@code pool:2}. */
    String notation();

    /** The parameter tensors (weights first), live: see the class comment. None for a pooling layer. */
    List<Parameter> parameters();

    /** A deep copy: the same parameters in arrays of its own. */
    Layer copy();

    /** The weighted input {@code z} for one example's input {@code a_in} (flattened as {@link Shape} says). */
    double[] weightedInput(double[] input);

    /** The activation {@code a = σ(z)}. */
    double[] activate(double[] z);

    /** The chain rule through the activation: {@code δ = ∂C/∂z} from {@code g = ∂C/∂a}. */
    double[] activationBackward(double[] z, double[] a, double[] outputGradient);

    /** Adds this example's {@code ∂C/∂θ} for every parameter tensor θ to {@code gradient[p]} (BP3 and BP4). */
    void addGradient(double[] input, double[] delta, double[][] gradient);

    /** {@code ∂C/∂a_in}: the layer's error carried back through its weighted input (the first half of BP2). */
    double[] inputGradient(double[] input, double[] delta);

    /** {@code a = σ(z(a_in))}: the layer's output for one example. */
    default double[] feedforward(double[] input) {
        return activate(weightedInput(input));
    }

    /** The number of weights and biases, Keras's "Param #". */
    default long parameterCount() {
        long count = 0;
        for (Parameter p : parameters()) {
            count += p.size();
        }
        return count;
    }

    /** A zero array shaped like each parameter tensor: a gradient to add into. */
    default double[][] zeroGradient() {
        List<Parameter> parameters = parameters();
        double[][] zeros = new double[parameters.size()][];
        for (int p = 0; p < zeros.length; p++) {
            zeros[p] = new double[parameters.get(p).size()];
        }
        return zeros;
    }
}
