package backprop.web;

import backprop.data.Dataset;
import backprop.nn.Network;

import java.io.IOException;

/**
 * The network diagram: {@code GET /api/model/diagram} (its columns and strongest weights) and
 * {@code GET /api/model/neuron?layer=L&unit=U} (one unit's weights as pictures and the test digits
 * that excite it most). Both are kept per model, so pointing at neurons costs one pass over the test
 * set per model, not one per neuron.
 */
final class DiagramEndpoints {
    /** While training replaces the model, the test digits found this recently still answer. */
    static final long EXCITATION_MAX_AGE_NANOS = 10_000_000_000L;

    private final CurrentModel model;
    private final DataLoader data;
    /** Separate locks: a diagram need not wait for a pass over the test set. */
    private final Object diagramLock = new Object();
    private final Object excitationLock = new Object();
    private NetworkDiagram diagram;
    private TestSetExcitation excitation;

    DiagramEndpoints(CurrentModel model, DataLoader data) {
        this.model = model;
        this.data = data;
    }

    void register(Router router) {
        router.add("GET", "/api/model/diagram", this::diagram);
        router.add("GET", "/api/model/neuron", this::neuron);
    }

    void diagram(Exchange exchange) throws IOException {
        exchange.sendJson(200, diagram(model.require()));
    }

    void neuron(Exchange exchange) throws IOException {
        ServedModel served = model.require();
        Network network = served.network();
        if (exchange.parameter("layer") == null || exchange.parameter("unit") == null) {
            throw ApiError.badRequest("give the query parameters 'layer' (0 to " + (network.depth() - 1)
                    + ") and 'unit'");
        }
        int layer = exchange.intParameter("layer", 0, 0, network.depth() - 1);
        int units = network.layer(layer).outputShape().channels();
        int unit = exchange.intParameter("unit", 0, 0, units - 1);
        TestSetExcitation excited = null;
        String testData;
        try {
            Dataset test = data.splits().test();
            excited = excitation(served, test);
            testData = excited.examined() == test.size() ? test.name()
                    : "the first " + excited.examined() + " of " + test.name();
        } catch (ApiError e) {
            // The weights are worth showing without the data.
            testData = e.getMessage();
        }
        exchange.sendJson(200, NeuronView.of(served, layer, unit, excited, testData));
    }

    private NetworkDiagram diagram(ServedModel served) {
        synchronized (diagramLock) {
            if (diagram == null || diagram.version() != served.version()) {
                diagram = NetworkDiagram.of(served);
            }
            return diagram;
        }
    }

    private TestSetExcitation excitation(ServedModel served, Dataset test) {
        synchronized (excitationLock) {
            if (excitation == null || !excitation.answersFor(served, EXCITATION_MAX_AGE_NANOS)) {
                excitation = TestSetExcitation.of(served, test);
            }
            return excitation;
        }
    }
}
