package backprop.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatrixKernels} with the JDK Vector API, register-blocked so that each load feeds several
 * multiply-adds (the CPU does two multiply-adds per cycle but only about two loads): the broadcast
 * product keeps a tile of four rows by two vectors of {@code c} in registers for the whole inner
 * loop, so one pair of loads from {@code b} serves eight multiply-adds; the dot products keep two
 * rows of {@code a} against four rows of {@code b}, six loads for eight. Partial vectors at the end
 * of a row are masked, so no array needs padding.
 */
final class VectorMatrixKernels implements MatrixKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Vectors of 8 floats, for short runs ({@link #copyRuns}). */
    private static final VectorSpecies<Float> EIGHT = FloatVector.SPECIES_256;
    /** Whether the five-by-four dot-product tile fits the registers: 29 vectors live, 32 registers with AVX-512. */
    private static final boolean FIVE_ROW_TILES = L == 16;
    /** Vectors of closing sums the largest dot-product tile hands to {@link #addLaneSums}. */
    private static final int TILE_SUMS = 20;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    /** Lane i holds i, for {@link #maxPool2x2}'s input indices. */
    private static final Vector<Integer> LANE_INDEX = IntVector.zero(I).addIndex(1);
    /** Lane i takes lane 2i (and the odd lanes fill the upper half, unused). */
    private static final VectorShuffle<Float> EVENS_FIRST = VectorShuffle.fromOp(S, i -> i < L / 2 ? 2 * i : 2 * (i - L / 2) + 1);
    private static final VectorShuffle<Integer> EVENS_FIRST_INT = EVENS_FIRST.cast(I);
    /** For {@link #sum}: lane i takes lane i + L/2, i + L/4, ... (constants, so that the JIT makes each one instruction). */
    private static final VectorShuffle<Float> HALF = fold(L / 2);
    private static final VectorShuffle<Float> QUARTER = fold(L / 4);
    private static final VectorShuffle<Float> EIGHTH = fold(L / 8);
    private static final VectorShuffle<Float> SIXTEENTH = fold(L / 16);

    private static VectorShuffle<Float> fold(int width) {
        return VectorShuffle.fromOp(S, i -> (i + width) % L);
    }

    /**
     * The sum of the lanes, always in the same order (halves added, then quarters...):
     * {@code reduceLanes(ADD)} leaves the order open, and it differs between the JIT's code and the
     * interpreter's, which would make the weights depend on when the JIT compiled the kernels.
     */
    private static float sum(FloatVector v) {
        if (L >= 2) {
            v = v.add(v.rearrange(HALF));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(QUARTER));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(EIGHTH));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(SIXTEENTH));
        }
        if (L > 16) {
            throw new AssertionError("vectors of more than 16 floats");
        }
        return v.lane(0);
    }

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + " bits)";
    }

    @Override
    public void multiplyAdd(int m, int n, int inner, float[] a, int aOffset, int aRow, int aColumn,
                            float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow) {
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            int i = 0;
            for (; m % 5 == 0 && i + 5 <= m; i += 5) {
                broadcast5x2(inner, a, aOffset + i * aRow, aRow, aColumn, b, bOffset + j, bRow, c,
                        cOffset + i * cRow + j, cRow);
            }
            for (; i + 4 <= m; i += 4) {
                broadcast4x2(inner, a, aOffset + i * aRow, aRow, aColumn, b, bOffset + j, bRow, c,
                        cOffset + i * cRow + j, cRow);
            }
            for (; i < m; i++) {
                broadcast1x2(inner, a, aOffset + i * aRow, aColumn, b, bOffset + j, bRow, c, cOffset + i * cRow + j);
            }
        }
        for (; j < n; j += L) {
            VectorMask<Float> lanes = S.indexInRange(j, n);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                broadcast4x1(inner, a, aOffset + i * aRow, aRow, aColumn, b, bOffset + j, bRow, c,
                        cOffset + i * cRow + j, cRow, lanes);
            }
            for (; i < m; i++) {
                broadcast1x1(inner, a, aOffset + i * aRow, aColumn, b, bOffset + j, bRow, c, cOffset + i * cRow + j,
                        lanes);
            }
        }
    }

    /**
     * Five rows of {@code c} by two vectors: network3's parts of five examples in one pass over
     * {@code b} (a fully connected layer's weights in BP2), where four rows and then one streamed
     * it twice. Each sum still runs over {@code k} in order from {@code c}'s value, as in every tile.
     */
    private static void broadcast5x2(int inner, float[] a, int a0, int aRow, int aColumn, float[] b, int b0, int bRow,
                                     float[] c, int c0, int cRow) {
        int c1 = c0 + cRow;
        int c2 = c1 + cRow;
        int c3 = c2 + cRow;
        int c4 = c3 + cRow;
        FloatVector s00 = FloatVector.fromArray(S, c, c0);
        FloatVector s01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector s10 = FloatVector.fromArray(S, c, c1);
        FloatVector s11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector s20 = FloatVector.fromArray(S, c, c2);
        FloatVector s21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector s30 = FloatVector.fromArray(S, c, c3);
        FloatVector s31 = FloatVector.fromArray(S, c, c3 + L);
        FloatVector s40 = FloatVector.fromArray(S, c, c4);
        FloatVector s41 = FloatVector.fromArray(S, c, c4 + L);
        for (int k = 0; k < inner; k++) {
            int bk = b0 + k * bRow;
            FloatVector x0 = FloatVector.fromArray(S, b, bk);
            FloatVector x1 = FloatVector.fromArray(S, b, bk + L);
            int ak = a0 + k * aColumn;
            FloatVector w = FloatVector.broadcast(S, a[ak]);
            s00 = w.fma(x0, s00);
            s01 = w.fma(x1, s01);
            w = FloatVector.broadcast(S, a[ak + aRow]);
            s10 = w.fma(x0, s10);
            s11 = w.fma(x1, s11);
            w = FloatVector.broadcast(S, a[ak + 2 * aRow]);
            s20 = w.fma(x0, s20);
            s21 = w.fma(x1, s21);
            w = FloatVector.broadcast(S, a[ak + 3 * aRow]);
            s30 = w.fma(x0, s30);
            s31 = w.fma(x1, s31);
            w = FloatVector.broadcast(S, a[ak + 4 * aRow]);
            s40 = w.fma(x0, s40);
            s41 = w.fma(x1, s41);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s40.intoArray(c, c4);
        s41.intoArray(c, c4 + L);
    }

    private static void broadcast4x2(int inner, float[] a, int a0, int aRow, int aColumn, float[] b, int b0, int bRow,
                                     float[] c, int c0, int cRow) {
        int c1 = c0 + cRow;
        int c2 = c1 + cRow;
        int c3 = c2 + cRow;
        FloatVector s00 = FloatVector.fromArray(S, c, c0);
        FloatVector s01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector s10 = FloatVector.fromArray(S, c, c1);
        FloatVector s11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector s20 = FloatVector.fromArray(S, c, c2);
        FloatVector s21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector s30 = FloatVector.fromArray(S, c, c3);
        FloatVector s31 = FloatVector.fromArray(S, c, c3 + L);
        for (int k = 0; k < inner; k++) {
            int bk = b0 + k * bRow;
            FloatVector x0 = FloatVector.fromArray(S, b, bk);
            FloatVector x1 = FloatVector.fromArray(S, b, bk + L);
            int ak = a0 + k * aColumn;
            FloatVector w = FloatVector.broadcast(S, a[ak]);
            s00 = w.fma(x0, s00);
            s01 = w.fma(x1, s01);
            w = FloatVector.broadcast(S, a[ak + aRow]);
            s10 = w.fma(x0, s10);
            s11 = w.fma(x1, s11);
            w = FloatVector.broadcast(S, a[ak + 2 * aRow]);
            s20 = w.fma(x0, s20);
            s21 = w.fma(x1, s21);
            w = FloatVector.broadcast(S, a[ak + 3 * aRow]);
            s30 = w.fma(x0, s30);
            s31 = w.fma(x1, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
    }

    private static void broadcast4x1(int inner, float[] a, int a0, int aRow, int aColumn, float[] b, int b0, int bRow,
                                     float[] c, int c0, int cRow, VectorMask<Float> lanes) {
        int c1 = c0 + cRow;
        int c2 = c1 + cRow;
        int c3 = c2 + cRow;
        FloatVector s0 = FloatVector.fromArray(S, c, c0, lanes);
        FloatVector s1 = FloatVector.fromArray(S, c, c1, lanes);
        FloatVector s2 = FloatVector.fromArray(S, c, c2, lanes);
        FloatVector s3 = FloatVector.fromArray(S, c, c3, lanes);
        for (int k = 0; k < inner; k++) {
            FloatVector x = FloatVector.fromArray(S, b, b0 + k * bRow, lanes);
            int ak = a0 + k * aColumn;
            s0 = FloatVector.broadcast(S, a[ak]).fma(x, s0);
            s1 = FloatVector.broadcast(S, a[ak + aRow]).fma(x, s1);
            s2 = FloatVector.broadcast(S, a[ak + 2 * aRow]).fma(x, s2);
            s3 = FloatVector.broadcast(S, a[ak + 3 * aRow]).fma(x, s3);
        }
        s0.intoArray(c, c0, lanes);
        s1.intoArray(c, c1, lanes);
        s2.intoArray(c, c2, lanes);
        s3.intoArray(c, c3, lanes);
    }

    private static void broadcast1x2(int inner, float[] a, int a0, int aColumn, float[] b, int b0, int bRow,
                                     float[] c, int c0) {
        FloatVector s0 = FloatVector.fromArray(S, c, c0);
        FloatVector s1 = FloatVector.fromArray(S, c, c0 + L);
        for (int k = 0; k < inner; k++) {
            int bk = b0 + k * bRow;
            FloatVector w = FloatVector.broadcast(S, a[a0 + k * aColumn]);
            s0 = w.fma(FloatVector.fromArray(S, b, bk), s0);
            s1 = w.fma(FloatVector.fromArray(S, b, bk + L), s1);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c0 + L);
    }

    private static void broadcast1x1(int inner, float[] a, int a0, int aColumn, float[] b, int b0, int bRow,
                                     float[] c, int c0, VectorMask<Float> lanes) {
        FloatVector s = FloatVector.fromArray(S, c, c0, lanes);
        for (int k = 0; k < inner; k++) {
            FloatVector w = FloatVector.broadcast(S, a[a0 + k * aColumn]);
            s = w.fma(FloatVector.fromArray(S, b, b0 + k * bRow, lanes), s);
        }
        s.intoArray(c, c0, lanes);
    }

    /**
     * Three vectors wide where more than two are left, so that a row of 40 (network3's second layer
     * of filters) takes one tile of 16, 16 and 8 lanes instead of two full vectors and a half-empty
     * pass of its own; one vector at a time for the rest. Rows of {@code b} are read in whole
     * vectors, past {@code n} into the next row or the spare floats after the last (the lanes past
     * {@code n} are never stored): a masked load inside the loop ran at a quarter of the speed.
     */
    @Override
    public void multiplyAddGathered(int m, int n, int inner, float[] a, int[] rowStart, int[] innerOffset,
                                    float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow) {
        if (m == 0 || n == 0 || inner == 0) {
            return;
        }
        int wholeVectors = (n + L - 1) / L * L;
        if (bOffset + (inner - 1) * bRow + wholeVectors > b.length) {
            throw new IllegalArgumentException("b needs " + (wholeVectors - n)
                    + " spare floats after its last row, as the kernels read it in whole vectors");
        }
        int j = 0;
        for (; n - j > 2 * L; j += 3 * L) {
            VectorMask<Float> last = S.indexInRange(j + 2 * L, n);
            for (int i = 0; i < m; i += 4) {
                gathered4x3(Math.min(4, m - i), inner, a, rowStart, i, innerOffset, b, bOffset + j, bRow, c,
                        cOffset + i * cRow + j, cRow, last);
            }
        }
        for (; j < n; j += L) {
            VectorMask<Float> lanes = S.indexInRange(j, n);
            for (int i = 0; i < m; i += 4) {
                gathered4x1(Math.min(4, m - i), inner, a, rowStart, i, innerOffset, b, bOffset + j, bRow, c,
                        cOffset + i * cRow + j, cRow, lanes);
            }
        }
    }

    /**
     * Up to four rows of {@code c} by three vectors (the third masked by {@code last}); with fewer
     * than four rows the missing ones repeat the last row's reads and are not stored. Eight rows
     * (24 sums) ran 1.45 times as fast in a loop of its own, but the JIT's first compiler gave up on
     * the method ("out of virtual registers"), which then ran interpreted for whole epochs.
     */
    private static void gathered4x3(int rows, int inner, float[] a, int[] rowStart, int i, int[] innerOffset,
                                    float[] b, int b0, int bRow, float[] c, int c0, int cRow,
                                    VectorMask<Float> last) {
        int r0 = rowStart[i];
        int r1 = rowStart[i + Math.min(1, rows - 1)];
        int r2 = rowStart[i + Math.min(2, rows - 1)];
        int r3 = rowStart[i + Math.min(3, rows - 1)];
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s22 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        FloatVector s32 = FloatVector.zero(S);
        for (int k = 0; k < inner; k++) {
            int bk = b0 + k * bRow;
            FloatVector x0 = FloatVector.fromArray(S, b, bk);
            FloatVector x1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector x2 = FloatVector.fromArray(S, b, bk + 2 * L);
            int o = innerOffset[k];
            FloatVector w = FloatVector.broadcast(S, a[r0 + o]);
            s00 = w.fma(x0, s00);
            s01 = w.fma(x1, s01);
            s02 = w.fma(x2, s02);
            w = FloatVector.broadcast(S, a[r1 + o]);
            s10 = w.fma(x0, s10);
            s11 = w.fma(x1, s11);
            s12 = w.fma(x2, s12);
            w = FloatVector.broadcast(S, a[r2 + o]);
            s20 = w.fma(x0, s20);
            s21 = w.fma(x1, s21);
            s22 = w.fma(x2, s22);
            w = FloatVector.broadcast(S, a[r3 + o]);
            s30 = w.fma(x0, s30);
            s31 = w.fma(x1, s31);
            s32 = w.fma(x2, s32);
        }
        // Written out, not a helper taking the sums: passed to a call, the JIT boxed them in every iteration.
        int c1 = c0 + cRow;
        int c2 = c1 + cRow;
        int c3 = c2 + cRow;
        FloatVector.fromArray(S, c, c0).add(s00).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(s01).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + 2 * L, last).add(s02).intoArray(c, c0 + 2 * L, last);
        if (rows > 1) {
            FloatVector.fromArray(S, c, c1).add(s10).intoArray(c, c1);
            FloatVector.fromArray(S, c, c1 + L).add(s11).intoArray(c, c1 + L);
            FloatVector.fromArray(S, c, c1 + 2 * L, last).add(s12).intoArray(c, c1 + 2 * L, last);
        }
        if (rows > 2) {
            FloatVector.fromArray(S, c, c2).add(s20).intoArray(c, c2);
            FloatVector.fromArray(S, c, c2 + L).add(s21).intoArray(c, c2 + L);
            FloatVector.fromArray(S, c, c2 + 2 * L, last).add(s22).intoArray(c, c2 + 2 * L, last);
        }
        if (rows > 3) {
            FloatVector.fromArray(S, c, c3).add(s30).intoArray(c, c3);
            FloatVector.fromArray(S, c, c3 + L).add(s31).intoArray(c, c3 + L);
            FloatVector.fromArray(S, c, c3 + 2 * L, last).add(s32).intoArray(c, c3 + 2 * L, last);
        }
    }

    private static void gathered4x1(int rows, int inner, float[] a, int[] rowStart, int i, int[] innerOffset,
                                    float[] b, int b0, int bRow, float[] c, int c0, int cRow,
                                    VectorMask<Float> lanes) {
        int r0 = rowStart[i];
        int r1 = rowStart[i + Math.min(1, rows - 1)];
        int r2 = rowStart[i + Math.min(2, rows - 1)];
        int r3 = rowStart[i + Math.min(3, rows - 1)];
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        for (int k = 0; k < inner; k++) {
            FloatVector x = FloatVector.fromArray(S, b, b0 + k * bRow);
            int o = innerOffset[k];
            s0 = FloatVector.broadcast(S, a[r0 + o]).fma(x, s0);
            s1 = FloatVector.broadcast(S, a[r1 + o]).fma(x, s1);
            s2 = FloatVector.broadcast(S, a[r2 + o]).fma(x, s2);
            s3 = FloatVector.broadcast(S, a[r3 + o]).fma(x, s3);
        }
        FloatVector.fromArray(S, c, c0, lanes).add(s0).intoArray(c, c0, lanes);
        if (rows > 1) {
            FloatVector.fromArray(S, c, c0 + cRow, lanes).add(s1).intoArray(c, c0 + cRow, lanes);
        }
        if (rows > 2) {
            FloatVector.fromArray(S, c, c0 + 2 * cRow, lanes).add(s2).intoArray(c, c0 + 2 * cRow, lanes);
        }
        if (rows > 3) {
            FloatVector.fromArray(S, c, c0 + 3 * cRow, lanes).add(s3).intoArray(c, c0 + 3 * cRow, lanes);
        }
    }

    @Override
    public void multiplyTransposedAdd(int m, int n, int inner, float[] a, int aOffset, int aRow,
                                      float[] b, int bOffset, int bRow, float[] c, int cOffset, int cRow) {
        if ((long) n * bRow > (long) m * aRow) {
            multiplyTransposedAddStreamingB(m, n, inner, a, aOffset, aRow, b, bOffset, bRow, c, cOffset, cRow);
            return;
        }
        float[] sums = new float[TILE_SUMS * L];
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                dot2x4(inner, a, aOffset + i * aRow, aRow, b, bOffset + j * bRow, bRow, c, cOffset + i * cRow + j, cRow,
                        sums);
            }
            for (; j < n; j++) {
                addDot(inner, a, aOffset + i * aRow, b, bOffset + j * bRow, c, cOffset + i * cRow + j);
                addDot(inner, a, aOffset + (i + 1) * aRow, b, bOffset + j * bRow, c, cOffset + (i + 1) * cRow + j);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                addDot(inner, a, aOffset + i * aRow, b, bOffset + j * bRow, c, cOffset + i * cRow + j);
            }
        }
    }

    /**
     * The same sums with {@code b}'s rows in the outer loop, for a {@code b} larger than {@code a}
     * (a fully connected layer's weights against a few examples): four rows of {@code b} meet every
     * row of {@code a} while they are in cache, so {@code b} streams through memory once instead of
     * once for every two rows of {@code a} (three times for network3's parts of five examples, from a
     * 1000x1000 layer's 4 MB). Every sum is the one {@link #addDot} gives, so the order changes no float.
     */
    private static void multiplyTransposedAddStreamingB(int m, int n, int inner, float[] a, int aOffset, int aRow,
                                                        float[] b, int bOffset, int bRow, float[] c, int cOffset,
                                                        int cRow) {
        float[] sums = new float[TILE_SUMS * L];
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            int i = 0;
            for (; FIVE_ROW_TILES && i + 5 <= m; i += 5) {
                dot5x4(inner, a, aOffset + i * aRow, aRow, b, bOffset + j * bRow, bRow, c, cOffset + i * cRow + j, cRow,
                        sums);
            }
            for (; i + 2 <= m; i += 2) {
                dot2x4(inner, a, aOffset + i * aRow, aRow, b, bOffset + j * bRow, bRow, c, cOffset + i * cRow + j, cRow,
                        sums);
            }
            if (i < m) {
                dot1x4(inner, a, aOffset + i * aRow, b, bOffset + j * bRow, bRow, c, cOffset + i * cRow + j, sums);
            }
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                addDot(inner, a, aOffset + i * aRow, b, bOffset + j * bRow, c, cOffset + i * cRow + j);
            }
        }
    }

    /**
     * Five rows of {@code a} by four of {@code b}: twenty sums in registers, nine loads feeding twenty
     * multiply-adds (the two-by-four tile needs six for eight); each sum is still the one {@link #addDot}
     * gives. Needs the 32 vector registers of AVX-512 ({@link #FIVE_ROW_TILES}).
     */
    private static void dot5x4(int inner, float[] a, int a0, int aRow, float[] b, int b0, int bRow,
                               float[] c, int c0, int cRow, float[] sums) {
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        int a4 = a3 + aRow;
        int b1 = b0 + bRow;
        int b2 = b1 + bRow;
        int b3 = b2 + bRow;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s22 = FloatVector.zero(S);
        FloatVector s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        FloatVector s32 = FloatVector.zero(S);
        FloatVector s33 = FloatVector.zero(S);
        FloatVector s40 = FloatVector.zero(S);
        FloatVector s41 = FloatVector.zero(S);
        FloatVector s42 = FloatVector.zero(S);
        FloatVector s43 = FloatVector.zero(S);
        int whole = inner - inner % L;
        int k = 0;
        for (; k < whole; k += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + k);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + k);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + k);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + k);
            FloatVector x4 = FloatVector.fromArray(S, a, a4 + k);
            FloatVector y = FloatVector.fromArray(S, b, b0 + k);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            s40 = x4.fma(y, s40);
            y = FloatVector.fromArray(S, b, b1 + k);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            s41 = x4.fma(y, s41);
            y = FloatVector.fromArray(S, b, b2 + k);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            s42 = x4.fma(y, s42);
            y = FloatVector.fromArray(S, b, b3 + k);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
            s43 = x4.fma(y, s43);
        }
        s00.intoArray(sums, 0 * L);
        s01.intoArray(sums, 1 * L);
        s02.intoArray(sums, 2 * L);
        s03.intoArray(sums, 3 * L);
        s10.intoArray(sums, 4 * L);
        s11.intoArray(sums, 5 * L);
        s12.intoArray(sums, 6 * L);
        s13.intoArray(sums, 7 * L);
        s20.intoArray(sums, 8 * L);
        s21.intoArray(sums, 9 * L);
        s22.intoArray(sums, 10 * L);
        s23.intoArray(sums, 11 * L);
        s30.intoArray(sums, 12 * L);
        s31.intoArray(sums, 13 * L);
        s32.intoArray(sums, 14 * L);
        s33.intoArray(sums, 15 * L);
        s40.intoArray(sums, 16 * L);
        s41.intoArray(sums, 17 * L);
        s42.intoArray(sums, 18 * L);
        s43.intoArray(sums, 19 * L);
        addLaneSums(sums, 5, c, c0, cRow);
        addTails(5, 4, inner, a, a0, aRow, b, b0, bRow, c, c0, cRow);
    }

    private static void dot1x4(int inner, float[] a, int a0, float[] b, int b0, int bRow, float[] c, int c0,
                               float[] sums) {
        int b1 = b0 + bRow;
        int b2 = b1 + bRow;
        int b3 = b2 + bRow;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int whole = inner - inner % L;
        int k = 0;
        for (; k < whole; k += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + k);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + k), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + k), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + k), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + k), s3);
        }
        s0.intoArray(sums, 0);
        s1.intoArray(sums, L);
        s2.intoArray(sums, 2 * L);
        s3.intoArray(sums, 3 * L);
        addLaneSums(sums, 1, c, c0, 0);
        addTails(1, 4, inner, a, a0, 0, b, b0, bRow, c, c0, 0);
    }

    private static void dot2x4(int inner, float[] a, int a0, int aRow, float[] b, int b0, int bRow,
                               float[] c, int c0, int cRow, float[] sums) {
        int a1 = a0 + aRow;
        int b1 = b0 + bRow;
        int b2 = b1 + bRow;
        int b3 = b2 + bRow;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s02 = FloatVector.zero(S);
        FloatVector s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s12 = FloatVector.zero(S);
        FloatVector s13 = FloatVector.zero(S);
        int whole = inner - inner % L;
        int k = 0;
        for (; k < whole; k += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + k);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + k);
            FloatVector y = FloatVector.fromArray(S, b, b0 + k);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, b, b1 + k);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, b, b2 + k);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, b, b3 + k);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        s00.intoArray(sums, 0);
        s01.intoArray(sums, L);
        s02.intoArray(sums, 2 * L);
        s03.intoArray(sums, 3 * L);
        s10.intoArray(sums, 4 * L);
        s11.intoArray(sums, 5 * L);
        s12.intoArray(sums, 6 * L);
        s13.intoArray(sums, 7 * L);
        addLaneSums(sums, 2, c, c0, cRow);
        addTails(2, 4, inner, a, a0, aRow, b, b0, bRow, c, c0, cRow);
    }

    /**
     * {@code c[c0 + i·cRow + j] += sum(sums[(4i + j)·L ..])} for a tile's {@code rows} by four dot
     * products, whose vectors the tile stored: called with the vectors themselves, {@link #sum}
     * was inlined into the five-by-four tile for its first two sums only (C2's
     * NodeCountInliningCutoff), and each call after that boxed its vector, an allocation per sum
     * (JFR: gigabytes per second in training). Here it is one call per tile, on floats.
     */
    private static void addLaneSums(float[] sums, int rows, float[] c, int c0, int cRow) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 4; j++) {
                c[c0 + i * cRow + j] += sum(FloatVector.fromArray(S, sums, (4 * i + j) * L));
            }
        }
    }

    /** {@code c[c0] += a·b} as every tile adds it: the sum of whole vectors, then the masked rest ({@link #addTails}). */
    private static void addDot(int inner, float[] a, int a0, float[] b, int b0, float[] c, int c0) {
        int whole = inner - inner % L;
        FloatVector s = FloatVector.zero(S);
        for (int k = 0; k < whole; k += L) {
            s = FloatVector.fromArray(S, a, a0 + k).fma(FloatVector.fromArray(S, b, b0 + k), s);
        }
        c[c0] += sum(s);
        addTails(1, 1, inner, a, a0, 0, b, b0, 0, c, c0, 0);
    }

    /**
     * The last {@code inner % L} terms of each dot product of a tile, added to {@code c} after the
     * whole vectors' sums: one masked vector per row and column. Kept out of the tiles, whose size
     * it would double: the JIT's first compiler gave up on a five-by-four tile with its masked
     * tail ("out of virtual registers"), which left the method in slow code for whole epochs.
     */
    private static void addTails(int rows, int columns, int inner, float[] a, int a0, int aRow, float[] b, int b0,
                                 int bRow, float[] c, int c0, int cRow) {
        int whole = inner - inner % L;
        if (whole == inner) {
            return;
        }
        VectorMask<Float> lanes = S.indexInRange(whole, inner);
        for (int i = 0; i < rows; i++) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + i * aRow + whole, lanes);
            for (int j = 0; j < columns; j++) {
                c[c0 + i * cRow + j] += sum(x.mul(FloatVector.fromArray(S, b, b0 + j * bRow + whole, lanes)));
            }
        }
    }


    /**
     * Where the target row fits in one vector (network3's second convolution: 8 positions and 5
     * weights, a row of 12), it is summed in a register, each run shifted into place, and stored
     * once: adding the runs one after another in memory ran three times slower.
     */
    @Override
    public void addShifted(float[] source, int from, int step, int count, int width, float[] target, int to) {
        int reach = width + count - 1;
        if (count == 0 || width == 0) {
            return;
        }
        if (reach > L) {
            for (int j = 0; j < count; j++) {
                for (int t = 0; t < width; t++) {
                    target[to + j + t] += source[from + j * step + t];
                }
            }
            return;
        }
        VectorMask<Float> run = S.indexInRange(0, width);
        VectorMask<Float> row = S.indexInRange(0, reach);
        FloatVector sum = FloatVector.fromArray(S, target, to, row);
        for (int j = 0; j < count; j++) {
            sum = sum.add(FloatVector.fromArray(S, source, from + j * step, run).unslice(j));
        }
        sum.intoArray(target, to, row);
    }

    /**
     * Half a vector of windows at a time: each window's four inputs compared in the even lanes of
     * four loads (the row, the row one float on, and the same below), the winners' values and
     * indices chosen with masks, then the even lanes moved to the front and stored. As branches,
     * which input of a window is largest is a coin toss a predictor cannot learn.
     */
    @Override
    public void maxPool2x2(float[] in, int top, int width, int windows, float[] z, int[] winner, int out) {
        for (int x = 0; x < windows; x += L / 2) {
            int count = Math.min(L / 2, windows - x);
            VectorMask<Float> pairs = S.indexInRange(0, 2 * count);
            int at = top + 2 * x;
            int below = at + width;
            FloatVector a = FloatVector.fromArray(S, in, at, pairs);
            FloatVector b = FloatVector.fromArray(S, in, at + 1, pairs);
            FloatVector c = FloatVector.fromArray(S, in, below, pairs);
            FloatVector d = FloatVector.fromArray(S, in, below + 1, pairs);
            IntVector index = ((IntVector) LANE_INDEX).add(at);
            VectorMask<Float> take = b.compare(VectorOperators.GT, a);
            FloatVector largest = a.blend(b, take);
            index = index.blend(index.add(1), take.cast(I));
            take = c.compare(VectorOperators.GT, largest);
            largest = largest.blend(c, take);
            index = index.blend(((IntVector) LANE_INDEX).add(below), take.cast(I));
            take = d.compare(VectorOperators.GT, largest);
            largest = largest.blend(d, take);
            index = index.blend(((IntVector) LANE_INDEX).add(below + 1), take.cast(I));
            VectorMask<Float> lanes = S.indexInRange(0, count);
            largest.rearrange(EVENS_FIRST).intoArray(z, out + x, lanes);
            index.rearrange(EVENS_FIRST_INT).intoArray(winner, out + x, lanes.cast(I));
        }
    }

    /**
     * Four vectors of {@code c}'s row at a time, then two, then one (masked where the row ends): each
     * listed row of {@code b} is read once per chunk while the chunk's sums stay in registers, and the
     * chunks of {@code b} for all rows of {@code c} stay in the core's cache. The list's entries at
     * even and odd places go to two sets of sums, added at the end: one set alone would wait on each
     * multiply-add's latency. Lanes past {@code n} are summed from whatever lies there and never stored.
     */
    @Override
    public void multiplySparseAdd(int m, int n, int[] start, int first, int[] row, float[] scale, float[] b, int bOffset, int bRow,
                                  float[] c, int cOffset, int cRow) {
        int k = 0;
        for (; k + 4 * L <= n; k += 4 * L) {
            for (int i = 0; i < m; i++) {
                int ci = cOffset + i * cRow + k;
                FloatVector c0 = FloatVector.fromArray(S, c, ci);
                FloatVector c1 = FloatVector.fromArray(S, c, ci + L);
                FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * L);
                FloatVector c3 = FloatVector.fromArray(S, c, ci + 3 * L);
                FloatVector d0 = FloatVector.zero(S);
                FloatVector d1 = FloatVector.zero(S);
                FloatVector d2 = FloatVector.zero(S);
                FloatVector d3 = FloatVector.zero(S);
                int t = start[first + i];
                int end = start[first + i + 1];
                for (; t + 1 < end; t += 2) {
                    FloatVector s = FloatVector.broadcast(S, scale[t]);
                    FloatVector u = FloatVector.broadcast(S, scale[t + 1]);
                    int at = bOffset + row[t] * bRow + k;
                    int next = bOffset + row[t + 1] * bRow + k;
                    c0 = FloatVector.fromArray(S, b, at).fma(s, c0);
                    d0 = FloatVector.fromArray(S, b, next).fma(u, d0);
                    c1 = FloatVector.fromArray(S, b, at + L).fma(s, c1);
                    d1 = FloatVector.fromArray(S, b, next + L).fma(u, d1);
                    c2 = FloatVector.fromArray(S, b, at + 2 * L).fma(s, c2);
                    d2 = FloatVector.fromArray(S, b, next + 2 * L).fma(u, d2);
                    c3 = FloatVector.fromArray(S, b, at + 3 * L).fma(s, c3);
                    d3 = FloatVector.fromArray(S, b, next + 3 * L).fma(u, d3);
                }
                if (t < end) {
                    FloatVector s = FloatVector.broadcast(S, scale[t]);
                    int at = bOffset + row[t] * bRow + k;
                    c0 = FloatVector.fromArray(S, b, at).fma(s, c0);
                    c1 = FloatVector.fromArray(S, b, at + L).fma(s, c1);
                    c2 = FloatVector.fromArray(S, b, at + 2 * L).fma(s, c2);
                    c3 = FloatVector.fromArray(S, b, at + 3 * L).fma(s, c3);
                }
                c0.add(d0).intoArray(c, ci);
                c1.add(d1).intoArray(c, ci + L);
                c2.add(d2).intoArray(c, ci + 2 * L);
                c3.add(d3).intoArray(c, ci + 3 * L);
            }
        }
        for (; k + L < n; k += 2 * L) {
            VectorMask<Float> second = S.indexInRange(k + L, n);
            for (int i = 0; i < m; i++) {
                int ci = cOffset + i * cRow + k;
                FloatVector c0 = FloatVector.fromArray(S, c, ci);
                FloatVector c1 = FloatVector.fromArray(S, c, ci + L, second);
                FloatVector d0 = FloatVector.zero(S);
                FloatVector d1 = FloatVector.zero(S);
                int t = start[first + i];
                int end = start[first + i + 1];
                for (; t + 1 < end; t += 2) {
                    FloatVector s = FloatVector.broadcast(S, scale[t]);
                    FloatVector u = FloatVector.broadcast(S, scale[t + 1]);
                    int at = bOffset + row[t] * bRow + k;
                    int next = bOffset + row[t + 1] * bRow + k;
                    c0 = FloatVector.fromArray(S, b, at).fma(s, c0);
                    d0 = FloatVector.fromArray(S, b, next).fma(u, d0);
                    c1 = FloatVector.fromArray(S, b, at + L).fma(s, c1);
                    d1 = FloatVector.fromArray(S, b, next + L).fma(u, d1);
                }
                if (t < end) {
                    FloatVector s = FloatVector.broadcast(S, scale[t]);
                    int at = bOffset + row[t] * bRow + k;
                    c0 = FloatVector.fromArray(S, b, at).fma(s, c0);
                    c1 = FloatVector.fromArray(S, b, at + L).fma(s, c1);
                }
                c0.add(d0).intoArray(c, ci);
                c1.add(d1).intoArray(c, ci + L, second);
            }
        }
        if (k < n) {
            VectorMask<Float> lanes = S.indexInRange(k, n);
            for (int i = 0; i < m; i++) {
                int ci = cOffset + i * cRow + k;
                FloatVector c0 = FloatVector.fromArray(S, c, ci, lanes);
                FloatVector d0 = FloatVector.zero(S);
                int t = start[first + i];
                int end = start[first + i + 1];
                for (; t + 1 < end; t += 2) {
                    c0 = FloatVector.fromArray(S, b, bOffset + row[t] * bRow + k).fma(FloatVector.broadcast(S, scale[t]), c0);
                    d0 = FloatVector.fromArray(S, b, bOffset + row[t + 1] * bRow + k).fma(FloatVector.broadcast(S, scale[t + 1]), d0);
                }
                if (t < end) {
                    c0 = FloatVector.fromArray(S, b, bOffset + row[t] * bRow + k).fma(FloatVector.broadcast(S, scale[t]), c0);
                }
                c0.add(d0).intoArray(c, ci, lanes);
            }
        }
    }

    /** A vector at a time, its non-zero lanes packed to the front of both lists ({@code compress}). */
    @Override
    public int nonZeros(float[] a, int from, int count, int[] index, float[] value, int at) {
        int i = 0;
        for (; i + L <= count; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, from + i);
            VectorMask<Float> kept = v.compare(VectorOperators.NE, 0f);
            v.compress(kept).intoArray(value, at);
            ((IntVector) LANE_INDEX).add(i).compress(kept.cast(I)).intoArray(index, at);
            at += kept.trueCount();
        }
        return ScalarMatrixKernels.nonZeros(a, from, i, count, index, value, at);
    }

    /**
     * Whole vectors in order, each run's spill overwritten by the next run; runs of up to 8 floats
     * (a 5x5 filter's rows) in vectors of 8, which cross fewer cache lines.
     */
    @Override
    public void copyRuns(float[] source, int from, int[] runOffset, int runs, int width, float[] target, int to) {
        if (width <= 8 && L >= 8) {
            for (int r = 0; r < runs; r++) {
                FloatVector.fromArray(EIGHT, source, from + runOffset[r]).intoArray(target, to + r * width);
            }
            return;
        }
        for (int r = 0; r < runs; r++) {
            int s = from + runOffset[r];
            int d = to + r * width;
            for (int t = 0; t < width; t += L) {
                FloatVector.fromArray(S, source, s + t).intoArray(target, d + t);
            }
        }
    }

    @Override
    public void stepByExamples(int m, int n, int inner, float[] a, int aOffset, int aRow, int aColumn, float[] b,
                               int bOffset, int bRow, float[] w, int wOffset, int wRow, float decay, float rate) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                step4x2(inner, a, aOffset + i * aRow, aRow, aColumn, b, bOffset + j, bRow, w, wOffset + i * wRow + j,
                        wRow, decay, rate);
            }
            for (; j < n; j += L) {
                for (int r = i; r < i + 4; r++) {
                    step1x1(inner, a, aOffset + r * aRow, aColumn, b, bOffset + j, bRow, w, wOffset + r * wRow + j,
                            decay, rate, S.indexInRange(j, n));
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j += L) {
                step1x1(inner, a, aOffset + i * aRow, aColumn, b, bOffset + j, bRow, w, wOffset + i * wRow + j, decay,
                        rate, S.indexInRange(j, n));
            }
        }
    }

    /**
     * Four rows of weights by two vectors: eight sums from zero, then decayAndStep's arithmetic. The
     * zero start and {@code fma} match {@link #broadcast4x2} on a zeroed gradient.
     */
    private static void step4x2(int inner, float[] a, int a0, int aRow, int aColumn, float[] b, int b0, int bRow,
                                float[] w, int w0, int wRow, float decay, float rate) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        for (int k = 0; k < inner; k++) {
            int bk = b0 + k * bRow;
            FloatVector x0 = FloatVector.fromArray(S, b, bk);
            FloatVector x1 = FloatVector.fromArray(S, b, bk + L);
            int ak = a0 + k * aColumn;
            FloatVector v = FloatVector.broadcast(S, a[ak]);
            s00 = v.fma(x0, s00);
            s01 = v.fma(x1, s01);
            v = FloatVector.broadcast(S, a[ak + aRow]);
            s10 = v.fma(x0, s10);
            s11 = v.fma(x1, s11);
            v = FloatVector.broadcast(S, a[ak + 2 * aRow]);
            s20 = v.fma(x0, s20);
            s21 = v.fma(x1, s21);
            v = FloatVector.broadcast(S, a[ak + 3 * aRow]);
            s30 = v.fma(x0, s30);
            s31 = v.fma(x1, s31);
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector r = FloatVector.broadcast(S, -rate);
        int w1 = w0 + wRow;
        int w2 = w1 + wRow;
        int w3 = w2 + wRow;
        s00.fma(r, FloatVector.fromArray(S, w, w0).mul(d)).intoArray(w, w0);
        s01.fma(r, FloatVector.fromArray(S, w, w0 + L).mul(d)).intoArray(w, w0 + L);
        s10.fma(r, FloatVector.fromArray(S, w, w1).mul(d)).intoArray(w, w1);
        s11.fma(r, FloatVector.fromArray(S, w, w1 + L).mul(d)).intoArray(w, w1 + L);
        s20.fma(r, FloatVector.fromArray(S, w, w2).mul(d)).intoArray(w, w2);
        s21.fma(r, FloatVector.fromArray(S, w, w2 + L).mul(d)).intoArray(w, w2 + L);
        s30.fma(r, FloatVector.fromArray(S, w, w3).mul(d)).intoArray(w, w3);
        s31.fma(r, FloatVector.fromArray(S, w, w3 + L).mul(d)).intoArray(w, w3 + L);
    }

    /**
     * One row by one vector, {@code lanes} of it stored. {@code b}'s rows are read whole (their lanes
     * past {@code n} feed only sums that are not stored): a masked load in the loop would slow it.
     */
    private static void step1x1(int inner, float[] a, int a0, int aColumn, float[] b, int b0, int bRow, float[] w,
                                int w0, float decay, float rate, VectorMask<Float> lanes) {
        FloatVector s = FloatVector.zero(S);
        for (int k = 0; k < inner; k++) {
            s = FloatVector.broadcast(S, a[a0 + k * aColumn]).fma(FloatVector.fromArray(S, b, b0 + k * bRow), s);
        }
        FloatVector old = FloatVector.fromArray(S, w, w0, lanes);
        s.fma(FloatVector.broadcast(S, -rate), old.mul(decay)).intoArray(w, w0, lanes);
    }

    /**
     * Whole vectors, then one masked: a masked store is checked lane by lane in Java code (the
     * Vector API's {@code checkIndexByLane}), which with a mask in every iteration took a quarter of
     * network3-e's training time in a profile.
     */
    @Override
    public void decayAndStep(float[] w, int wOffset, float[] g, int gOffset, int count, float decay, float rate) {
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector r = FloatVector.broadcast(S, -rate);
        int i = 0;
        for (; i + L <= count; i += L) {
            FloatVector x = FloatVector.fromArray(S, w, wOffset + i);
            FloatVector y = FloatVector.fromArray(S, g, gOffset + i);
            y.fma(r, x.mul(d)).intoArray(w, wOffset + i);
        }
        if (i < count) {
            VectorMask<Float> lanes = S.indexInRange(i, count);
            FloatVector x = FloatVector.fromArray(S, w, wOffset + i, lanes);
            FloatVector y = FloatVector.fromArray(S, g, gOffset + i, lanes);
            y.fma(r, x.mul(d)).intoArray(w, wOffset + i, lanes);
        }
    }
}
