package backprop.engine;

/**
 * How the fully connected engine lays out its matrices in float arrays: from index {@code origin}
 * (see {@link Kernels#origin()}), in rows of {@link #rowWidth} floats whose columns past the
 * matrix's own are zero, and {@link #PADDING} spare floats at the end of every array.
 */
final class FloatLayout {
    /** Spare floats at the end of every array; one 512-bit vector, see {@link #padded}. */
    static final int PADDING = 16;

    private FloatLayout() {
    }

    /**
     * A float array for {@code length} values from index {@code origin}, with {@link #PADDING} spare
     * elements at the end: a SIMD kernel's masked load of the last partial vector is only fast when
     * the whole vector would still lie inside the array.
     */
    static float[] padded(int origin, int length) {
        return new float[Math.addExact(origin + PADDING, length)];
    }

    /**
     * A layer's row length: its size rounded up to whole vectors, and one vector more when that is a
     * multiple of 1 KB. Rows a power-of-two apart land in the same few sets of the L1 cache, so a
     * kernel that walks down a column of 128 examples of 1,024 floats would evict its own data.
     */
    static int rowWidth(int size) {
        int width = (size + PADDING - 1) / PADDING * PADDING;
        return width % 256 == 0 ? width + PADDING : width;
    }

    /** A matrix as rows of {@code width} floats from index {@code origin}, the columns past its own zero. */
    static float[] toFloats(double[][] matrix, int width, int origin) {
        float[] flat = padded(origin, Math.multiplyExact(matrix.length, width));
        for (int j = 0; j < matrix.length; j++) {
            for (int k = 0; k < matrix[j].length; k++) {
                flat[origin + j * width + k] = (float) matrix[j][k];
            }
        }
        return flat;
    }

    static float[] toFloats(double[] vector, int origin) {
        float[] flat = padded(origin, vector.length);
        for (int j = 0; j < vector.length; j++) {
            flat[origin + j] = (float) vector[j];
        }
        return flat;
    }

    /** The inverse of {@link #toFloats(double[][], int, int)}: the {@code rows x columns} matrix in double. */
    static double[][] toMatrix(float[] packed, int rows, int columns, int width, int origin) {
        double[][] matrix = new double[rows][columns];
        for (int j = 0; j < rows; j++) {
            for (int k = 0; k < columns; k++) {
                matrix[j][k] = packed[origin + j * width + k];
            }
        }
        return matrix;
    }

    /** The inverse of {@link #toFloats(double[], int)}: the first {@code length} values in double. */
    static double[] toVector(float[] packed, int length, int origin) {
        double[] vector = new double[length];
        for (int j = 0; j < length; j++) {
            vector[j] = packed[origin + j];
        }
        return vector;
    }
}
