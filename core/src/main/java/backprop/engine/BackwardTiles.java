package backprop.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * BP2's sum, {@code out = d · w}: each example's error sent back through the weights. The tiles load
 * a vector of weights once for four examples, broadcasting each example's error for the neuron.
 */
final class BackwardTiles {
    private static final VectorSpecies<Float> S = LaneSums.S;
    private static final int L = S.length();
    private static final int NEURON_BLOCK = KernelTuning.BACKWARD_NEURON_BLOCK;
    private static final ThreadLocal<int[]> GATHER_ROWS = ThreadLocal.withInitial(() -> new int[L]);
    private static final ThreadLocal<float[]> PANEL_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> BACKWARD_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private BackwardTiles() {
    }

    /**
     * {@link Kernels#backward} for rows of whole vectors, in blocks of neurons whose weights stay in
     * the L1 cache ({@link KernelTuning#BACKWARD_NEURON_BLOCK}): four examples by four vectors of
     * inputs, then two vectors and one, and the examples after the blocks of four one by one.
     */
    static void backward(float[] d, int dStride, int m, float[] w, int n, int j0, int j1, float[] out, int o) {
        if (j0 >= j1) {
            java.util.Arrays.fill(out, o, o + m * n, 0f);
            return;
        }
        int blocks = m / 4;
        float[] packed = blocks > 0
                ? ThreadScratch.floats(BACKWARD_SCRATCH, blocks * 4 * Math.min(NEURON_BLOCK, j1 - j0)) : null;
        for (int jb = j0; jb < j1; jb += NEURON_BLOCK) {
            int je = Math.min(j1, jb + NEURON_BLOCK);
            int width = je - jb;
            boolean first = jb == j0;
            // The block's errors four examples at a time, neuron by neuron: packed[(i/4)*4w + 4(j-jb) + e]
            // = d[i+e][j], so that a tile finds its four broadcasts next to each other (one index for
            // the JIT to keep, instead of one per example's row).
            // Four neurons of four examples at a time are one vector, gathered (lane 4q + e from
            // d[i+e][j+q]); the neurons left over one by one.
            int[] lanes = GATHER_ROWS.get();
            for (int l = 0; l < L; l++) {
                lanes[l] = (l & 3) * dStride + (l >> 2);
            }
            int whole = width - width % (L / 4);
            for (int b = 0; b < blocks; b++) {
                int to = b * 4 * width;
                int from = o + 4 * b * dStride + jb;
                for (int q = 0; q < whole; q += L / 4) {
                    FloatVector.fromArray(S, d, from + q, lanes, 0).intoArray(packed, to + 4 * q);
                }
                for (int e = 0; e < 4; e++) {
                    for (int q = whole; q < width; q++) {
                        packed[to + 4 * q + e] = d[from + e * dStride + q];
                    }
                }
            }
            int k = 0;
            for (; k + 4 * L <= n; k += 4 * L) {
                // The block's weights for these inputs copied next to each other, so that the tiles
                // walk them at a constant stride (see backward4x4), for every block of examples.
                float[] panel = ThreadScratch.floats(PANEL_SCRATCH, o + width * 4 * L);
                for (int j = jb; j < je; j++) {
                    int from = o + j * n + k;
                    int to = o + (j - jb) * 4 * L;
                    FloatVector.fromArray(S, w, from).intoArray(panel, to);
                    FloatVector.fromArray(S, w, from + L).intoArray(panel, to + L);
                    FloatVector.fromArray(S, w, from + 2 * L).intoArray(panel, to + 2 * L);
                    FloatVector.fromArray(S, w, from + 3 * L).intoArray(panel, to + 3 * L);
                }
                for (int b = 0; b < blocks; b++) {
                    backward4x4(packed, b * 4 * width, panel, o, width, n, out, o + 4 * b * n + k, first);
                }
                for (int i = 4 * blocks; i < m; i++) {
                    for (int c = 0; c < 4 * L; c += L) {
                        backward1x1(d, dStride, i, w, n, jb, je, k + c, out, first, o);
                    }
                }
            }
            for (; k + 2 * L <= n; k += 2 * L) {
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    backward4x2(d, dStride, i, w, n, jb, je, k, out, first, o);
                }
                for (; i < m; i++) {
                    backward1x1(d, dStride, i, w, n, jb, je, k, out, first, o);
                    backward1x1(d, dStride, i, w, n, jb, je, k + L, out, first, o);
                }
            }
            for (; k < n; k += L) {
                // Four running sums at a time: one per call would wait on each multiply-add's latency.
                for (int b = 0; b < blocks; b++) {
                    backward4x1(packed, b * 4 * width, w, n, jb, je, o + k, out, o + 4 * b * n + k, first);
                }
                for (int i = 4 * blocks; i < m; i++) {
                    backward1x1(d, dStride, i, w, n, jb, je, k, out, first, o);
                }
            }
        }
    }

    /** Four examples by the one vector of inputs left after the blocks: four independent sums. */
    private static void backward4x1(float[] packed, int p0, float[] w, int n, int j0, int j1, int k, float[] out,
                                    int o, boolean first) {
        int o1 = o + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        FloatVector c0 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, out, o);
        FloatVector c1 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, out, o1);
        FloatVector c2 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, out, o2);
        FloatVector c3 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, out, o3);
        int p = p0;
        int wj = j0 * n + k;
        for (int j = j0; j < j1; j++) {
            FloatVector v = FloatVector.fromArray(S, w, wj);
            c0 = FloatVector.broadcast(S, packed[p]).fma(v, c0);
            c1 = FloatVector.broadcast(S, packed[p + 1]).fma(v, c1);
            c2 = FloatVector.broadcast(S, packed[p + 2]).fma(v, c2);
            c3 = FloatVector.broadcast(S, packed[p + 3]).fma(v, c3);
            p += 4;
            wj += n;
        }
        c0.intoArray(out, o);
        c1.intoArray(out, o1);
        c2.intoArray(out, o2);
        c3.intoArray(out, o3);
    }

    /**
     * Four examples by four vectors of inputs, over one block of neurons: per neuron, 4 weight loads
     * (from the block's panel, {@code panel[64j ..]} for its j-th neuron) and 4 broadcasts (from
     * {@code packed[p0 + 4j ..]}) feed 16 multiply-adds. Both indices are the loop's counter times a
     * constant, so the JIT checks bounds once before the loop rather than at every load. The first
     * block starts from zero, later ones add on; {@code o} is where the first example's sums go.
     */
    private static void backward4x4(float[] packed, int p0, float[] panel, int pb, int neurons, int n, float[] out, int o,
                                    boolean first) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c02;
        FloatVector c03;
        FloatVector c10;
        FloatVector c11;
        FloatVector c12;
        FloatVector c13;
        FloatVector c20;
        FloatVector c21;
        FloatVector c22;
        FloatVector c23;
        FloatVector c30;
        FloatVector c31;
        FloatVector c32;
        FloatVector c33;
        int o1 = o + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        if (first) {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c02 = c00;
            c03 = c00;
            c10 = c00;
            c11 = c00;
            c12 = c00;
            c13 = c00;
            c20 = c00;
            c21 = c00;
            c22 = c00;
            c23 = c00;
            c30 = c00;
            c31 = c00;
            c32 = c00;
            c33 = c00;
        } else {
            c00 = FloatVector.fromArray(S, out, o);
            c01 = FloatVector.fromArray(S, out, o + L);
            c02 = FloatVector.fromArray(S, out, o + 2 * L);
            c03 = FloatVector.fromArray(S, out, o + 3 * L);
            c10 = FloatVector.fromArray(S, out, o1);
            c11 = FloatVector.fromArray(S, out, o1 + L);
            c12 = FloatVector.fromArray(S, out, o1 + 2 * L);
            c13 = FloatVector.fromArray(S, out, o1 + 3 * L);
            c20 = FloatVector.fromArray(S, out, o2);
            c21 = FloatVector.fromArray(S, out, o2 + L);
            c22 = FloatVector.fromArray(S, out, o2 + 2 * L);
            c23 = FloatVector.fromArray(S, out, o2 + 3 * L);
            c30 = FloatVector.fromArray(S, out, o3);
            c31 = FloatVector.fromArray(S, out, o3 + L);
            c32 = FloatVector.fromArray(S, out, o3 + 2 * L);
            c33 = FloatVector.fromArray(S, out, o3 + 3 * L);
        }
        for (int j = 0; j < neurons; j++) {
            int wj = pb + j * (4 * L);
            int p = p0 + 4 * j;
            FloatVector v0 = FloatVector.fromArray(S, panel, wj);
            FloatVector v1 = FloatVector.fromArray(S, panel, wj + L);
            FloatVector v2 = FloatVector.fromArray(S, panel, wj + 2 * L);
            FloatVector v3 = FloatVector.fromArray(S, panel, wj + 3 * L);
            FloatVector s = FloatVector.broadcast(S, packed[p]);
            c00 = s.fma(v0, c00);
            c01 = s.fma(v1, c01);
            c02 = s.fma(v2, c02);
            c03 = s.fma(v3, c03);
            s = FloatVector.broadcast(S, packed[p + 1]);
            c10 = s.fma(v0, c10);
            c11 = s.fma(v1, c11);
            c12 = s.fma(v2, c12);
            c13 = s.fma(v3, c13);
            s = FloatVector.broadcast(S, packed[p + 2]);
            c20 = s.fma(v0, c20);
            c21 = s.fma(v1, c21);
            c22 = s.fma(v2, c22);
            c23 = s.fma(v3, c23);
            s = FloatVector.broadcast(S, packed[p + 3]);
            c30 = s.fma(v0, c30);
            c31 = s.fma(v1, c31);
            c32 = s.fma(v2, c32);
            c33 = s.fma(v3, c33);
        }
        c00.intoArray(out, o);
        c01.intoArray(out, o + L);
        c02.intoArray(out, o + 2 * L);
        c03.intoArray(out, o + 3 * L);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + L);
        c12.intoArray(out, o1 + 2 * L);
        c13.intoArray(out, o1 + 3 * L);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + L);
        c22.intoArray(out, o2 + 2 * L);
        c23.intoArray(out, o2 + 3 * L);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + L);
        c32.intoArray(out, o3 + 2 * L);
        c33.intoArray(out, o3 + 3 * L);
    }

    /**
     * Four examples by two vectors of inputs, over one block of neurons: per neuron, 2 weight loads
     * and 4 broadcasts feed 8 multiply-adds. The first block starts from zero, later ones add on.
     */
    static void backward4x2(float[] d, int dStride, int i, float[] w, int n, int j0, int j1, int k,
                                    float[] out, boolean first, int org) {
        int o = org + i * n + k;
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        if (first) {
            c00 = FloatVector.zero(S);
            c01 = FloatVector.zero(S);
            c10 = FloatVector.zero(S);
            c11 = FloatVector.zero(S);
            c20 = FloatVector.zero(S);
            c21 = FloatVector.zero(S);
            c30 = FloatVector.zero(S);
            c31 = FloatVector.zero(S);
        } else {
            c00 = FloatVector.fromArray(S, out, o);
            c01 = FloatVector.fromArray(S, out, o + L);
            c10 = FloatVector.fromArray(S, out, o + n);
            c11 = FloatVector.fromArray(S, out, o + n + L);
            c20 = FloatVector.fromArray(S, out, o + 2 * n);
            c21 = FloatVector.fromArray(S, out, o + 2 * n + L);
            c30 = FloatVector.fromArray(S, out, o + 3 * n);
            c31 = FloatVector.fromArray(S, out, o + 3 * n + L);
        }
        int d0 = org + i * dStride;
        for (int j = j0; j < j1; j++) {
            int wj = org + j * n + k;
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
        c00.intoArray(out, o);
        c01.intoArray(out, o + L);
        c10.intoArray(out, o + n);
        c11.intoArray(out, o + n + L);
        c20.intoArray(out, o + 2 * n);
        c21.intoArray(out, o + 2 * n + L);
        c30.intoArray(out, o + 3 * n);
        c31.intoArray(out, o + 3 * n + L);
    }

    static void backward1x1(float[] d, int dStride, int i, float[] w, int n, int j0, int j1, int k,
                                    float[] out, boolean first, int org) {
        int o = org + i * n + k;
        FloatVector c = first ? FloatVector.zero(S) : FloatVector.fromArray(S, out, o);
        int di = org + i * dStride;
        for (int j = j0; j < j1; j++) {
            c = FloatVector.broadcast(S, d[di + j]).fma(FloatVector.fromArray(S, w, org + j * n + k), c);
        }
        c.intoArray(out, o);
    }
}
