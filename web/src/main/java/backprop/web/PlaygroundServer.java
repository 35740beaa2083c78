package backprop.web;

import backprop.io.ModelFile;
import backprop.io.SavedModel;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The playground: Jetty's HTTP server with the page and the API on one port. Jetty parses requests
 * strictly (request line, URI, Host, chunked bodies), times out connections that go silent and bounds
 * their number; its own refusals come as the API's JSON errors ({@link JsonErrorHandler}). Requests
 * run on virtual threads, so open event streams cost no platform threads; images are decoded on
 * platform threads of their own ({@link ImageDecoding}).
 *
 * <pre>{@code
 * try (PlaygroundServer server = PlaygroundServer.start(PlaygroundOptions.defaults(System.err::println))) {
 *     System.out.println(server.uri());
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class PlaygroundServer implements AutoCloseable {
    private final Server http;
    private final ServerConnector connector;
    private final ImageDecoding images;
    private final ModelDownloads downloads;
    private final Trainer trainer;
    private final TrainingEvents events;
    private final CurrentModel model;
    private final URI uri;
    private final Object stopped = new Object();
    private boolean closed;

    private PlaygroundServer(Server http, ServerConnector connector, ImageDecoding images, ModelDownloads downloads,
                             Trainer trainer, TrainingEvents events, CurrentModel model, URI uri) {
        this.http = http;
        this.connector = connector;
        this.images = images;
        this.downloads = downloads;
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
        ServerLimits limits = options.limits();
        DataLoader data = new DataLoader(options.data(), options.dataName());
        TrainingEvents events = new TrainingEvents();
        Trainer trainer = new Trainer(model, data, options.engine(), events, limits.maxTrainingWork(), options.log());
        ImageDecoding images = new ImageDecoding(limits.concurrentDecodes(), limits.decodeWait());
        Router router = new Router(new StaticFiles(), allowedHosts(address), options.maxBodyBytes(),
                limits.bodyTimeout(), options.log());
        new PredictEndpoint(model, images).register(router);
        new TestSetEndpoints(model, data).register(router);
        new TrainingEndpoints(trainer, events).register(router);
        ModelDownloads downloads = new ModelDownloads();
        new ModelEndpoints(model, store, trainer, downloads).register(router);
        new DiagramEndpoints(model, data).register(router);

        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("backprop-web");
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("backprop-request-", 0).factory()));
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setUriCompliance(UriCompliance.DEFAULT);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(address.getHostAddress());
        connector.setPort(options.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(router);
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            images.close();
            downloads.close();
            stopQuietly(server);
            if (e instanceof IOException io && (io instanceof BindException || io.getCause() instanceof BindException)) {
                throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": "
                        + (io.getMessage() == null ? "address in use" : io.getMessage().toLowerCase(Locale.ROOT))
                        + " (choose another --port)", e);
            }
            throw e instanceof IOException io ? io : new IOException("cannot start the server: " + e.getMessage(), e);
        }
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        URI uri = URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
        return new PlaygroundServer(server, connector, images, downloads, trainer, events, model, uri);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Nothing was started that needs stopping.
        }
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
        return connector.getLocalPort();
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
        stopQuietly(http);
        images.close();
        downloads.close();
    }
}
