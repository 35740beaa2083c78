package backprop.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A feedforward network as a value: layer sizes, each layer's activation, the cost it is trained
 * for, and its weights and biases. No training state lives here; engines copy the parameters into
 * their own working arrays and hand back a new {@code Network}.
 *
 * <p>Layer {@code 0} is the input layer and has no parameters. {@code weights(l)} connects layer
 * {@code l} to layer {@code l + 1}: entry {@code [j][k]} is the book's {@code w^{l+1}_{jk}}, the
 * weight from neuron {@code k} in layer {@code l} to neuron {@code j} in layer {@code l + 1}, so it
 * has {@code sizes[l+1]} rows and {@code sizes[l]} columns, as in network.py.
 */
public final class Network {
    private final int[] sizes;
    private final Activation[] activations;
    private final Cost cost;
    private final double[][][] weights;
    private final double[][] biases;

    private Network(int[] sizes, Activation[] activations, Cost cost, double[][][] weights, double[][] biases) {
        this.sizes = sizes;
        this.activations = activations;
        this.cost = cost;
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * A network with the given parameters, checked for shape and copied.
     *
     * @param activations one per layer after the input, i.e. {@code sizes.length - 1} of them
     * @throws IllegalArgumentException when a shape does not match {@code sizes}
     */
    public static Network of(int[] sizes, List<Activation> activations, Cost cost,
                             double[][][] weights, double[][] biases) {
        checkSizes(sizes);
        int layers = sizes.length - 1;
        Objects.requireNonNull(cost, "cost");
        if (activations.size() != layers) {
            throw new IllegalArgumentException("expected " + layers + " activations, got " + activations.size());
        }
        for (int l = 0; l < layers - 1; l++) {
            if (!activations.get(l).isElementwise()) {
                throw new IllegalArgumentException(activations.get(l).id() + " is only allowed on the output layer");
            }
        }
        if (weights.length != layers) {
            throw new IllegalArgumentException("expected " + layers + " weight matrices, got " + weights.length);
        }
        if (biases.length != layers) {
            throw new IllegalArgumentException("expected " + layers + " bias vectors, got " + biases.length);
        }
        double[][][] w = new double[layers][][];
        double[][] b = new double[layers][];
        for (int l = 0; l < layers; l++) {
            int rows = sizes[l + 1];
            int columns = sizes[l];
            if (weights[l].length != rows) {
                throw new IllegalArgumentException("weights " + l + ": expected " + rows + " rows, got " + weights[l].length);
            }
            w[l] = new double[rows][];
            for (int j = 0; j < rows; j++) {
                if (weights[l][j].length != columns) {
                    throw new IllegalArgumentException("weights " + l + " row " + j + ": expected " + columns
                            + " columns, got " + weights[l][j].length);
                }
                w[l][j] = weights[l][j].clone();
            }
            if (biases[l].length != rows) {
                throw new IllegalArgumentException("biases " + l + ": expected " + rows + " values, got " + biases[l].length);
            }
            b[l] = biases[l].clone();
        }
        return new Network(sizes.clone(), activations.toArray(Activation[]::new), cost, w, b);
    }

    /**
     * A freshly initialized network: {@code hidden} on every hidden layer, {@code output} on the
     * last. Biases of all layers are drawn first, then weights, as network2.py does.
     */
    public static Network initialize(int[] sizes, Activation hidden, Activation output, Cost cost,
                                     Initializer initializer, SeededRandom random) {
        checkSizes(sizes);
        int layers = sizes.length - 1;
        Activation[] activations = new Activation[layers];
        Arrays.fill(activations, hidden);
        activations[layers - 1] = output;
        double[][][] w = new double[layers][][];
        double[][] b = new double[layers][];
        for (int l = 0; l < layers; l++) {
            b[l] = new double[sizes[l + 1]];
            initializer.initializeBiases(b[l], random);
        }
        for (int l = 0; l < layers; l++) {
            w[l] = new double[sizes[l + 1]][sizes[l]];
            initializer.initializeWeights(w[l], random);
        }
        return of(sizes, List.of(activations), cost, w, b);
    }

    /** The book's network: sigmoid neurons throughout. */
    public static Network initialize(int[] sizes, Cost cost, Initializer initializer, SeededRandom random) {
        return initialize(sizes, Activation.SIGMOID, Activation.SIGMOID, cost, initializer, random);
    }

    private static void checkSizes(int[] sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output layer, got "
                    + Arrays.toString(sizes));
        }
        for (int size : sizes) {
            if (size <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public int size(int layer) {
        return sizes[layer];
    }

    /** Number of layers including the input layer, network.py's {@code num_layers}. */
    public int layerCount() {
        return sizes.length;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** The activation of layer {@code l + 1}, i.e. of the neurons fed by {@code weights(l)}. */
    public Activation activation(int l) {
        return activations[l];
    }

    public List<Activation> activations() {
        return List.of(activations);
    }

    public Cost cost() {
        return cost;
    }

    public double weight(int l, int j, int k) {
        return weights[l][j][k];
    }

    public double bias(int l, int j) {
        return biases[l][j];
    }

    /** A copy of the weight matrix from layer {@code l} to layer {@code l + 1}. */
    public double[][] weights(int l) {
        double[][] copy = new double[weights[l].length][];
        for (int j = 0; j < copy.length; j++) {
            copy[j] = weights[l][j].clone();
        }
        return copy;
    }

    /** A copy of the biases of layer {@code l + 1}. */
    public double[] biases(int l) {
        return biases[l].clone();
    }

    public long parameterCount() {
        long count = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            count += (long) sizes[l + 1] * sizes[l] + sizes[l + 1];
        }
        return count;
    }

    /** The same parameters trained for another cost. */
    public Network withCost(Cost newCost) {
        return new Network(sizes, activations, Objects.requireNonNull(newCost), weights, biases);
    }

    /** Whether every weight and bias is a finite number, i.e. training has not diverged. */
    public boolean isFinite() {
        for (int l = 0; l < weights.length; l++) {
            for (double[] row : weights[l]) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                }
            }
            for (double v : biases[l]) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The output {@code a^L} for input {@code x}: {@code a^{l+1} = σ(w a^l + b)} layer by layer (equation 25). */
    public double[] feedforward(double[] x) {
        if (x.length != sizes[0]) {
            throw new IllegalArgumentException("input has " + x.length + " values, the network expects " + sizes[0]);
        }
        double[] a = x;
        for (int l = 0; l < weights.length; l++) {
            double[] z = weightedInput(l, a);
            double[] next = new double[z.length];
            activations[l].apply(z, next);
            a = next;
        }
        return a;
    }

    /** {@code z^{l+1} = w^{l+1} a^l + b^{l+1}} (equation 23). */
    public double[] weightedInput(int l, double[] a) {
        return weightedInput(weights[l], biases[l], a);
    }

    /** {@code z = w a + b} for a weight matrix {@code w[j][k]} and bias vector {@code b[j]}. */
    public static double[] weightedInput(double[][] w, double[] b, double[] a) {
        double[] z = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double sum = 0;
            double[] row = w[j];
            for (int k = 0; k < row.length; k++) {
                sum += row[k] * a[k];
            }
            z[j] = sum + b[j];
        }
        return z;
    }

    /** The index of the most active output neuron, the network's answer (ties go to the first, as numpy's argmax). */
    public int predict(double[] x) {
        return argmax(feedforward(x));
    }

    public static int argmax(double[] values) {
        int best = 0;
        for (int j = 1; j < values.length; j++) {
            if (values[j] > values[best]) {
                best = j;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Network that
                && Arrays.equals(sizes, that.sizes)
                && Arrays.equals(activations, that.activations)
                && cost == that.cost
                && Arrays.deepEquals(weights, that.weights)
                && Arrays.deepEquals(biases, that.biases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(sizes), cost, Arrays.deepHashCode(weights));
    }

    @Override
    public String toString() {
        return "Network" + Arrays.toString(sizes) + " " + Arrays.toString(activations) + " " + cost.modelName();
    }
}
