package backprop.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import static backprop.engine.LaneSums.LANE_OF;
import static backprop.engine.LaneSums.LANE_OF_SIXTEEN;
import static backprop.engine.LaneSums.SWAP_0;
import static backprop.engine.LaneSums.SWAP_1;
import static backprop.engine.LaneSums.SWAP_2;
import static backprop.engine.LaneSums.SWAP_3;
import static backprop.engine.LaneSums.UPPER_0;
import static backprop.engine.LaneSums.UPPER_1;
import static backprop.engine.LaneSums.UPPER_2;
import static backprop.engine.LaneSums.UPPER_3;


/**
 * The forward pass as dot products, {@code z = b + a · wᵀ}, for batches and layers too small for
 * {@link ForwardTransposedTiles}: each tile loads a vector of weights once for several examples and a
 * vector of an example's activations once for several neurons, and sums each dot product's lanes
 * at the end in a fixed order ({@link LaneSums}).
 */
final class ForwardTiles {
    private static final VectorSpecies<Float> S = LaneSums.S;
    private static final int L = S.length();
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[L]);
    private static final ThreadLocal<float[]> SMALL_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private ForwardTiles() {
    }

    /**
     * {@link Kernels#forward} for rows of whole vectors ({@code n} a multiple of the vector length).
     * The tiles' shapes are chosen once here, from the batch and the range's width: four neurons by
     * five examples or four, then two and one examples for the rest; two neurons and one for the
     * neurons left over.
     */
    static void forward(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride,
                        int o) {
        float[] sums = SCRATCH.get();
        int fourNeuronsEnd = L == 16 ? j1 - (j1 - j0) % 4 : j0;
        int fiveExamplesEnd = KernelTuning.fiveExampleTiles(m) ? m : 0;
        int j = j0;
        for (; j < fourNeuronsEnd; j += 4) {
            int i = 0;
            for (; i < fiveExamplesEnd; i += 5) {
                forward5x4(a, i, n, w, j, b, z, zStride, sums, o);
            }
            for (; i + 4 <= m; i += 4) {
                forward4x4(a, i, n, w, j, b, z, zStride, sums, o);
            }
            // A loop rather than an if, though it runs at most once: the JIT then keeps both ways
            // compiled, and evaluating in blocks of 64 after training in tens does not undo it.
            for (; i + 2 <= m; i += 2) {
                forward2x4(a, i, n, w, j, b, z, zStride, sums, o);
            }
            for (; i < m; i++) {
                forward1x2(a, i, n, w, j, b, z, zStride, sums, o);
                forward1x2(a, i, n, w, j + 2, b, z, zStride, sums, o);
            }
        }
        for (; j + 2 <= j1; j += 2) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                forward4x2(a, i, n, w, j, b, z, zStride, sums, o);
            }
            for (; i < m; i++) {
                forward1x2(a, i, n, w, j, b, z, zStride, sums, o);
            }
        }
        if (j < j1) {
            for (int i = 0; i < m; i++) {
                forward1x1(a, i, n, w, j, b, z, zStride, sums, o);
            }
        }
    }

    /**
     * Four examples by four neurons: per step 8 loads feed 16 multiply-adds, and the sixteen sums
     * come out of one reduction network ({@link LaneSums}) into one vector. 512-bit vectors only.
     */
    private static void forward4x4(float[] a, int i, int n, float[] w, int j, float[] b, float[] z, int zStride,
                                   float[] sums, int o) {
        int w0 = o + j * n;
        int w1 = w0 + n;
        int w2 = w1 + n;
        int w3 = w2 + n;
        int a0 = o + i * n;
        int a1 = a0 + n;
        int a2 = a1 + n;
        int a3 = a2 + n;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c22 = FloatVector.zero(S);
        FloatVector c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c32 = FloatVector.zero(S);
        FloatVector c33 = FloatVector.zero(S);
        for (int k = 0; k < n; k += L) {
            FloatVector v0 = FloatVector.fromArray(S, w, w0 + k);
            FloatVector v1 = FloatVector.fromArray(S, w, w1 + k);
            FloatVector v2 = FloatVector.fromArray(S, w, w2 + k);
            FloatVector v3 = FloatVector.fromArray(S, w, w3 + k);
            FloatVector x = FloatVector.fromArray(S, a, a0 + k);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            c02 = x.fma(v2, c02);
            c03 = x.fma(v3, c03);
            x = FloatVector.fromArray(S, a, a1 + k);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            c12 = x.fma(v2, c12);
            c13 = x.fma(v3, c13);
            x = FloatVector.fromArray(S, a, a2 + k);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            c22 = x.fma(v2, c22);
            c23 = x.fma(v3, c23);
            x = FloatVector.fromArray(S, a, a3 + k);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
            c32 = x.fma(v2, c32);
            c33 = x.fma(v3, c33);
        }
        FloatVector t0 = c00.blend(c01, UPPER_0).add(c01.blend(c00, UPPER_0).rearrange(SWAP_0));
        FloatVector t1 = c02.blend(c03, UPPER_0).add(c03.blend(c02, UPPER_0).rearrange(SWAP_0));
        FloatVector t2 = c10.blend(c11, UPPER_0).add(c11.blend(c10, UPPER_0).rearrange(SWAP_0));
        FloatVector t3 = c12.blend(c13, UPPER_0).add(c13.blend(c12, UPPER_0).rearrange(SWAP_0));
        FloatVector t4 = c20.blend(c21, UPPER_0).add(c21.blend(c20, UPPER_0).rearrange(SWAP_0));
        FloatVector t5 = c22.blend(c23, UPPER_0).add(c23.blend(c22, UPPER_0).rearrange(SWAP_0));
        FloatVector t6 = c30.blend(c31, UPPER_0).add(c31.blend(c30, UPPER_0).rearrange(SWAP_0));
        FloatVector t7 = c32.blend(c33, UPPER_0).add(c33.blend(c32, UPPER_0).rearrange(SWAP_0));
        FloatVector u0 = t0.blend(t1, UPPER_1).add(t1.blend(t0, UPPER_1).rearrange(SWAP_1));
        FloatVector u1 = t2.blend(t3, UPPER_1).add(t3.blend(t2, UPPER_1).rearrange(SWAP_1));
        FloatVector u2 = t4.blend(t5, UPPER_1).add(t5.blend(t4, UPPER_1).rearrange(SWAP_1));
        FloatVector u3 = t6.blend(t7, UPPER_1).add(t7.blend(t6, UPPER_1).rearrange(SWAP_1));
        FloatVector v0 = u0.blend(u1, UPPER_2).add(u1.blend(u0, UPPER_2).rearrange(SWAP_2));
        FloatVector v1 = u2.blend(u3, UPPER_2).add(u3.blend(u2, UPPER_2).rearrange(SWAP_2));
        v0.blend(v1, UPPER_3).add(v1.blend(v0, UPPER_3).rearrange(SWAP_3)).intoArray(sums, 0);
        for (int e = 0; e < 4; e++) {
            int row = (i + e) * zStride + j + o;
            for (int q = 0; q < 4; q++) {
                z[row + q] = sums[LANE_OF_SIXTEEN[e * 4 + q]] + b[o + j + q];
            }
        }
    }

    /**
     * Five examples by four neurons, for batches of a multiple of five: the book's batch of ten in two
     * tiles rather than three (four, four and two), 9 loads for 20 multiply-adds and the weights read
     * twice instead of three times; the JIT keeps its 20 sums and 4 weight vectors in registers. The
     * fifth example's sums are reduced by the same levels as the others', so every example's results
     * are the floats {@link #forward4x4} would give. 512-bit vectors only.
     */
    private static void forward5x4(float[] a, int i, int n, float[] w, int j, float[] b, float[] z, int zStride,
                                   float[] sums, int o) {
        int w0 = o + j * n;
        int w1 = w0 + n;
        int w2 = w1 + n;
        int w3 = w2 + n;
        int a0 = o + i * n;
        int a1 = a0 + n;
        int a2 = a1 + n;
        int a3 = a2 + n;
        int a4 = a3 + n;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c22 = FloatVector.zero(S);
        FloatVector c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c32 = FloatVector.zero(S);
        FloatVector c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c42 = FloatVector.zero(S);
        FloatVector c43 = FloatVector.zero(S);
        for (int k = 0; k < n; k += L) {
            FloatVector v0 = FloatVector.fromArray(S, w, w0 + k);
            FloatVector v1 = FloatVector.fromArray(S, w, w1 + k);
            FloatVector v2 = FloatVector.fromArray(S, w, w2 + k);
            FloatVector v3 = FloatVector.fromArray(S, w, w3 + k);
            FloatVector x = FloatVector.fromArray(S, a, a0 + k);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            c02 = x.fma(v2, c02);
            c03 = x.fma(v3, c03);
            x = FloatVector.fromArray(S, a, a1 + k);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            c12 = x.fma(v2, c12);
            c13 = x.fma(v3, c13);
            x = FloatVector.fromArray(S, a, a2 + k);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            c22 = x.fma(v2, c22);
            c23 = x.fma(v3, c23);
            x = FloatVector.fromArray(S, a, a3 + k);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
            c32 = x.fma(v2, c32);
            c33 = x.fma(v3, c33);
            x = FloatVector.fromArray(S, a, a4 + k);
            c40 = x.fma(v0, c40);
            c41 = x.fma(v1, c41);
            c42 = x.fma(v2, c42);
            c43 = x.fma(v3, c43);
        }
        FloatVector t0 = c00.blend(c01, UPPER_0).add(c01.blend(c00, UPPER_0).rearrange(SWAP_0));
        FloatVector t1 = c02.blend(c03, UPPER_0).add(c03.blend(c02, UPPER_0).rearrange(SWAP_0));
        FloatVector t2 = c10.blend(c11, UPPER_0).add(c11.blend(c10, UPPER_0).rearrange(SWAP_0));
        FloatVector t3 = c12.blend(c13, UPPER_0).add(c13.blend(c12, UPPER_0).rearrange(SWAP_0));
        FloatVector t4 = c20.blend(c21, UPPER_0).add(c21.blend(c20, UPPER_0).rearrange(SWAP_0));
        FloatVector t5 = c22.blend(c23, UPPER_0).add(c23.blend(c22, UPPER_0).rearrange(SWAP_0));
        FloatVector t6 = c30.blend(c31, UPPER_0).add(c31.blend(c30, UPPER_0).rearrange(SWAP_0));
        FloatVector t7 = c32.blend(c33, UPPER_0).add(c33.blend(c32, UPPER_0).rearrange(SWAP_0));
        FloatVector u0 = t0.blend(t1, UPPER_1).add(t1.blend(t0, UPPER_1).rearrange(SWAP_1));
        FloatVector u1 = t2.blend(t3, UPPER_1).add(t3.blend(t2, UPPER_1).rearrange(SWAP_1));
        FloatVector u2 = t4.blend(t5, UPPER_1).add(t5.blend(t4, UPPER_1).rearrange(SWAP_1));
        FloatVector u3 = t6.blend(t7, UPPER_1).add(t7.blend(t6, UPPER_1).rearrange(SWAP_1));
        FloatVector v0 = u0.blend(u1, UPPER_2).add(u1.blend(u0, UPPER_2).rearrange(SWAP_2));
        FloatVector v1 = u2.blend(u3, UPPER_2).add(u3.blend(u2, UPPER_2).rearrange(SWAP_2));
        v0.blend(v1, UPPER_3).add(v1.blend(v0, UPPER_3).rearrange(SWAP_3)).intoArray(sums, 0);
        for (int e = 0; e < 4; e++) {
            int row = (i + e) * zStride + j + o;
            for (int q = 0; q < 4; q++) {
                z[row + q] = sums[LANE_OF_SIXTEEN[e * 4 + q]] + b[o + j + q];
            }
        }
        // The fifth example's four sums by the same levels: the pairs of neurons, then their pairs,
        // then each vector with itself where the other tiles pair examples.
        FloatVector t8 = c40.blend(c41, UPPER_0).add(c41.blend(c40, UPPER_0).rearrange(SWAP_0));
        FloatVector t9 = c42.blend(c43, UPPER_0).add(c43.blend(c42, UPPER_0).rearrange(SWAP_0));
        FloatVector u4 = t8.blend(t9, UPPER_1).add(t9.blend(t8, UPPER_1).rearrange(SWAP_1));
        FloatVector v4 = u4.add(u4.rearrange(SWAP_2));
        v4.add(v4.rearrange(SWAP_3)).intoArray(sums, 0);
        int row = (i + 4) * zStride + j + o;
        for (int q = 0; q < 4; q++) {
            z[row + q] = sums[LANE_OF[q]] + b[o + j + q];
        }
    }

    /** Two examples by four neurons, for the examples left over from blocks of four: 6 loads feed 8 multiply-adds. */
    private static void forward2x4(float[] a, int i, int n, float[] w, int j, float[] b, float[] z, int zStride,
                                   float[] sums, int o) {
        int w0 = o + j * n;
        int w1 = w0 + n;
        int w2 = w1 + n;
        int w3 = w2 + n;
        int a0 = o + i * n;
        int a1 = a0 + n;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        for (int k = 0; k < n; k += L) {
            FloatVector v0 = FloatVector.fromArray(S, w, w0 + k);
            FloatVector v1 = FloatVector.fromArray(S, w, w1 + k);
            FloatVector v2 = FloatVector.fromArray(S, w, w2 + k);
            FloatVector v3 = FloatVector.fromArray(S, w, w3 + k);
            FloatVector x = FloatVector.fromArray(S, a, a0 + k);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            c02 = x.fma(v2, c02);
            c03 = x.fma(v3, c03);
            x = FloatVector.fromArray(S, a, a1 + k);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            c12 = x.fma(v2, c12);
            c13 = x.fma(v3, c13);
        }
        FloatVector t0 = c00.blend(c01, UPPER_0).add(c01.blend(c00, UPPER_0).rearrange(SWAP_0));
        FloatVector t1 = c02.blend(c03, UPPER_0).add(c03.blend(c02, UPPER_0).rearrange(SWAP_0));
        FloatVector t2 = c10.blend(c11, UPPER_0).add(c11.blend(c10, UPPER_0).rearrange(SWAP_0));
        FloatVector t3 = c12.blend(c13, UPPER_0).add(c13.blend(c12, UPPER_0).rearrange(SWAP_0));
        FloatVector u0 = t0.blend(t1, UPPER_1).add(t1.blend(t0, UPPER_1).rearrange(SWAP_1));
        FloatVector u1 = t2.blend(t3, UPPER_1).add(t3.blend(t2, UPPER_1).rearrange(SWAP_1));
        FloatVector v = u0.blend(u1, UPPER_2).add(u1.blend(u0, UPPER_2).rearrange(SWAP_2));
        if (L == 16) {
            v = v.add(v.rearrange(SWAP_3));
        }
        v.intoArray(sums, 0);
        for (int e = 0; e < 2; e++) {
            int row = (i + e) * zStride + j + o;
            for (int q = 0; q < 4; q++) {
                z[row + q] = sums[LANE_OF[e * 4 + q]] + b[o + j + q];
            }
        }
    }

    /** Four examples by two neurons: per step 6 loads feed 8 multiply-adds. */
    private static void forward4x2(float[] a, int i, int n, float[] w, int j, float[] b, float[] z, int zStride,
                                   float[] sums, int o) {
        int w0 = o + j * n;
        int w1 = w0 + n;
        int a0 = o + i * n;
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
        for (int k = 0; k < n; k += L) {
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
        // The eight lane sums at once, in a fixed order ({@link LaneSums}), written out inline
        // because a call the JIT declines to inline would box every vector.
        FloatVector t0 = c00.blend(c01, UPPER_0).add(c01.blend(c00, UPPER_0).rearrange(SWAP_0));
        FloatVector t1 = c10.blend(c11, UPPER_0).add(c11.blend(c10, UPPER_0).rearrange(SWAP_0));
        FloatVector t2 = c20.blend(c21, UPPER_0).add(c21.blend(c20, UPPER_0).rearrange(SWAP_0));
        FloatVector t3 = c30.blend(c31, UPPER_0).add(c31.blend(c30, UPPER_0).rearrange(SWAP_0));
        FloatVector u0 = t0.blend(t1, UPPER_1).add(t1.blend(t0, UPPER_1).rearrange(SWAP_1));
        FloatVector u1 = t2.blend(t3, UPPER_1).add(t3.blend(t2, UPPER_1).rearrange(SWAP_1));
        FloatVector v = u0.blend(u1, UPPER_2).add(u1.blend(u0, UPPER_2).rearrange(SWAP_2));
        if (L == 16) {
            v = v.add(v.rearrange(SWAP_3));
        }
        v.intoArray(sums, 0);
        float b0 = b[o + j];
        float b1 = b[o + j + 1];
        int z0 = o + i * zStride + j;
        z[z0] = sums[LANE_OF[0]] + b0;
        z[z0 + 1] = sums[LANE_OF[1]] + b1;
        z0 += zStride;
        z[z0] = sums[LANE_OF[2]] + b0;
        z[z0 + 1] = sums[LANE_OF[3]] + b1;
        z0 += zStride;
        z[z0] = sums[LANE_OF[4]] + b0;
        z[z0 + 1] = sums[LANE_OF[5]] + b1;
        z0 += zStride;
        z[z0] = sums[LANE_OF[6]] + b0;
        z[z0 + 1] = sums[LANE_OF[7]] + b1;
    }

    private static void forward1x2(float[] a, int i, int n, float[] w, int j, float[] b, float[] z, int zStride,
                                   float[] sums, int o) {
        int w0 = o + j * n;
        int w1 = w0 + n;
        int a0 = o + i * n;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int k = 0; k < n; k += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + k);
            c0 = x.fma(FloatVector.fromArray(S, w, w0 + k), c0);
            c1 = x.fma(FloatVector.fromArray(S, w, w1 + k), c1);
        }
        FloatVector v = c0.blend(c1, UPPER_0).add(c1.blend(c0, UPPER_0).rearrange(SWAP_0));
        v = v.add(v.rearrange(SWAP_1));
        v = v.add(v.rearrange(SWAP_2));
        if (L == 16) {
            v = v.add(v.rearrange(SWAP_3));
        }
        v.intoArray(sums, 0);
        z[o + i * zStride + j] = sums[0] + b[o + j];
        z[o + i * zStride + j + 1] = sums[L / 2] + b[o + j + 1];
    }

    private static void forward1x1(float[] a, int i, int n, float[] w, int j, float[] b, float[] z, int zStride,
                                   float[] sums, int o) {
        int w0 = o + j * n;
        int a0 = o + i * n;
        FloatVector c = FloatVector.zero(S);
        for (int k = 0; k < n; k += L) {
            c = FloatVector.fromArray(S, a, a0 + k).fma(FloatVector.fromArray(S, w, w0 + k), c);
        }
        c = c.add(c.rearrange(SWAP_0));
        c = c.add(c.rearrange(SWAP_1));
        c = c.add(c.rearrange(SWAP_2));
        if (L == 16) {
            c = c.add(c.rearrange(SWAP_3));
        }
        c.intoArray(sums, 0);
        z[o + i * zStride + j] = sums[0] + b[o + j];
    }

    /**
     * A small layer, such as the book's 30-to-10 output: too few inputs for the dot products of the
     * tiles to pay for summing their lanes. Instead the neurons lie across one vector: their weights
     * are turned input-major once ({@code wt[k][j]}), and each example's weighted inputs are built up
     * input by input, {@code z_i = b + Σ_k a_ik w_k}, one broadcast and one multiply-add per input.
     * For at most {@link Kernels#SMALL_INPUTS} inputs, a whole number of vectors, and at most one
     * vector of neurons.
     */
    static void forwardSmall(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z,
                             int zStride, int o) {
        int neurons = j1 - j0;
        // The lanes past the layer's neurons are left as they are: the masked store drops them.
        float[] wt = ThreadScratch.floats(SMALL_SCRATCH, o + n * L);
        for (int j = 0; j < neurons; j++) {
            int row = o + (j0 + j) * n;
            for (int k = 0; k < n; k++) {
                wt[o + k * L + j] = w[row + k];
            }
        }
        VectorMask<Float> lanes = S.indexInRange(0, neurons);
        FloatVector bias = FloatVector.fromArray(S, b, o + j0, lanes);
        int i = 0;
        // Two examples at a time: each sum is a chain of dependent multiply-adds, and two chains
        // keep the multiply-add units busy while each waits on its last result.
        for (; i + 2 <= m; i += 2) {
            FloatVector c0 = bias;
            FloatVector c1 = bias;
            int a0 = o + i * n;
            int a1 = a0 + n;
            for (int k = 0; k < n; k++) {
                FloatVector v = FloatVector.fromArray(S, wt, o + k * L);
                c0 = FloatVector.broadcast(S, a[a0 + k]).fma(v, c0);
                c1 = FloatVector.broadcast(S, a[a1 + k]).fma(v, c1);
            }
            c0.intoArray(z, o + i * zStride + j0, lanes);
            c1.intoArray(z, o + (i + 1) * zStride + j0, lanes);
        }
        for (; i < m; i++) {
            FloatVector c = bias;
            int ai = o + i * n;
            for (int k = 0; k < n; k++) {
                c = FloatVector.broadcast(S, a[ai + k]).fma(FloatVector.fromArray(S, wt, o + k * L), c);
            }
            c.intoArray(z, o + i * zStride + j0, lanes);
        }
    }
}
