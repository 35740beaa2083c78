package backprop.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gradient-descent step, {@code w = decay w - rate dᵀ a}: BP3 and BP4 summed over the batch and
 * applied. Every tile sums its neurons' steps over the batch in registers that start at zero, and
 * only then reads the weights and adds the sum with one multiply-add, {@code w = decay w + Σ}, as
 * the matrix form does: a weight is rounded once per step, not once per example, which kept the
 * book's network six times closer to the double-precision reference (docs/PERFORMANCE.md,
 * "Fidelity"). The adds are written out in each tile: a helper taking the sum as a FloatVector was
 * not inlined into the largest tile, whose vectors were then boxed.
 */
final class UpdateTiles {
    private static final VectorSpecies<Float> S = LaneSums.S;
    private static final int L = S.length();
    private static final ThreadLocal<float[]> UPDATE_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PACKED_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private UpdateTiles() {
    }

    /**
     * {@link Kernels#update} for rows of whole vectors. The neurons are cut here, once for the call,
     * into tiles of twelve (for a large batch), blocks of four and a tail of one or two smaller blocks
     * ({@link KernelTuning#updateTail}); every column of inputs then runs the same tiles.
     */
    static void update(float[] s, int sStride, int m, float[] a, int n, float[] w, float[] b, int j0, int j1,
                       float decay, int o) {
        int tail = KernelTuning.updateTail(j1 - j0);
        int foursEnd = j1 - tail;
        int twelvesEnd = j0 + KernelTuning.updateTwelves(j1 - j0, m);
        int tailFirst = tail > 4 ? 3 : tail;
        int tailSecond = tail - tailFirst;
        // The steps in blocks of neurons, example by example within a block: a block of width w
        // starting at neuron jb holds example i's steps at t[(jb - j0)m + wi ..], so a tile finds its
        // steps for an example next to each other, one index for the JIT to keep in a register
        // instead of one per neuron.
        float[] t = ThreadScratch.floats(UPDATE_SCRATCH, Math.multiplyExact(j1 - j0, m));
        for (int jb = j0; jb < foursEnd; jb += 4) {
            gatherSteps(s, sStride, m, jb, 4, t, (jb - j0) * m, o);
        }
        gatherSteps(s, sStride, m, foursEnd, tailFirst, t, (foursEnd - j0) * m, o);
        gatherSteps(s, sStride, m, foursEnd + tailFirst, tailSecond, t, (foursEnd + tailFirst - j0) * m, o);
        // Columns outer, neurons inner: the examples' activations for four vectors of inputs stay in
        // the L1 cache while every neuron's weights pass by once. For larger batches they are first
        // copied next to each other, so the tiles walk one small block instead of m rows each a page
        // or more apart.
        boolean copy = KernelTuning.packedUpdate(m);
        float[] block = copy ? ThreadScratch.floats(PACKED_SCRATCH, o + m * 4 * L) : a;
        int blockStride = copy ? 4 * L : n;
        // The tiles of twelve neurons first, over blocks of two vectors of inputs.
        if (twelvesEnd > j0) {
            int k = 0;
            for (; k + 2 * L <= n; k += 2 * L) {
                for (int i = 0; i < m; i++) {
                    System.arraycopy(a, o + i * n + k, block, o + i * 2 * L, 2 * L);
                }
                for (int j = j0; j < twelvesEnd; j += 12) {
                    update12x2(t, (j - j0) * m, m, block, o, w, o + j * n + k, n, decay);
                }
            }
            for (; k < n; k += L) {
                for (int j = j0; j < twelvesEnd; j += 4) {
                    update4x1(t, (j - j0) * m, m, a, o + k, n, w, o + j * n + k, n, decay);
                }
            }
        }
        int k = 0;
        for (; k + 4 * L <= n; k += 4 * L) {
            int first = o + k;
            if (copy) {
                for (int i = 0; i < m; i++) {
                    System.arraycopy(a, o + i * n + k, block, o + i * 4 * L, 4 * L);
                }
                first = o;
            }
            for (int j = twelvesEnd; j < foursEnd; j += 4) {
                update4x4(t, (j - j0) * m, m, block, first, blockStride, w, o + j * n + k, n, decay);
            }
            int j = foursEnd;
            updateSmallBlock(tailFirst, t, (j - j0) * m, m, block, first, blockStride, w, o + j * n + k, n, decay);
            j += tailFirst;
            updateSmallBlock(tailSecond, t, (j - j0) * m, m, block, first, blockStride, w, o + j * n + k, n, decay);
        }
        for (; k < n; k += L) {
            for (int j = twelvesEnd; j < foursEnd; j += 4) {
                update4x1(t, (j - j0) * m, m, a, o + k, n, w, o + j * n + k, n, decay);
            }
            int j = foursEnd;
            updateSmallColumn(tailFirst, t, (j - j0) * m, m, a, n, w, o + j * n + k, o + k, decay);
            j += tailFirst;
            updateSmallColumn(tailSecond, t, (j - j0) * m, m, a, n, w, o + j * n + k, o + k, decay);
        }
        // BP3: each bias moves by the sum of its neuron's steps, a vector of neurons at a time (the
        // same additions, in the same order, as summing each neuron's steps one after another).
        for (int j = j0; j < j1; j += L) {
            VectorMask<Float> neurons = S.indexInRange(j, j1);
            FloatVector step = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                step = step.add(FloatVector.fromArray(S, s, o + i * sStride + j, neurons));
            }
            FloatVector.fromArray(S, b, o + j, neurons).add(step).intoArray(b, o + j, neurons);
        }
    }

    /** The steps of neurons {@code [jb, jb + width)}, example by example, to {@code t[block ..]}. */
    private static void gatherSteps(float[] s, int sStride, int m, int jb, int width, float[] t, int block, int o) {
        for (int i = 0; i < m; i++) {
            int from = o + i * sStride + jb;
            int to = block + width * i;
            for (int q = 0; q < width; q++) {
                t[to + q] = s[from + q];
            }
        }
    }

    /** A tail block of {@code width} (0 to 3) neurons by four vectors of inputs. */
    private static void updateSmallBlock(int width, float[] t, int t0, int m, float[] a, int a0, int aStride,
                                         float[] w, int w0, int wStride, float decay) {
        switch (width) {
            case 3 -> update3x4(t, t0, m, a, a0, aStride, w, w0, wStride, decay);
            case 2 -> update2x4(t, t0, m, a, a0, aStride, w, w0, wStride, decay);
            case 1 -> update1x4(t, t0, m, a, a0, aStride, w, w0, decay);
            default -> {
            }
        }
    }

    /** A tail block of {@code width} (0 to 3) neurons by the one vector of inputs left after the blocks of four. */
    private static void updateSmallColumn(int width, float[] t, int t0, int m, float[] a, int n, float[] w, int w0,
                                          int k, float decay) {
        if (width == 3) {
            update3x1(t, t0, m, a, k, n, w, w0, n, decay);
        } else {
            for (int q = 0; q < width; q++) {
                update1x1(t, t0 + q, width, m, a, n, w, w0 + q * n, k, decay);
            }
        }
    }

    /**
     * Twelve neurons by two vectors of inputs over a block of activations copied together
     * ({@code block[32i ..]} for example {@code i}), the mirror of the forward pass's 32 x 12 tile
     * ({@link ForwardTransposedTiles}): per example 2 loads and 12 broadcasts feed 24 multiply-adds.
     * The twelve neurons are three blocks of four steps, at {@code t0}, {@code t0 + 4m} and
     * {@code t0 + 8m}. The same additions, in the same order, as the other tiles.
     */
    private static void update12x2(float[] t, int t0, int m, float[] block, int bb, float[] w, int w0, int wStride,
                                   float decay) {
        int w1 = w0 + 1 * wStride;
        int w2 = w0 + 2 * wStride;
        int w3 = w0 + 3 * wStride;
        int w4 = w0 + 4 * wStride;
        int w5 = w0 + 5 * wStride;
        int w6 = w0 + 6 * wStride;
        int w7 = w0 + 7 * wStride;
        int w8 = w0 + 8 * wStride;
        int w9 = w0 + 9 * wStride;
        int wa = w0 + 10 * wStride;
        int wb = w0 + 11 * wStride;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S);
        FloatVector c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S);
        FloatVector c91 = FloatVector.zero(S);
        FloatVector ca0 = FloatVector.zero(S);
        FloatVector ca1 = FloatVector.zero(S);
        FloatVector cb0 = FloatVector.zero(S);
        FloatVector cb1 = FloatVector.zero(S);
        int t1 = t0 + 4 * m;
        int t2 = t0 + 8 * m;
        for (int i = 0; i < m; i++) {
            FloatVector x0 = FloatVector.fromArray(S, block, bb + i * (2 * L));
            FloatVector x1 = FloatVector.fromArray(S, block, bb + i * (2 * L) + L);
            FloatVector s0 = FloatVector.broadcast(S, t[t0 + 4 * i]);
            c00 = s0.fma(x0, c00);
            c01 = s0.fma(x1, c01);
            FloatVector s1 = FloatVector.broadcast(S, t[t0 + 4 * i + 1]);
            c10 = s1.fma(x0, c10);
            c11 = s1.fma(x1, c11);
            FloatVector s2 = FloatVector.broadcast(S, t[t0 + 4 * i + 2]);
            c20 = s2.fma(x0, c20);
            c21 = s2.fma(x1, c21);
            FloatVector s3 = FloatVector.broadcast(S, t[t0 + 4 * i + 3]);
            c30 = s3.fma(x0, c30);
            c31 = s3.fma(x1, c31);
            FloatVector s4 = FloatVector.broadcast(S, t[t1 + 4 * i]);
            c40 = s4.fma(x0, c40);
            c41 = s4.fma(x1, c41);
            FloatVector s5 = FloatVector.broadcast(S, t[t1 + 4 * i + 1]);
            c50 = s5.fma(x0, c50);
            c51 = s5.fma(x1, c51);
            FloatVector s6 = FloatVector.broadcast(S, t[t1 + 4 * i + 2]);
            c60 = s6.fma(x0, c60);
            c61 = s6.fma(x1, c61);
            FloatVector s7 = FloatVector.broadcast(S, t[t1 + 4 * i + 3]);
            c70 = s7.fma(x0, c70);
            c71 = s7.fma(x1, c71);
            FloatVector s8 = FloatVector.broadcast(S, t[t2 + 4 * i]);
            c80 = s8.fma(x0, c80);
            c81 = s8.fma(x1, c81);
            FloatVector s9 = FloatVector.broadcast(S, t[t2 + 4 * i + 1]);
            c90 = s9.fma(x0, c90);
            c91 = s9.fma(x1, c91);
            FloatVector sa = FloatVector.broadcast(S, t[t2 + 4 * i + 2]);
            ca0 = sa.fma(x0, ca0);
            ca1 = sa.fma(x1, ca1);
            FloatVector sb = FloatVector.broadcast(S, t[t2 + 4 * i + 3]);
            cb0 = sb.fma(x0, cb0);
            cb1 = sb.fma(x1, cb1);
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, w0).fma(d, c00).intoArray(w, w0);
        FloatVector.fromArray(S, w, w0 + L).fma(d, c01).intoArray(w, w0 + L);
        FloatVector.fromArray(S, w, w1).fma(d, c10).intoArray(w, w1);
        FloatVector.fromArray(S, w, w1 + L).fma(d, c11).intoArray(w, w1 + L);
        FloatVector.fromArray(S, w, w2).fma(d, c20).intoArray(w, w2);
        FloatVector.fromArray(S, w, w2 + L).fma(d, c21).intoArray(w, w2 + L);
        FloatVector.fromArray(S, w, w3).fma(d, c30).intoArray(w, w3);
        FloatVector.fromArray(S, w, w3 + L).fma(d, c31).intoArray(w, w3 + L);
        FloatVector.fromArray(S, w, w4).fma(d, c40).intoArray(w, w4);
        FloatVector.fromArray(S, w, w4 + L).fma(d, c41).intoArray(w, w4 + L);
        FloatVector.fromArray(S, w, w5).fma(d, c50).intoArray(w, w5);
        FloatVector.fromArray(S, w, w5 + L).fma(d, c51).intoArray(w, w5 + L);
        FloatVector.fromArray(S, w, w6).fma(d, c60).intoArray(w, w6);
        FloatVector.fromArray(S, w, w6 + L).fma(d, c61).intoArray(w, w6 + L);
        FloatVector.fromArray(S, w, w7).fma(d, c70).intoArray(w, w7);
        FloatVector.fromArray(S, w, w7 + L).fma(d, c71).intoArray(w, w7 + L);
        FloatVector.fromArray(S, w, w8).fma(d, c80).intoArray(w, w8);
        FloatVector.fromArray(S, w, w8 + L).fma(d, c81).intoArray(w, w8 + L);
        FloatVector.fromArray(S, w, w9).fma(d, c90).intoArray(w, w9);
        FloatVector.fromArray(S, w, w9 + L).fma(d, c91).intoArray(w, w9 + L);
        FloatVector.fromArray(S, w, wa).fma(d, ca0).intoArray(w, wa);
        FloatVector.fromArray(S, w, wa + L).fma(d, ca1).intoArray(w, wa + L);
        FloatVector.fromArray(S, w, wb).fma(d, cb0).intoArray(w, wb);
        FloatVector.fromArray(S, w, wb + L).fma(d, cb1).intoArray(w, wb + L);
    }

    /**
     * Four neurons by four vectors of inputs, as {@link #update3x4}: per example 4 activation loads
     * and 4 broadcasts feed 16 multiply-adds.
     */
    private static void update4x4(float[] t, int t0, int m, float[] a, int a0, int aStride, float[] w, int w0,
                                  int wStride, float decay) {
        int w1 = w0 + wStride;
        int w2 = w1 + wStride;
        int w3 = w2 + wStride;
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
        if (aStride == 4 * L) {
            // A block of activations copied together (update's batches of 32 or more): the loop's
            // indices are its counter times a constant, so the JIT checks bounds once before it
            // instead of at every load.
            for (int i = 0; i < m; i++) {
                int ai = a0 + i * (4 * L);
                int ti = t0 + 4 * i;
                FloatVector s0 = FloatVector.broadcast(S, t[ti]);
                FloatVector s1 = FloatVector.broadcast(S, t[ti + 1]);
                FloatVector s2 = FloatVector.broadcast(S, t[ti + 2]);
                FloatVector s3 = FloatVector.broadcast(S, t[ti + 3]);
                FloatVector x = FloatVector.fromArray(S, a, ai);
                c00 = s0.fma(x, c00);
                c10 = s1.fma(x, c10);
                c20 = s2.fma(x, c20);
                c30 = s3.fma(x, c30);
                x = FloatVector.fromArray(S, a, ai + L);
                c01 = s0.fma(x, c01);
                c11 = s1.fma(x, c11);
                c21 = s2.fma(x, c21);
                c31 = s3.fma(x, c31);
                x = FloatVector.fromArray(S, a, ai + 2 * L);
                c02 = s0.fma(x, c02);
                c12 = s1.fma(x, c12);
                c22 = s2.fma(x, c22);
                c32 = s3.fma(x, c32);
                x = FloatVector.fromArray(S, a, ai + 3 * L);
                c03 = s0.fma(x, c03);
                c13 = s1.fma(x, c13);
                c23 = s2.fma(x, c23);
                c33 = s3.fma(x, c33);
            }
        } else {
            int ai = a0;
            int ti = t0;
            int i = 0;
            // Two examples a turn, one after the other (the same order of additions), as in backward4x4.
            for (; i + 1 < m; i += 2) {
                {
                    FloatVector s0 = FloatVector.broadcast(S, t[ti]);
                    FloatVector s1 = FloatVector.broadcast(S, t[ti + 1]);
                    FloatVector s2 = FloatVector.broadcast(S, t[ti + 2]);
                    FloatVector s3 = FloatVector.broadcast(S, t[ti + 3]);
                    FloatVector x = FloatVector.fromArray(S, a, ai);
                    c00 = s0.fma(x, c00);
                    c10 = s1.fma(x, c10);
                    c20 = s2.fma(x, c20);
                    c30 = s3.fma(x, c30);
                    x = FloatVector.fromArray(S, a, ai + L);
                    c01 = s0.fma(x, c01);
                    c11 = s1.fma(x, c11);
                    c21 = s2.fma(x, c21);
                    c31 = s3.fma(x, c31);
                    x = FloatVector.fromArray(S, a, ai + 2 * L);
                    c02 = s0.fma(x, c02);
                    c12 = s1.fma(x, c12);
                    c22 = s2.fma(x, c22);
                    c32 = s3.fma(x, c32);
                    x = FloatVector.fromArray(S, a, ai + 3 * L);
                    c03 = s0.fma(x, c03);
                    c13 = s1.fma(x, c13);
                    c23 = s2.fma(x, c23);
                    c33 = s3.fma(x, c33);
                }
                {
                    FloatVector s0 = FloatVector.broadcast(S, t[ti + 4]);
                    FloatVector s1 = FloatVector.broadcast(S, t[ti + 4 + 1]);
                    FloatVector s2 = FloatVector.broadcast(S, t[ti + 4 + 2]);
                    FloatVector s3 = FloatVector.broadcast(S, t[ti + 4 + 3]);
                    FloatVector x = FloatVector.fromArray(S, a, ai + aStride);
                    c00 = s0.fma(x, c00);
                    c10 = s1.fma(x, c10);
                    c20 = s2.fma(x, c20);
                    c30 = s3.fma(x, c30);
                    x = FloatVector.fromArray(S, a, ai + aStride + L);
                    c01 = s0.fma(x, c01);
                    c11 = s1.fma(x, c11);
                    c21 = s2.fma(x, c21);
                    c31 = s3.fma(x, c31);
                    x = FloatVector.fromArray(S, a, ai + aStride + 2 * L);
                    c02 = s0.fma(x, c02);
                    c12 = s1.fma(x, c12);
                    c22 = s2.fma(x, c22);
                    c32 = s3.fma(x, c32);
                    x = FloatVector.fromArray(S, a, ai + aStride + 3 * L);
                    c03 = s0.fma(x, c03);
                    c13 = s1.fma(x, c13);
                    c23 = s2.fma(x, c23);
                    c33 = s3.fma(x, c33);
                }
                ai += 2 * aStride;
                ti += 8;
            }
            if (i < m) {
                FloatVector s0 = FloatVector.broadcast(S, t[ti]);
                FloatVector s1 = FloatVector.broadcast(S, t[ti + 1]);
                FloatVector s2 = FloatVector.broadcast(S, t[ti + 2]);
                FloatVector s3 = FloatVector.broadcast(S, t[ti + 3]);
                FloatVector x = FloatVector.fromArray(S, a, ai);
                c00 = s0.fma(x, c00);
                c10 = s1.fma(x, c10);
                c20 = s2.fma(x, c20);
                c30 = s3.fma(x, c30);
                x = FloatVector.fromArray(S, a, ai + L);
                c01 = s0.fma(x, c01);
                c11 = s1.fma(x, c11);
                c21 = s2.fma(x, c21);
                c31 = s3.fma(x, c31);
                x = FloatVector.fromArray(S, a, ai + 2 * L);
                c02 = s0.fma(x, c02);
                c12 = s1.fma(x, c12);
                c22 = s2.fma(x, c22);
                c32 = s3.fma(x, c32);
                x = FloatVector.fromArray(S, a, ai + 3 * L);
                c03 = s0.fma(x, c03);
                c13 = s1.fma(x, c13);
                c23 = s2.fma(x, c23);
                c33 = s3.fma(x, c33);
            }
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, w0).fma(d, c00).intoArray(w, w0);
        FloatVector.fromArray(S, w, w0 + L).fma(d, c01).intoArray(w, w0 + L);
        FloatVector.fromArray(S, w, w0 + 2 * L).fma(d, c02).intoArray(w, w0 + 2 * L);
        FloatVector.fromArray(S, w, w0 + 3 * L).fma(d, c03).intoArray(w, w0 + 3 * L);
        FloatVector.fromArray(S, w, w1).fma(d, c10).intoArray(w, w1);
        FloatVector.fromArray(S, w, w1 + L).fma(d, c11).intoArray(w, w1 + L);
        FloatVector.fromArray(S, w, w1 + 2 * L).fma(d, c12).intoArray(w, w1 + 2 * L);
        FloatVector.fromArray(S, w, w1 + 3 * L).fma(d, c13).intoArray(w, w1 + 3 * L);
        FloatVector.fromArray(S, w, w2).fma(d, c20).intoArray(w, w2);
        FloatVector.fromArray(S, w, w2 + L).fma(d, c21).intoArray(w, w2 + L);
        FloatVector.fromArray(S, w, w2 + 2 * L).fma(d, c22).intoArray(w, w2 + 2 * L);
        FloatVector.fromArray(S, w, w2 + 3 * L).fma(d, c23).intoArray(w, w2 + 3 * L);
        FloatVector.fromArray(S, w, w3).fma(d, c30).intoArray(w, w3);
        FloatVector.fromArray(S, w, w3 + L).fma(d, c31).intoArray(w, w3 + L);
        FloatVector.fromArray(S, w, w3 + 2 * L).fma(d, c32).intoArray(w, w3 + 2 * L);
        FloatVector.fromArray(S, w, w3 + 3 * L).fma(d, c33).intoArray(w, w3 + 3 * L);
    }

    /** Four neurons by the one vector of inputs left after the blocks of four. */
    private static void update4x1(float[] t, int t0, int m, float[] a, int a0, int aStride, float[] w, int w0,
                                  int wStride, float decay) {
        int w1 = w0 + wStride;
        int w2 = w1 + wStride;
        int w3 = w2 + wStride;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        int ai = a0;
        for (int i = 0; i < m; i++) {
            int ti = t0 + 4 * i;
            FloatVector x = FloatVector.fromArray(S, a, ai);
            c0 = FloatVector.broadcast(S, t[ti]).fma(x, c0);
            c1 = FloatVector.broadcast(S, t[ti + 1]).fma(x, c1);
            c2 = FloatVector.broadcast(S, t[ti + 2]).fma(x, c2);
            c3 = FloatVector.broadcast(S, t[ti + 3]).fma(x, c3);
            ai += aStride;
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, w0).fma(d, c0).intoArray(w, w0);
        FloatVector.fromArray(S, w, w1).fma(d, c1).intoArray(w, w1);
        FloatVector.fromArray(S, w, w2).fma(d, c2).intoArray(w, w2);
        FloatVector.fromArray(S, w, w3).fma(d, c3).intoArray(w, w3);
    }

    /**
     * Three neurons by four vectors of inputs: per example 4 activation loads and 3 broadcast loads
     * feed 12 multiply-adds into sums that start at zero, added to {@code decay * w} at the end. The three
     * neurons' steps for example {@code i} are at {@code t[t0 + 3i ..]}.
     */
    private static void update3x4(float[] t, int t0, int m, float[] a, int a0, int aStride, float[] w, int w0,
                                  int wStride, float decay) {
        int w1 = w0 + wStride;
        int w2 = w1 + wStride;
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
        int ai = a0;
        for (int i = 0; i < m; i++) {
            int ti = t0 + 3 * i;
            FloatVector s0 = FloatVector.broadcast(S, t[ti]);
            FloatVector s1 = FloatVector.broadcast(S, t[ti + 1]);
            FloatVector s2 = FloatVector.broadcast(S, t[ti + 2]);
            FloatVector x = FloatVector.fromArray(S, a, ai);
            c00 = s0.fma(x, c00);
            c10 = s1.fma(x, c10);
            c20 = s2.fma(x, c20);
            x = FloatVector.fromArray(S, a, ai + L);
            c01 = s0.fma(x, c01);
            c11 = s1.fma(x, c11);
            c21 = s2.fma(x, c21);
            x = FloatVector.fromArray(S, a, ai + 2 * L);
            c02 = s0.fma(x, c02);
            c12 = s1.fma(x, c12);
            c22 = s2.fma(x, c22);
            x = FloatVector.fromArray(S, a, ai + 3 * L);
            c03 = s0.fma(x, c03);
            c13 = s1.fma(x, c13);
            c23 = s2.fma(x, c23);
            ai += aStride;
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, w0).fma(d, c00).intoArray(w, w0);
        FloatVector.fromArray(S, w, w0 + L).fma(d, c01).intoArray(w, w0 + L);
        FloatVector.fromArray(S, w, w0 + 2 * L).fma(d, c02).intoArray(w, w0 + 2 * L);
        FloatVector.fromArray(S, w, w0 + 3 * L).fma(d, c03).intoArray(w, w0 + 3 * L);
        FloatVector.fromArray(S, w, w1).fma(d, c10).intoArray(w, w1);
        FloatVector.fromArray(S, w, w1 + L).fma(d, c11).intoArray(w, w1 + L);
        FloatVector.fromArray(S, w, w1 + 2 * L).fma(d, c12).intoArray(w, w1 + 2 * L);
        FloatVector.fromArray(S, w, w1 + 3 * L).fma(d, c13).intoArray(w, w1 + 3 * L);
        FloatVector.fromArray(S, w, w2).fma(d, c20).intoArray(w, w2);
        FloatVector.fromArray(S, w, w2 + L).fma(d, c21).intoArray(w, w2 + L);
        FloatVector.fromArray(S, w, w2 + 2 * L).fma(d, c22).intoArray(w, w2 + 2 * L);
        FloatVector.fromArray(S, w, w2 + 3 * L).fma(d, c23).intoArray(w, w2 + 3 * L);
    }

    /** Two neurons by four vectors of inputs, as {@link #update3x4}: per example 4 loads and 2 broadcasts feed 8 multiply-adds. */
    private static void update2x4(float[] t, int t0, int m, float[] a, int a0, int aStride, float[] w, int w0,
                                  int wStride, float decay) {
        int w1 = w0 + wStride;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c02 = FloatVector.zero(S);
        FloatVector c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c12 = FloatVector.zero(S);
        FloatVector c13 = FloatVector.zero(S);
        int ai = a0;
        for (int i = 0; i < m; i++) {
            FloatVector s0 = FloatVector.broadcast(S, t[t0 + 2 * i]);
            FloatVector s1 = FloatVector.broadcast(S, t[t0 + 2 * i + 1]);
            FloatVector x = FloatVector.fromArray(S, a, ai);
            c00 = s0.fma(x, c00);
            c10 = s1.fma(x, c10);
            x = FloatVector.fromArray(S, a, ai + L);
            c01 = s0.fma(x, c01);
            c11 = s1.fma(x, c11);
            x = FloatVector.fromArray(S, a, ai + 2 * L);
            c02 = s0.fma(x, c02);
            c12 = s1.fma(x, c12);
            x = FloatVector.fromArray(S, a, ai + 3 * L);
            c03 = s0.fma(x, c03);
            c13 = s1.fma(x, c13);
            ai += aStride;
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, w0).fma(d, c00).intoArray(w, w0);
        FloatVector.fromArray(S, w, w0 + L).fma(d, c01).intoArray(w, w0 + L);
        FloatVector.fromArray(S, w, w0 + 2 * L).fma(d, c02).intoArray(w, w0 + 2 * L);
        FloatVector.fromArray(S, w, w0 + 3 * L).fma(d, c03).intoArray(w, w0 + 3 * L);
        FloatVector.fromArray(S, w, w1).fma(d, c10).intoArray(w, w1);
        FloatVector.fromArray(S, w, w1 + L).fma(d, c11).intoArray(w, w1 + L);
        FloatVector.fromArray(S, w, w1 + 2 * L).fma(d, c12).intoArray(w, w1 + 2 * L);
        FloatVector.fromArray(S, w, w1 + 3 * L).fma(d, c13).intoArray(w, w1 + 3 * L);
    }

    /** One neuron by four vectors of inputs: four independent sums. */
    private static void update1x4(float[] t, int t0, int m, float[] a, int a0, int aStride, float[] w, int w0,
                                  float decay) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        int ai = a0;
        for (int i = 0; i < m; i++) {
            FloatVector s0 = FloatVector.broadcast(S, t[t0 + i]);
            c0 = s0.fma(FloatVector.fromArray(S, a, ai), c0);
            c1 = s0.fma(FloatVector.fromArray(S, a, ai + L), c1);
            c2 = s0.fma(FloatVector.fromArray(S, a, ai + 2 * L), c2);
            c3 = s0.fma(FloatVector.fromArray(S, a, ai + 3 * L), c3);
            ai += aStride;
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, w0).fma(d, c0).intoArray(w, w0);
        FloatVector.fromArray(S, w, w0 + L).fma(d, c1).intoArray(w, w0 + L);
        FloatVector.fromArray(S, w, w0 + 2 * L).fma(d, c2).intoArray(w, w0 + 2 * L);
        FloatVector.fromArray(S, w, w0 + 3 * L).fma(d, c3).intoArray(w, w0 + 3 * L);
    }

    /** Three neurons by the one vector of inputs left after the blocks of four. */
    private static void update3x1(float[] t, int t0, int m, float[] a, int a0, int aStride, float[] w, int w0,
                                  int wStride, float decay) {
        int w1 = w0 + wStride;
        int w2 = w1 + wStride;
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        int ai = a0;
        for (int i = 0; i < m; i++) {
            int ti = t0 + 3 * i;
            FloatVector x = FloatVector.fromArray(S, a, ai);
            c0 = FloatVector.broadcast(S, t[ti]).fma(x, c0);
            c1 = FloatVector.broadcast(S, t[ti + 1]).fma(x, c1);
            c2 = FloatVector.broadcast(S, t[ti + 2]).fma(x, c2);
            ai += aStride;
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, w0).fma(d, c0).intoArray(w, w0);
        FloatVector.fromArray(S, w, w1).fma(d, c1).intoArray(w, w1);
        FloatVector.fromArray(S, w, w2).fma(d, c2).intoArray(w, w2);
    }

    /** One neuron by one vector of inputs; the neuron's steps are {@code tStride} apart. */
    static void update1x1(float[] t, int t0, int tStride, int m, float[] a, int n, float[] w, int wj, int k,
                                  float decay) {
        FloatVector c = FloatVector.zero(S);
        int ai = k;
        for (int i = 0; i < m; i++) {
            c = FloatVector.broadcast(S, t[t0 + tStride * i]).fma(FloatVector.fromArray(S, a, ai), c);
            ai += n;
        }
        FloatVector d = FloatVector.broadcast(S, decay);
        FloatVector.fromArray(S, w, wj).fma(d, c).intoArray(w, wj);
    }
}
