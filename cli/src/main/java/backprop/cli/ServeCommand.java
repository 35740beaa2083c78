package backprop.cli;

import backprop.web.PlaygroundOptions;
import backprop.web.PlaygroundServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backprop serve}: the web playground on a local port until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start the web playground: draw a digit and see what a network makes of it, explore its "
                + "mistakes on the test set, train a network and watch it learn, look at its weights.",
        footer = {"", "Examples:",
                "  backprop serve                          then open the address it prints",
                "  backprop serve --model model.json --port 9000",
                "", "The API is described in web/README.md."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Model to serve (default: the newest saved in --models, if any; else train one on the page).")
    Path model;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = PlaygroundOptions.LOOPBACK, paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Where the page saves models and loads them from (default: ~/.cache/backprop/models).")
    Path models;

    @Mixin
    DataSelection data;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be between 0 and 65535, got " + port);
        }
        data.check();
        checkHost();
        if (model != null) {
            UserFiles.loadModel(model); // the CLI's one-line messages for a missing or broken file
        }
        if (models != null && Files.exists(models) && !Files.isDirectory(models)) {
            throw new UserError("--models " + models + " is a file, not a directory");
        }
        PlaygroundOptions options = PlaygroundOptions.defaults(line -> {
                    err.println(line);
                    err.flush();
                })
                .withAddress(host, port)
                .withModel(model)
                .withModelsDirectory(models != null ? models : PlaygroundOptions.defaultModelsDirectory())
                .withData(data.data, () -> data.open(err));
        PlaygroundServer server = PlaygroundServer.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "backprop-serve-shutdown"));
        out.println("Backprop playground at " + server.uri() + " (Ctrl-C to stop)");
        if (!server.hasModel()) {
            out.println("No model yet: train one on the page, or restart with --model FILE");
        }
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            out.println("Listening on " + host + ": anyone who can reach this machine can use the playground.");
        }
        out.flush();
        server.awaitStop();
        return 0;
    }

    private void checkHost() {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UserError("--host " + host + ": unknown host");
        }
    }
}
