package backprop.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A fully connected layer, the book's layer of neurons: {@code z_j = Σ_k w_jk a_k + b_j}
 * (equation 23) and {@code a = σ(z)}. Its input may have any shape; it sees it as a vector, flattened
 * as {@link Shape} stores it (network3.py's reshape, PyTorch's Flatten).
 *
 * <p>{@code w_jk}, the weight from input {@code k} to neuron {@code j}, is at {@code weights[j * inputs + k]}:
 * row {@code j} of network.py's matrix {@code w}.
 */
public final class FullyConnected implements Layer {
    private final Shape inputShape;
    private final int inputs;
    private final int outputs;
    private final Activation activation;
    private final double[] weights;
    private final double[] biases;

    private FullyConnected(Shape inputShape, int outputs, Activation activation, double[] weights, double[] biases) {
        this.inputShape = inputShape;
        this.inputs = inputShape.size();
        this.outputs = outputs;
        this.activation = activation;
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * A layer with the given parameters, copied.
     *
     * @param weights {@code outputs x inputShape.size()} values, row {@code j} holding neuron j's weights
     */
    public static FullyConnected of(Shape inputShape, int outputs, Activation activation, double[] weights,
                                    double[] biases) {
        Objects.requireNonNull(activation, "activation");
        if (outputs <= 0) {
            throw new IllegalArgumentException("a fully connected layer needs at least one neuron, got " + outputs);
        }
        if (weights.length != (long) outputs * inputShape.size()) {
            throw new IllegalArgumentException("a fully connected layer of " + outputs + " neurons on " + inputShape
                    + " inputs has " + (long) outputs * inputShape.size() + " weights, got " + weights.length);
        }
        if (biases.length != outputs) {
            throw new IllegalArgumentException("a fully connected layer of " + outputs + " neurons has " + outputs
                    + " biases, got " + biases.length);
        }
        return new FullyConnected(inputShape, outputs, activation, weights.clone(), biases.clone());
    }

    /** A layer from network.py's matrix {@code w[j][k]} and vector {@code b[j]}, copied. */
    public static FullyConnected of(int inputs, Activation activation, double[][] w, double[] b) {
        double[] flat = new double[Math.multiplyExact(w.length, inputs)];
        for (int j = 0; j < w.length; j++) {
            if (w[j].length != inputs) {
                throw new IllegalArgumentException("row " + j + ": expected " + inputs + " columns, got "
                        + w[j].length);
            }
            System.arraycopy(w[j], 0, flat, j * inputs, inputs);
        }
        return of(Shape.vector(inputs), w.length, activation, flat, b);
    }

    /** The number of inputs, the previous layer's output flattened. */
    public int inputs() {
        return inputs;
    }

    /** The number of neurons. */
    public int outputs() {
        return outputs;
    }

    /** The neurons' activation. */
    public Activation activation() {
        return activation;
    }

    /** {@code w} from input {@code k} to neuron {@code j}. */
    public double weight(int j, int k) {
        return weights[j * inputs + k];
    }

    /** {@code b} of neuron {@code j}. */
    public double bias(int j) {
        return biases[j];
    }

    /** A copy of the weights as network.py's matrix {@code w[j][k]}. */
    public double[][] weightMatrix() {
        double[][] w = new double[outputs][];
        for (int j = 0; j < outputs; j++) {
            w[j] = Arrays.copyOfRange(weights, j * inputs, (j + 1) * inputs);
        }
        return w;
    }

    /** A copy of the biases. */
    public double[] biasVector() {
        return biases.clone();
    }

    /** The same layer with another activation (the parameters copied). */
    public FullyConnected withActivation(Activation newActivation) {
        return of(inputShape, outputs, newActivation, weights, biases);
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return Shape.vector(outputs);
    }

    @Override
    public String notation() {
        return activation == Activation.SOFTMAX ? "softmax:" + outputs : "fc:" + outputs + ":" + activation.id();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("weights", Parameter.Kind.WEIGHTS, new int[] {outputs, inputs}, weights),
                new Parameter("biases", Parameter.Kind.BIASES, new int[] {outputs}, biases));
    }

    @Override
    public FullyConnected copy() {
        return new FullyConnected(inputShape, outputs, activation, weights.clone(), biases.clone());
    }

    /** {@code z_j = Σ_k w_jk a_k + b_j} (equation 23). */
    @Override
    public double[] weightedInput(double[] a) {
        double[] z = new double[outputs];
        for (int j = 0; j < outputs; j++) {
            double sum = 0;
            int row = j * inputs;
            for (int k = 0; k < inputs; k++) {
                sum += weights[row + k] * a[k];
            }
            z[j] = sum + biases[j];
        }
        return z;
    }

    @Override
    public double[] activate(double[] z) {
        return activation.applied(z);
    }

    @Override
    public double[] activationBackward(double[] z, double[] a, double[] outputGradient) {
        return activation.backward(z, a, outputGradient);
    }

    /** BP3: {@code ∂C/∂b_j = δ_j}; BP4: {@code ∂C/∂w_jk = a_k δ_j}. */
    @Override
    public void addGradient(double[] a, double[] delta, double[][] gradient) {
        double[] nablaW = gradient[0];
        double[] nablaB = gradient[1];
        for (int j = 0; j < outputs; j++) {
            int row = j * inputs;
            for (int k = 0; k < inputs; k++) {
                nablaW[row + k] += a[k] * delta[j];
            }
            nablaB[j] += delta[j];
        }
    }

    /** {@code (wᵀ δ)_k = Σ_j w_jk δ_j}. */
    @Override
    public double[] inputGradient(double[] a, double[] delta) {
        double[] back = new double[inputs];
        for (int j = 0; j < outputs; j++) {
            int row = j * inputs;
            for (int k = 0; k < inputs; k++) {
                back[k] += weights[row + k] * delta[j];
            }
        }
        return back;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FullyConnected that
                && inputShape.equals(that.inputShape) && outputs == that.outputs && activation == that.activation
                && Arrays.equals(weights, that.weights) && Arrays.equals(biases, that.biases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputShape, outputs, activation, Arrays.hashCode(weights), Arrays.hashCode(biases));
    }

    @Override
    public String toString() {
        return notation() + " on " + inputShape;
    }
}
