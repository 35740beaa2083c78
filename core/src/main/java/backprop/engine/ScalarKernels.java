package backprop.engine;

/** The kernels as plain loops: the definition the SIMD version is tested against, and the fallback. */
public final class ScalarKernels implements Kernels {
    private final int o;

    /** Kernels for arrays whose matrices start at index 0. */
    public ScalarKernels() {
        this(0);
    }

    /** Kernels for arrays whose matrices start at index {@code origin} (see {@link Kernels}). */
    public ScalarKernels(int origin) {
        if (origin < 0) {
            throw new IllegalArgumentException("origin must not be negative, got " + origin);
        }
        this.o = origin;
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int origin() {
        return o;
    }

    @Override
    public void forward(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride) {
        for (int i = 0; i < m; i++) {
            int ai = o + i * n;
            for (int j = j0; j < j1; j++) {
                int wj = o + j * n;
                float sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += a[ai + k] * w[wj + k];
                }
                z[o + i * zStride + j] = sum + b[o + j];
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
            int oi = o + i * n;
            for (int k = 0; k < n; k++) {
                out[oi + k] = 0;
            }
            for (int j = j0; j < j1; j++) {
                float dij = d[o + i * dStride + j];
                int wj = o + j * n;
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
            int wj = o + j * n;
            for (int k = 0; k < n; k++) {
                // The batch's steps summed apart from the weight, then added with one rounding (see Kernels#update).
                float step = 0;
                for (int i = 0; i < m; i++) {
                    step += s[o + i * sStride + j] * a[o + i * n + k];
                }
                w[wj + k] = Math.fma(decay, w[wj + k], step);
            }
            float biasStep = 0;
            for (int i = 0; i < m; i++) {
                biasStep += s[o + i * sStride + j];
            }
            b[o + j] += biasStep;
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

    @Override
    public void rectify(float[] z, float[] out, int from, int to, float slope) {
        for (int k = from; k < to; k++) {
            out[k] = z[k] > 0 ? z[k] : slope == 0 ? 0f : slope * z[k];
        }
    }

    @Override
    public void rectifyBackward(float[] z, float[] g, int from, int to, float slope) {
        for (int k = from; k < to; k++) {
            g[k] = z[k] > 0 ? g[k] : slope == 0 ? 0f : slope * g[k];
        }
    }
}
