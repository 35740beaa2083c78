package backprop.cli;

import backprop.data.DataCatalog;
import backprop.data.Dataset;
import backprop.data.Splits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** The {@code --data} option shared by the commands that read a data set. */
final class DataSelection {
    @Option(names = "--data", paramLabel = "mnist|fashion-mnist|DIR", defaultValue = "mnist",
            description = "Data set: mnist, fashion-mnist, or a directory of IDX files (default: ${DEFAULT-VALUE}). "
                    + "Named sets are read from $BACKPROP_DATA or ~/.cache/backprop and fetched when missing.")
    String data;

    /** Checks the flag itself, before anything is loaded. */
    void check() {
        if (data.isBlank()) {
            throw new UserError("--data is empty; give " + String.join(", ", DataCatalog.NAMES)
                    + " or a directory of IDX files");
        }
    }

    Splits open(PrintWriter log) throws IOException {
        check();
        return DataCatalog.open(data, line -> {
            log.println(line);
            log.flush();
        });
    }

    /** {@code split} of {@code splits}, which must have at least one example. */
    Dataset nonEmpty(Splits splits, Split split) {
        Dataset examples = split.of(splits);
        if (examples.size() == 0) {
            String why = split == Split.VALIDATION
                    ? " (it is the last sixth of the training images, and there are only " + splits.training().size() + ")"
                    : "";
            throw new UserError("the " + split.id() + " split of " + data + " is empty" + why);
        }
        return examples;
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

        static Split parse(String value) {
            for (Split split : values()) {
                if (split.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return split;
                }
            }
            throw new CommandLine.TypeConversionException("unknown split '" + value + "' (expected one of "
                    + String.join(", ", new Names()) + ")");
        }
    }

    static final class SplitConverter implements CommandLine.ITypeConverter<Split> {
        @Override
        public Split convert(String value) {
            return Split.parse(value);
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Split.values()).map(Split::id).iterator();
        }
    }
}
