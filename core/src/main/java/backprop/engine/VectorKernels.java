package backprop.engine;

import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels with the JDK Vector API: a facade that checks each call's shapes and hands it to the
 * file for its operation, {@link ForwardTiles} and {@link ForwardTransposedTiles} (the forward pass),
 * {@link BackwardTiles} (BP2's sum), {@link UpdateTiles} (the step, BP3 and BP4),
 * {@link OutputLayerStep} (a small output layer's whole step) and {@link VectorActivations}
 * (element-wise). Where a variant is chosen by size, {@link KernelTuning} says where.
 *
 * <p>Each inner loop is register-blocked so that one load serves several multiply-adds: the CPU can
 * do two fused multiply-adds per cycle but only about two loads, so unblocked loops would wait on
 * memory. The tiles' loops index memory with the loop's counter times a constant, which is what lets
 * the JIT check bounds once per loop rather than at every load, and the values a tile broadcasts
 * are first laid out next to each other, so the JIT keeps one index for them rather than one per
 * row: with sixteen general registers, every extra index is a spill inside the loop. Each tile's
 * body is one method with its vectors in local variables: a call the JIT does not inline passes
 * each vector as an object.
 *
 * <p>Rows are expected to be padded to a multiple of the vector length with zeros (the engine lays
 * its arrays out that way), so no loop needs a masked tail; other lengths fall back to the scalar
 * kernels. Every result is reproducible: sums over lanes are taken in a fixed order ({@link LaneSums})
 * and {@code exp} is computed from plain arithmetic, so a seeded run gives the same weights whether
 * or not the JIT has compiled the loops yet.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = LaneSums.S;
    private static final int L = S.length();

    /** Where matrices begin in the arrays (see {@link Kernels}). */
    private final int o;
    private final ScalarKernels unaligned;

    /** Kernels for arrays whose matrices start at index 0. */
    public VectorKernels() {
        this(0);
    }

    /** Kernels for arrays whose matrices start at index {@code origin} (see {@link Kernels}). */
    public VectorKernels(int origin) {
        if (L < 8) {
            throw new UnsupportedOperationException("vectors of " + L + " floats are too short to pay off");
        }
        if (origin < 0) {
            throw new IllegalArgumentException("origin must not be negative, got " + origin);
        }
        this.o = origin;
        this.unaligned = new ScalarKernels(origin);
    }

    /** The number of floats in one vector on this CPU. */
    public static int lanes() {
        return L;
    }

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }

    @Override
    public int origin() {
        return o;
    }

    @Override
    public void forward(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z, int zStride) {
        // Decided by the batch and the layer's width (zStride), never by the range of neurons, so
        // that every thread computes a neuron the same way.
        if (KernelTuning.transposedForward(m, zStride)) {
            ForwardTransposedTiles.forward(a, m, n, w, b, j0, j1, z, zStride, o);
        } else if (n % L != 0) {
            unaligned.forward(a, m, n, w, b, j0, j1, z, zStride);
        } else {
            ForwardTiles.forward(a, m, n, w, b, j0, j1, z, zStride, o);
        }
    }

    @Override
    public void forwardSmall(float[] a, int m, int n, float[] w, float[] b, int j0, int j1, float[] z,
                             int zStride) {
        if (n % L != 0 || j1 - j0 > L || n > SMALL_INPUTS) {
            forward(a, m, n, w, b, j0, j1, z, zStride);
        } else {
            ForwardTiles.forwardSmall(a, m, n, w, b, j0, j1, z, zStride, o);
        }
    }

    @Override
    public void sigmoidOutputStep(float[] z, float[] out, float[] delta, int stride, int neurons, int[] labels,
                                  boolean quadratic, float[] a, int m, int n, float[] w, float[] b, float rate,
                                  float decay, float[] back) {
        if (n % L != 0 || neurons > L || stride % L != 0) {
            Kernels.super.sigmoidOutputStep(z, out, delta, stride, neurons, labels, quadratic, a, m, n, w, b, rate,
                    decay, back);
        } else {
            OutputLayerStep.step(z, out, delta, stride, neurons, labels, quadratic, a, m, n, w, b, rate, decay, back,
                    o);
        }
    }

    @Override
    public void backward(float[] d, int dStride, int m, float[] w, int n, int j0, int j1, float[] out) {
        if (n % L != 0) {
            unaligned.backward(d, dStride, m, w, n, j0, j1, out);
        } else {
            BackwardTiles.backward(d, dStride, m, w, n, j0, j1, out, o);
        }
    }

    @Override
    public void update(float[] s, int sStride, int m, float[] a, int n, float[] w, float[] b, int j0, int j1,
                       float decay) {
        if (n % L != 0) {
            unaligned.update(s, sStride, m, a, n, w, b, j0, j1, decay);
        } else {
            UpdateTiles.update(s, sStride, m, a, n, w, b, j0, j1, decay, o);
        }
    }

    @Override
    public void unitFloats(byte[] in, int from, float[] out, int to, int count) {
        VectorActivations.unitFloats(in, from, out, to, count);
    }

    @Override
    public void sigmoid(float[] z, float[] out, int from, int to) {
        VectorActivations.sigmoid(z, out, from, to);
    }

    @Override
    public void tanh(float[] z, float[] out, int from, int to) {
        VectorActivations.tanh(z, out, from, to);
    }

    @Override
    public void rectify(float[] z, float[] out, int from, int to, float slope) {
        VectorActivations.rectify(z, z, out, from, to, slope);
    }

    @Override
    public void rectifyBackward(float[] z, float[] g, int from, int to, float slope) {
        VectorActivations.rectify(z, g, g, from, to, slope);
    }
}
