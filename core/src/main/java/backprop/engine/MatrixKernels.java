package backprop.engine;

/**
 * The two matrix products that convolution and fully connected layers reduce to, for the layered
 * engine ({@link LayeredBackprop}), with a scalar and a Vector API implementation picked once per
 * JVM and tested against each other (as {@link Kernels} is). Matrices are row-major float arrays
 * given by an offset and a row stride; both products add into {@code c}.
 */
interface MatrixKernels {

    static MatrixKernels best() {
        return Selection.BEST;
    }

    /**
     * {@code c[i][j] += Σ_k a(i, k) b[k][j]} for {@code i < m, j < n, k < inner}, where
     * {@code a(i, k) = a[aOffset + i * aRow + k * aColumn]} (so {@code a} may be read transposed),
     * {@code b[k][j] = b[bOffset + k * bRow + j]} and {@code c[i][j] = c[cOffset + i * cRow + j]}:
     * each {@code a(i, k)} is broadcast against a row of {@code b}.
     */
    void multiplyAdd(int m, int n, int inner, float[] a, int aOffset, int aRow, int aColumn,
                     float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow);

    /**
     * {@code c[i][j] += Σ_k a[rowStart[i] + innerOffset[k]] b[k][j]} for {@code i < m, j < n, k < inner},
     * with {@code b} and {@code c} as in {@link #multiplyAdd}: a product whose left matrix is read
     * where its entries lie in {@code a}, never copied out. A convolution's unrolled input is such a
     * matrix: an output position's corner in the input plus a filter weight's offset from it
     * (either way round, as the sum does not care which index is the row). {@code b} must have
     * room after its last row for {@code n} rounded up to whole vectors of 16: the vector kernels read
     * its rows whole.
     */
    void multiplyAddGathered(int m, int n, int inner, float[] a, int[] rowStart, int[] innerOffset,
                             float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow);

    /**
     * {@code c[i][j] += Σ_k a[i][k] b[j][k]} for {@code i < m, j < n, k < inner} ({@code A Bᵀ}),
     * with {@code a[i][k] = a[aOffset + i * aRow + k]}, {@code b[j][k] = b[bOffset + j * bRow + k]}
     * and {@code c[i][j] = c[cOffset + i * cRow + j]}: dot products along rows of both.
     */
    void multiplyTransposedAdd(int m, int n, int inner, float[] a, int aOffset, int aRow,
                               float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow);

    /**
     * {@code c[i][k] += Σ_t scale[t] · b[row[t]][k]} for {@code i < m}, {@code k < n}, {@code t} from
     * {@code start[first + i]} to {@code start[first + i + 1]}, each term one fused multiply-add: the
     * terms at even places in order onto {@code c}, those at odd places in order from zero, then the two
     * added
     * ({@code b[row][k] = b[bOffset + row · bRow + k]}, {@code c[i][k] = c[cOffset + i · cRow + k]}): a sparse
     * matrix, listed row by row as its non-zero entries' columns and values, times {@code b}. A
     * convolution's errors after max-pooling are three quarters zero, and this product skips them.
     * Every listed row of {@code b} must be readable as whole vectors of 16 floats (lanes past
     * {@code n} are read, never used); {@code c} is written only in its first {@code n} columns.
     */
    void multiplySparseAdd(int m, int n, int[] start, int first, int[] row, float[] scale, float[] b, int bOffset, int bRow,
                           float[] c, int cOffset, int cRow);

    /**
     * Lists the entries of {@code a[from .. from + count)} that are not zero (NaN included), in
     * order: their index {@code i} (from 0) into {@code index[at ..]} and their value into
     * {@code value[at ..]}; returns the new end of the lists. Both lists need 16 spare places
     * after what they receive.
     */
    int nonZeros(float[] a, int from, int count, int[] index, float[] value, int at);

    /**
     * {@code target[to + r · width + t] = source[from + runOffset[r] + t]} for {@code t < width},
     * {@code r < runs}: runs of {@code width} floats gathered end to end, such as a convolution's
     * window at one position, a filter row at a time. The vector kernel copies whole vectors in
     * order, so it may overwrite up to 15 floats after the last run and read up to 15 after each
     * source run: both arrays need that room.
     */
    void copyRuns(float[] source, int from, int[] runOffset, int runs, int width, float[] target, int to);

    /** {@code w[wOffset + i] = decay · w[wOffset + i] - rate · g[gOffset + i]} for {@code i < count}: the SGD step. */
    void decayAndStep(float[] w, int wOffset, float[] g, int gOffset, int count, float decay, float rate);

    /**
     * The SGD step on an {@code m x n} block of weights straight from the examples, the gradient never
     * stored: {@code w[i][j] ← decay · w[i][j] - rate · Σ_k a(i, k) b[k][j]}, with {@code a} and
     * {@code b} as in {@link #multiplyAdd} and {@code w[i][j] = w[wOffset + i * wRow + j]}. Each
     * weight gets the float that {@link #multiplyAdd} into a zeroed gradient and then
     * {@link #decayAndStep} give it (the sum over {@code k} in order from zero, in this
     * implementation's arithmetic), at a third of their loads and stores. {@code b} needs room for a
     * whole vector after each row's last float: the vector kernel reads its rows whole.
     */
    void stepByExamples(int m, int n, int inner, float[] a, int aOffset, int aRow, int aColumn, float[] b, int bOffset,
                        int bRow, float[] w, int wOffset, int wRow, float decay, float rate);

    /**
     * {@code target[to + j + t] += source[from + j * step + t]} for {@code t < width}, {@code j < count},
     * {@code j} ascending for each target: a row of a convolution's input gathering what {@code count}
     * weights along a filter row sent back from {@code width} positions. Both arrays must have 16
     * spare floats after the runs.
     */
    void addShifted(float[] source, int from, int step, int count, int width, float[] target, int to);

    /**
     * One row of 2x2 max-pooling windows: for {@code x < windows}, the largest of {@code in[at]},
     * {@code in[at + 1]}, {@code in[at + width]}, {@code in[at + width + 1]} with {@code at = top + 2x},
     * compared in that order, a later one taken only if strictly larger (so the first of equals wins,
     * and NaN never does), into {@code z[out + x]}, and its index into {@code winner[out + x]}.
     * {@code in} must have 16 spare floats after the row below.
     */
    void maxPool2x2(float[] in, int top, int width, int windows, float[] z, int[] winner, int out);

    String name();

    /** The Vector API implementation when its module is loaded, unless {@code -Dbackprop.kernels=scalar}. */
    final class Selection {
        static final MatrixKernels BEST = choose(System.getProperty("backprop.kernels", "auto"));

        private Selection() {
        }

        static MatrixKernels choose(String wanted) {
            if (wanted.equals("scalar") || !KernelSelection.vectorAvailable()) {
                return new ScalarMatrixKernels();
            }
            try {
                return new VectorMatrixKernels();
            } catch (LinkageError | RuntimeException e) {
                return new ScalarMatrixKernels();
            }
        }
    }
}
