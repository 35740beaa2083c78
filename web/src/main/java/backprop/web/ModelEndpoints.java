package backprop.web;

import backprop.io.ModelFile;
import backprop.io.SavedModel;
import backprop.nn.Convolution;
import backprop.nn.FullyConnected;
import backprop.nn.MaxPooling;
import backprop.nn.Network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The served model: what it is ({@code GET /api/model}), its first-layer weights and every layer's
 * parameters ({@code GET /api/model/weights}), download ({@code GET /api/model/download}), and
 * saving to and loading from the models directory ({@code POST /api/model/save},
 * {@code GET /api/models}, {@code POST /api/model/load}).
 */
final class ModelEndpoints {
    /**
     * @param sizes        network.py's sizes, for a network of fully connected layers only
     * @param architecture the layers in the {@code --layers} notation, e.g. {@code 1x28x28,conv:20x5x5:sigmoid,...}
     * @param activations  each layer's activation; "max" for a pooling layer
     */
    record Info(boolean loaded, String source, int[] sizes, String architecture, List<String> activations,
                String cost, Long parameters, String provenance, boolean training) {
    }

    /**
     * The weights into layer {@code layer + 1}: one row per neuron, one column per input; a
     * first-layer row of an MNIST network is a 28 x 28 tile.
     */
    record Weights(int layer, int neurons, int inputs, Integer tileWidth, Integer tileHeight, float[][] weights,
                   float[] biases, double min, double max) {
    }

    record Saved(String name, String path) {
    }

    record Models(String directory, List<ModelStore.Entry> models) {
    }

    private final CurrentModel model;
    private final ModelStore store;
    private final Trainer trainer;
    private final ModelDownloads downloads;

    ModelEndpoints(CurrentModel model, ModelStore store, Trainer trainer, ModelDownloads downloads) {
        this.model = model;
        this.store = store;
        this.trainer = trainer;
        this.downloads = downloads;
    }

    void register(Router router) {
        router.add("GET", "/api/model", this::info);
        router.add("GET", "/api/model/weights", this::weights);
        router.add("GET", "/api/model/download", this::download);
        router.add("POST", "/api/model/save", this::save);
        router.add("POST", "/api/model/load", this::load);
        router.add("GET", "/api/models", this::list);
    }

    void info(Exchange exchange) throws IOException {
        boolean training = trainer.isRunning();
        exchange.sendJson(200, model.get().map(m -> {
            Network n = m.network();
            List<String> activations = n.layers().stream().map(layer -> switch (layer) {
                case FullyConnected fc -> fc.activation().id();
                case Convolution conv -> conv.activation().id();
                case MaxPooling pool -> "max";
            }).toList();
            return new Info(true, m.source(), n.isFullyConnected() ? n.sizes() : null, n.architecture().notation(),
                    activations, n.cost().id(), n.parameterCount(),
                    m.provenance() == null ? null : m.provenance().summary(), training);
        }).orElse(new Info(false, null, null, null, null, null, null, null, training)));
    }

    void weights(Exchange exchange) throws IOException {
        Network network = model.require().network();
        if (!network.isFullyConnected()) {
            throw ApiError.conflict("this model has " + network.architecture().notation() + "; its weights are "
                    + "shown per unit by GET /api/model/neuron?layer=L&unit=U");
        }
        int layers = network.layerCount() - 1;
        int layer = exchange.intParameter("layer", 0, 0, layers - 1);
        double[][] w = network.weights(layer);
        float[][] rows = new float[w.length][];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < w.length; j++) {
            rows[j] = new float[w[j].length];
            for (int k = 0; k < w[j].length; k++) {
                // Floats: the page draws them, and they halve the response.
                rows[j][k] = (float) w[j][k];
                min = Math.min(min, w[j][k]);
                max = Math.max(max, w[j][k]);
            }
        }
        double[] b = network.biases(layer);
        float[] biases = new float[b.length];
        for (int j = 0; j < b.length; j++) {
            biases[j] = (float) b[j];
        }
        int inputs = network.size(layer);
        int side = (int) Math.round(Math.sqrt(inputs));
        boolean square = side * side == inputs;
        exchange.sendJson(200, new Weights(layer, w.length, inputs, square ? side : null, square ? side : null,
                rows, biases, min, max));
    }

    /** The model file as {@link ModelFile#save} writes it (network2.py's JSON and our provenance). */
    void download(Exchange exchange) throws IOException {
        ServedModel served = model.require();
        ModelDownloads.Download download = downloads.open(served);
        exchange.setHeader("Content-Disposition", "attachment; filename=\"backprop-model.json\"");
        // Streamed from the file: a large network's JSON is tens of megabytes.
        try (InputStream content = download.content()) {
            exchange.send(200, "application/json; charset=utf-8", download.length(), content);
        }
    }

    void save(Exchange exchange) throws IOException {
        TrainingEndpoints.requireJson(exchange);
        JsonRequest request = Json.parseObject(exchange.body());
        request.rejectUnknown(Set.of("name"));
        String name = request.string("name");
        store.fileFor(name);
        ServedModel served = model.require();
        Path file = store.save(name, served.network(), served.provenance());
        exchange.sendJson(200, new Saved(ModelStore.bareName(file.getFileName().toString()), file.toString()));
    }

    void load(Exchange exchange) throws IOException {
        TrainingEndpoints.requireJson(exchange);
        JsonRequest request = Json.parseObject(exchange.body());
        request.rejectUnknown(Set.of("name"));
        String name = request.string("name");
        if (trainer.isRunning()) {
            throw ApiError.conflict("a training job is running and will replace the model at its next epoch; "
                    + "stop it before loading a model");
        }
        SavedModel saved = store.load(name);
        model.set(saved.network(), store.fileFor(name).getFileName().toString(), saved.provenance().orElse(null));
        info(exchange);
    }

    void list(Exchange exchange) throws IOException {
        exchange.sendJson(200, new Models(store.directory().toString(), store.list()));
    }
}
