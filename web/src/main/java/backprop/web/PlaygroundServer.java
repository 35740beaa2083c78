package backprop.web;

import backprop.io.ModelFile;
import backprop.io.SavedModel;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The playground: the JDK's HTTP server with the page and the API on one port. Requests run on
 * virtual threads, so open event streams cost no platform threads.
 *
 * <pre>{@code
 * try (PlaygroundServer server = PlaygroundServer.start(PlaygroundOptions.defaults(System.err::println))) {
 *     System.out.println(server.uri());
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class PlaygroundServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService executor;
    private final Trainer trainer;
    private final TrainingEvents events;
    private final CurrentModel model;
    private final URI uri;
    private final Object stopped = new Object();
    private boolean closed;

    private PlaygroundServer(HttpServer http, ExecutorService executor, Trainer trainer, TrainingEvents events,
                             CurrentModel model, URI uri) {
        this.http = http;
        this.executor = executor;
        this.trainer = trainer;
        this.events = events;
        this.model = model;
        this.uri = uri;
    }

    /**
     * Loads the starting model, binds the address and starts serving.
     *
     * @throws IOException when the model cannot be loaded or the address cannot be bound (in use,
     *                     not an address of this machine)
     */
    public static PlaygroundServer start(PlaygroundOptions options) throws IOException {
        CurrentModel model = new CurrentModel();
        ModelStore store = new ModelStore(options.modelsDirectory());
        Optional<Path> starting = options.model() != null ? Optional.of(options.model()) : newestQuietly(store, options);
        if (starting.isPresent()) {
            SavedModel saved = ModelFile.load(starting.get());
            model.set(saved.network(), starting.get().getFileName().toString(), saved.provenance().orElse(null));
            options.log().accept("serving " + starting.get() + " (" + saved.network() + ")");
        }

        InetAddress address = InetAddress.getByName(options.host());
        DataLoader data = new DataLoader(options.data(), options.dataName());
        TrainingEvents events = new TrainingEvents();
        Trainer trainer = new Trainer(model, data, options.engine(), events, options.log());
        Router router = new Router(new StaticFiles(), allowedHosts(address), options.maxBodyBytes(), options.log());
        new PredictEndpoint(model).register(router);
        new TestSetEndpoints(model, data).register(router);
        new TrainingEndpoints(trainer, events).register(router);
        new ModelEndpoints(model, store, trainer).register(router);

        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(address, options.port()), 64);
        } catch (BindException e) {
            throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + (e.getMessage() == null ? "address in use" : e.getMessage().toLowerCase(Locale.ROOT))
                    + " (choose another --port)", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", router);
        http.start();
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        URI uri = URI.create("http://" + host + ":" + http.getAddress().getPort() + "/");
        return new PlaygroundServer(http, executor, trainer, events, model, uri);
    }

    /** The newest saved model, unless it cannot be listed or read: then the page offers to train one. */
    private static Optional<Path> newestQuietly(ModelStore store, PlaygroundOptions options) {
        try {
            Optional<Path> newest = store.newest();
            if (newest.isPresent()) {
                ModelFile.load(newest.get());
            }
            return newest;
        } catch (IOException | RuntimeException e) {
            options.log().accept("not loading a saved model: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * On loopback, the names a browser on this machine uses; bound anywhere else we cannot know them
     * all, and accept any.
     */
    private static Set<String> allowedHosts(InetAddress address) {
        if (!address.isLoopbackAddress()) {
            return Set.of();
        }
        Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        String literal = address.getHostAddress();
        hosts.add(literal.contains(":") ? "[" + literal + "]" : literal);
        return hosts;
    }

    /** Where the page is, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return uri;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Whether a model is being served (one was given, found, loaded or trained). */
    public boolean hasModel() {
        return model.get().isPresent();
    }

    /** Blocks until {@link #close} is called (from another thread or a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        synchronized (stopped) {
            while (!closed) {
                stopped.wait();
            }
        }
    }

    /** Stops a running training job, ends the event streams and stops listening. */
    @Override
    public void close() {
        synchronized (stopped) {
            if (closed) {
                return;
            }
            closed = true;
            stopped.notifyAll();
        }
        trainer.close();
        events.close();
        http.stop(0);
        executor.shutdownNow();
    }
}
