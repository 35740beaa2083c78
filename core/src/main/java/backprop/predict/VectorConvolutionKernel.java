package backprop.predict;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvolutionKernel} with the Vector API: four filters by two vectors of positions at a time,
 * so that each vector of patch values loaded feeds four fused multiply-adds and each weight broadcast
 * two, the eight sums staying in registers over all {@code k} weights.
 */
final class VectorConvolutionKernel implements ConvolutionKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void multiply(float[] w, float[] b, int filters, int k, float[] patches, int positions, float[] out, int to) {
        if (positions % L != 0) {
            new ScalarConvolutionKernel().multiply(w, b, filters, k, patches, positions, out, to);
            return;
        }
        int f = 0;
        for (; f + 4 <= filters; f += 4) {
            int w0 = f * k;
            int w1 = w0 + k;
            int w2 = w1 + k;
            int w3 = w2 + k;
            int p = 0;
            for (; p + 2 * L <= positions; p += 2 * L) {
                FloatVector s0 = FloatVector.broadcast(S, b[f]);
                FloatVector s1 = FloatVector.broadcast(S, b[f + 1]);
                FloatVector s2 = FloatVector.broadcast(S, b[f + 2]);
                FloatVector s3 = FloatVector.broadcast(S, b[f + 3]);
                FloatVector t0 = s0;
                FloatVector t1 = s1;
                FloatVector t2 = s2;
                FloatVector t3 = s3;
                for (int q = 0; q < k; q++) {
                    int at = q * positions + p;
                    FloatVector v = FloatVector.fromArray(S, patches, at);
                    FloatVector u = FloatVector.fromArray(S, patches, at + L);
                    FloatVector x0 = FloatVector.broadcast(S, w[w0 + q]);
                    FloatVector x1 = FloatVector.broadcast(S, w[w1 + q]);
                    FloatVector x2 = FloatVector.broadcast(S, w[w2 + q]);
                    FloatVector x3 = FloatVector.broadcast(S, w[w3 + q]);
                    s0 = v.fma(x0, s0);
                    s1 = v.fma(x1, s1);
                    s2 = v.fma(x2, s2);
                    s3 = v.fma(x3, s3);
                    t0 = u.fma(x0, t0);
                    t1 = u.fma(x1, t1);
                    t2 = u.fma(x2, t2);
                    t3 = u.fma(x3, t3);
                }
                s0.intoArray(out, to + f * positions + p);
                s1.intoArray(out, to + (f + 1) * positions + p);
                s2.intoArray(out, to + (f + 2) * positions + p);
                s3.intoArray(out, to + (f + 3) * positions + p);
                t0.intoArray(out, to + f * positions + p + L);
                t1.intoArray(out, to + (f + 1) * positions + p + L);
                t2.intoArray(out, to + (f + 2) * positions + p + L);
                t3.intoArray(out, to + (f + 3) * positions + p + L);
            }
            for (; p < positions; p += L) {
                FloatVector s0 = FloatVector.broadcast(S, b[f]);
                FloatVector s1 = FloatVector.broadcast(S, b[f + 1]);
                FloatVector s2 = FloatVector.broadcast(S, b[f + 2]);
                FloatVector s3 = FloatVector.broadcast(S, b[f + 3]);
                for (int q = 0; q < k; q++) {
                    FloatVector v = FloatVector.fromArray(S, patches, q * positions + p);
                    s0 = v.fma(FloatVector.broadcast(S, w[w0 + q]), s0);
                    s1 = v.fma(FloatVector.broadcast(S, w[w1 + q]), s1);
                    s2 = v.fma(FloatVector.broadcast(S, w[w2 + q]), s2);
                    s3 = v.fma(FloatVector.broadcast(S, w[w3 + q]), s3);
                }
                s0.intoArray(out, to + f * positions + p);
                s1.intoArray(out, to + (f + 1) * positions + p);
                s2.intoArray(out, to + (f + 2) * positions + p);
                s3.intoArray(out, to + (f + 3) * positions + p);
            }
        }
        for (; f < filters; f++) {
            int w0 = f * k;
            for (int p = 0; p < positions; p += L) {
                FloatVector s0 = FloatVector.broadcast(S, b[f]);
                for (int q = 0; q < k; q++) {
                    s0 = FloatVector.fromArray(S, patches, q * positions + p).fma(FloatVector.broadcast(S, w[w0 + q]), s0);
                }
                s0.intoArray(out, to + f * positions + p);
            }
        }
    }
}
