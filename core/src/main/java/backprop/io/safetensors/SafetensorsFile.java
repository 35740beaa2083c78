package backprop.io.safetensors;

import backprop.io.AtomicFile;
import backprop.io.ModelFormatException;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.Parameter;
import backprop.nn.SeededRandom;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Networks as safetensors files, the tensor format of Hugging Face, PyTorch and numpy users: an 8-byte
 * little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then
 * the tensors' raw little-endian values. A tensor file alone has no architecture, so ours records it in
 * the header's {@code __metadata__} (which holds strings only): {@value #LAYERS_KEY}, the {@code --layers}
 * notation with the input shape first (e.g. {@code 784,fc:30:sigmoid,fc:10:sigmoid}), and
 * {@value #COST_KEY}, the cost's name.
 *
 * <p>Tensors are named as PyTorch names a module's: {@code layerN.weight} and {@code layerN.bias}, N
 * counting layers with parameters and pooling alike from 1 (pooling has none). Weights are
 * {@code [outputs, inputs]} for a fully connected layer (PyTorch's Linear) and
 * {@code [filters, channels, height, width]} for a convolution (PyTorch's Conv2d). We write float32 (half
 * the size of the doubles the network holds, and what PyTorch trains in); we read F32 and F64.
 */
public final class SafetensorsFile {
    /** The header metadata key holding the layers in the {@code --layers} notation. */
    public static final String LAYERS_KEY = "backprop.layers";
    /** The header metadata key holding the cost the network was trained with. */
    public static final String COST_KEY = "backprop.cost";
    private static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A header larger than this is not one we wrote or could use; refusing it keeps a corrupt length from allocating gigabytes. */
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsFile() {
    }

    /** The name of a layer's parameter tensor: {@code layer1.weight}, {@code layer1.bias}, ... */
    public static String tensorName(int layer, Parameter parameter) {
        return "layer" + (layer + 1) + "." + (parameter.isWeights() ? "weight" : "bias");
    }

    /** Writes the network's parameters as float32, with its architecture and cost in the metadata; atomic. */
    public static void save(Network network, Path file) throws IOException {
        Objects.requireNonNull(network, "network");
        ObjectNode header = JSON.createObjectNode();
        header.putObject(METADATA).put(LAYERS_KEY, network.architecture().notation())
                .put(COST_KEY, network.cost().id());
        List<Parameter> tensors = new ArrayList<>();
        long offset = 0;
        for (int l = 0; l < network.depth(); l++) {
            for (Parameter parameter : network.layer(l).parameters()) {
                ObjectNode entry = header.putObject(tensorName(l, parameter));
                entry.put("dtype", "F32");
                var shape = entry.putArray("shape");
                Arrays.stream(parameter.shape()).forEach(shape::add);
                entry.putArray("data_offsets").add(offset).add(offset + 4L * parameter.size());
                offset += 4L * parameter.size();
                tensors.add(parameter);
            }
        }
        byte[] json = JSON.writeValueAsBytes(header);
        // The format lets the header be padded with spaces; 8-byte alignment lets readers map the tensors directly.
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        AtomicFile.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(headerBytes);
            for (Parameter parameter : tensors) {
                ByteBuffer values = ByteBuffer.allocate(4 * parameter.size()).order(ByteOrder.LITTLE_ENDIAN);
                for (double v : parameter.values()) {
                    values.putFloat((float) v);
                }
                out.write(values.array());
            }
        });
    }

    /**
     * Reads a network from a safetensors file that carries {@value #LAYERS_KEY} in its metadata, as ours
     * do and a Python script can write ({@code save_file(tensors, path, metadata={...})}).
     *
     * @throws ModelFormatException naming the file and the one problem: no header, no architecture, a
     *                             missing tensor, a shape that does not fit, an unsupported dtype, NaN values
     */
    public static Network load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw problem(file, "shorter than the 8-byte header length (empty or truncated?)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw problem(file, "header length " + headerLength + " does not fit a file of " + size
                        + " bytes (not a safetensors file, or truncated?)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8, file);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw problem(file, "the header is not valid JSON: " + e.getOriginalMessage());
            }
            if (header == null || !header.isObject()) {
                throw problem(file, "the header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            return network(file, (ObjectNode) header, channel, dataStart, size - dataStart);
        }
    }

    private static Network network(Path file, ObjectNode header, FileChannel channel, long dataStart, long dataSize)
            throws IOException {
        JsonNode metadata = header.path(METADATA);
        String notation = metadata.path(LAYERS_KEY).asText(null);
        if (notation == null) {
            throw problem(file, "no \"" + LAYERS_KEY + "\" in the header's __metadata__, so the architecture is "
                    + "unknown; add it, e.g. metadata={\"" + LAYERS_KEY + "\": \"784,fc:30:sigmoid,fc:10:sigmoid\"}");
        }
        Architecture architecture;
        Cost cost;
        try {
            architecture = Architecture.parse(notation, null, Activation.SIGMOID, Activation.SIGMOID);
            String costName = metadata.path(COST_KEY).asText(null);
            cost = costName != null ? Cost.parse(costName) : defaultCost(architecture);
        } catch (IllegalArgumentException e) {
            throw problem(file, "__metadata__: " + e.getMessage());
        }
        // Built with throwaway parameters, which the file's tensors then replace in place.
        Network shell = architecture.initialize(cost, Initializer.SCALED, new SeededRandom(0));
        List<Layer> layers = shell.layers();
        List<String> expected = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            for (Parameter parameter : layers.get(l).parameters()) {
                String name = tensorName(l, parameter);
                expected.add(name);
                JsonNode entry = header.get(name);
                if (entry == null || !entry.isObject()) {
                    throw problem(file, "no tensor \"" + name + "\" (the " + parameter.name() + " of layer " + (l + 1)
                            + ", " + layers.get(l).notation() + ", shaped " + Arrays.toString(parameter.shape()) + ")");
                }
                readTensor(file, name, entry, parameter, channel, dataStart, dataSize);
            }
        }
        for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(METADATA) && !expected.contains(name)) {
                throw problem(file, "tensor \"" + name + "\" has no place in " + notation + " (expected "
                        + String.join(", ", expected) + ")");
            }
        }
        try {
            return Network.of(architecture.input(), layers, cost);
        } catch (IllegalArgumentException e) {
            throw problem(file, e.getMessage());
        }
    }

    private static Cost defaultCost(Architecture architecture) {
        List<Architecture.LayerSpec> specs = architecture.layers();
        return specs.getLast() instanceof Architecture.FullyConnectedSpec fc && fc.activation() == Activation.SOFTMAX
                ? Cost.LOG_LIKELIHOOD : Cost.QUADRATIC;
    }

    private static void readTensor(Path file, String name, JsonNode entry, Parameter parameter, FileChannel channel,
                                   long dataStart, long dataSize) throws IOException {
        String dtype = entry.path("dtype").asText("");
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            default -> throw problem(file, "tensor \"" + name + "\" is " + (dtype.isEmpty() ? "without a dtype" : dtype)
                    + "; only F32 and F64 are read (convert it with tensor.float())");
        };
        JsonNode shapeNode = entry.path("shape");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt(-1);
        }
        if (!Arrays.equals(shape, parameter.shape())) {
            throw problem(file, "tensor \"" + name + "\" is shaped " + Arrays.toString(shape) + ", the architecture needs "
                    + Arrays.toString(parameter.shape()));
        }
        JsonNode offsets = entry.path("data_offsets");
        long begin = offsets.path(0).asLong(-1);
        long end = offsets.path(1).asLong(-1);
        if (begin < 0 || end != begin + (long) width * parameter.size() || end > dataSize) {
            throw problem(file, "tensor \"" + name + "\" has data_offsets " + offsets + ", which do not hold "
                    + parameter.size() + " " + dtype + " values in " + dataSize + " bytes of data (truncated?)");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, bytes, dataStart + begin, file);
        bytes.flip();
        double[] values = parameter.values();
        for (int i = 0; i < values.length; i++) {
            values[i] = width == 4 ? bytes.getFloat() : bytes.getDouble();
            if (!Double.isFinite(values[i])) {
                throw problem(file, "tensor \"" + name + "\" has NaN or infinite values");
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw problem(file, "unexpected end of file (truncated?)");
            }
            at += read;
        }
    }

    private static ModelFormatException problem(Path file, String problem) {
        return new ModelFormatException(file, problem);
    }

    /** Whether {@code file} is named as a safetensors file. */
    public static boolean isNamed(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".safetensors");
    }
}
