package backprop.nn;

import java.util.Locale;

/**
 * The shape of what flows from one layer to the next: {@code channels} feature maps of
 * {@code height x width} values, stored channel by channel, row by row (as PyTorch and ONNX store one
 * example of an NCHW tensor). A plain vector of {@code n} values is {@code n x 1 x 1}: a fully
 * connected layer sees every shape as such a vector, so it flattens in exactly this order.
 */
public record Shape(int channels, int height, int width) {

    /** Checks that every dimension is positive and the whole fits in an array. */
    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("a shape needs positive dimensions, got " + channels + "x" + height
                    + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a shape of " + channels + "x" + height + "x" + width
                    + " has more values than an array can hold");
        }
    }

    /** {@code n} values with no spatial layout, e.g. a hidden layer's activations. */
    public static Shape vector(int n) {
        return new Shape(n, 1, 1);
    }

    /** The number of values: {@code channels x height x width}. */
    public int size() {
        return channels * height * width;
    }

    /** Whether this is a plain vector (no height or width to speak of). */
    public boolean isVector() {
        return height == 1 && width == 1;
    }

    /**
     * Reads {@code 784} (a vector), {@code 28x28} (one channel) or {@code 1x28x28} (channels x height x width).
     *
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    public static Shape parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("'" + text + "' is not a shape (expected N, HxW or CxHxW)");
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = positive(parts[i], text);
        }
        return switch (values.length) {
            case 1 -> vector(values[0]);
            case 2 -> new Shape(1, values[0], values[1]);
            default -> new Shape(values[0], values[1], values[2]);
        };
    }

    private static int positive(String part, String whole) {
        try {
            int value = Integer.parseInt(part.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + whole + "' is not a shape (expected positive whole numbers: N, HxW or CxHxW)");
    }

    /** {@code 784} for a vector, {@code 1x28x28} otherwise: the form {@link #parse} reads. */
    @Override
    public String toString() {
        return isVector() ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}
