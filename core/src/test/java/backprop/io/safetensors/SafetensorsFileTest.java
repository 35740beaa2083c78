package backprop.io.safetensors;

import backprop.io.ModelFile;
import backprop.io.ModelFormatException;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {

    private static Network network(String layers) {
        return Architecture.parse(layers, null, Activation.SIGMOID, Activation.SIGMOID)
                .initialize(Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"784,30,10", "1x12x12,conv:3x5x5:relu,pool:2,fc:7:tanh,softmax:3"})
    void aSavedNetworkReadsBackWithItsArchitectureCostAndFloat32Parameters(String layers, @TempDir Path directory)
            throws IOException {
        Network network = network(layers);
        Path file = directory.resolve("model.safetensors");

        SafetensorsFile.save(network, file);
        Network back = ModelFile.load(file).network();

        assertEquals(network.architecture(), back.architecture());
        assertEquals(Cost.CROSS_ENTROPY, back.cost());
        for (int l = 0; l < network.depth(); l++) {
            for (int p = 0; p < network.layer(l).parameters().size(); p++) {
                double[] ours = network.layer(l).parameters().get(p).values();
                double[] read = back.layer(l).parameters().get(p).values();
                for (int i = 0; i < ours.length; i++) {
                    assertEquals((float) ours[i], read[i], 0.0);
                }
            }
        }
    }

    @Test
    void theFileIsTheFormatsLayoutWithNamedTensorsAndAnAlignedHeader(@TempDir Path directory) throws IOException {
        Network network = network("4,3,2");
        Path file = directory.resolve("model.safetensors");
        SafetensorsFile.save(network, file);

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong();
        String header = new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8);

        assertEquals(0, headerLength % 8);
        assertTrue(header.contains("\"layer1.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}"), header);
        assertTrue(header.contains("\"backprop.layers\":\"4,fc:3:sigmoid,fc:2:sigmoid\""), header);
        assertEquals(8 + headerLength + 4 * network.parameterCount(), bytes.capacity());
        bytes.position((int) (8 + headerLength));
        assertEquals((float) network.weight(0, 0, 0), bytes.getFloat(), 0.0);
    }

    @Test
    void aFileWrittenByPythonsSafetensorsLibraryComputesWhatNumpyComputed() throws IOException, URISyntaxException {
        Path file = Path.of(getClass().getResource("/safetensors/python-written.safetensors").toURI());

        Network network = ModelFile.load(file).network();

        assertEquals("4,fc:3:tanh,softmax:2", network.architecture().notation());
        assertEquals(Cost.LOG_LIKELIHOOD, network.cost());
        // make_file.py's numpy forward pass, in double from the same float32 (and one float64) tensors.
        assertArrayEquals(new double[] {0.07423186295392924, 0.9257681370460707},
                network.feedforward(new double[] {0.1, 0.2, 0.3, 0.4}), 1e-12);
    }

    @Test
    void aFileWithoutTheArchitectureSaysWhatToAdd(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("bare.safetensors");
        writeRaw(file, "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().startsWith(file + " is not a valid model file: no \"backprop.layers\""), e.getMessage());
    }

    @Test
    void aTensorShapedForAnotherArchitectureIsNamed(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("wrong.safetensors");
        writeRaw(file, "{\"__metadata__\":{\"backprop.layers\":\"2,1\"},"
                + "\"layer1.weight\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]},"
                + "\"layer1.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]);

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().contains("tensor \"layer1.weight\" is shaped [2, 1], the architecture needs [1, 2]"),
                e.getMessage());
    }

    @Test
    void aTruncatedFileIsOneClearError(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("cut.safetensors");
        SafetensorsFile.save(network("784,30,10"), file);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 100));

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    private static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json).put(data);
        Files.write(file, bytes.array());
    }
}
