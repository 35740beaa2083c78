package backprop.engine;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise kernels of {@link VectorKernels}: pixels to floats, and the sigmoid and tanh
 * built on an {@code exp} of plain lane-wise arithmetic, so that a seeded run gives the same floats
 * whether or not the JIT has compiled the loops yet.
 */
final class VectorActivations {
    private static final VectorSpecies<Float> S = LaneSums.S;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(S.vectorBitSize() / 4));

    private static final float LOG2_E = 1.44269504f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float to the nearest integer. */
    private static final float ROUNDER = 12582912f;
    private static final float EXP_MIN = -87f;
    private static final float EXP_MAX = 88f;

    private VectorActivations() {
    }

    static void unitFloats(byte[] in, int from, float[] out, int to, int count) {
        FloatVector inverse = FloatVector.broadcast(S, 1f / 255f);
        FloatVector scale = FloatVector.broadcast(S, -255f);
        // Bounds written so that the JIT sees a counted loop (k < end), which it unrolls and checks
        // once; "k + L <= count" it compiles as a general loop.
        int end = count - count % L;
        int k = 0;
        for (; k < end; k += L) {
            FloatVector x = (FloatVector) ByteVector.fromArray(BYTES, in, from + k)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0)
                    .convert(VectorOperators.I2F, 0);
            // x / 255 without a division (several times slower than a multiply): one Newton step on
            // x · (1/255) gives the correctly rounded quotient for every byte value 0..255 (checked
            // exhaustively in KernelsTest), so pixels match ScalarKernels and Dataset exactly.
            FloatVector q = x.mul(inverse);
            q.fma(scale, x).fma(inverse, q).intoArray(out, to + k);
        }
        for (; k < count; k++) {
            out[to + k] = (in[from + k] & 0xFF) / 255f;
        }
    }

    /**
     * {@code out[k] = z[k] > 0 ? x[k] : slope · x[k]} on {@code [from, to)} ({@code +0} with a slope of
     * 0): (leaky) ReLU with {@code x = z}, its BP2 factor with {@code x = g}. As a branch, the sign of a
     * weighted input is a coin toss the branch predictor cannot learn; as a blend it costs nothing.
     */
    static void rectify(float[] z, float[] x, float[] out, int from, int to, float slope) {
        FloatVector zero = FloatVector.zero(S);
        int end = to - (to - from) % L;
        int k = from;
        if (slope == 0) {
            for (; k < end; k += L) {
                VectorMask<Float> positive = FloatVector.fromArray(S, z, k).compare(VectorOperators.GT, 0f);
                zero.blend(FloatVector.fromArray(S, x, k), positive).intoArray(out, k);
            }
        } else {
            for (; k < end; k += L) {
                VectorMask<Float> positive = FloatVector.fromArray(S, z, k).compare(VectorOperators.GT, 0f);
                FloatVector v = FloatVector.fromArray(S, x, k);
                v.mul(slope).blend(v, positive).intoArray(out, k);
            }
        }
        for (; k < to; k++) {
            out[k] = z[k] > 0 ? x[k] : slope == 0 ? 0f : slope * x[k];
        }
    }

    /** The sigmoid {@code 1 / (1 + e^{-z})} of {@code z[from..to)} into {@code out}. */
    static void sigmoid(float[] z, float[] out, int from, int to) {
        squash(z, out, from, to, -1f, 0f, -1f);
    }

    static void tanh(float[] z, float[] out, int from, int to) {
        // tanh(x) = 1 - 2 / (e^{2x} + 1), which saturates cleanly to ±1 for large |x|.
        squash(z, out, from, to, 2f, 1f, 2f);
    }

    /**
     * {@code out = c0 - c1 / (e^{kz} + 1)} on {@code [from, to)}: the sigmoid {@code 1 / (1 + e^{-z})}
     * with (k, c0, c1) = (-1, 0, -1), tanh with (2, 1, 2). The last vector is masked: the engine's
     * arrays have a vector of spare room at the end, so its load stays inside the array and the JIT
     * keeps it a single instruction.
     *
     * <p>{@code e^x} is computed here from lane-wise arithmetic only, so that the result does not
     * depend on whether the JIT has replaced the Vector API's own {@code EXP} with a native routine:
     * range reduction {@code x = n ln2 + r} with |r| <= ln2/2, a degree-6 polynomial for
     * {@code e^r}, and {@code 2^n} built in the exponent bits; about 2 ulp, inputs clamped to
     * [-87, 88]. It is written out in this loop rather than in a method of its own because a call
     * the JIT does not inline passes each vector as an object.
     */
    static void squash(float[] z, float[] out, int from, int to, float k, float c0, float c1) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = from; i < to; i += L) {
            VectorMask<Float> lanes = S.indexInRange(i, to);
            FloatVector x = FloatVector.fromArray(S, z, i, lanes).mul(k).max(EXP_MIN).min(EXP_MAX);
            FloatVector n = x.mul(LOG2_E).add(ROUNDER).sub(ROUNDER);
            FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HIGH), x);
            r = n.fma(FloatVector.broadcast(S, -LN2_LOW), r);
            FloatVector p = FloatVector.broadcast(S, 1f / 720);
            p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r, one);
            p = p.fma(r, one);
            IntVector exponent = ((IntVector) n.convert(VectorOperators.F2I, 0))
                    .add(127).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = p.mul(exponent.reinterpretAsFloats());
            FloatVector y = FloatVector.broadcast(S, c0).sub(FloatVector.broadcast(S, c1).div(e.add(one)));
            // Subnormal outputs (a sigmoid far into saturation) become zero, as in FloatLayers.
            y.blend(0f, y.abs().lt(Float.MIN_NORMAL)).intoArray(out, i, lanes);
        }
    }
}
