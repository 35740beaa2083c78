package backprop.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A network's design without its parameters: the input shape and the layers, each described by what
 * it is ({@link LayerSpec}). Checked as a whole when built, so that a layer that does not fit its input
 * is reported by its position and notation, with what would fit.
 *
 * <p>The {@code --layers} notation ({@link #parse}) is a comma-separated list:
 * <pre>
 *   784,30,10                              the book's: an input size, then fully connected layers
 *   1x28x28,conv:20x5x5,pool:2,fc:100,softmax:10   network3.py's first convolutional network
 *   conv:20x5x5:relu,pool:2,conv:40x5x5:relu,pool:2,fc:100:relu,softmax:10   the input taken from the data
 * </pre>
 * Elements: an input shape first ({@code N}, {@code HxW} or {@code CxHxW}), optional when the data
 * says it; {@code N} or {@code fc:N[:activation]} a fully connected layer of N neurons;
 * {@code softmax:N} a fully connected softmax output layer; {@code conv:FxK[xK][:activation]} a
 * convolution of F filters of K x K (valid, stride 1); {@code pool:P[xQ]} max-pooling over P x Q
 * windows (P x P if Q is left out). A layer without an activation takes the hidden one, or, if it is
 * last, the output one. The last layer must be fully connected.
 */
public record Architecture(Shape input, List<LayerSpec> layers) {

    /** What one layer is. */
    public sealed interface LayerSpec permits FullyConnectedSpec, ConvolutionSpec, PoolingSpec {
        /** The layer in the {@code --layers} notation. */
        String notation();
    }

    public record FullyConnectedSpec(int neurons, Activation activation) implements LayerSpec {
        public FullyConnectedSpec {
            Objects.requireNonNull(activation, "activation");
            if (neurons <= 0) {
                throw new IllegalArgumentException("a fully connected layer needs at least one neuron, got " + neurons);
            }
        }

        @Override
        public String notation() {
            return activation == Activation.SOFTMAX ? "softmax:" + neurons : "fc:" + neurons + ":" + activation.id();
        }
    }

    public record ConvolutionSpec(int filters, int kernelHeight, int kernelWidth, Activation activation)
            implements LayerSpec {
        public ConvolutionSpec {
            Objects.requireNonNull(activation, "activation");
            if (filters <= 0 || kernelHeight <= 0 || kernelWidth <= 0) {
                throw new IllegalArgumentException("a convolution needs at least one filter of at least 1x1");
            }
        }

        @Override
        public String notation() {
            return "conv:" + filters + "x" + kernelHeight + "x" + kernelWidth + ":" + activation.id();
        }
    }

    public record PoolingSpec(int height, int width) implements LayerSpec {
        public PoolingSpec {
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException("a pooling window needs a positive size");
            }
        }

        @Override
        public String notation() {
            return height == width ? "pool:" + height : "pool:" + height + "x" + width;
        }
    }

    public Architecture {
        Objects.requireNonNull(input, "input");
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer after its input");
        }
        checkShapes(input, layers);
    }

    /** The book's fully connected network: {@code sizes[0]} inputs, then one layer per further size. */
    public static Architecture dense(int[] sizes, Activation hidden, Activation output) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output layer, got "
                    + Arrays.toString(sizes));
        }
        for (int size : sizes) {
            if (size <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            specs.add(new FullyConnectedSpec(sizes[l], l == sizes.length - 1 ? output : hidden));
        }
        return new Architecture(Shape.vector(sizes[0]), specs);
    }

    /** The architecture of an existing network (its layers' kinds and shapes, not its parameters). */
    public static Architecture of(Network network) {
        List<LayerSpec> specs = new ArrayList<>();
        for (Layer layer : network.layers()) {
            specs.add(switch (layer) {
                case FullyConnected fc -> new FullyConnectedSpec(fc.outputs(), fc.activation());
                case Convolution conv -> new ConvolutionSpec(conv.filters(), conv.kernelHeight(), conv.kernelWidth(),
                        conv.activation());
                case MaxPooling pool -> new PoolingSpec(pool.poolHeight(), pool.poolWidth());
            });
        }
        return new Architecture(network.inputShape(), specs);
    }

    /**
     * Reads the {@code --layers} notation (see the class comment).
     *
     * @param dataInput the shape of the data's examples, used when the text does not begin with one
     *                  (null when unknown)
     * @param hidden    the activation of layers that name none
     * @param output    the activation of the last layer when it names none
     * @throws IllegalArgumentException with one line naming the element that is wrong and what would do
     */
    public static Architecture parse(String text, Shape dataInput, Activation hidden, Activation output) {
        String[] elements = text.split(",", -1);
        List<LayerSpec> specs = new ArrayList<>();
        Shape input = null;
        for (int e = 0; e < elements.length; e++) {
            String element = elements[e].trim().toLowerCase(Locale.ROOT);
            if (element.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty element; separate layers with single "
                        + "commas, e.g. 784,30,10 or conv:20x5x5,pool:2,fc:100,softmax:10");
            }
            boolean last = e == elements.length - 1;
            if (e == 0 && element.matches("[0-9x ]+")) {
                input = parseShape(element);
                continue;
            }
            specs.add(parseLayer(element, e + 1, last ? output : hidden));
        }
        if (input == null) {
            if (dataInput == null) {
                throw new IllegalArgumentException("'" + text + "' does not say the input's shape; begin with it, e.g. "
                        + "1x28x28," + text);
            }
            input = dataInput;
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no layer after the input; add at least the output "
                    + "layer, e.g. " + text + ",10");
        }
        return new Architecture(input, specs);
    }

    private static Shape parseShape(String element) {
        try {
            return Shape.parse(element);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the input '" + element + "' is not a shape; write N, HxW or CxHxW "
                    + "with positive numbers, e.g. 784 or 1x28x28");
        }
    }

    private static LayerSpec parseLayer(String element, int position, Activation fallback) {
        String[] parts = element.split(":", -1);
        String where = "layer " + position + " '" + element + "'";
        if (parts.length == 1) {
            return new FullyConnectedSpec(count(parts[0], where, "a number of neurons"), fallback);
        }
        String kind = parts[0].trim();
        return switch (kind) {
            case "fc", "dense" -> {
                requireParts(parts, 2, 3, where, "fc:N or fc:N:activation, e.g. fc:100:relu");
                yield new FullyConnectedSpec(count(parts[1], where, "a number of neurons"),
                        parts.length == 3 ? activation(parts[2], where) : fallback);
            }
            case "softmax" -> {
                requireParts(parts, 2, 2, where, "softmax:N, e.g. softmax:10");
                yield new FullyConnectedSpec(count(parts[1], where, "a number of neurons"), Activation.SOFTMAX);
            }
            case "conv" -> {
                requireParts(parts, 2, 3, where, "conv:FxK, conv:FxHxW or with an activation, e.g. conv:20x5x5:relu");
                int[] sizes = dimensions(parts[1], 2, 3, where, "filters x kernel size, e.g. conv:20x5x5");
                Activation activation = parts.length == 3 ? activation(parts[2], where) : fallback;
                if (!activation.isElementwise()) {
                    // A softmax output activation falls back to the hidden layers' when a conv comes last;
                    // the shape check below then says the last layer must be fully connected.
                    activation = parts.length == 3 ? rejectNonElementwise(activation, where) : Activation.SIGMOID;
                }
                yield new ConvolutionSpec(sizes[0], sizes[1], sizes.length == 3 ? sizes[2] : sizes[1], activation);
            }
            case "pool", "maxpool" -> {
                requireParts(parts, 2, 2, where, "pool:P or pool:PxQ, e.g. pool:2");
                int[] sizes = dimensions(parts[1], 1, 2, where, "a window size, e.g. pool:2 or pool:2x3");
                yield new PoolingSpec(sizes[0], sizes.length == 2 ? sizes[1] : sizes[0]);
            }
            default -> throw new IllegalArgumentException(where + " is not a layer: use N, fc:N[:activation], "
                    + "softmax:N, conv:FxK[xK][:activation] or pool:P[xQ]");
        };
    }

    private static Activation rejectNonElementwise(Activation activation, String where) {
        throw new IllegalArgumentException(where + ": " + activation.id() + " acts on a whole layer and can only be "
                + "the activation of the last, fully connected layer; use sigmoid, tanh, relu or leaky-relu");
    }

    private static void requireParts(String[] parts, int min, int max, String where, String form) {
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException(where + " is not " + form);
        }
    }

    private static Activation activation(String name, String where) {
        try {
            return Activation.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static int count(String text, String where, String what) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + ": '" + text.trim() + "' is not " + what + " (a positive whole number)");
    }

    private static int[] dimensions(String text, int min, int max, String where, String what) {
        String[] parts = text.split("x", -1);
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not " + what);
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = count(parts[i], where, what);
        }
        return values;
    }

    /** Follows the shapes through the layers, refusing the first layer that does not fit, with what would. */
    private static void checkShapes(Shape input, List<LayerSpec> layers) {
        Shape shape = input;
        for (int l = 0; l < layers.size(); l++) {
            LayerSpec spec = layers.get(l);
            String where = "layer " + (l + 1) + " (" + spec.notation() + ")";
            boolean last = l == layers.size() - 1;
            shape = switch (spec) {
                case FullyConnectedSpec fc -> {
                    if (fc.activation() == Activation.SOFTMAX && !last) {
                        throw new IllegalArgumentException(where + ": softmax acts on a whole layer and is only "
                                + "allowed on the last layer; give this layer an activation such as sigmoid or relu");
                    }
                    yield Shape.vector(fc.neurons());
                }
                case ConvolutionSpec conv -> {
                    if (!conv.activation().isElementwise()) {
                        throw new IllegalArgumentException(where + ": a convolution's activation must act on each "
                                + "value alone (sigmoid, tanh, relu or leaky-relu)");
                    }
                    if (shape.isVector()) {
                        throw new IllegalArgumentException(where + ": a convolution needs feature maps (CxHxW), but "
                                + "its input is a vector of " + shape + (l == 0
                                ? "; begin --layers with the image's shape, e.g. 1x28x28"
                                : "; put convolutions before the fully connected layers"));
                    }
                    if (conv.kernelHeight() > shape.height() || conv.kernelWidth() > shape.width()) {
                        throw new IllegalArgumentException(where + ": its input is " + shape + ", smaller than a "
                                + conv.kernelHeight() + "x" + conv.kernelWidth() + " filter; use filters of at most "
                                + shape.height() + "x" + shape.width() + ", or fewer pooling layers before it");
                    }
                    yield new Shape(conv.filters(), shape.height() - conv.kernelHeight() + 1,
                            shape.width() - conv.kernelWidth() + 1);
                }
                case PoolingSpec pool -> {
                    if (shape.isVector()) {
                        throw new IllegalArgumentException(where + ": pooling needs feature maps (CxHxW), but its "
                                + "input is a vector of " + shape + "; pool after a convolution");
                    }
                    if (pool.height() > shape.height() || pool.width() > shape.width()) {
                        throw new IllegalArgumentException(where + ": its input is " + shape + ", smaller than a "
                                + pool.height() + "x" + pool.width() + " window; use a window of at most "
                                + shape.height() + "x" + shape.width());
                    }
                    yield new Shape(shape.channels(), shape.height() / pool.height(), shape.width() / pool.width());
                }
            };
        }
        if (!(layers.getLast() instanceof FullyConnectedSpec)) {
            throw new IllegalArgumentException("layer " + layers.size() + " (" + layers.getLast().notation()
                    + ") is the output layer, which must be fully connected; end with e.g. softmax:10 or fc:10");
        }
    }

    /** The input's shape, then each layer's output shape. */
    public List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(input);
        Shape shape = input;
        for (LayerSpec spec : layers) {
            shape = switch (spec) {
                case FullyConnectedSpec fc -> Shape.vector(fc.neurons());
                case ConvolutionSpec conv -> new Shape(conv.filters(), shape.height() - conv.kernelHeight() + 1,
                        shape.width() - conv.kernelWidth() + 1);
                case PoolingSpec pool -> new Shape(shape.channels(), shape.height() / pool.height(),
                        shape.width() / pool.width());
            };
            shapes.add(shape);
        }
        return shapes;
    }

    public Shape outputShape() {
        return shapes().getLast();
    }

    /** Whether every layer is fully connected: the book's networks, which network2.py's file format holds. */
    public boolean isFullyConnected() {
        return layers.stream().allMatch(spec -> spec instanceof FullyConnectedSpec);
    }

    /**
     * A network of this design with parameters drawn by {@code initializer}: every layer's biases first,
     * then every layer's weights, in layer order, as network2.py draws them.
     */
    public Network initialize(Cost cost, Initializer initializer, SeededRandom random) {
        List<Shape> shapes = shapes();
        int count = layers.size();
        double[][] weights = new double[count][];
        double[][] biases = new double[count][];
        Initializer.Fans[] fans = new Initializer.Fans[count];
        for (int l = 0; l < count; l++) {
            Shape in = shapes.get(l);
            switch (layers.get(l)) {
                case FullyConnectedSpec fc -> {
                    fans[l] = Initializer.Fans.fullyConnected(in.size(), fc.neurons(),
                            fc.activation() == Activation.SOFTMAX && l == count - 1);
                    weights[l] = new double[Math.multiplyExact(fc.neurons(), in.size())];
                    biases[l] = new double[fc.neurons()];
                }
                case ConvolutionSpec conv -> {
                    int area = conv.kernelHeight() * conv.kernelWidth();
                    int out = conv.filters() * area;
                    int poolArea = l + 1 < count && layers.get(l + 1) instanceof PoolingSpec pool
                            ? pool.height() * pool.width() : 1;
                    fans[l] = new Initializer.Fans(in.channels() * area, out, Math.max(1, out / poolArea), false);
                    weights[l] = new double[Math.multiplyExact(out, in.channels())];
                    biases[l] = new double[conv.filters()];
                }
                case PoolingSpec pool -> {
                    // no parameters
                }
            }
        }
        for (int l = 0; l < count; l++) {
            if (biases[l] != null) {
                initializer.initializeBiases(biases[l], fans[l], random);
            }
        }
        for (int l = 0; l < count; l++) {
            if (weights[l] != null) {
                initializer.initializeWeights(weights[l], fans[l], random);
            }
        }
        List<Layer> built = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            Shape in = shapes.get(l);
            built.add(switch (layers.get(l)) {
                case FullyConnectedSpec fc -> FullyConnected.of(in, fc.neurons(), fc.activation(), weights[l], biases[l]);
                case ConvolutionSpec conv -> Convolution.of(in, conv.filters(), conv.kernelHeight(), conv.kernelWidth(),
                        conv.activation(), weights[l], biases[l]);
                case PoolingSpec pool -> new MaxPooling(in, pool.height(), pool.width());
            });
        }
        return Network.of(input, built, cost);
    }

    /** The architecture in the {@code --layers} notation, input first, every activation named. */
    public String notation() {
        return input + "," + layers.stream().map(LayerSpec::notation).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return notation();
    }
}
