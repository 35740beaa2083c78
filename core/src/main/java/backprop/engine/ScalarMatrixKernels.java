package backprop.engine;

/** {@link MatrixKernels} in plain loops: the fallback without the Vector API, and the twin the vector kernels are tested against. */
final class ScalarMatrixKernels implements MatrixKernels {

    @Override
    public void multiplyAdd(int m, int n, int inner, float[] a, int aOffset, int aRow, int aColumn,
                            float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow) {
        for (int i = 0; i < m; i++) {
            int ci = cOffset + i * cRow;
            for (int k = 0; k < inner; k++) {
                float aik = a[aOffset + i * aRow + k * aColumn];
                int bk = bOffset + k * bRow;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aik * b[bk + j];
                }
            }
        }
    }

    @Override
    public void multiplyAddGathered(int m, int n, int inner, float[] a, int[] rowStart, int[] innerOffset,
                                    float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow) {
        for (int i = 0; i < m; i++) {
            int ci = cOffset + i * cRow;
            for (int k = 0; k < inner; k++) {
                float aik = a[rowStart[i] + innerOffset[k]];
                int bk = bOffset + k * bRow;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aik * b[bk + j];
                }
            }
        }
    }

    @Override
    public void multiplyTransposedAdd(int m, int n, int inner, float[] a, int aOffset, int aRow,
                                      float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow) {
        for (int i = 0; i < m; i++) {
            int ai = aOffset + i * aRow;
            for (int j = 0; j < n; j++) {
                int bj = bOffset + j * bRow;
                float sum = 0;
                for (int k = 0; k < inner; k++) {
                    sum += a[ai + k] * b[bj + k];
                }
                c[cOffset + i * cRow + j] += sum;
            }
        }
    }

    @Override
    public void multiplySparseAdd(int m, int n, int[] start, int first, int[] row, float[] scale, float[] b, int bOffset, int bRow,
                                  float[] c, int cOffset, int cRow) {
        for (int i = 0; i < m; i++) {
            int ci = cOffset + i * cRow;
            for (int k = 0; k < n; k++) {
                float even = c[ci + k];
                float odd = 0;
                int end = start[first + i + 1];
                for (int t = start[first + i]; t < end; t += 2) {
                    even = Math.fma(b[bOffset + row[t] * bRow + k], scale[t], even);
                    if (t + 1 < end) {
                        odd = Math.fma(b[bOffset + row[t + 1] * bRow + k], scale[t + 1], odd);
                    }
                }
                c[ci + k] = even + odd;
            }
        }
    }

    /** Without branches: whether an error is zero is a coin toss after pooling, which a branch predictor cannot learn. */
    @Override
    public int nonZeros(float[] a, int from, int count, int[] index, float[] value, int at) {
        return nonZeros(a, from, 0, count, index, value, at);
    }

    /** {@link #nonZeros} of {@code a[from + i]} for {@code first <= i < count}: also the vector kernel's tail. */
    static int nonZeros(float[] a, int from, int first, int count, int[] index, float[] value, int at) {
        for (int i = first; i < count; i++) {
            float v = a[from + i];
            index[at] = i;
            value[at] = v;
            at += v != 0 ? 1 : 0;
        }
        return at;
    }

    @Override
    public void copyRuns(float[] source, int from, int[] runOffset, int runs, int width, float[] target, int to) {
        for (int r = 0; r < runs; r++) {
            System.arraycopy(source, from + runOffset[r], target, to + r * width, width);
        }
    }

    @Override
    public void decayAndStep(float[] w, int wOffset, float[] g, int gOffset, int count, float decay, float rate) {
        for (int i = 0; i < count; i++) {
            w[wOffset + i] = decay * w[wOffset + i] - rate * g[gOffset + i];
        }
    }

    @Override
    public void stepByExamples(int m, int n, int inner, float[] a, int aOffset, int aRow, int aColumn, float[] b,
                               int bOffset, int bRow, float[] w, int wOffset, int wRow, float decay, float rate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int k = 0; k < inner; k++) {
                    sum += a[aOffset + i * aRow + k * aColumn] * b[bOffset + k * bRow + j];
                }
                int at = wOffset + i * wRow + j;
                w[at] = decay * w[at] - rate * sum;
            }
        }
    }


    @Override
    public void addShifted(float[] source, int from, int step, int count, int width, float[] target, int to) {
        for (int j = 0; j < count; j++) {
            for (int t = 0; t < width; t++) {
                target[to + j + t] += source[from + j * step + t];
            }
        }
    }

    @Override
    public void maxPool2x2(float[] in, int top, int width, int windows, float[] z, int[] winner, int out) {
        for (int x = 0; x < windows; x++) {
            int at = top + 2 * x;
            int below = at + width;
            int best = at;
            float largest = in[at];
            if (in[at + 1] > largest) {
                best = at + 1;
                largest = in[best];
            }
            if (in[below] > largest) {
                best = below;
                largest = in[best];
            }
            if (in[below + 1] > largest) {
                best = below + 1;
                largest = in[best];
            }
            winner[out + x] = best;
            z[out + x] = largest;
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
