package backprop.web;

import backprop.io.ModelFile;
import backprop.nn.Network;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diagram's endpoints over HTTP, checked against the served network computed independently. */
class DiagramApiTest {
    @TempDir
    Path directory;
    TestServer server;
    Api api;
    Network network;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.withModel(directory);
        api = server.api;
        network = ModelFile.load(directory.resolve("network2-trained.json")).network();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theDiagramHasAColumnPerLayerAndEachNeuronsStrongestIncomingWeights() {
        JsonNode diagram = api.get("/api/model/diagram").json();

        JsonNode columns = diagram.get("columns");
        assertEquals(3, columns.size());
        assertEquals("input", columns.get(0).get("kind").asText());
        assertEquals(28, columns.get(0).get("height").asInt());
        assertEquals(30, columns.get(1).get("units").asInt());
        assertEquals(10, columns.get(2).get("shown").asInt());
        assertEquals(0, diagram.get("edges").get(1).size(), "no weights drawn from the input picture");
        JsonNode edges = diagram.get("edges").get(2);
        assertEquals(10 * NetworkDiagram.EDGES_PER_UNIT, edges.size());
        double[][] w = network.weights(1);
        for (JsonNode edge : edges) {
            int to = edge.get("to").asInt();
            int from = edge.get("from").asInt();
            assertEquals((float) w[to][from], (float) edge.get("weight").asDouble());
            long stronger = IntStream.range(0, 30).filter(k -> Math.abs(w[to][k]) > Math.abs(w[to][from])).count();
            assertTrue(stronger < NetworkDiagram.EDGES_PER_UNIT, "edge " + from + "->" + to + " is not among the strongest");
        }
    }

    @Test
    void aNeuronShowsItsWeightsAsAPictureAndTheTestDigitsThatExciteItMost() throws IOException {
        JsonNode view = api.get("/api/model/neuron?layer=0&unit=5").json();

        JsonNode picture = view.get("weights").get(0);
        assertEquals(28, picture.get("width").asInt());
        double[][] w = network.weights(0);
        for (int k = 0; k < 784; k++) {
            assertEquals((float) w[5][k], (float) picture.get("values").get(k).asDouble());
        }
        assertEquals(network.bias(0, 5), view.get("bias").asDouble(), 1e-12);
        // The activation of hidden neuron 5 for every test example, computed here: the top 8 are the server's.
        var test = TestServer.tinyData().test();
        List<double[]> byActivation = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            byActivation.add(new double[] {i, network.activationsOf(test.input(i)).getFirst()[5]});
        }
        byActivation.sort(Comparator.comparingDouble((double[] a) -> -a[1]));
        JsonNode top = view.get("mostExcited");
        assertEquals(TestSetExcitation.TOP, top.size());
        for (int r = 0; r < top.size(); r++) {
            assertEquals(byActivation.get(r)[1], top.get(r).get("activation").asDouble(), 1e-6);
            assertEquals(test.label(top.get(r).get("index").asInt()), top.get(r).get("label").asInt());
        }
        assertEquals("tiny test", view.get("excitedData").asText());
    }

    @Test
    void aNeuronOutsideTheNetworkIsRefusedWithItsRange() {
        assertTrue(api.get("/api/model/neuron?layer=2&unit=0").error(400).contains("'layer'"));
        assertTrue(api.get("/api/model/neuron?layer=1&unit=10").error(400).contains("'unit'"));
        assertTrue(api.get("/api/model/neuron?layer=1").error(400).startsWith("give the query parameters"));
    }

    @Test
    void withoutAModelTheDiagramSaysHowToGetOne(@TempDir Path elsewhere) throws IOException {
        try (TestServer empty = TestServer.withoutModel(elsewhere)) {
            assertTrue(empty.api.get("/api/model/diagram").error(409).startsWith("no model yet"));
        }
    }

    @Test
    void aConvolutionalNetworkTrainsFromTheNotationAndShowsItsMapsAndFilters() throws Exception {
        Api.Response started = api.postJson("/api/train", "{\"layers\": \"conv:4x5x5:relu,pool:2,fc:10:relu,softmax:10\", "
                + "\"activation\": \"relu\", \"cost\": \"log-likelihood\", \"init\": \"he\", \"eta\": 0.05, "
                + "\"batchSize\": 10, \"epochs\": 1, \"trainingExamples\": 100}");
        assertEquals(202, started.status(), started.text());
        assertEquals("1x28x28,conv:4x5x5:relu,pool:2,fc:10:relu,softmax:10",
                started.json().get("settings").get("layers").asText());
        TrainingApiTest.awaitFinished(api);

        JsonNode model = api.get("/api/model").json();
        assertEquals("1x28x28,conv:4x5x5:relu,pool:2,fc:10:relu,softmax:10", model.get("architecture").asText());
        assertTrue(model.get("sizes").isNull());
        JsonNode columns = api.get("/api/model/diagram").json().get("columns");
        assertEquals(List.of("input", "conv", "pool", "fc", "fc"),
                IntStream.range(0, columns.size()).mapToObj(c -> columns.get(c).get("kind").asText()).toList());
        assertEquals(24, columns.get(1).get("height").asInt());
        JsonNode filter = api.get("/api/model/neuron?layer=0&unit=3").json();
        assertEquals(5, filter.get("weights").get(0).get("width").asInt());
        assertNotNull(filter.get("mostExcited").get(0));
        JsonNode pooled = api.get("/api/model/neuron?layer=1&unit=3").json();
        assertEquals(0, pooled.get("weights").size());
        JsonNode predicted = api.postJson("/api/predict", "{\"pixels\": " + zeros(784) + "}").json();
        assertEquals(4 * 24 * 24, predicted.get("activations").get(0).size());
        assertEquals(4 * 12 * 12, predicted.get("activations").get(1).size());
        assertEquals(10, predicted.get("probabilities").size());
    }

    private static String zeros(int n) {
        return "[" + String.join(",", java.util.Collections.nCopies(n, "0")) + "]";
    }
}
