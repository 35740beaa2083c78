package backprop.io.onnx;

import backprop.io.AtomicFile;
import backprop.io.Provenance;
import backprop.nn.Activation;
import backprop.nn.Convolution;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.MaxPooling;
import backprop.nn.Network;
import backprop.nn.Parameter;
import backprop.nn.Shape;
import backprop.io.onnx.OnnxSchema.Attribute;
import backprop.io.onnx.OnnxSchema.Entry;
import backprop.io.onnx.OnnxSchema.Graph;
import backprop.io.onnx.OnnxSchema.Model;
import backprop.io.onnx.OnnxSchema.Node;
import backprop.io.onnx.OnnxSchema.OperatorSet;
import backprop.io.onnx.OnnxSchema.Tensor;
import backprop.io.onnx.OnnxSchema.Type;
import backprop.io.onnx.OnnxSchema.ValueInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a network as an ONNX model (opset {@value #OPSET}), which ONNX Runtime, PyTorch's importers
 * and every other ONNX tool can run. One graph input {@value #INPUT} of float32 values, shaped
 * {@code [batch, n]} for a network whose input is a vector and {@code [batch, channels, height, width]}
 * for one whose input is an image; one output {@value #OUTPUT}, {@code [batch, classes]}; the batch
 * dimension is symbolic ({@value #BATCH}), so one model serves any number of examples.
 *
 * <p>Each layer becomes the ONNX operators that mean exactly what it computes, named {@code layerN.*}
 * (N counting from 1, as {@code inspect} lists layers): a fully connected layer a {@code Gemm} with
 * {@code transB = 1} (its weights {@code layerN.weight} are {@code [outputs, inputs]}, our layout,
 * as PyTorch's Linear writes them) preceded by a {@code Flatten} when an image comes in; a convolution a
 * {@code Conv} (weights {@code [filters, channels, height, width]}); pooling a {@code MaxPool} whose
 * strides equal its window; then the activation's operator ({@code Sigmoid}, {@code Tanh}, {@code Relu},
 * {@code LeakyRelu} with α 0.01, {@code Softmax} on axis 1). Parameters are float32 initializers.
 * The model's metadata records the architecture ({@value #LAYERS_KEY}, our {@code --layers} notation)
 * and the cost it was trained for ({@value #COST_KEY}), which {@link OnnxImport} reads back.
 */
public final class OnnxExport {
    /** The operator set the graph is written for. */
    public static final int OPSET = 17;
    /** ONNX's IR version that goes with opset 17 (ONNX 1.12). */
    public static final int IR_VERSION = 8;
    /** The graph input's name. */
    public static final String INPUT = "input";
    /** The graph output's name. */
    public static final String OUTPUT = "output";
    /** The symbolic batch dimension's name: one file serves any number of examples. */
    public static final String BATCH = "batch";
    /** The metadata key holding the layers in the {@code --layers} notation. */
    public static final String LAYERS_KEY = "backprop.layers";
    /** The metadata key holding the cost the network was trained with. */
    public static final String COST_KEY = "backprop.cost";

    private OnnxExport() {
    }

    /** Writes {@code network} to {@code file} atomically (see {@link AtomicFile}). */
    public static void save(Network network, Path file) throws IOException {
        byte[] model = toBytes(network);
        AtomicFile.write(file, out -> out.write(model));
    }

    /** The serialized {@code ModelProto}. */
    public static byte[] toBytes(Network network) {
        Objects.requireNonNull(network, "network");
        ProtobufWriter graph = new ProtobufWriter().string(Graph.NAME, "backprop")
                .string(Graph.DOC_STRING, "Exported by Backprop: " + network.architecture().notation()
                        + " (" + network.cost().id() + " cost)");
        Shape in = network.inputShape();
        graph.message(Graph.INPUT, valueInfo(INPUT, in.isVector() ? new long[] {-1, in.size()}
                : new long[] {-1, in.channels(), in.height(), in.width()},
                "float32 examples, one per row; for MNIST the pixels scaled to [0, 1]"));
        String current = INPUT;
        boolean image = !in.isVector();
        int depth = network.depth();
        for (int l = 0; l < depth; l++) {
            Layer layer = network.layer(l);
            String prefix = "layer" + (l + 1);
            boolean last = l == depth - 1;
            switch (layer) {
                case FullyConnected fc -> {
                    if (image) {
                        String flat = prefix + ".flat";
                        graph.message(Graph.NODE, node("Flatten", prefix + ".flatten", new String[] {current}, flat)
                                .message(Node.ATTRIBUTE, intAttribute("axis", 1)));
                        current = flat;
                        image = false;
                    }
                    current = linear(graph, "Gemm", prefix, current, fc.parameters(), fc.activation(), last,
                            intAttribute("transB", 1));
                }
                case Convolution conv -> current = linear(graph, "Conv", prefix, current, conv.parameters(),
                        conv.activation(), last, intsAttribute("kernel_shape", conv.kernelHeight(), conv.kernelWidth()));
                case MaxPooling pool -> {
                    String out = last ? OUTPUT : prefix + ".a";
                    graph.message(Graph.NODE, node("MaxPool", prefix + ".maxpool", new String[] {current}, out)
                            .message(Node.ATTRIBUTE, intsAttribute("kernel_shape", pool.poolHeight(), pool.poolWidth()))
                            .message(Node.ATTRIBUTE, intsAttribute("strides", pool.poolHeight(), pool.poolWidth())));
                    current = out;
                }
            }
        }
        graph.message(Graph.OUTPUT, valueInfo(OUTPUT, new long[] {-1, network.outputSize()},
                "the output layer's activations, one row per example"));
        return new ProtobufWriter()
                .varint(Model.IR_VERSION, IR_VERSION)
                .message(Model.OPSET_IMPORT, new ProtobufWriter().string(OperatorSet.DOMAIN, "")
                        .varint(OperatorSet.VERSION, OPSET))
                .string(Model.PRODUCER_NAME, "backprop")
                .string(Model.PRODUCER_VERSION, Provenance.backpropVersion())
                .string(Model.DOC_STRING, "A network trained by backpropagation with Backprop; input '" + INPUT
                        + "', output '" + OUTPUT + "'.")
                .message(Model.GRAPH, graph)
                .message(Model.METADATA_PROPS, entry(LAYERS_KEY, network.architecture().notation()))
                .message(Model.METADATA_PROPS, entry(COST_KEY, network.cost().id()))
                .toByteArray();
    }

    /** A Gemm or Conv of the layer's weights and biases, then its activation; returns the output's name. */
    private static String linear(ProtobufWriter graph, String operator, String prefix, String input,
                                 List<Parameter> parameters, Activation activation, boolean last,
                                 ProtobufWriter attribute) {
        Parameter weights = parameters.get(0);
        Parameter biases = parameters.get(1);
        String weightsName = prefix + ".weight";
        String biasesName = prefix + ".bias";
        graph.message(Graph.INITIALIZER, tensor(weightsName, weights));
        graph.message(Graph.INITIALIZER, tensor(biasesName, biases));
        String z = prefix + ".z";
        graph.message(Graph.NODE, node(operator, prefix + "." + operator.toLowerCase(Locale.ROOT),
                new String[] {input, weightsName, biasesName}, z).message(Node.ATTRIBUTE, attribute));
        String a = last ? OUTPUT : prefix + ".a";
        ProtobufWriter activationNode = switch (activation) {
            case SIGMOID -> node("Sigmoid", prefix + ".sigmoid", new String[] {z}, a);
            case TANH -> node("Tanh", prefix + ".tanh", new String[] {z}, a);
            case RELU -> node("Relu", prefix + ".relu", new String[] {z}, a);
            case LEAKY_RELU -> node("LeakyRelu", prefix + ".leaky_relu", new String[] {z}, a)
                    .message(Node.ATTRIBUTE, floatAttribute("alpha", (float) Activation.LEAKY_SLOPE));
            case SOFTMAX -> node("Softmax", prefix + ".softmax", new String[] {z}, a)
                    .message(Node.ATTRIBUTE, intAttribute("axis", 1));
        };
        graph.message(Graph.NODE, activationNode);
        return a;
    }

    private static ProtobufWriter node(String operator, String name, String[] inputs, String output) {
        ProtobufWriter node = new ProtobufWriter();
        for (String input : inputs) {
            node.string(Node.INPUT, input);
        }
        return node.string(Node.OUTPUT, output).string(Node.NAME, name).string(Node.OP_TYPE, operator);
    }

    private static ProtobufWriter intAttribute(String name, long value) {
        return new ProtobufWriter().string(Attribute.NAME, name).varint(Attribute.TYPE, Attribute.TYPE_INT)
                .varint(Attribute.I, value);
    }

    private static ProtobufWriter intsAttribute(String name, long... values) {
        return new ProtobufWriter().string(Attribute.NAME, name).varint(Attribute.TYPE, Attribute.TYPE_INTS)
                .varints(Attribute.INTS, values);
    }

    private static ProtobufWriter floatAttribute(String name, float value) {
        return new ProtobufWriter().string(Attribute.NAME, name).varint(Attribute.TYPE, Attribute.TYPE_FLOAT)
                .fixed32(Attribute.F, value);
    }

    private static ProtobufWriter tensor(String name, Parameter parameter) {
        ProtobufWriter tensor = new ProtobufWriter();
        for (int dimension : parameter.shape()) {
            tensor.varint(Tensor.DIMS, dimension);
        }
        ByteBuffer raw = ByteBuffer.allocate(4 * parameter.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : parameter.values()) {
            raw.putFloat((float) v);
        }
        return tensor.varint(Tensor.DATA_TYPE, Tensor.FLOAT).string(Tensor.NAME, name)
                .bytes(Tensor.RAW_DATA, raw.array());
    }

    /** A float tensor's name and shape; a dimension of -1 is the symbolic batch. */
    private static ProtobufWriter valueInfo(String name, long[] dimensions, String doc) {
        ProtobufWriter shape = new ProtobufWriter();
        for (long dimension : dimensions) {
            shape.message(Type.DIM, dimension < 0 ? new ProtobufWriter().string(Type.DIM_PARAM, BATCH)
                    : new ProtobufWriter().varint(Type.DIM_VALUE, dimension));
        }
        ProtobufWriter tensorType = new ProtobufWriter().varint(Type.ELEM_TYPE, Tensor.FLOAT).message(Type.SHAPE, shape);
        return new ProtobufWriter().string(ValueInfo.NAME, name)
                .message(ValueInfo.TYPE, new ProtobufWriter().message(Type.TENSOR_TYPE, tensorType))
                .string(ValueInfo.DOC_STRING, doc);
    }

    private static ProtobufWriter entry(String key, String value) {
        return new ProtobufWriter().string(Entry.KEY, key).string(Entry.VALUE, value);
    }
}
