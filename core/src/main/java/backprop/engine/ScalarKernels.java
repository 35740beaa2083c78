package backprop.engine;

/** The kernels as plain loops: the definition the SIMD version is tested against, and the fallback. */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void forward(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride) {
        for (int i = 0; i < m; i++) {
            int ai = i * n;
            for (int j = j0; j < j1; j++) {
                int wj = j * n;
                float sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += a[ai + k] * w[wj + k];
                }
                z[i * zStride + j] = sum + b[j];
            }
        }
    }

    @Override
    public void forwardSmall(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride) {
        forward(a, m, n, w, b, j0, j1, z, zStride);
    }

    @Override
    public void backward(float[] d, int dStride, int m, float[] w, int n, int j0, int j1, float[] out) {
        for (int i = 0; i < m; i++) {
            int oi = i * n;
            for (int k = 0; k < n; k++) {
                out[oi + k] = 0;
            }
            for (int j = j0; j < j1; j++) {
                float dij = d[i * dStride + j];
                int wj = j * n;
                for (int k = 0; k < n; k++) {
                    out[oi + k] += dij * w[wj + k];
                }
            }
        }
    }

    @Override
    public void update(float[] s, int sStride, int m, float[] a, int n, float[] w, float[] b, int j0, int j1,
                       float decay) {
        for (int j = j0; j < j1; j++) {
            int wj = j * n;
            for (int k = 0; k < n; k++) {
                float value = decay * w[wj + k];
                for (int i = 0; i < m; i++) {
                    value += s[i * sStride + j] * a[i * n + k];
                }
                w[wj + k] = value;
            }
            float step = 0;
            for (int i = 0; i < m; i++) {
                step += s[i * sStride + j];
            }
            b[j] += step;
        }
    }

    @Override
    public void unitFloats(byte[] in, int from, float[] out, int to, int count) {
        for (int k = 0; k < count; k++) {
            out[to + k] = (in[from + k] & 0xFF) / 255f;
        }
    }

    @Override
    public void sigmoid(float[] z, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = FloatLayers.flushed((float) (1.0 / (1.0 + Math.exp(-z[i]))));
        }
    }

    @Override
    public void tanh(float[] z, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = FloatLayers.flushed((float) Math.tanh(z[i]));
        }
    }
}
