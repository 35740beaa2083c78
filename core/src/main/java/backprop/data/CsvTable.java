package backprop.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file as {@link CsvReader} reads it: numeric features, row after row, and each row's label as
 * written, before labels become class numbers ({@link LabelEncoding}).
 *
 * @param header      the column names when the file has a header row, else empty
 * @param labelColumn the label's column, counting from 0
 * @param features    {@code inputSize} values per row, row after row
 * @param labels      each row's label, trimmed
 * @param lines       each row's line number in the file (from 1), for messages
 */
public record CsvTable(Path file, List<String> header, int labelColumn, float[] features, int inputSize,
                       List<String> labels, int[] lines) {

    public CsvTable {
        header = List.copyOf(header);
        labels = List.copyOf(labels);
    }

    public int size() {
        return labels.size();
    }

    /** How messages and provenance name the label column: its header name, else its number (from 1). */
    public String labelColumnName() {
        return header.isEmpty() ? "column " + (labelColumn + 1) : header.get(labelColumn);
    }

    /** The rows as a data set, with the labels already encoded as classes {@code 0..classCount-1}. */
    public Dataset dataset(String name, int[] classes, int classCount) {
        return Dataset.ofFeatures(name, features, inputSize, classes, classCount);
    }
}
