package backprop.cli;

import backprop.data.CsvReader;
import backprop.data.DataCatalog;
import backprop.data.Dataset;
import backprop.data.LabelEncoding;
import backprop.data.Splits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** The {@code --data} option shared by the commands that read a data set. */
final class DataSelection {
    @Option(names = "--data", paramLabel = "mnist|fashion-mnist|DIR|FILE.csv", defaultValue = "mnist",
            description = "Data set: mnist, fashion-mnist, a directory of IDX files, or a CSV file of numeric "
                    + "features and a label column (default: ${DEFAULT-VALUE}). Named sets are read from "
                    + "$BACKPROP_DATA or ~/.cache/backprop and fetched when missing.")
    String data;

    /** The classes of a CSV file's labels, once it is open; null for other data. */
    private LabelEncoding labels;
    private String labelColumnName;

    /** Checks the flag itself, before anything is loaded. */
    void check() {
        if (data.isBlank()) {
            throw new UserError("--data is empty; give " + String.join(", ", DataCatalog.NAMES)
                    + ", a directory of IDX files or a CSV file");
        }
    }

    /** Checks {@code --data} with the CSV options: those apply only to a CSV file. */
    void check(CsvOptions csv) {
        check();
        if (!isCsv()) {
            csv.checkUnused();
            return;
        }
        // Reading a directory as a file fails with the operating system's bare "Is a directory".
        if (Files.isDirectory(Path.of(data))) {
            throw new UserError("--data " + data + " is a directory, not a CSV file; name the .csv file to read, "
                    + "or for IDX files a directory whose name does not end in .csv");
        }
        if (csv.testFile != null && Files.isDirectory(csv.testFile)) {
            throw new UserError("--test " + csv.testFile + " is a directory, not a CSV file; name the .csv file "
                    + "of test examples");
        }
    }

    boolean isCsv() {
        return CsvReader.isCsv(data);
    }

    Splits open(PrintWriter log) throws IOException {
        return open(log, new CsvOptions(), null);
    }

    /**
     * Opens the data: a named set or IDX directory as the book splits MNIST, or a CSV file whose last sixth
     * is the validation split and whose test split is {@code --test} (empty without it).
     *
     * @param knownLabels for a CSV file, the classes to encode its labels with (a model's), or null to take
     *                    them from the file
     */
    Splits open(PrintWriter log, CsvOptions csv, LabelEncoding knownLabels) throws IOException {
        check(csv);
        if (isCsv()) {
            log.println("loading " + data + (csv.testFile == null ? "" : " and " + csv.testFile));
            log.flush();
            CsvReader.CsvSplits splits = CsvReader.open(Path.of(data), csv.testFile, csv.labelColumn, knownLabels);
            labels = splits.labels();
            labelColumnName = splits.labelColumnName();
            return splits.splits();
        }
        return DataCatalog.open(data, line -> {
            log.println(line);
            log.flush();
        });
    }

    /** How a CSV file's labels became classes; null for other data or before {@link #open}. */
    LabelEncoding labels() {
        return labels;
    }

    /** The label column of a CSV file as its header names it (or its number); null for other data. */
    String labelColumnName() {
        return labelColumnName;
    }

    /**
     * The split to evaluate on when the user named none: the test split, or for a CSV file without a test
     * file the validation split (the held-out last sixth).
     */
    Split defaultEvaluationSplit(Splits splits) {
        return isCsv() && splits.test().size() == 0 ? Split.VALIDATION : Split.TEST;
    }

    /** {@code split} of {@code splits}, which must have at least one example. */
    Dataset nonEmpty(Splits splits, Split split) {
        Dataset examples = split.of(splits);
        if (examples.size() == 0) {
            if (isCsv() && split == Split.TEST) {
                throw new UserError(data + " has no test data: give --test FILE.csv, or use the validation split "
                        + "(the last sixth of " + data + ")");
            }
            String rows = isCsv() ? "rows" : "training images";
            String why = split == Split.VALIDATION
                    ? " (it is the last sixth of the " + rows + ", and there are only " + splits.training().size() + ")"
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
