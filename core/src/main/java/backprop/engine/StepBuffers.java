package backprop.engine;

/**
 * One thread's buffers for a mini-batch's pass through the fully connected layers, sized for the
 * largest batch up front so that a step allocates nothing; layer {@code l}'s arrays hold the batch
 * as rows of {@code widths[l + 1]} floats from the origin.
 */
final class StepBuffers {
    /** The weighted inputs {@code z^l} (equation 25). */
    final float[][] z;
    /** {@code σ(z^l)}, of the layers this thread computes alone (split layers' are shared: {@link DenseStep}). */
    final float[][] activations;
    /** The errors {@code δ^l}, turned into the update's factors once BP2 no longer needs them. */
    final float[][] delta;
    /** With dropout: each hidden layer's activations before masking, and the masks. */
    final float[][] unmasked;
    final float[][] mask;
    /** Room for {@link FloatLayers#outputDelta}'s work on one example. */
    final float[] scratch;

    StepBuffers(int[] widths, int batch, int origin) {
        int layers = widths.length - 1;
        z = new float[layers][];
        activations = new float[layers][];
        delta = new float[layers][];
        unmasked = new float[layers][];
        mask = new float[layers][];
        int maxWidth = 0;
        for (int l = 0; l < layers; l++) {
            int length = Math.multiplyExact(batch, widths[l + 1]);
            z[l] = FloatLayout.padded(origin, length);
            activations[l] = FloatLayout.padded(origin, length);
            delta[l] = FloatLayout.padded(origin, length);
            unmasked[l] = FloatLayout.padded(origin, length);
            mask[l] = FloatLayout.padded(origin, length);
            maxWidth = Math.max(maxWidth, widths[l + 1]);
        }
        scratch = new float[3 * maxWidth];
    }
}
