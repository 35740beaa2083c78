package backprop.io.onnx;

import backprop.io.ModelFormatException;
import backprop.nn.Activation;
import backprop.nn.Convolution;
import backprop.nn.Cost;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.MaxPooling;
import backprop.nn.Network;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an ONNX model as a network, when its graph is a chain of the operators our layers mean: what
 * PyTorch's {@code torch.onnx.export} writes for a {@code Sequential} of Linear, Conv2d (valid, stride
 * 1), MaxPool2d (non-overlapping), Flatten and the activations, and what {@link OnnxExport} writes.
 *
 * <p>The mapping: {@code Gemm} (any {@code transB}, {@code alpha} and {@code beta} folded into the
 * parameters), or {@code MatMul} followed by {@code Add}, is a fully connected layer; {@code Conv} a
 * convolution; either becomes a layer with the activation node that follows it ({@code Sigmoid},
 * {@code Tanh}, {@code Relu}, {@code LeakyRelu} with α 0.01, {@code Softmax} on the last axis), since
 * each of our layers ends in one. A {@code MaxPool} between a convolution and its activation is moved
 * after the activation, which changes nothing: every activation here is increasing, so it commutes
 * with a maximum (network3.py pools before its activation, PyTorch models often after).
 * {@code Flatten}, a {@code Reshape} to {@code [batch, n]}, {@code Identity} and {@code Dropout} (which
 * does nothing at inference) change nothing for us. Weights come from initializers or {@code Constant}
 * nodes, in float32 or float64.
 *
 * <p>Anything else is refused with one message naming the first node that cannot be mapped and why.
 */
public final class OnnxImport {
    private static final List<String> SUPPORTED = List.of("Gemm", "MatMul", "Add", "Conv", "MaxPool", "Flatten",
            "Reshape", "Sigmoid", "Tanh", "Relu", "LeakyRelu", "Softmax", "Identity", "Dropout", "Constant");

    private final Path file;
    private final Map<String, Constant> constants = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private Shape shape;
    private int rank;
    private String current;
    private Pending pending;
    private String nodeLabel;
    private int opset;

    /** A tensor whose values the graph fixes: an initializer or a Constant node's value. */
    private record Constant(long[] dims, double[] values) {
        int size() {
            return values.length;
        }
    }

    /** A weighted layer read, waiting for its activation. */
    private static final class Pending {
        final boolean convolution;
        final String label;
        final Shape input;
        final int outputs;
        final int kernelHeight;
        final int kernelWidth;
        final double[] weights;
        final double[] biases;
        int[] poolAfter;

        Pending(boolean convolution, String label, Shape input, int outputs, int kernelHeight, int kernelWidth,
                double[] weights, double[] biases) {
            this.convolution = convolution;
            this.label = label;
            this.input = input;
            this.outputs = outputs;
            this.kernelHeight = kernelHeight;
            this.kernelWidth = kernelWidth;
            this.weights = weights;
            this.biases = biases;
        }
    }

    private OnnxImport(Path file) {
        this.file = file;
    }

