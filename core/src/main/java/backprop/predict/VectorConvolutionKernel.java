package backprop.predict;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvolutionKernel} with the Vector API: four filters at a time, so that each vector of
 * patch values loaded feeds four fused multiply-adds, the four sums staying in registers over all
 * {@code k} weights.
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
            for (int p = 0; p < positions; p += L) {
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
