package backprop.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A streaming parser over one model file, with the reading steps that model and checkpoint fields
 * share: nested lists of numbers read without building a tree (a model's weights and an optimizer's
 * moments can be millions of numbers), and every problem as a {@link ModelFormatException} naming
 * the field by its path, e.g. {@code weights[1][3][7] must be a number, found a string}.
 */
final class JsonCursor {
    private final Path file;
    private final JsonParser json;
    private double[] numbers = new double[1024];

    JsonCursor(Path file, JsonParser json) {
        this.file = file;
        this.json = json;
    }

    JsonParser parser() {
        return json;
    }

    JsonToken current() {
        return json.currentToken();
    }

    /** The next token; the end of the input here means the file was cut short. */
    JsonToken next() throws IOException {
        JsonToken token = json.nextToken();
        if (token == null) {
            throw problem("unexpected end of input (truncated?)");
        }
        return token;
    }

    void expect(JsonToken wanted, String where, String expected) throws ModelFormatException {
        if (json.currentToken() != wanted) {
            throw wrongType(where, expected);
        }
    }

    /** A list of lists of rows, e.g. the weights: {@code where[l][j][k]}. */
    double[][][] matrices(String where, String expected) throws IOException {
        expect(JsonToken.START_ARRAY, where, expected);
        List<double[][]> matrices = new ArrayList<>();
        while (next() != JsonToken.END_ARRAY) {
            matrices.add(matrix(where + "[" + matrices.size() + "]", "a matrix (a list of rows)"));
        }
        return matrices.toArray(double[][][]::new);
    }

    /** A list of rows of numbers: {@code where[j][k]}. */
    double[][] matrix(String where, String expected) throws IOException {
        expect(JsonToken.START_ARRAY, where, expected);
        List<double[]> rows = new ArrayList<>();
        while (next() != JsonToken.END_ARRAY) {
            rows.add(vector(where + "[" + rows.size() + "]", "a row (a list of numbers)"));
        }
        return rows.toArray(double[][]::new);
    }

    /** A flat list of numbers: {@code where[k]}. */
    double[] vector(String where, String expected) throws IOException {
        expect(JsonToken.START_ARRAY, where, expected);
        int n = 0;
        while (next() != JsonToken.END_ARRAY) {
            if (!json.currentToken().isNumeric()) {
                throw wrongType(where + "[" + n + "]", "a number");
            }
            if (n == numbers.length) {
                numbers = Arrays.copyOf(numbers, 2 * n);
            }
            numbers[n++] = json.getDoubleValue();
        }
        return Arrays.copyOf(numbers, n);
    }

    ModelFormatException wrongType(String where, String expected) {
        return problem(where + " must be " + expected + ", found " + describe(json.currentToken()));
    }

    ModelFormatException problem(String message) {
        return new ModelFormatException(file, message);
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