    /** Whether {@code file} is named as an ONNX model ({@code .onnx}). */
    public static boolean isNamed(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * Reads the network in an ONNX file.
     *
     * @throws ModelFormatException naming the file and, for a graph we cannot map, its first such node and why
     */
    public static Network load(Path file) throws IOException {
        return fromBytes(Files.readAllBytes(file), file);
    }

    /** Reads a serialized ONNX model; {@code file} names it in messages. */
    public static Network fromBytes(byte[] bytes, Path file) throws ModelFormatException {
        try {
            return new OnnxImport(file).read(ProtobufMessage.parse(ByteBuffer.wrap(bytes)));
        } catch (ProtobufMessage.MalformedException e) {
            throw new ModelFormatException(file, "not an ONNX model (" + e.getMessage() + ")");
        }
    }

    private ModelFormatException problem(String message) {
        return new ModelFormatException(file, nodeLabel == null ? message : nodeLabel + ": " + message);
    }

    private Network read(ProtobufMessage model) throws ModelFormatException, ProtobufMessage.MalformedException {
        ProtobufMessage graph = model.message(Model.GRAPH);
        if (graph == null || !model.has(Model.IR_VERSION)) {
            throw problem("not an ONNX model (no ir_version or graph; is it another kind of file?)");
        }
        opset = -1;
        for (ProtobufMessage set : model.messages(Model.OPSET_IMPORT)) {
            String domain = set.string(OperatorSet.DOMAIN, "");
            if (domain.isEmpty() || domain.equals("ai.onnx")) {
                opset = (int) set.varint(OperatorSet.VERSION, -1);
            }
        }
        Map<String, String> metadata = new HashMap<>();
        for (ProtobufMessage entry : model.messages(Model.METADATA_PROPS)) {
            metadata.put(entry.string(Entry.KEY, ""), entry.string(Entry.VALUE, ""));
        }
        for (ProtobufMessage initializer : graph.messages(Graph.INITIALIZER)) {
            constants.put(initializer.string(Tensor.NAME, ""), tensor(initializer, "initializer"));
        }
        readInput(graph);
        List<ProtobufMessage> nodes = graph.messages(Graph.NODE);
        for (int n = 0; n < nodes.size(); n++) {
            ProtobufMessage node = nodes.get(n);
            String operator = node.string(Node.OP_TYPE, "");
            String name = node.string(Node.NAME, "");
            List<String> outputs = node.strings(Node.OUTPUT);
            nodeLabel = "node " + (n + 1) + " (" + operator + (name.isEmpty() ? "" : " '" + name + "'")
                    + (outputs.isEmpty() ? "" : " -> " + outputs.getFirst()) + ")";
            readNode(node, operator);
        }
        nodeLabel = null;
        List<ProtobufMessage> graphOutputs = graph.messages(Graph.OUTPUT);
        if (graphOutputs.size() != 1) {
            throw problem("the graph has " + graphOutputs.size() + " outputs; a network has exactly one");
        }
        String output = graphOutputs.getFirst().string(ValueInfo.NAME, "");
        if (pending != null) {
            throw problem("the graph ends in " + pending.label + " with no activation after it; each of our layers "
                    + "ends in one (export the model with its final Softmax or Sigmoid)");
        }
        if (!output.equals(current)) {
            throw problem("the graph's output '" + output + "' is not the end of its chain of layers ('" + current + "')");
        }
        if (layers.isEmpty()) {
            throw problem("the graph has no layers we can read");
        }
        Cost cost = cost(metadata);
        try {
            return Network.of(layers.getFirst().inputShape(), layers, cost);
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
    }

    private Cost cost(Map<String, String> metadata) throws ModelFormatException {
        String name = metadata.get(OnnxExport.COST_KEY);
        if (name != null) {
            try {
                return Cost.parse(name);
            } catch (IllegalArgumentException e) {
                throw problem("metadata " + OnnxExport.COST_KEY + ": " + e.getMessage());
            }
        }
        // A softmax output is trained with the log-likelihood (PyTorch's CrossEntropyLoss); others as the book's.
        return layers.getLast() instanceof FullyConnected fc && fc.activation() == Activation.SOFTMAX
                ? Cost.LOG_LIKELIHOOD : Cost.QUADRATIC;
    }

    private void readInput(ProtobufMessage graph) throws ModelFormatException, ProtobufMessage.MalformedException {
        List<ProtobufMessage> inputs = new ArrayList<>();
        for (ProtobufMessage input : graph.messages(Graph.INPUT)) {
            if (!constants.containsKey(input.string(ValueInfo.NAME, ""))) {
                inputs.add(input);
            }
        }
        if (inputs.size() != 1) {
            throw problem("the graph has " + inputs.size() + " inputs besides its weights; a network has exactly one");
        }
        ProtobufMessage input = inputs.getFirst();
        current = input.string(ValueInfo.NAME, "");
        ProtobufMessage type = input.message(ValueInfo.TYPE);
        ProtobufMessage tensorType = type == null ? null : type.message(Type.TENSOR_TYPE);
        ProtobufMessage shapeMessage = tensorType == null ? null : tensorType.message(Type.SHAPE);
        if (shapeMessage == null) {
            throw problem("input '" + current + "' has no tensor shape; export it with a fixed example shape");
        }
        long elementType = tensorType.varint(Type.ELEM_TYPE, 0);
        if (elementType != Tensor.FLOAT && elementType != Tensor.DOUBLE) {
            throw problem("input '" + current + "' is of ONNX type " + elementType + ", not float");
        }
        List<ProtobufMessage> dims = shapeMessage.messages(Type.DIM);
        long[] sizes = new long[dims.size()];
        for (int d = 0; d < sizes.length; d++) {
            sizes[d] = dims.get(d).varint(Type.DIM_VALUE, -1);
        }
        String described = Arrays.toString(sizes).replace("-1", "?");
        for (int d = 1; d < sizes.length; d++) {
            if (sizes[d] <= 0) {
                throw problem("input '" + current + "' is shaped " + described + "; only the first (batch) dimension "
                        + "may be unknown");
            }
        }
        shape = switch (sizes.length) {
            case 2 -> Shape.vector(Math.toIntExact(sizes[1]));
            case 4 -> new Shape(Math.toIntExact(sizes[1]), Math.toIntExact(sizes[2]), Math.toIntExact(sizes[3]));
            default -> throw problem("input '" + current + "' is shaped " + described + "; expected [batch, n] or "
                    + "[batch, channels, height, width]");
        };
        rank = sizes.length;
    }

    private void readNode(ProtobufMessage node, String operator)
            throws ModelFormatException, ProtobufMessage.MalformedException {
        String domain = node.string(Node.DOMAIN, "");
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            throw problem("operators of domain '" + domain + "' are not ONNX's standard ones we can map");
        }
        List<String> inputs = node.strings(Node.INPUT);
        List<String> outputs = node.strings(Node.OUTPUT);
        if (operator.equals("Constant")) {
            ProtobufMessage value = attribute(node, "value");
            if (value == null || value.message(Attribute.T) == null) {
                throw problem("only Constant nodes with a tensor 'value' are read");
            }
            constants.put(outputs.getFirst(), tensor(value.message(Attribute.T), "Constant"));
            return;
        }
        if (!SUPPORTED.contains(operator)) {
            throw problem(operator + " has no counterpart among our layers (we read " + String.join(", ", SUPPORTED)
                    + ")");
        }
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw problem("a node without inputs or outputs");
        }
        String data = dataInput(operator, inputs);
        switch (operator) {
            case "Gemm" -> gemm(node, inputs);
            case "MatMul" -> matMul(inputs);
            case "Add" -> add(inputs, data);
            case "Conv" -> conv(node, inputs);
            case "MaxPool" -> maxPool(node);
            case "Flatten" -> flatten(node);
            case "Reshape" -> reshape(inputs);
            case "Sigmoid" -> activation(Activation.SIGMOID);
            case "Tanh" -> activation(Activation.TANH);
            case "Relu" -> activation(Activation.RELU);
            case "LeakyRelu" -> leakyRelu(node);
            case "Softmax" -> softmax(node);
            case "Identity", "Dropout" -> {
                // Nothing to do: at inference dropout keeps every neuron (its optional mask output goes unread).
            }
            default -> throw new AssertionError(operator);
        }
        current = outputs.getFirst();
    }

