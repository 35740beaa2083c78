package backprop.predict;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link InferenceKernels} with the Vector API. {@link #multiply}: four filters by two vectors of positions at a time,
 * so that each vector of patch values loaded feeds four fused multiply-adds and each weight broadcast
 * two, the eight sums staying in registers over all {@code k} weights. {@link #multiplyOne}: four
 * neurons at a time, four independent chains of multiply-adds sharing each vector of inputs.
 * {@link #multiplyBatch}: four examples by a panel of four vectors of neurons, sixteen sums in
 * registers; per input, four loads of the panel and four broadcasts feed sixteen multiply-adds. (Eight
 * examples by two vectors, the same sixteen sums on more broadcasts, measured 8% slower at 784 inputs
 * by 100 neurons; six by four, 24 sums, slower still.)
 */
final class VectorInferenceKernels implements InferenceKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane i takes lane 2i (the odd lanes fill the upper half, which is not stored). */
    private static final VectorShuffle<Float> EVENS_FIRST =
            VectorShuffle.fromOp(S, i -> i < L / 2 ? 2 * i : 2 * (i - L / 2) + 1);

    @Override
    public void multiply(float[] w, float[] b, int filters, int k, float[] in, int at, int[] rows, int positions,
                         float[] out, int to) {
        if (positions % L != 0) {
            new ScalarInferenceKernels().multiply(w, b, filters, k, in, at, rows, positions, out, to);
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
                    int from = at + rows[q] + p;
                    FloatVector v = FloatVector.fromArray(S, in, from);
                    FloatVector u = FloatVector.fromArray(S, in, from + L);
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
                    FloatVector v = FloatVector.fromArray(S, in, at + rows[q] + p);
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
                    s0 = FloatVector.fromArray(S, in, at + rows[q] + p).fma(FloatVector.broadcast(S, w[w0 + q]), s0);
                }
                s0.intoArray(out, to + f * positions + p);
            }
        }
    }

    @Override
    public void multiplyOne(float[] w, int wAt, float[] b, int bAt, int outputs, int n, float[] x, int xAt, float[] z,
                            int zAt) {
        int j = 0;
        for (; j + 4 <= outputs; j += 4) {
            int r0 = wAt + j * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            for (int k = 0; k < n; k += L) {
                FloatVector v = FloatVector.fromArray(S, x, xAt + k);
                s0 = FloatVector.fromArray(S, w, r0 + k).fma(v, s0);
                s1 = FloatVector.fromArray(S, w, r1 + k).fma(v, s1);
                s2 = FloatVector.fromArray(S, w, r2 + k).fma(v, s2);
                s3 = FloatVector.fromArray(S, w, r3 + k).fma(v, s3);
            }
            z[zAt + j] = b[bAt + j] + s0.reduceLanes(VectorOperators.ADD);
            z[zAt + j + 1] = b[bAt + j + 1] + s1.reduceLanes(VectorOperators.ADD);
            z[zAt + j + 2] = b[bAt + j + 2] + s2.reduceLanes(VectorOperators.ADD);
            z[zAt + j + 3] = b[bAt + j + 3] + s3.reduceLanes(VectorOperators.ADD);
        }
        for (; j < outputs; j++) {
            int r0 = wAt + j * n;
            FloatVector s0 = FloatVector.zero(S);
            for (int k = 0; k < n; k += L) {
                s0 = FloatVector.fromArray(S, w, r0 + k).fma(FloatVector.fromArray(S, x, xAt + k), s0);
            }
            z[zAt + j] = b[bAt + j] + s0.reduceLanes(VectorOperators.ADD);
        }
    }

    @Override
    public int panel() {
        return 4 * L;
    }

    /**
     * Tiles of four examples; the last tile of a chunk may hold fewer, whose missing rows repeat the
     * last one's reads and are not stored.
     */
    @Override
    public void multiplyBatch(float[] packed, int packedAt, float[] b, int bAt, int outputs, int n, float[] x, int xAt,
                              int xStride, int m, float[] z, int zAt, int zStride) {
        for (int j0 = 0; j0 < outputs; j0 += 4 * L) {
            int at = packedAt + j0 * n;
            int v = Math.min(4, (outputs - j0) / L);
            for (int e = 0; e < m; e += 4) {
                int rows = Math.min(4, m - e);
                int r = xAt + e * xStride;
                int t = zAt + e * zStride + j0;
                switch (v) {
                    case 4 -> tile4x4(rows, packed, at, n, x, r, xStride, b, bAt + j0, z, t, zStride);
                    case 3 -> tile4x3(rows, packed, at, n, x, r, xStride, b, bAt + j0, z, t, zStride);
                    case 2 -> tile4x2(rows, packed, at, n, x, r, xStride, b, bAt + j0, z, t, zStride);
                    default -> tile4x1(rows, packed, at, n, x, r, xStride, b, bAt + j0, z, t, zStride);
                }
            }
        }
    }

    private static void tile4x4(int rows, float[] p, int at, int n, float[] x, int r, int xStride, float[] b,
                                int bj, float[] z, int t, int zStride) {
        FloatVector b0 = FloatVector.fromArray(S, b, bj + 0 * L);
        FloatVector b1 = FloatVector.fromArray(S, b, bj + 1 * L);
        FloatVector b2 = FloatVector.fromArray(S, b, bj + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, b, bj + 3 * L);
        FloatVector s00 = b0;
        FloatVector s01 = b1;
        FloatVector s02 = b2;
        FloatVector s03 = b3;
        FloatVector s10 = b0;
        FloatVector s11 = b1;
        FloatVector s12 = b2;
        FloatVector s13 = b3;
        FloatVector s20 = b0;
        FloatVector s21 = b1;
        FloatVector s22 = b2;
        FloatVector s23 = b3;
        FloatVector s30 = b0;
        FloatVector s31 = b1;
        FloatVector s32 = b2;
        FloatVector s33 = b3;
        int r0 = r;
        int r1 = r + Math.min(1, rows - 1) * xStride;
        int r2 = r + Math.min(2, rows - 1) * xStride;
        int r3 = r + Math.min(3, rows - 1) * xStride;
        for (int k = 0; k < n; k++) {
            int q = at + k * 4 * L;
            FloatVector w0 = FloatVector.fromArray(S, p, q + 0 * L);
            FloatVector w1 = FloatVector.fromArray(S, p, q + 1 * L);
            FloatVector w2 = FloatVector.fromArray(S, p, q + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, p, q + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, x[r0 + k]);
            s00 = w0.fma(x0, s00);
            s01 = w1.fma(x0, s01);
            s02 = w2.fma(x0, s02);
            s03 = w3.fma(x0, s03);
            FloatVector x1 = FloatVector.broadcast(S, x[r1 + k]);
            s10 = w0.fma(x1, s10);
            s11 = w1.fma(x1, s11);
            s12 = w2.fma(x1, s12);
            s13 = w3.fma(x1, s13);
            FloatVector x2 = FloatVector.broadcast(S, x[r2 + k]);
            s20 = w0.fma(x2, s20);
            s21 = w1.fma(x2, s21);
            s22 = w2.fma(x2, s22);
            s23 = w3.fma(x2, s23);
            FloatVector x3 = FloatVector.broadcast(S, x[r3 + k]);
            s30 = w0.fma(x3, s30);
            s31 = w1.fma(x3, s31);
            s32 = w2.fma(x3, s32);
            s33 = w3.fma(x3, s33);
        }
        s00.intoArray(z, t + 0 * L);
        s01.intoArray(z, t + 1 * L);
        s02.intoArray(z, t + 2 * L);
        s03.intoArray(z, t + 3 * L);
        if (rows > 1) {
            s10.intoArray(z, t + zStride + 0 * L);
            s11.intoArray(z, t + zStride + 1 * L);
            s12.intoArray(z, t + zStride + 2 * L);
            s13.intoArray(z, t + zStride + 3 * L);
        }
        if (rows > 2) {
            s20.intoArray(z, t + 2 * zStride + 0 * L);
            s21.intoArray(z, t + 2 * zStride + 1 * L);
            s22.intoArray(z, t + 2 * zStride + 2 * L);
            s23.intoArray(z, t + 2 * zStride + 3 * L);
        }
        if (rows > 3) {
            s30.intoArray(z, t + 3 * zStride + 0 * L);
            s31.intoArray(z, t + 3 * zStride + 1 * L);
            s32.intoArray(z, t + 3 * zStride + 2 * L);
            s33.intoArray(z, t + 3 * zStride + 3 * L);
        }
    }

    private static void tile4x3(int rows, float[] p, int at, int n, float[] x, int r, int xStride, float[] b,
                                int bj, float[] z, int t, int zStride) {
        FloatVector b0 = FloatVector.fromArray(S, b, bj + 0 * L);
        FloatVector b1 = FloatVector.fromArray(S, b, bj + 1 * L);
        FloatVector b2 = FloatVector.fromArray(S, b, bj + 2 * L);
        FloatVector s00 = b0;
        FloatVector s01 = b1;
        FloatVector s02 = b2;
        FloatVector s10 = b0;
        FloatVector s11 = b1;
        FloatVector s12 = b2;
        FloatVector s20 = b0;
        FloatVector s21 = b1;
        FloatVector s22 = b2;
        FloatVector s30 = b0;
        FloatVector s31 = b1;
        FloatVector s32 = b2;
        int r0 = r;
        int r1 = r + Math.min(1, rows - 1) * xStride;
        int r2 = r + Math.min(2, rows - 1) * xStride;
        int r3 = r + Math.min(3, rows - 1) * xStride;
        for (int k = 0; k < n; k++) {
            int q = at + k * 3 * L;
            FloatVector w0 = FloatVector.fromArray(S, p, q + 0 * L);
            FloatVector w1 = FloatVector.fromArray(S, p, q + 1 * L);
            FloatVector w2 = FloatVector.fromArray(S, p, q + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, x[r0 + k]);
            s00 = w0.fma(x0, s00);
            s01 = w1.fma(x0, s01);
            s02 = w2.fma(x0, s02);
            FloatVector x1 = FloatVector.broadcast(S, x[r1 + k]);
            s10 = w0.fma(x1, s10);
            s11 = w1.fma(x1, s11);
            s12 = w2.fma(x1, s12);
            FloatVector x2 = FloatVector.broadcast(S, x[r2 + k]);
            s20 = w0.fma(x2, s20);
            s21 = w1.fma(x2, s21);
            s22 = w2.fma(x2, s22);
            FloatVector x3 = FloatVector.broadcast(S, x[r3 + k]);
            s30 = w0.fma(x3, s30);
            s31 = w1.fma(x3, s31);
            s32 = w2.fma(x3, s32);
        }
        s00.intoArray(z, t + 0 * L);
        s01.intoArray(z, t + 1 * L);
        s02.intoArray(z, t + 2 * L);
        if (rows > 1) {
            s10.intoArray(z, t + zStride + 0 * L);
            s11.intoArray(z, t + zStride + 1 * L);
            s12.intoArray(z, t + zStride + 2 * L);
        }
        if (rows > 2) {
            s20.intoArray(z, t + 2 * zStride + 0 * L);
            s21.intoArray(z, t + 2 * zStride + 1 * L);
            s22.intoArray(z, t + 2 * zStride + 2 * L);
        }
        if (rows > 3) {
            s30.intoArray(z, t + 3 * zStride + 0 * L);
            s31.intoArray(z, t + 3 * zStride + 1 * L);
            s32.intoArray(z, t + 3 * zStride + 2 * L);
        }
    }

    private static void tile4x2(int rows, float[] p, int at, int n, float[] x, int r, int xStride, float[] b,
                                int bj, float[] z, int t, int zStride) {
        FloatVector b0 = FloatVector.fromArray(S, b, bj + 0 * L);
        FloatVector b1 = FloatVector.fromArray(S, b, bj + 1 * L);
        FloatVector s00 = b0;
        FloatVector s01 = b1;
        FloatVector s10 = b0;
        FloatVector s11 = b1;
        FloatVector s20 = b0;
        FloatVector s21 = b1;
        FloatVector s30 = b0;
        FloatVector s31 = b1;
        int r0 = r;
        int r1 = r + Math.min(1, rows - 1) * xStride;
        int r2 = r + Math.min(2, rows - 1) * xStride;
        int r3 = r + Math.min(3, rows - 1) * xStride;
        for (int k = 0; k < n; k++) {
            int q = at + k * 2 * L;
            FloatVector w0 = FloatVector.fromArray(S, p, q + 0 * L);
            FloatVector w1 = FloatVector.fromArray(S, p, q + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, x[r0 + k]);
            s00 = w0.fma(x0, s00);
            s01 = w1.fma(x0, s01);
            FloatVector x1 = FloatVector.broadcast(S, x[r1 + k]);
            s10 = w0.fma(x1, s10);
            s11 = w1.fma(x1, s11);
            FloatVector x2 = FloatVector.broadcast(S, x[r2 + k]);
            s20 = w0.fma(x2, s20);
            s21 = w1.fma(x2, s21);
            FloatVector x3 = FloatVector.broadcast(S, x[r3 + k]);
            s30 = w0.fma(x3, s30);
            s31 = w1.fma(x3, s31);
        }
        s00.intoArray(z, t + 0 * L);
        s01.intoArray(z, t + 1 * L);
        if (rows > 1) {
            s10.intoArray(z, t + zStride + 0 * L);
            s11.intoArray(z, t + zStride + 1 * L);
        }
        if (rows > 2) {
            s20.intoArray(z, t + 2 * zStride + 0 * L);
            s21.intoArray(z, t + 2 * zStride + 1 * L);
        }
        if (rows > 3) {
            s30.intoArray(z, t + 3 * zStride + 0 * L);
            s31.intoArray(z, t + 3 * zStride + 1 * L);
        }
    }

    private static void tile4x1(int rows, float[] p, int at, int n, float[] x, int r, int xStride, float[] b,
                                int bj, float[] z, int t, int zStride) {
        FloatVector b0 = FloatVector.fromArray(S, b, bj + 0 * L);
        FloatVector s00 = b0;
        FloatVector s10 = b0;
        FloatVector s20 = b0;
        FloatVector s30 = b0;
        int r0 = r;
        int r1 = r + Math.min(1, rows - 1) * xStride;
        int r2 = r + Math.min(2, rows - 1) * xStride;
        int r3 = r + Math.min(3, rows - 1) * xStride;
        for (int k = 0; k < n; k++) {
            int q = at + k * 1 * L;
            FloatVector w0 = FloatVector.fromArray(S, p, q + 0 * L);
            FloatVector x0 = FloatVector.broadcast(S, x[r0 + k]);
            s00 = w0.fma(x0, s00);
            FloatVector x1 = FloatVector.broadcast(S, x[r1 + k]);
            s10 = w0.fma(x1, s10);
            FloatVector x2 = FloatVector.broadcast(S, x[r2 + k]);
            s20 = w0.fma(x2, s20);
            FloatVector x3 = FloatVector.broadcast(S, x[r3 + k]);
            s30 = w0.fma(x3, s30);
        }
        s00.intoArray(z, t + 0 * L);
        if (rows > 1) {
            s10.intoArray(z, t + zStride + 0 * L);
        }
        if (rows > 2) {
            s20.intoArray(z, t + 2 * zStride + 0 * L);
        }
        if (rows > 3) {
            s30.intoArray(z, t + 3 * zStride + 0 * L);
        }
    }

    /**
     * Half a vector of windows at a time: each window's largest lands in the even lanes of four loads
     * (the row, the row one float on, the same below), which then move to the front.
     */
    @Override
    public void maxPool2x2(float[] in, int top, int width, int windows, float[] out, int to) {
        for (int x = 0; x < windows; x += L / 2) {
            int at = top + 2 * x;
            FloatVector upper = FloatVector.fromArray(S, in, at).max(FloatVector.fromArray(S, in, at + 1));
            FloatVector lower = FloatVector.fromArray(S, in, at + width)
                    .max(FloatVector.fromArray(S, in, at + width + 1));
            upper.max(lower).rearrange(EVENS_FIRST)
                    .intoArray(out, to + x, S.indexInRange(0, Math.min(L / 2, windows - x)));
        }
    }
}
