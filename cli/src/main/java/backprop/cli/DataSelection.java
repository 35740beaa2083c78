package backprop.cli;

import backprop.data.DataCatalog;
import backprop.data.Dataset;
import backprop.data.Splits;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/** The {@code --data} option shared by the commands that read a data set. */
final class DataSelection {
    @Option(names = "--data", paramLabel = "mnist|fashion-mnist|DIR", defaultValue = "mnist",
            description = "Data set: mnist, fashion-mnist, or a directory of IDX files (default: ${DEFAULT-VALUE}). "
                    + "Named sets are read from $BACKPROP_DATA or ~/.cache/backprop and fetched when missing.")
    String data;

    Splits open(PrintWriter log) throws IOException {
        return DataCatalog.open(data, line -> {
            log.println(line);
            log.flush();
        });
    }

    /** Which part of a data set: the book's training, validation and test splits. */
    enum Split {
        TRAINING, VALIDATION, TEST;

        Dataset of(Splits splits) {
            return switch (this) {
                case TRAINING -> splits.training();
                case VALIDATION -> splits.validation();
                case TEST -> splits.test();
            };
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