    /** The input that carries the examples; it must be the previous node's output, so the graph is a chain. */
    private String dataInput(String operator, List<String> inputs) throws ModelFormatException {
        String data = null;
        for (String input : inputs) {
            if (input.equals(current)) {
                data = input;
            } else if (!input.isEmpty() && !constants.containsKey(input)) {
                throw problem("reads '" + input + "', which is neither a weight nor the previous layer's output '"
                        + current + "'; only a chain of layers (such as a Sequential) can be read");
            }
        }
        if (data == null) {
            throw problem(operator + " does not read the previous layer's output '" + current + "'");
        }
        return data;
    }

    private void gemm(ProtobufMessage node, List<String> inputs) throws ModelFormatException, ProtobufMessage.MalformedException {
        requireNoPending("Gemm");
        if (!inputs.getFirst().equals(current) || inputs.size() < 2) {
            throw problem("Gemm must take the examples as its first input A and the weights as B");
        }
        if (intAttribute(node, "transA", 0) != 0) {
            throw problem("transA = 1 transposes the examples; only transA = 0 is a layer");
        }
        boolean transposed = intAttribute(node, "transB", 0) != 0;
        double alpha = floatAttribute(node, "alpha", 1f);
        double beta = floatAttribute(node, "beta", 1f);
        Constant b = constant(inputs.get(1), "B");
        requireFlat("Gemm");
        if (b.dims.length != 2) {
            throw problem("weights B of rank " + b.dims.length + "; expected a matrix");
        }
        int in = Math.toIntExact(transposed ? b.dims[1] : b.dims[0]);
        int out = Math.toIntExact(transposed ? b.dims[0] : b.dims[1]);
        requireInputs(in);
        double[] weights = transposed ? b.values.clone() : transpose(b.values, in, out);
        for (int i = 0; i < weights.length; i++) {
            weights[i] *= alpha;
        }
        double[] biases = new double[out];
        if (inputs.size() > 2 && !inputs.get(2).isEmpty()) {
            addBias(biases, constant(inputs.get(2), "C"), beta);
        }
        pending = new Pending(false, nodeLabel, shape, out, 0, 0, weights, biases);
    }

