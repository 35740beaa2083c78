package backprop.data;

import backprop.FileSignature;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads labelled examples from CSV: one example per row, numeric feature columns and one label column.
 *
 * <ul>
 *   <li>The label column is named by its header name or its number counting from 1 (as {@code cut} and
 *       {@code awk} count); by default it is the last column.</li>
 *   <li>A header row is optional. The first row is taken as one when any of its feature fields is not a
 *       number, or when only its label is not a number but the next row's label is (a header over
 *       numeric labels). With a label column given by name, the first row must be the header.</li>
 *   <li>Features must be finite numbers in decimal notation ({@code 3}, {@code -0.5}, {@code 1e-3});
 *       NaN, infinities and empty fields are refused, each with its line and column.</li>
 *   <li>Fields are separated by commas and may be quoted with {@code "..."} ({@code ""} inside quotes is
 *       a quote); blank lines are skipped; a UTF-8 byte order mark is ignored.</li>
 * </ul>
 *
 * {@link #open} turns a file (and an optional test file) into the book's three splits.
 */
public final class CsvReader {
    /** How much of a file is looked at to tell text from a binary file. */
    private static final int SNIFFED_BYTES = 512;

    private CsvReader() {
    }

    /** A CSV training file, and its test file if there is one, as splits with the labels' classes. */
    public record CsvSplits(Splits splits, LabelEncoding labels, String labelColumnName) {
    }

    /**
     * Reads {@code file} and splits it as {@link Mnist#split} splits MNIST's training file: the last sixth
     * becomes validation data. The test split is {@code testFile} (named after it), or empty without one.
     *
     * @param labelColumn a header name or a column number counting from 1; null for the last column
     * @param labels      the classes to encode labels with (those a saved model was trained on), or null to
     *                    take them from {@code file}
     */
    public static CsvSplits open(Path file, Path testFile, String labelColumn, LabelEncoding labels)
            throws IOException {
        CsvTable training = read(file, labelColumn);
        LabelEncoding encoding = labels != null ? labels : LabelEncoding.of(training);
        String name = baseName(file);
        Dataset trainingData = training.dataset(name, encoding.encode(training), encoding.classCount());
        Dataset testData;
        if (testFile == null) {
            testData = Dataset.ofFeatures(name, new float[0], training.inputSize(), new int[0], encoding.classCount());
        } else {
            CsvTable test = read(testFile, labelColumn);
            if (test.inputSize() != training.inputSize()) {
                throw new CsvFormatException(testFile, "has " + test.inputSize() + " feature columns but " + file
                        + " has " + training.inputSize());
            }
            testData = test.dataset(name, encoding.encode(test), encoding.classCount());
        }
        Splits splits = Mnist.split(name, trainingData, testData);
        if (testFile != null) {
            // Named after its own file: "iris-test", not "iris test", which would claim it came from iris.csv.
            splits = new Splits(splits.training(), splits.validation(), testData.named(baseName(testFile)));
        }
        return new CsvSplits(splits, encoding, training.labelColumnName());
    }

    /** Whether {@code spec} (a {@code --data} value) names a CSV file rather than a data set or directory. */
    public static boolean isCsv(String spec) {
        return spec.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /**
     * Reads the rows of {@code file}.
     *
     * @param labelColumn a header name or a column number counting from 1; null for the last column
     */
    public static CsvTable read(Path file, String labelColumn) throws IOException {
        refuseBinary(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Parse(file, labelColumn).rows(in);
        } catch (CharacterCodingException e) {
            throw new CsvFormatException(file, "not a text CSV file in UTF-8: line " + firstLineNotUtf8(file)
                    + " holds bytes that are not UTF-8 text (if it is text, save it as UTF-8)");
        }
    }

    /** Refuses a file whose first bytes show it is no text file at all (a zip, an image, UTF-16), by what it is. */
    private static void refuseBinary(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(SNIFFED_BYTES);
        }
        Optional<FileSignature> signature = FileSignature.of(start);
        if (signature.isPresent()) {
            throw new CsvFormatException(file, "not a text CSV file: it is " + signature.get().describe());
        }
        boolean utf16 = start.length >= 2 && ((start[0] & 0xFF) == 0xFF && (start[1] & 0xFF) == 0xFE
                || (start[0] & 0xFF) == 0xFE && (start[1] & 0xFF) == 0xFF);
        if (utf16) {
            throw new CsvFormatException(file, "not a CSV file in UTF-8: it is UTF-16 text (save it as UTF-8)");
        }
        if (FileSignature.hasNulByte(start)) {
            throw new CsvFormatException(file, "not a text CSV file: it holds binary data (NUL bytes)");
        }
    }

    /** The number (from 1) of the first line of {@code file} with a byte sequence that is not UTF-8. */
    private static long firstLineNotUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        long line = 1;
        try (InputStream in = Files.newInputStream(file)) {
            boolean end = false;
            while (true) {
                int n = end ? -1 : in.read(bytes.array(), bytes.position(), bytes.remaining());
                end = n < 0;
                if (n > 0) {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                CoderResult result = decoder.decode(bytes, chars, end);
                chars.flip();
                while (chars.hasRemaining()) {
                    if (chars.get() == '\n') {
                        line++;
                    }
                }
                chars.clear();
                if (result.isError() || end) {
                    return line;
                }
                bytes.compact();
            }
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return isCsv(name) ? name.substring(0, name.length() - 4) : name;
    }

    /** One file being read: the state the rows share. */
    private static final class Parse {
        private final Path file;
        private final String labelColumnSpec;
        private List<String> header = List.of();
        private int columns;
        private int labelColumn;
        private float[] features = new float[1024];
        private int featureCount;
        private final List<String> labels = new ArrayList<>();
        private int[] lines = new int[256];

        Parse(Path file, String labelColumnSpec) {
            this.file = file;
            this.labelColumnSpec = labelColumnSpec == null || labelColumnSpec.isBlank() ? null : labelColumnSpec.trim();
        }

        CsvTable rows(BufferedReader in) throws IOException {
            List<String> first = null;
            int firstLine = 0;
            int lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.indexOf('\0') >= 0) {
                    throw new CsvFormatException(file, "not a text CSV file: line " + lineNumber
                            + " holds binary data (a NUL byte)");
                }
                List<String> fields = fields(line, lineNumber);
                if (first == null) {
                    // The first row waits for the second: whether it is a header may depend on it.
                    first = fields;
                    firstLine = lineNumber;
                    columns = fields.size();
                    labelColumn = labelColumn(fields);
                    continue;
                }
                if (header.isEmpty() && labels.isEmpty() && isHeader(first, fields)) {
                    header = first;
                } else if (labels.isEmpty() && header.isEmpty()) {
                    add(first, firstLine);
                }
                add(fields, lineNumber);
            }
            if (first == null) {
                throw new CsvFormatException(file, "the file is empty; expected rows of numbers with a label column");
            }
            if (labels.isEmpty()) {
                if (isHeader(first, null)) {
                    throw new CsvFormatException(file, "there are no rows of data after the header");
                }
                add(first, firstLine);
            }
            return new CsvTable(file, header, labelColumn, Arrays.copyOf(features, featureCount), columns - 1,
                    labels, Arrays.copyOf(lines, labels.size()));
        }

        /** The label's column from the flag, checked against the first row. */
        private int labelColumn(List<String> firstRow) throws CsvFormatException {
            if (firstRow.size() < 2) {
                throw new CsvFormatException(file, "line 1 has " + firstRow.size()
                        + " column; expected feature columns and a label column, separated by commas");
            }
            if (labelColumnSpec == null) {
                return firstRow.size() - 1;
            }
            if (labelColumnSpec.chars().allMatch(Character::isDigit)) {
                int number;
                try {
                    number = Integer.parseInt(labelColumnSpec);
                } catch (NumberFormatException e) {
                    number = Integer.MAX_VALUE;
                }
                if (number < 1 || number > firstRow.size()) {
                    throw new CsvFormatException(file, "there is no column " + labelColumnSpec + " for the label: the rows "
                            + "have " + firstRow.size() + " columns (numbered from 1)");
                }
                return number - 1;
            }
            for (int c = 0; c < firstRow.size(); c++) {
                if (firstRow.get(c).equals(labelColumnSpec)) {
                    return c;
                }
            }
            for (int c = 0; c < firstRow.size(); c++) {
                if (firstRow.get(c).equalsIgnoreCase(labelColumnSpec)) {
                    return c;
                }
            }
            boolean hasHeader = firstRow.stream().anyMatch(field -> !isNumber(field));
            throw new CsvFormatException(file, hasHeader
                    ? "no column named '" + labelColumnSpec + "' in the header (columns: " + String.join(", ", firstRow) + ")"
                    : "the file has no header row, so the label column must be given by number (1 to "
                    + firstRow.size() + "), not as '" + labelColumnSpec + "'");
        }

        /** Whether {@code first} names the columns, {@code second} being the row after it (null for none). */
        private boolean isHeader(List<String> first, List<String> second) {
            if (labelColumnSpec != null && !labelColumnSpec.chars().allMatch(Character::isDigit)) {
                return true;
            }
            for (int c = 0; c < first.size(); c++) {
                // A NaN is a bad number, reported as such, not a column name.
                if (c != labelColumn && !isNumber(first.get(c)) && !isNotFinite(first.get(c))) {
                    return true;
                }
            }
            boolean labelIsText = !isNumber(first.get(labelColumn));
            return labelIsText && second != null && labelColumn < second.size() && isNumber(second.get(labelColumn));
        }

        private void add(List<String> fields, int lineNumber) throws CsvFormatException {
            if (fields.size() != columns) {
                throw new CsvFormatException(file, "line " + lineNumber + " has " + fields.size() + " fields, expected "
                        + columns + " as in the first row");
            }
            if (featureCount + columns > features.length) {
                features = Arrays.copyOf(features, Math.max(2 * features.length, featureCount + columns));
            }
            for (int c = 0; c < columns; c++) {
                if (c != labelColumn) {
                    features[featureCount++] = number(fields.get(c), lineNumber, c);
                }
            }
            String label = fields.get(labelColumn).trim();
            if (label.isEmpty()) {
                throw new CsvFormatException(file, "line " + lineNumber + ", column " + columnName(labelColumn)
                        + ": the label is empty");
            }
            if (labels.size() == lines.length) {
                lines = Arrays.copyOf(lines, 2 * lines.length);
            }
            lines[labels.size()] = lineNumber;
            labels.add(label);
        }

        private float number(String field, int lineNumber, int column) throws CsvFormatException {
            String text = field.trim();
            String where = "line " + lineNumber + ", column " + columnName(column) + ": ";
            if (text.isEmpty()) {
                throw new CsvFormatException(file, where + "the value is empty; every feature must be a number");
            }
            if (isNotFinite(text)) {
                throw new CsvFormatException(file, where + text + " is not allowed; features must be finite numbers");
            }
            if (!isNumber(text)) {
                throw new CsvFormatException(file, where + "'" + text + "' is not a number");
            }
            float value = (float) Double.parseDouble(text);
            if (!Float.isFinite(value)) {
                throw new CsvFormatException(file, where + text + " is too large (features are kept as floats, "
                        + "at most about 3.4e38)");
            }
            return value;
        }

        /** E.g. {@code 3 (petal_width)} with a header, else {@code 3}; counting from 1. */
        private String columnName(int column) {
            return (column + 1) + (header.isEmpty() ? "" : " (" + header.get(column) + ")");
        }

        /** The fields of one line: commas separate, double quotes may enclose a field, "" is a quote inside. */
        private List<String> fields(String line, int lineNumber) throws CsvFormatException {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.toString().isBlank()) {
                    quoted = true;
                    field.setLength(0);
                } else if (c == ',') {
                    fields.add(field.toString().trim());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                throw new CsvFormatException(file, "line " + lineNumber + " has a quote that is not closed "
                        + "(fields cannot span lines)");
            }
            fields.add(field.toString().trim());
            return fields;
        }
    }

    /** A decimal number as written in CSV files: digits, a point, a sign, an exponent; nothing else. */
    static boolean isNumber(String text) {
        if (text.isEmpty()) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                // Also refuses what Double.parseDouble would take but a CSV tool would not: 1f, 0x1p3, NaN.
                return false;
            }
        }
        if (!digit) {
            return false;
        }
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isNotFinite(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("+") || lower.startsWith("-")) {
            lower = lower.substring(1);
        }
        return lower.equals("nan") || lower.equals("inf") || lower.equals("infinity");
    }
}
