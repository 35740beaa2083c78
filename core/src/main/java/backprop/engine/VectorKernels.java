package backprop.engine;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels with the JDK Vector API. Each inner loop is register-blocked so one load of a weight
 * vector serves several examples (forward), or one load of an activation vector serves several
 * neurons (update): the CPU can do two fused multiply-adds per cycle but only about as many loads,
 * so unblocked loops would wait on memory.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float LOG2_E = 1.44269504f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float ROUNDER = 12582912f;
    private static final VectorShuffle<Float>[] HALVES = halvingShuffles();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(S.vectorBitSize() / 4));

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halvingShuffles() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] shuffles = new VectorShuffle[steps];
        for (int s = 0; s < steps; s++) {
            int shift = L >> (s + 1);
            shuffles[s] = VectorShuffle.fromOp(S, lane -> (lane + shift) % L);
        }
        return shuffles;
    }

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }

    @Override
    public void forward(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride) {
        int kMain = S.loopBound(n);
        VectorMask<Float> tail = S.indexInRange(kMain, n);
        int j = j0;
        for (; j + 1 < j1; j += 2) {
            int i = 0;
            for (; i + 3 < m; i += 4) {
                forward4x2(a, i, n, w, j, kMain, tail, b, z, zStride);
            }
            for (; i < m; i++) {
                forward1x2(a, i, n, w, j, kMain, tail, b, z, zStride);
            }
        }
        if (j < j1) {
            for (int i = 0; i < m; i++) {
                forward1x1(a, i, n, w, j, kMain, tail, b, z, zStride);
            }
        }
    }

    /** Four examples by two neurons: per step, 6 loads feed 8 multiply-adds. */
    private static void forward4x2(float[] a, int i, int n, float[] w, int j, int kMain, VectorMask<Float> tail,
                                   float[] b, float[] z, int zStride) {
        int w0 = j * n;
        int w1 = w0 + n;
        int a0 = i * n;
        int a1 = a0 + n;
        int a2 = a1 + n;
        int a3 = a2 + n;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int k = 0; k < kMain; k += L) {
            FloatVector v0 = FloatVector.fromArray(S, w, w0 + k);
            FloatVector v1 = FloatVector.fromArray(S, w, w1 + k);
            FloatVector x = FloatVector.fromArray(S, a, a0 + k);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            x = FloatVector.fromArray(S, a, a1 + k);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            x = FloatVector.fromArray(S, a, a2 + k);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            x = FloatVector.fromArray(S, a, a3 + k);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
        }
        if (kMain < n) {
            FloatVector v0 = FloatVector.fromArray(S, w, w0 + kMain, tail);
            FloatVector v1 = FloatVector.fromArray(S, w, w1 + kMain, tail);
            FloatVector x = FloatVector.fromArray(S, a, a0 + kMain, tail);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            x = FloatVector.fromArray(S, a, a1 + kMain, tail);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            x = FloatVector.fromArray(S, a, a2 + kMain, tail);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            x = FloatVector.fromArray(S, a, a3 + kMain, tail);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
        }
        float b0 = b[j];
        float b1 = b[j + 1];
        int z0 = i * zStride + j;
        z[z0] = sum(c00) + b0;
        z[z0 + 1] = sum(c01) + b1;
        z[z0 + zStride] = sum(c10) + b0;
        z[z0 + zStride + 1] = sum(c11) + b1;
        z[z0 + 2 * zStride] = sum(c20) + b0;
        z[z0 + 2 * zStride + 1] = sum(c21) + b1;
        z[z0 + 3 * zStride] = sum(c30) + b0;
        z[z0 + 3 * zStride + 1] = sum(c31) + b1;
    }

    private static void forward1x2(float[] a, int i, int n, float[] w, int j, int kMain, VectorMask<Float> tail,
                                   float[] b, float[] z, int zStride) {
        int w0 = j * n;
        int w1 = w0 + n;
        int a0 = i * n;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int k = 0; k < kMain; k += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + k);
            c0 = x.fma(FloatVector.fromArray(S, w, w0 + k), c0);
            c1 = x.fma(FloatVector.fromArray(S, w, w1 + k), c1);
        }
        if (kMain < n) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + kMain, tail);
            c0 = x.fma(FloatVector.fromArray(S, w, w0 + kMain, tail), c0);
            c1 = x.fma(FloatVector.fromArray(S, w, w1 + kMain, tail), c1);
        }
        z[i * zStride + j] = sum(c0) + b[j];
        z[i * zStride + j + 1] = sum(c1) + b[j + 1];
    }

    private static void forward1x1(float[] a, int i, int n, float[] w, int j, int kMain, VectorMask<Float> tail,
                                   float[] b, float[] z, int zStride) {
        int w0 = j * n;
        int a0 = i * n;
        FloatVector c0 = FloatVector.zero(S);
        for (int k = 0; k < kMain; k += L) {
            c0 = FloatVector.fromArray(S, a, a0 + k).fma(FloatVector.fromArray(S, w, w0 + k), c0);
        }
        if (kMain < n) {
            c0 = FloatVector.fromArray(S, a, a0 + kMain, tail).fma(FloatVector.fromArray(S, w, w0 + kMain, tail), c0);
        }
        z[i * zStride + j] = sum(c0) + b[j];
    }

    @Override
    public void backward(float[] d, int dStride, int m, float[] w, int n, int j0, int j1, float[] out) {
        int kPairs = n - n % (2 * L);
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int k = 0;
            for (; k < kPairs; k += 2 * L) {
                backward4x2(d, dStride, i, w, n, j0, j1, k, out);
            }
            for (; k < n; k += L) {
                VectorMask<Float> mask = S.indexInRange(k, n);
                for (int e = i; e < i + 4; e++) {
                    backward1x1(d, dStride, e, w, n, j0, j1, k, mask, out);
                }
            }
        }
        for (; i < m; i++) {
            for (int k = 0; k < n; k += L) {
                backward1x1(d, dStride, i, w, n, j0, j1, k, S.indexInRange(k, n), out);
            }
        }
    }

    /** Four examples by two vectors of inputs: per neuron, 2 weight loads and 4 broadcasts feed 8 multiply-adds. */
    private static void backward4x2(float[] d, int dStride, int i, float[] w, int n, int j0, int j1, int k,
                                    float[] out) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        int d0 = i * dStride;
        for (int j = j0; j < j1; j++) {
            int wj = j * n + k;
            FloatVector v0 = FloatVector.fromArray(S, w, wj);
            FloatVector v1 = FloatVector.fromArray(S, w, wj + L);
            FloatVector s = FloatVector.broadcast(S, d[d0 + j]);
            c00 = s.fma(v0, c00);
            c01 = s.fma(v1, c01);
            s = FloatVector.broadcast(S, d[d0 + dStride + j]);
            c10 = s.fma(v0, c10);
            c11 = s.fma(v1, c11);
            s = FloatVector.broadcast(S, d[d0 + 2 * dStride + j]);
            c20 = s.fma(v0, c20);
            c21 = s.fma(v1, c21);
            s = FloatVector.broadcast(S, d[d0 + 3 * dStride + j]);
            c30 = s.fma(v0, c30);
            c31 = s.fma(v1, c31);
        }
        int o = i * n + k;
        c00.intoArray(out, o);
        c01.intoArray(out, o + L);
        c10.intoArray(out, o + n);
        c11.intoArray(out, o + n + L);
        c20.intoArray(out, o + 2 * n);
        c21.intoArray(out, o + 2 * n + L);
        c30.intoArray(out, o + 3 * n);
        c31.intoArray(out, o + 3 * n + L);
    }

    private static void backward1x1(float[] d, int dStride, int i, float[] w, int n, int j0, int j1, int k,
                                    VectorMask<Float> mask, float[] out) {
        FloatVector c = FloatVector.zero(S);
        int di = i * dStride;
        for (int j = j0; j < j1; j++) {
            c = FloatVector.broadcast(S, d[di + j]).fma(FloatVector.fromArray(S, w, j * n + k, mask), c);
        }
        c.intoArray(out, i * n + k, mask);
    }

    @Override
    public void update(float[] d, int dStride, int m, float[] a, int n, float[] w, float[] b, int j0, int j1,
                       float decay, float rate) {
        int kQuads = n - n % (4 * L);
        int j = j0;
        for (; j + 1 < j1; j += 2) {
            int k = 0;
            for (; k < kQuads; k += 4 * L) {
                update2x4(d, dStride, m, a, n, w, j, k, decay, rate);
            }
            for (; k < n; k += L) {
                VectorMask<Float> mask = S.indexInRange(k, n);
                update1x1(d, dStride, m, a, n, w, j, k, mask, decay, rate);
                update1x1(d, dStride, m, a, n, w, j + 1, k, mask, decay, rate);
            }
        }
        if (j < j1) {
            for (int k = 0; k < n; k += L) {
                update1x1(d, dStride, m, a, n, w, j, k, S.indexInRange(k, n), decay, rate);
            }
        }
        for (int r = j0; r < j1; r++) {
            float sum = 0;
            for (int i = 0; i < m; i++) {
                sum += d[i * dStride + r];
            }
            b[r] -= rate * sum;
        }
    }

    /**
     * Two neurons by four vectors of inputs: per example, 4 activation loads and 2 broadcasts (loads
     * too, as the deltas come straight from memory) feed 8 multiply-adds. The gradient is summed
     * first and scaled once at the end, so no broadcast needs a multiply.
     */
    private static void update2x4(float[] d, int dStride, int m, float[] a, int n, float[] w, int j, int k,
                                  float decay, float rate) {
        FloatVector g00 = FloatVector.zero(S);
        FloatVector g01 = FloatVector.zero(S);
        FloatVector g02 = FloatVector.zero(S);
        FloatVector g03 = FloatVector.zero(S);
        FloatVector g10 = FloatVector.zero(S);
        FloatVector g11 = FloatVector.zero(S);
        FloatVector g12 = FloatVector.zero(S);
        FloatVector g13 = FloatVector.zero(S);
        for (int i = 0; i < m; i++) {
            int ai = i * n + k;
            int di = i * dStride + j;
            FloatVector s0 = FloatVector.broadcast(S, d[di]);
            FloatVector s1 = FloatVector.broadcast(S, d[di + 1]);
            FloatVector x = FloatVector.fromArray(S, a, ai);
            g00 = s0.fma(x, g00);
            g10 = s1.fma(x, g10);
            x = FloatVector.fromArray(S, a, ai + L);
            g01 = s0.fma(x, g01);
            g11 = s1.fma(x, g11);
            x = FloatVector.fromArray(S, a, ai + 2 * L);
            g02 = s0.fma(x, g02);
            g12 = s1.fma(x, g12);
            x = FloatVector.fromArray(S, a, ai + 3 * L);
            g03 = s0.fma(x, g03);
            g13 = s1.fma(x, g13);
        }
        int w0 = j * n + k;
        int w1 = w0 + n;
        step(w, w0, g00, decay, rate);
        step(w, w0 + L, g01, decay, rate);
        step(w, w0 + 2 * L, g02, decay, rate);
        step(w, w0 + 3 * L, g03, decay, rate);
        step(w, w1, g10, decay, rate);
        step(w, w1 + L, g11, decay, rate);
        step(w, w1 + 2 * L, g12, decay, rate);
        step(w, w1 + 3 * L, g13, decay, rate);
    }

    /** {@code w = decay * w - rate * g} for one vector of weights. */
    private static void step(float[] w, int offset, FloatVector g, float decay, float rate) {
        g.fma(FloatVector.broadcast(S, -rate), FloatVector.fromArray(S, w, offset).mul(decay)).intoArray(w, offset);
    }

    private static void update1x1(float[] d, int dStride, int m, float[] a, int n, float[] w, int j, int k,
                                  VectorMask<Float> mask, float decay, float rate) {
        FloatVector g = FloatVector.zero(S);
        for (int i = 0; i < m; i++) {
            g = FloatVector.broadcast(S, d[i * dStride + j]).fma(FloatVector.fromArray(S, a, i * n + k, mask), g);
        }
        int wj = j * n + k;
        g.fma(FloatVector.broadcast(S, -rate), FloatVector.fromArray(S, w, wj, mask).mul(decay)).intoArray(w, wj, mask);
    }

    @Override
    public void unitFloats(byte[] in, float[] out, int count) {
        int k = 0;
        for (; k + L <= count; k += L) {
            FloatVector pixels = (FloatVector) ByteVector.fromArray(BYTES, in, k)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0)
                    .convert(VectorOperators.I2F, 0);
            pixels.div(255f).intoArray(out, k);
        }
        for (; k < count; k++) {
            out[k] = (in[k] & 0xFF) / 255f;
        }
    }

    @Override
    public void sigmoid(float[] z, float[] out, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = from; i < to; i += L) {
            VectorMask<Float> mask = S.indexInRange(i, to);
            FloatVector e = exp(FloatVector.fromArray(S, z, i, mask).neg());
            one.div(e.add(one)).intoArray(out, i, mask);
        }
    }

    @Override
    public void tanh(float[] z, float[] out, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        for (int i = from; i < to; i += L) {
            VectorMask<Float> mask = S.indexInRange(i, to);
            // tanh(x) = 1 - 2 / (e^{2x} + 1), which saturates cleanly to ±1 for large |x|.
            FloatVector e = exp(FloatVector.fromArray(S, z, i, mask).mul(2f));
            one.sub(two.div(e.add(one))).intoArray(out, i, mask);
        }
    }

    /**
     * The sum of a vector's lanes in a fixed order (halving tree). {@code reduceLanes} may add in any
     * order, and does differently before and after the JIT compiles a loop, which would make a
     * seeded run give different weights from one run to the next.
     */
    private static float sum(FloatVector v) {
        for (VectorShuffle<Float> half : HALVES) {
            v = v.add(v.rearrange(half));
        }
        return v.lane(0);
    }

    /**
     * {@code e^x} in float from lane-wise arithmetic only, so the result does not depend on whether
     * the JIT has replaced the Vector API's own {@code EXP} with a native routine. Range reduction
     * {@code x = n ln2 + r}, |r| <= ln2/2, a degree-6 polynomial for {@code e^r}, and {@code 2^n}
     * built in the exponent bits; about 2 ulp.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87.0f).min(88.0f);
        // Adding and subtracting 1.5 * 2^23 rounds to the nearest integer in float arithmetic.
        FloatVector n = x.mul(LOG2_E).add(ROUNDER).sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LOW), r);
        FloatVector p = FloatVector.broadcast(S, 1f / 720);
        p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(S, 0.5f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector exponent = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(exponent.reinterpretAsFloats());
    }
}