    private void matMul(List<String> inputs) throws ModelFormatException {
        requireNoPending("MatMul");
        if (inputs.size() != 2 || !inputs.getFirst().equals(current)) {
            throw problem("MatMul must multiply the examples (first) by a weight matrix (second)");
        }
        Constant b = constant(inputs.get(1), "B");
        requireFlat("MatMul");
        if (b.dims.length != 2) {
            throw problem("weights of rank " + b.dims.length + "; expected a matrix");
        }
        int in = Math.toIntExact(b.dims[0]);
        int out = Math.toIntExact(b.dims[1]);
        requireInputs(in);
        pending = new Pending(false, nodeLabel, shape, out, 0, 0, transpose(b.values, in, out), new double[out]);
    }

    private void add(List<String> inputs, String data) throws ModelFormatException {
        if (pending == null || pending.convolution || pending.poolAfter != null) {
            throw problem("Add is read only as the bias after a MatMul");
        }
        String other = inputs.get(0).equals(data) ? inputs.get(1) : inputs.get(0);
        addBias(pending.biases, constant(other, "bias"), 1);
    }

    private void addBias(double[] biases, Constant c, double scale) throws ModelFormatException {
        if (c.size() != biases.length && c.size() != 1) {
            throw problem("a bias of " + c.size() + " values for " + biases.length + " neurons");
        }
        for (int j = 0; j < biases.length; j++) {
            biases[j] += scale * c.values[c.size() == 1 ? 0 : j];
        }
    }

