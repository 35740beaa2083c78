package backprop.predict;

import java.util.Arrays;

/** {@link InferenceKernels} in plain loops. */
final class ScalarInferenceKernels implements InferenceKernels {

    @Override
    public void multiply(float[] w, float[] b, int filters, int k, float[] in, int at, int[] rows, int positions,
                         float[] out, int to) {
        for (int f = 0; f < filters; f++) {
            int row = to + f * positions;
            Arrays.fill(out, row, row + positions, b[f]);
            for (int q = 0; q < k; q++) {
                float weight = w[f * k + q];
                int from = at + rows[q];
                for (int p = 0; p < positions; p++) {
                    out[row + p] += weight * in[from + p];
                }
            }
        }
    }

    @Override
    public void multiplyOne(float[] w, int wAt, float[] b, int bAt, int outputs, int n, float[] x, int xAt, float[] z,
                            int zAt) {
        for (int j = 0; j < outputs; j++) {
            float sum = 0;
            int row = wAt + j * n;
            for (int k = 0; k < n; k++) {
                sum += w[row + k] * x[xAt + k];
            }
            z[zAt + j] = b[bAt + j] + sum;
        }
    }

    @Override
    public int panel() {
        return 2 * ALIGN;
    }

    @Override
    public void multiplyBatch(float[] packed, int packedAt, float[] b, int bAt, int outputs, int n, float[] x, int xAt,
                              int xStride, int m, float[] z, int zAt, int zStride) {
        for (int j0 = 0; j0 < outputs; j0 += panel()) {
            int width = Math.min(panel(), outputs - j0);
            for (int e = 0; e < m; e++) {
                int row = xAt + e * xStride;
                for (int c = 0; c < width; c++) {
                    float sum = b[bAt + j0 + c];
                    for (int k = 0; k < n; k++) {
                        sum += x[row + k] * packed[packedAt + j0 * n + k * width + c];
                    }
                    z[zAt + e * zStride + j0 + c] = sum;
                }
            }
        }
    }

    @Override
    public void maxPool2x2(float[] in, int top, int width, int windows, float[] out, int to) {
        for (int x = 0; x < windows; x++) {
            int at = top + 2 * x;
            out[to + x] = Math.max(Math.max(in[at], in[at + 1]), Math.max(in[at + width], in[at + width + 1]));
        }
    }
}
