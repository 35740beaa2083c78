package backprop.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#sigmoidOutputStep}: the rest of a step for a small sigmoid output layer, in one pass.
 * Subnormal products become zero as in {@link FloatLayers#flushed}, written out where they arise: as
 * a method taking a vector, the JIT left it a call here and passed every vector as an object.
 */
final class OutputLayerStep {
    private static final VectorSpecies<Float> S = LaneSums.S;
    private static final int L = S.length();

    private OutputLayerStep() {
    }

    /**
     * The whole of a small output layer's step after its forward pass, as few vector operations as
     * its few values need: the dozen kernel calls built for large layers that it replaces each had
     * their own set-up, which cost more than the arithmetic of so few values. Every value is computed
     * in the same order as by those calls (see the interface), so the weights are the same floats.
     * For rows of whole vectors and at most one vector of neurons.
     */
    static void step(float[] z, float[] out, float[] delta, int stride, int neurons, int[] labels, boolean quadratic,
                     float[] a, int m, int n, float[] w, float[] b, float rate, float decay, float[] back, int o) {
        // σ of whole rows at once: the lanes past the layer's neurons are never read.
        VectorActivations.squash(z, out, o, o + m * stride, -1f, 0f, -1f);
        VectorMask<Float> lanes = S.indexInRange(0, neurons);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < m; i++) {
            FloatVector y = FloatVector.zero(S).blend(one, VectorMask.fromLong(S, 1L << labels[i]));
            FloatVector ai = FloatVector.fromArray(S, out, o + i * stride, lanes);
            FloatVector g = ai.sub(y);
            if (quadratic) {
                g = g.mul(ai.mul(one.sub(ai)));
                g = g.blend(0f, g.abs().lt(Float.MIN_NORMAL));
            }
            g.intoArray(delta, o + i * stride, lanes);
        }
        // BP2's sum and then the update, each as independent chains of multiply-adds (four examples or
        // neurons, by two vectors of inputs): one chain alone would wait on every multiply-add's latency.
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int k = 0;
            for (; k + 2 * L <= n; k += 2 * L) {
                BackwardTiles.backward4x2(delta, stride, i, w, n, 0, neurons, k, back, true, o);
            }
            for (; k < n; k += L) {
                BackwardTiles.backward1x1(delta, stride, i, w, n, 0, neurons, k, back, true, o);
                BackwardTiles.backward1x1(delta, stride, i + 1, w, n, 0, neurons, k, back, true, o);
                BackwardTiles.backward1x1(delta, stride, i + 2, w, n, 0, neurons, k, back, true, o);
                BackwardTiles.backward1x1(delta, stride, i + 3, w, n, 0, neurons, k, back, true, o);
            }
        }
        for (; i < m; i++) {
            for (int k = 0; k < n; k += L) {
                BackwardTiles.backward1x1(delta, stride, i, w, n, 0, neurons, k, back, true, o);
            }
        }
        FloatVector bias = FloatVector.zero(S);
        for (int e = 0; e < m; e++) {
            FloatVector s = FloatVector.fromArray(S, delta, o + e * stride, lanes).mul(-rate);
            s = s.blend(0f, s.abs().lt(Float.MIN_NORMAL));
            s.intoArray(delta, o + e * stride, lanes);
            bias = bias.add(s);
        }
        FloatVector.fromArray(S, b, o, lanes).add(bias).intoArray(b, o, lanes);
        int j = 0;
        for (; j + 4 <= neurons; j += 4) {
            int k = 0;
            for (; k + 2 * L <= n; k += 2 * L) {
                stepOf4x2(delta, stride, m, a, n, w, j, k, decay, o);
            }
            for (; k < n; k += L) {
                for (int q = j; q < j + 4; q++) {
                    UpdateTiles.update1x1(delta, o + q, stride, m, a, n, w, o + q * n + k, o + k, decay);
                }
            }
        }
        for (; j < neurons; j++) {
            for (int k = 0; k < n; k += L) {
                UpdateTiles.update1x1(delta, o + j, stride, m, a, n, w, o + j * n + k, o + k, decay);
            }
        }
    }

    /** {@code w[j+q][k..k+2L) = decay w + Σ_e s[e][j+q] a[e][k..k+2L)} for q < 4, example by example. */
    private static void stepOf4x2(float[] delta, int stride, int m, float[] a, int n, float[] w, int j, int k,
                                  float decay, int o) {
        int w0 = o + j * n + k;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int e = 0; e < m; e++) {
            FloatVector x0 = FloatVector.fromArray(S, a, o + e * n + k);
            FloatVector x1 = FloatVector.fromArray(S, a, o + e * n + k + L);
            int t = o + e * stride + j;
            FloatVector s = FloatVector.broadcast(S, delta[t]);
            c00 = s.fma(x0, c00);
            c01 = s.fma(x1, c01);
            s = FloatVector.broadcast(S, delta[t + 1]);
            c10 = s.fma(x0, c10);
            c11 = s.fma(x1, c11);
            s = FloatVector.broadcast(S, delta[t + 2]);
            c20 = s.fma(x0, c20);
            c21 = s.fma(x1, c21);
            s = FloatVector.broadcast(S, delta[t + 3]);
            c30 = s.fma(x0, c30);
            c31 = s.fma(x1, c31);
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, w0).fma(d, c00).intoArray(w, w0);
        FloatVector.fromArray(S, w, w0 + L).fma(d, c01).intoArray(w, w0 + L);
        FloatVector.fromArray(S, w, w0 + n).fma(d, c10).intoArray(w, w0 + n);
        FloatVector.fromArray(S, w, w0 + n + L).fma(d, c11).intoArray(w, w0 + n + L);
        FloatVector.fromArray(S, w, w0 + 2 * n).fma(d, c20).intoArray(w, w0 + 2 * n);
        FloatVector.fromArray(S, w, w0 + 2 * n + L).fma(d, c21).intoArray(w, w0 + 2 * n + L);
        FloatVector.fromArray(S, w, w0 + 3 * n).fma(d, c30).intoArray(w, w0 + 3 * n);
        FloatVector.fromArray(S, w, w0 + 3 * n + L).fma(d, c31).intoArray(w, w0 + 3 * n + L);
    }
}
