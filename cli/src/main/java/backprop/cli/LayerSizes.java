package backprop.cli;

import picocli.CommandLine;

import java.util.Arrays;

/** The value of {@code --layers 784,30,10}: layer sizes, input first. */
record LayerSizes(int[] values) {

    static LayerSizes parse(String value) {
        // -1 keeps trailing empty parts, so that "16,8,10," is an error rather than 16,8,10.
        String[] parts = value.split(",", -1);
        if (parts.length < 2) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' needs at least an input and an output layer, e.g. 784,30,10");
        }
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                throw new CommandLine.TypeConversionException("'" + value + "' has an empty layer size; "
                        + "give sizes separated by single commas, e.g. 784,30,10");
            }
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a list of layer sizes like 784,30,10");
            }
            if (sizes[i] <= 0) {
                throw new CommandLine.TypeConversionException("layer sizes must be positive: '" + value + "'");
            }
        }
        return new LayerSizes(sizes);
    }

    static String format(int[] sizes) {
        return String.join(",", Arrays.stream(sizes).mapToObj(Integer::toString).toList());
    }

    @Override
    public String toString() {
        return format(values);
    }

    static final class Converter implements CommandLine.ITypeConverter<LayerSizes> {
        @Override
        public LayerSizes convert(String value) {
            return parse(value);
        }
    }
}