    private void conv(ProtobufMessage node, List<String> inputs) throws ModelFormatException, ProtobufMessage.MalformedException {
        requireNoPending("Conv");
        if (rank != 4) {
            throw problem("a convolution needs [batch, channels, height, width] input, not a flattened one");
        }
        Constant w = constant(inputs.get(1), "W");
        if (w.dims.length != 4) {
            throw problem("weights of rank " + w.dims.length + "; only 2-D convolutions ([filters, channels, height, "
                    + "width]) are layers of ours");
        }
        requireAll(node, "strides", 1, "only stride 1");
        requireAll(node, "dilations", 1, "only dilation 1");
        requireAll(node, "pads", 0, "only unpadded ('valid') convolutions");
        if (intAttribute(node, "group", 1) != 1) {
            throw problem("grouped convolutions (group = " + intAttribute(node, "group", 1) + ") are not layers of ours");
        }
        requireAutoPad(node);
        int filters = Math.toIntExact(w.dims[0]);
        if (w.dims[1] != shape.channels()) {
            throw problem("weights for " + w.dims[1] + " channels, the input has " + shape.channels());
        }
        int kh = Math.toIntExact(w.dims[2]);
        int kw = Math.toIntExact(w.dims[3]);
        double[] biases = new double[filters];
        if (inputs.size() > 2 && !inputs.get(2).isEmpty()) {
            addBias(biases, constant(inputs.get(2), "B"), 1);
        }
        Shape input = shape;
        try {
            shape = Convolution.of(input, filters, kh, kw, Activation.SIGMOID, w.values, biases).outputShape();
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
        pending = new Pending(true, nodeLabel, input, filters, kh, kw, w.values, biases);
    }

    private void maxPool(ProtobufMessage node) throws ModelFormatException, ProtobufMessage.MalformedException {
        if (rank != 4) {
            throw problem("pooling needs [batch, channels, height, width] input");
        }
        long[] kernel = intsAttribute(node, "kernel_shape");
        if (kernel == null || kernel.length != 2) {
            throw problem("only 2-D pooling windows are layers of ours");
        }
        long[] strides = intsAttribute(node, "strides");
        if (strides == null || !Arrays.equals(strides, kernel)) {
            throw problem("strides " + Arrays.toString(strides) + " with window " + Arrays.toString(kernel)
                    + "; only non-overlapping pooling (strides equal to the window) is a layer of ours");
        }
        requireAll(node, "pads", 0, "only unpadded pooling");
        requireAll(node, "dilations", 1, "only dilation 1");
        requireAutoPad(node);
        int p = Math.toIntExact(kernel[0]);
        int q = Math.toIntExact(kernel[1]);
        boolean ceil = intAttribute(node, "ceil_mode", 0) != 0;
        if (ceil && (shape.height() % p != 0 || shape.width() % q != 0)) {
            throw problem("ceil_mode = 1 keeps partial windows of a " + shape.height() + "x" + shape.width()
                    + " map; our pooling drops them (ceil_mode = 0)");
        }
        if (pending != null && !pending.convolution) {
            throw problem("pooling after a fully connected layer's weighted input");
        }
        if (pending != null) {
            if (pending.poolAfter != null) {
                throw problem("two poolings between a convolution and its activation");
            }
            pending.poolAfter = new int[] {p, q};
            shape = new MaxPooling(shape, p, q).outputShape();
            return;
        }
        MaxPooling pool;
        try {
            pool = new MaxPooling(shape, p, q);
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
        layers.add(pool);
        shape = pool.outputShape();
    }

    private void flatten(ProtobufMessage node) throws ModelFormatException, ProtobufMessage.MalformedException {
        long axis = intAttribute(node, "axis", 1);
        if (axis != 1 && !(axis == -1 && rank == 2)) {
            throw problem("Flatten on axis " + axis + "; only axis 1 keeps one example per row");
        }
        rank = 2;
    }

    private void reshape(List<String> inputs) throws ModelFormatException {
        if (inputs.size() < 2) {
            throw problem("Reshape without a target shape");
        }
        long[] target = Arrays.stream(constant(inputs.get(1), "shape").values).mapToLong(v -> (long) v).toArray();
        boolean flat = target.length == 2 && (target[1] == shape.size() || target[1] == -1)
                && (target[0] == -1 || target[0] == 0 || target[1] == shape.size());
        if (!flat) {
            throw problem("a reshape to " + Arrays.toString(target) + "; only flattening each example to [batch, "
                    + shape.size() + "] is meaningful to our layers");
        }
        rank = 2;
    }

    private void activation(Activation activation) throws ModelFormatException {
        if (pending == null) {
            throw problem(activation.id() + " without a Gemm, MatMul or Conv just before it; each of our layers is "
                    + "weights, then one activation");
        }
        Pending p = pending;
        pending = null;
        try {
            if (p.convolution) {
                Convolution conv = Convolution.of(p.input, p.outputs, p.kernelHeight, p.kernelWidth, activation,
                        p.weights, p.biases);
                layers.add(conv);
                if (p.poolAfter != null) {
                    layers.add(new MaxPooling(conv.outputShape(), p.poolAfter[0], p.poolAfter[1]));
                }
            } else {
                layers.add(FullyConnected.of(p.input, p.outputs, activation, p.weights, p.biases));
                shape = Shape.vector(p.outputs);
                rank = 2;
            }
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
    }

    private void leakyRelu(ProtobufMessage node) throws ModelFormatException, ProtobufMessage.MalformedException {
        double alpha = floatAttribute(node, "alpha", 0.01f);
        if (Math.abs(alpha - Activation.LEAKY_SLOPE) > 1e-6) {
            throw problem("LeakyRelu with slope " + alpha + "; our leaky ReLU's slope is " + Activation.LEAKY_SLOPE);
        }
        activation(Activation.LEAKY_RELU);
    }

    private void softmax(ProtobufMessage node) throws ModelFormatException, ProtobufMessage.MalformedException {
        // Before opset 13 the default axis is 1, since then -1; on [batch, n] both mean each example's outputs.
        long axis = intAttribute(node, "axis", opset >= 13 ? -1 : 1);
        if (rank != 2 || (axis != 1 && axis != -1)) {
            throw problem("softmax over axis " + axis + " of a rank-" + rank + " tensor; ours is over each example's "
                    + "outputs of a fully connected layer");
        }
        if (pending != null && pending.convolution) {
            throw problem("softmax after a convolution; ours belongs to a fully connected output layer");
        }
        activation(Activation.SOFTMAX);
    }

    private void requireNoPending(String operator) throws ModelFormatException {
        if (pending != null) {
            throw problem(operator + " follows " + pending.label + " with no activation between them; each of our "
                    + "layers is weights, then one activation");
        }
    }

    private void requireFlat(String operator) throws ModelFormatException {
        if (rank != 2) {
            throw problem(operator + " on a rank-" + rank + " tensor; flatten each example first (Flatten)");
        }
    }

    private void requireInputs(int in) throws ModelFormatException {
        if (in != shape.size()) {
            throw problem("weights for " + in + " inputs, the layer before gives " + shape.size());
        }
    }

    private void requireAll(ProtobufMessage node, String name, long value, String what)
            throws ModelFormatException, ProtobufMessage.MalformedException {
        long[] values = intsAttribute(node, name);
        if (values != null && Arrays.stream(values).anyMatch(v -> v != value)) {
            throw problem(name + " " + Arrays.toString(values) + ": " + what + " is a layer of ours");
        }
    }

    private void requireAutoPad(ProtobufMessage node) throws ModelFormatException, ProtobufMessage.MalformedException {
        ProtobufMessage autoPad = attribute(node, "auto_pad");
        String mode = autoPad == null ? "NOTSET" : autoPad.string(Attribute.S, "NOTSET");
        if (!mode.equals("NOTSET") && !mode.equals("VALID")) {
            throw problem("auto_pad " + mode + " pads the input; only unpadded ('valid') layers are ours");
        }
    }

    private Constant constant(String name, String role) throws ModelFormatException {
        Constant c = constants.get(name);
        if (c == null) {
            throw problem("its " + role + " '" + name + "' is computed in the graph, not stored; only weights stored "
                    + "as initializers or Constant nodes can be read");
        }
        return c;
    }

    private static ProtobufMessage attribute(ProtobufMessage node, String name) throws ProtobufMessage.MalformedException {
        for (ProtobufMessage attribute : node.messages(Node.ATTRIBUTE)) {
            if (attribute.string(Attribute.NAME, "").equals(name)) {
                return attribute;
            }
        }
        return null;
    }

    private static long intAttribute(ProtobufMessage node, String name, long absent)
            throws ProtobufMessage.MalformedException {
        ProtobufMessage attribute = attribute(node, name);
        return attribute == null ? absent : attribute.varint(Attribute.I, absent);
    }

    private static double floatAttribute(ProtobufMessage node, String name, float absent)
            throws ProtobufMessage.MalformedException {
        ProtobufMessage attribute = attribute(node, name);
        return attribute == null ? absent : attribute.float32(Attribute.F, absent);
    }

    private static long[] intsAttribute(ProtobufMessage node, String name) throws ProtobufMessage.MalformedException {
        ProtobufMessage attribute = attribute(node, name);
        return attribute == null ? null : attribute.varints(Attribute.INTS);
    }

    private Constant tensor(ProtobufMessage tensor, String what) throws ModelFormatException, ProtobufMessage.MalformedException {
        String name = tensor.string(Tensor.NAME, "");
        if (tensor.varint(Tensor.DATA_LOCATION, 0) != 0) {
            throw problem(what + " '" + name + "' is stored in an external file; save the model with its weights "
                    + "inside (onnx.save(model, path, save_as_external_data=False))");
        }
        long[] dims = tensor.varints(Tensor.DIMS);
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        int type = (int) tensor.varint(Tensor.DATA_TYPE, 0);
        ByteBuffer raw = tensor.bytes(Tensor.RAW_DATA);
        double[] values = new double[Math.toIntExact(count)];
        int width = switch (type) {
            case Tensor.FLOAT, Tensor.INT32 -> 4;
            case Tensor.DOUBLE, Tensor.INT64 -> 8;
            default -> throw problem(what + " '" + name + "' has ONNX data type " + type + "; we read float, double "
                    + "and integer tensors");
        };
        if (raw != null) {
            if (raw.remaining() != count * width) {
                throw problem(what + " '" + name + "' holds " + raw.remaining() + " bytes for " + count + " values");
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (type) {
                    case Tensor.FLOAT -> raw.getFloat();
                    case Tensor.INT32 -> raw.getInt();
                    case Tensor.DOUBLE -> raw.getDouble();
                    default -> raw.getLong();
                };
            }
        } else {
            double[] stored = switch (type) {
                case Tensor.FLOAT -> toDoubles(tensor.floats(Tensor.FLOAT_DATA));
                case Tensor.DOUBLE -> tensor.doubles(Tensor.DOUBLE_DATA);
                case Tensor.INT32 -> Arrays.stream(tensor.varints(Tensor.INT32_DATA)).mapToDouble(v -> (int) v).toArray();
                default -> Arrays.stream(tensor.varints(Tensor.INT64_DATA)).mapToDouble(v -> v).toArray();
            };
            if (stored.length != count) {
                throw problem(what + " '" + name + "' holds " + stored.length + " values for shape "
                        + Arrays.toString(dims));
            }
            values = stored;
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw problem(what + " '" + name + "' has NaN or infinite values");
            }
        }
        return new Constant(dims, values);
    }

    private static double[] toDoubles(float[] floats) {
        double[] values = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            values[i] = floats[i];
        }
        return values;
    }

    /** {@code [rows][columns]} to {@code [columns][rows]}, flat. */
    private static double[] transpose(double[] values, int rows, int columns) {
        double[] t = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                t[c * rows + r] = values[r * columns + c];
            }
        }
        return t;
    }
}
