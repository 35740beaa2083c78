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

    /** A rectangular nested list of numbers: its shape (outermost first) and its values, row-major. */
    record Tensor(int[] shape, double[] values) {
        String describeShape() {
            StringBuilder text = new StringBuilder();
            for (int d = 0; d < shape.length; d++) {
                text.append(d == 0 ? "" : "x").append(shape[d]);
            }
            return text.toString();
        }
    }

    /**
     * A nested list of numbers of any depth, every list at one depth as long as the others (so
     * {@code [[1, 2], [3]]} is refused), read without building a tree.
     */
    Tensor tensor(String where, String expected) throws IOException {
        expect(JsonToken.START_ARRAY, where, expected);
        List<Integer> shape = new ArrayList<>();
        List<Boolean> listsAt = new ArrayList<>();
        int[] count = {0};
        readLevel(where, 0, shape, listsAt, count);
        return new Tensor(shape.stream().mapToInt(Integer::intValue).toArray(), Arrays.copyOf(numbers, count[0]));
    }

    /** One list at {@code depth}, its opening bracket read; the first element ever seen at a depth says what all there are. */
    private void readLevel(String where, int depth, List<Integer> shape, List<Boolean> listsAt, int[] count)
            throws IOException {
        int n = 0;
        while (next() != JsonToken.END_ARRAY) {
            String here = where + "[" + n + "]";
            JsonToken token = json.currentToken();
            if (!token.isNumeric() && token != JsonToken.START_ARRAY) {
                throw wrongType(here, "a number or a list of numbers");
            }
            boolean list = token == JsonToken.START_ARRAY;
            if (listsAt.size() == depth) {
                listsAt.add(list);
                shape.add(-1);
            } else if (listsAt.get(depth) != list) {
                throw wrongType(here, listsAt.get(depth) ? "a list, as the entries before it" : "a number, as the entries before it");
            }
            if (list) {
                readLevel(here, depth + 1, shape, listsAt, count);
            } else {
                if (count[0] == numbers.length) {
                    numbers = Arrays.copyOf(numbers, 2 * count[0]);
                }
                numbers[count[0]++] = json.getDoubleValue();
            }
            n++;
        }
        if (shape.size() == depth) {
            listsAt.add(false);
            shape.add(n);
        } else if (shape.get(depth) < 0) {
            shape.set(depth, n);
        } else if (shape.get(depth) != n) {
            throw problem(where + " has " + n + (n == 1 ? " entry" : " entries") + " where the lists before it have "
                    + shape.get(depth));
        }
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
