package backprop.web;

import backprop.Engine;
import backprop.data.DataCatalog;
import backprop.train.BackpropFactory;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run the playground.
 *
 * @param host            the address to listen on: loopback unless the user says otherwise
 * @param port            0 for any free port
 * @param model           the model to serve from the start, or null for the newest in {@code modelsDirectory}
 *                        (if any)
 * @param modelsDirectory where the page saves models and loads them from
 * @param dataName        what to call the data in messages and provenance, e.g. "mnist"
 * @param data            opens the data on first use (training, the test-set views)
 * @param engine          trains the page's jobs
 * @param maxBodyBytes    larger request bodies are refused with 413
 * @param limits          timeouts, connections, image decodes and training work a client may take
 * @param log             receives one line per notable event (jobs, internal errors)
 */
public record PlaygroundOptions(String host, int port, Path model, Path modelsDirectory, String dataName,
                                SplitsSource data, BackpropFactory engine, int maxBodyBytes, ServerLimits limits,
                                Consumer<String> log) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 2 << 20;

    public PlaygroundOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelsDirectory, "modelsDirectory");
        Objects.requireNonNull(dataName, "dataName");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(log, "log");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body limit must be at least 1 KB, got " + maxBodyBytes);
        }
    }

    /** With the {@link ServerLimits#defaults() default limits}. */
    public PlaygroundOptions(String host, int port, Path model, Path modelsDirectory, String dataName,
                             SplitsSource data, BackpropFactory engine, int maxBodyBytes, Consumer<String> log) {
        this(host, port, model, modelsDirectory, dataName, data, engine, maxBodyBytes, ServerLimits.defaults(), log);
    }

    /**
     * Loopback on the default port, MNIST from the catalog (fetched on first use), models in
     * {@code ~/.cache/backprop/models}, the fast engine.
     */
    public static PlaygroundOptions defaults(Consumer<String> log) {
        return new PlaygroundOptions(LOOPBACK, DEFAULT_PORT, null, defaultModelsDirectory(), DataCatalog.MNIST,
                () -> DataCatalog.open(DataCatalog.MNIST, log), Engine.FAST, DEFAULT_MAX_BODY_BYTES, ServerLimits.defaults(), log);
    }

    public static Path defaultModelsDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "backprop", "models");
    }

    public PlaygroundOptions withAddress(String newHost, int newPort) {
        return new PlaygroundOptions(newHost, newPort, model, modelsDirectory, dataName, data, engine, maxBodyBytes, limits, log);
    }

    public PlaygroundOptions withModel(Path newModel) {
        return new PlaygroundOptions(host, port, newModel, modelsDirectory, dataName, data, engine, maxBodyBytes, limits, log);
    }

    public PlaygroundOptions withModelsDirectory(Path newDirectory) {
        return new PlaygroundOptions(host, port, model, newDirectory, dataName, data, engine, maxBodyBytes, limits, log);
    }

    public PlaygroundOptions withData(String newName, SplitsSource newData) {
        return new PlaygroundOptions(host, port, model, modelsDirectory, newName, newData, engine, maxBodyBytes, limits, log);
    }

    public PlaygroundOptions withEngine(BackpropFactory newEngine) {
        return new PlaygroundOptions(host, port, model, modelsDirectory, dataName, data, newEngine, maxBodyBytes, limits, log);
    }

    public PlaygroundOptions withLimits(ServerLimits newLimits) {
        return new PlaygroundOptions(host, port, model, modelsDirectory, dataName, data, engine, maxBodyBytes, newLimits, log);
    }

    public PlaygroundOptions withMaxBodyBytes(int newLimit) {
        return new PlaygroundOptions(host, port, model, modelsDirectory, dataName, data, engine, newLimit, limits, log);
    }
}
