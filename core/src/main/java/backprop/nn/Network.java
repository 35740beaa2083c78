package backprop.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A network as a value: an input shape, an ordered list of {@link Layer}s with their parameters, and
 * the cost it is trained for. No training state lives here; engines copy the layers into working
 * copies of their own and hand back a new {@code Network}.
 *
 * <p>The book's networks are fully connected throughout, and for them this class also speaks
 * network.py's language: {@code sizes}, and for each {@code l} the matrix {@code weights(l)} from
 * layer {@code l} to layer {@code l + 1}, whose entry {@code [j][k]} is the book's
 * {@code w^{l+1}_{jk}} (so it has {@code sizes[l+1]} rows and {@code sizes[l]} columns), and
 * {@code biases(l)}. Those methods refuse a network with other kinds of layers.
 */
public final class Network {
    private final Shape inputShape;
    private final Layer[] layers;
    private final Cost cost;

    private Network(Shape inputShape, Layer[] layers, Cost cost) {
        this.inputShape = inputShape;
        this.layers = layers;
        this.cost = cost;
    }

    /**
     * A network of the given layers, checked to fit one another and copied.
     *
     * @throws IllegalArgumentException when a layer's input is not the shape before it, softmax is not
     *                                  last, or the last layer is not fully connected
     */
    public static Network of(Shape inputShape, List<? extends Layer> layers, Cost cost) {
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(cost, "cost");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer after its input");
        }
        Layer[] copies = new Layer[layers.size()];
        Shape shape = inputShape;
        for (int l = 0; l < copies.length; l++) {
            Layer layer = layers.get(l);
            if (!layer.inputShape().equals(shape)) {
                throw new IllegalArgumentException("layer " + (l + 1) + " (" + layer.notation() + ") takes "
                        + layer.inputShape() + " but is given " + shape);
            }
            if (layer instanceof FullyConnected fc && !fc.activation().isElementwise() && l < copies.length - 1) {
                throw new IllegalArgumentException(fc.activation().id() + " is only allowed on the output layer");
            }
            copies[l] = layer.copy();
            shape = layer.outputShape();
        }
        if (!(copies[copies.length - 1] instanceof FullyConnected)) {
            throw new IllegalArgumentException("the output layer must be fully connected, not "
                    + copies[copies.length - 1].notation());
        }
        return new Network(inputShape, copies, cost);
    }

    /**
     * A fully connected network with the given parameters, checked for shape and copied.
     *
     * @param activations one per layer after the input, i.e. {@code sizes.length - 1} of them
     * @throws IllegalArgumentException when a shape does not match {@code sizes}
     */
    public static Network of(int[] sizes, List<Activation> activations, Cost cost,
                             double[][][] weights, double[][] biases) {
        Architecture.dense(sizes, Activation.SIGMOID, Activation.SIGMOID);
        int count = sizes.length - 1;
        Objects.requireNonNull(cost, "cost");
        if (activations.size() != count) {
            throw new IllegalArgumentException("expected " + count + " activations, got " + activations.size());
        }
        if (weights.length != count) {
            throw new IllegalArgumentException("expected " + count + " weight matrices, got " + weights.length);
        }
        if (biases.length != count) {
            throw new IllegalArgumentException("expected " + count + " bias vectors, got " + biases.length);
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            if (weights[l].length != sizes[l + 1]) {
                throw new IllegalArgumentException("weights " + l + ": expected " + sizes[l + 1] + " rows, got "
                        + weights[l].length);
            }
            if (biases[l].length != sizes[l + 1]) {
                throw new IllegalArgumentException("biases " + l + ": expected " + sizes[l + 1] + " values, got "
                        + biases[l].length);
            }
            try {
                layers.add(FullyConnected.of(sizes[l], activations.get(l), weights[l], biases[l]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("weights " + l + " " + e.getMessage());
            }
        }
        return of(Shape.vector(sizes[0]), layers, cost);
    }

    /**
     * A freshly initialized fully connected network: {@code hidden} on every hidden layer,
     * {@code output} on the last. Biases of all layers are drawn first, then weights, as network2.py does.
     */
    public static Network initialize(int[] sizes, Activation hidden, Activation output, Cost cost,
                                     Initializer initializer, SeededRandom random) {
        return Architecture.dense(sizes, hidden, output).initialize(cost, initializer, random);
    }

    /** The book's network: sigmoid neurons throughout. */
    public static Network initialize(int[] sizes, Cost cost, Initializer initializer, SeededRandom random) {
        return initialize(sizes, Activation.SIGMOID, Activation.SIGMOID, cost, initializer, random);
    }

    /** The shape of one input: a vector, or channels x height x width for convolutions. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The number of inputs, the input shape's size. */
    public int inputSize() {
        return inputShape.size();
    }

    /** The number of output neurons: the classes. */
    public int outputSize() {
        return layers[layers.length - 1].outputShape().size();
    }

    /** How many layers follow the input. */
    public int depth() {
        return layers.length;
    }

    /** A copy of layer {@code l} (0 is the first after the input). */
    public Layer layer(int l) {
        return layers[l].copy();
    }

    /** Copies of all layers, in order. */
    public List<Layer> layers() {
        List<Layer> copies = new ArrayList<>(layers.length);
        for (Layer layer : layers) {
            copies.add(layer.copy());
        }
        return copies;
    }

    /** A copy of the output layer, which is always fully connected. */
    public FullyConnected outputLayer() {
        return (FullyConnected) layers[layers.length - 1].copy();
    }

    /** The cost the network is trained with. */
    public Cost cost() {
        return cost;
    }

    /** Whether every layer is fully connected: the book's networks, which network2.py's file format holds. */
    public boolean isFullyConnected() {
        for (Layer layer : layers) {
            if (!(layer instanceof FullyConnected)) {
                return false;
            }
        }
        return true;
    }

    /** The layers in the {@code --layers} notation, input shape first. */
    public Architecture architecture() {
        return Architecture.of(this);
    }

    // ---- network.py's view of a fully connected network ----

    private FullyConnected dense(int l) {
        requireFullyConnected();
        return (FullyConnected) layers[l];
    }

    private void requireFullyConnected() {
        if (!isFullyConnected()) {
            throw new IllegalStateException("this network has " + architecture().notation()
                    + ": not only fully connected layers, so it has no network.py sizes");
        }
    }

    /** network.py's {@code sizes}: the number of neurons in each layer, the input first. */
    public int[] sizes() {
        requireFullyConnected();
        int[] sizes = new int[layers.length + 1];
        sizes[0] = inputShape.size();
        for (int l = 0; l < layers.length; l++) {
            sizes[l + 1] = layers[l].outputShape().size();
        }
        return sizes;
    }

    /** The number of neurons in layer {@code layer}, 0 being the input layer (network.py's {@code sizes[layer]}). */
    public int size(int layer) {
        return layer == 0 ? inputSize() : dense(layer - 1).outputs();
    }

    /** Number of layers including the input layer, network.py's {@code num_layers}. */
    public int layerCount() {
        requireFullyConnected();
        return layers.length + 1;
    }

    /** The activation of layer {@code l + 1}, i.e. of the neurons fed by {@code weights(l)}. */
    public Activation activation(int l) {
        return dense(l).activation();
    }

    /** Each layer's activation, the first hidden layer's first; for fully connected networks. */
    public List<Activation> activations() {
        requireFullyConnected();
        List<Activation> activations = new ArrayList<>();
        for (Layer layer : layers) {
            activations.add(((FullyConnected) layer).activation());
        }
        return List.copyOf(activations);
    }

    /**
     * {@code w} from neuron {@code k} of layer {@code l} to neuron {@code j} of layer {@code l + 1}, network.py's
     * {@code weights[l][j][k]}.
     */
    public double weight(int l, int j, int k) {
        return dense(l).weight(j, k);
    }

    /** {@code b} of neuron {@code j} in layer {@code l + 1}, network.py's {@code biases[l][j]}. */
    public double bias(int l, int j) {
        return dense(l).bias(j);
    }

    /** A copy of the weight matrix from layer {@code l} to layer {@code l + 1}. */
    public double[][] weights(int l) {
        return dense(l).weightMatrix();
    }

    /** A copy of the biases of layer {@code l + 1}. */
    public double[] biases(int l) {
        return dense(l).biasVector();
    }

    // ---- every network ----

    /** Every weight and bias of every layer. */
    public long parameterCount() {
        long count = 0;
        for (Layer layer : layers) {
            count += layer.parameterCount();
        }
        return count;
    }

    /** Every parameter's values, copied: {@code [layer][parameter][flat]}, in {@link Layer#parameters()} order. */
    public double[][][] parameterValues() {
        double[][][] values = new double[layers.length][][];
        for (int l = 0; l < layers.length; l++) {
            List<Parameter> parameters = layers[l].parameters();
            values[l] = new double[parameters.size()][];
            for (int p = 0; p < values[l].length; p++) {
                values[l][p] = parameters.get(p).values().clone();
            }
        }
        return values;
    }

    /**
     * The same design with other parameter values, laid out as {@link #parameterValues()} gives them.
     *
     * @throws IllegalArgumentException when a layer, tensor or length does not match
     */
    public Network withParameters(double[][][] values) {
        if (values.length != layers.length) {
            throw new IllegalArgumentException("values for " + values.length + " layers, the network has "
                    + layers.length);
        }
        Layer[] copies = new Layer[layers.length];
        for (int l = 0; l < layers.length; l++) {
            copies[l] = layers[l].copy();
            List<Parameter> parameters = copies[l].parameters();
            if (values[l].length != parameters.size()) {
                throw new IllegalArgumentException("layer " + (l + 1) + " has " + parameters.size()
                        + " parameter tensors, given " + values[l].length);
            }
            for (int p = 0; p < parameters.size(); p++) {
                double[] target = parameters.get(p).values();
                if (values[l][p].length != target.length) {
                    throw new IllegalArgumentException("the " + parameters.get(p).name() + " of layer " + (l + 1)
                            + " has " + target.length + " values, given " + values[l][p].length);
                }
                System.arraycopy(values[l][p], 0, target, 0, target.length);
            }
        }
        return new Network(inputShape, copies, cost);
    }

    /** The same parameters trained for another cost. */
    public Network withCost(Cost newCost) {
        return new Network(inputShape, layers, Objects.requireNonNull(newCost));
    }

    /** Whether every weight and bias is a finite number, i.e. training has not diverged. */
    public boolean isFinite() {
        for (Layer layer : layers) {
            for (Parameter parameter : layer.parameters()) {
                for (double v : parameter.values()) {
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The output {@code a^L} for input {@code x}: each layer's {@code a = σ(z(a_in))} in turn (equation 25). */
    public double[] feedforward(double[] x) {
        if (x.length != inputShape.size()) {
            throw new IllegalArgumentException("input has " + x.length + " values, the network expects "
                    + inputShape.size());
        }
        double[] a = x;
        for (Layer layer : layers) {
            a = layer.feedforward(a);
        }
        return a;
    }

    /** Every layer's output for input {@code x}, in order (the input itself not included). */
    public List<double[]> activationsOf(double[] x) {
        List<double[]> outputs = new ArrayList<>();
        double[] a = x;
        for (Layer layer : layers) {
            a = layer.feedforward(a);
            outputs.add(a);
        }
        return outputs;
    }

    /** {@code z^{l+1} = w^{l+1} a^l + b^{l+1}} (equation 23) for a fully connected network's layer {@code l}. */
    public double[] weightedInput(int l, double[] a) {
        return dense(l).weightedInput(a);
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

    /** The index of the largest value, the first one if several are equal: the predicted class of an output vector. */
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
                && inputShape.equals(that.inputShape)
                && Arrays.equals(layers, that.layers)
                && cost == that.cost;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputShape, Arrays.hashCode(layers), cost);
    }

    @Override
    public String toString() {
        return "Network[" + architecture().notation() + "] " + cost.modelName();
    }
}
