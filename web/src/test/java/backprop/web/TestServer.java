package backprop.web;

import backprop.Engine;
import backprop.data.Splits;
import backprop.testing.TinyData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A playground on a free loopback port with small generated data: random 28 x 28 images with random
 * labels (enough to train on and explore; nothing to learn from), and optionally the book's trained
 * network2 model from core's test fixtures.
 */
final class TestServer implements AutoCloseable {
    static final String FIXTURE = "/io/network2-trained-784-30-10.json";

    final PlaygroundServer server;
    final Api api;
    final Path models;
    final List<String> log = new CopyOnWriteArrayList<>();

    private TestServer(Path directory, Path model, ServerLimits limits) throws IOException {
        this.models = directory.resolve("models");
        Splits data = tinyData();
        PlaygroundOptions options = new PlaygroundOptions(PlaygroundOptions.LOOPBACK, 0, model, models, "tiny",
                () -> data, Engine.FAST, PlaygroundOptions.DEFAULT_MAX_BODY_BYTES, limits, log::add);
        this.server = PlaygroundServer.start(options);
        this.api = new Api(server.uri());
    }

    static Splits tinyData() {
        return new Splits(TinyData.randomImages(2000, 28, 28, 10, 1).named("tiny training"),
                TinyData.randomImages(100, 28, 28, 10, 2).named("tiny validation"),
                TinyData.randomImages(300, 28, 28, 10, 3).named("tiny test"));
    }

    /** With the trained fixture model. */
    static TestServer withModel(Path directory) throws IOException {
        return start(directory, fixture(directory));
    }

    /** With no model, and nothing in the models directory. */
    static TestServer withoutModel(Path directory) throws IOException {
        return start(directory, null);
    }

    static TestServer start(Path directory, Path model) throws IOException {
        return new TestServer(directory, model, ServerLimits.defaults());
    }

    /** With the trained fixture model and the given limits. */
    static TestServer withLimits(Path directory, ServerLimits limits) throws IOException {
        return new TestServer(directory, fixture(directory), limits);
    }

    /** The book's network, trained by network2.py (93.8% on MNIST's test set), copied into {@code directory}. */
    static Path fixture(Path directory) {
        try (InputStream in = TestServer.class.getResourceAsStream(FIXTURE)) {
            Path file = directory.resolve("network2-trained.json");
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
