package backprop.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of {@code --data FILE.csv}: which column holds the labels, and a separate test file. */
final class CsvOptions {
    @Option(names = "--label-column", paramLabel = "NAME|NUMBER",
            description = "With --data FILE.csv: the column holding the labels, by its header name or its number "
                    + "counting from 1 (default: the last column). Labels are class numbers 0, 1, 2... or any names, "
                    + "numbered in the order they first appear.")
    String labelColumn;

    @Option(names = "--test", paramLabel = "FILE.csv",
            description = "With --data FILE.csv: a CSV file of test examples, in the same columns (default: none; "
                    + "then the last sixth of --data, the validation split, is what is evaluated).")
    Path testFile;

    /** For data that is not CSV: these options would be silently ignored, so they are an error. */
    void checkUnused() {
        if (labelColumn != null) {
            throw new UserError("--label-column applies to --data FILE.csv only");
        }
        if (testFile != null) {
            throw new UserError("--test applies to --data FILE.csv only (IDX data has its own test files)");
        }
    }
}
