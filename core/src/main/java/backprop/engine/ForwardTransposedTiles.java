package backprop.engine;

import jdk.incubator.vector.FloatVector;

import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass for a large batch through a wide layer ({@link KernelTuning#transposedForward}),
 * as BLAS libraries compute a matrix product: on the batch transposed, in tiles of 32 examples by
 * 12 neurons.
 */
final class ForwardTransposedTiles {
    private static final VectorSpecies<Float> S = LaneSums.S;
    private static final int L = S.length();
    private static final int PANEL_INPUTS = KernelTuning.PANEL_INPUTS;
    private static final ThreadLocal<float[]> TRANSPOSED_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> TILE_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PANEL_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<int[]> GATHER_ROWS = ThreadLocal.withInitial(() -> new int[L]);

    private ForwardTransposedTiles() {
    }

    /**
     * The forward pass for a large batch, as BLAS libraries compute a matrix product: the batch is
     * first transposed so that an input's values for consecutive examples lie next to each other, and
     * a tile of 32 examples by 12 neurons keeps its 24 running sums in registers while it walks the
     * inputs, one weight broadcast and two loads of examples per input feeding 24 multiply-adds. The
     * dot products of {@link ForwardTiles} need a load per two multiply-adds and a sum over lanes at
     * the end, and stream the whole batch from the L2 cache for every four neurons. Each sum runs over
     * the inputs in order, in one lane, so a neuron's result does not depend on the tile it falls in,
     * nor on how threads share the neurons.
     */
    static void forward(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride,
                        int o) {
        int block = 2 * L;
        int mp = (m + block - 1) / block * block;
        float[] at = ThreadScratch.floats(TRANSPOSED_SCRATCH, o + n * mp);
        transpose(a, m, n, at, mp, o);
        float[] sums = ThreadScratch.floats(TILE_SCRATCH, o + mp * 12);
        float[] panel = ThreadScratch.floats(PANEL_SCRATCH, 12 * PANEL_INPUTS);
        for (int j = j0; j < j1; ) {
            int width = Math.min(12, j1 - j);
            for (int k0 = 0; k0 < n; k0 += PANEL_INPUTS) {
                int inputs = Math.min(n - k0, PANEL_INPUTS);
                // The tile's weights for these inputs, row q at panel[q * PANEL_INPUTS]: one index
                // and constant offsets for the JIT instead of twelve row indices, which it spills.
                // The last tile of a range may have fewer neurons: its other rows are zeros, and
                // their sums are computed and never stored.
                for (int q = 0; q < 12; q++) {
                    if (q < width) {
                        System.arraycopy(w, o + (j + q) * n + k0, panel, q * PANEL_INPUTS, inputs);
                    } else {
                        java.util.Arrays.fill(panel, q * PANEL_INPUTS, q * PANEL_INPUTS + inputs, 0f);
                    }
                }
                boolean first = k0 == 0;
                for (int i = 0; i < mp; i += block) {
                    forward32x12(at, o + i * n + k0 * block, panel, inputs, sums, o + i * 12, first);
                }
            }
            // A block of 32 examples holds neuron j+q's sums at [q*32, q*32 + 32).
            for (int i = 0; i < m; i++) {
                int from = o + (i - i % block) * 12 + i % block;
                int to = o + i * zStride + j;
                for (int q = 0; q < width; q++) {
                    z[to + q] = sums[from + q * block] + b[o + j + q];
                }
            }
            j += width;
        }
    }

    /**
     * The batch transposed in blocks of 32 examples: {@code at[i0*n + 32k + e] = a[(i0+e)*n + k]} for
     * the block starting at example {@code i0}, so that a tile walks its block with a constant
     * stride; the lanes after the {@code m} examples, up to {@code mp}, repeat the last one (their
     * sums are never stored). Each vector is gathered from sixteen rows of {@code a} at once, not
     * moved float by float.
     */
    private static void transpose(float[] a, int m, int n, float[] at, int mp, int o) {
        int block = 2 * L;
        int[] rows = GATHER_ROWS.get();
        for (int i0 = 0; i0 < mp; i0 += L) {
            // One way for full, partial and empty vectors of examples: a branch first taken by an
            // epoch's last, smaller batch would make the JIT recompile this method mid-training.
            for (int e = 0; e < L; e++) {
                rows[e] = (Math.min(i0 + e, m - 1) - i0) * n;
            }
            int from = o + i0 * n;
            int to = o + (i0 - i0 % block) * n + i0 % block;
            for (int k = 0; k < n; k++) {
                FloatVector.fromArray(S, a, from + k, rows, 0).intoArray(at, to + k * block);
            }
        }
    }

    /** Thirty-two examples (two vectors) by twelve neurons: per input 2 loads and 12 broadcasts feed 24 multiply-adds. */
    private static void forward32x12(float[] at, int start, float[] panel, int inputs, float[] sums, int s0,
                                     boolean first) {
        FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0);
        FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 1 * L);
        FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 2 * L);
        FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 3 * L);
        FloatVector c02 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 4 * L);
        FloatVector c12 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 5 * L);
        FloatVector c03 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 6 * L);
        FloatVector c13 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 7 * L);
        FloatVector c04 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 8 * L);
        FloatVector c14 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 9 * L);
        FloatVector c05 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 10 * L);
        FloatVector c15 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 11 * L);
        FloatVector c06 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 12 * L);
        FloatVector c16 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 13 * L);
        FloatVector c07 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 14 * L);
        FloatVector c17 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 15 * L);
        FloatVector c08 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 16 * L);
        FloatVector c18 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 17 * L);
        FloatVector c09 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 18 * L);
        FloatVector c19 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 19 * L);
        FloatVector c0a = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 20 * L);
        FloatVector c1a = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 21 * L);
        FloatVector c0b = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 22 * L);
        FloatVector c1b = first ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, s0 + 23 * L);
        for (int k = 0; k < inputs; k++) {
            FloatVector x0 = FloatVector.fromArray(S, at, start + k * (2 * L));
            FloatVector x1 = FloatVector.fromArray(S, at, start + k * (2 * L) + L);
            FloatVector v0 = FloatVector.broadcast(S, panel[k]);
            c00 = x0.fma(v0, c00);
            c10 = x1.fma(v0, c10);
            FloatVector v1 = FloatVector.broadcast(S, panel[k + 1 * PANEL_INPUTS]);
            c01 = x0.fma(v1, c01);
            c11 = x1.fma(v1, c11);
            FloatVector v2 = FloatVector.broadcast(S, panel[k + 2 * PANEL_INPUTS]);
            c02 = x0.fma(v2, c02);
            c12 = x1.fma(v2, c12);
            FloatVector v3 = FloatVector.broadcast(S, panel[k + 3 * PANEL_INPUTS]);
            c03 = x0.fma(v3, c03);
            c13 = x1.fma(v3, c13);
            FloatVector v4 = FloatVector.broadcast(S, panel[k + 4 * PANEL_INPUTS]);
            c04 = x0.fma(v4, c04);
            c14 = x1.fma(v4, c14);
            FloatVector v5 = FloatVector.broadcast(S, panel[k + 5 * PANEL_INPUTS]);
            c05 = x0.fma(v5, c05);
            c15 = x1.fma(v5, c15);
            FloatVector v6 = FloatVector.broadcast(S, panel[k + 6 * PANEL_INPUTS]);
            c06 = x0.fma(v6, c06);
            c16 = x1.fma(v6, c16);
            FloatVector v7 = FloatVector.broadcast(S, panel[k + 7 * PANEL_INPUTS]);
            c07 = x0.fma(v7, c07);
            c17 = x1.fma(v7, c17);
            FloatVector v8 = FloatVector.broadcast(S, panel[k + 8 * PANEL_INPUTS]);
            c08 = x0.fma(v8, c08);
            c18 = x1.fma(v8, c18);
            FloatVector v9 = FloatVector.broadcast(S, panel[k + 9 * PANEL_INPUTS]);
            c09 = x0.fma(v9, c09);
            c19 = x1.fma(v9, c19);
            FloatVector va = FloatVector.broadcast(S, panel[k + 10 * PANEL_INPUTS]);
            c0a = x0.fma(va, c0a);
            c1a = x1.fma(va, c1a);
            FloatVector vb = FloatVector.broadcast(S, panel[k + 11 * PANEL_INPUTS]);
            c0b = x0.fma(vb, c0b);
            c1b = x1.fma(vb, c1b);
        }
        c00.intoArray(sums, s0);
        c10.intoArray(sums, s0 + 1 * L);
        c01.intoArray(sums, s0 + 2 * L);
        c11.intoArray(sums, s0 + 3 * L);
        c02.intoArray(sums, s0 + 4 * L);
        c12.intoArray(sums, s0 + 5 * L);
        c03.intoArray(sums, s0 + 6 * L);
        c13.intoArray(sums, s0 + 7 * L);
        c04.intoArray(sums, s0 + 8 * L);
        c14.intoArray(sums, s0 + 9 * L);
        c05.intoArray(sums, s0 + 10 * L);
        c15.intoArray(sums, s0 + 11 * L);
        c06.intoArray(sums, s0 + 12 * L);
        c16.intoArray(sums, s0 + 13 * L);
        c07.intoArray(sums, s0 + 14 * L);
        c17.intoArray(sums, s0 + 15 * L);
        c08.intoArray(sums, s0 + 16 * L);
        c18.intoArray(sums, s0 + 17 * L);
        c09.intoArray(sums, s0 + 18 * L);
        c19.intoArray(sums, s0 + 19 * L);
        c0a.intoArray(sums, s0 + 20 * L);
        c1a.intoArray(sums, s0 + 21 * L);
        c0b.intoArray(sums, s0 + 22 * L);
        c1b.intoArray(sums, s0 + 23 * L);
    }
}
