package backprop.reference;

import backprop.nn.Dropout;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;

/**
 * Inverted dropout for one mini-batch, as network3.py applies dropout: to the inputs of the fully
 * connected layers (the softmax output among them), except where that input is the network's input.
 * For each example, each such activation is kept with probability {@code 1 - p} and then scaled by
 * {@code 1/(1-p)}, so that its expected value is unchanged and evaluation needs no rescaling.
 * {@code of(i, l)} multiplies the output of layer {@code l} for example {@code i}; which neurons drop
 * is {@link Dropout}'s counter-based choice, the same in every engine.
 */
final class DropoutMasks {
    /** {@code masks[i][l][j]}: 0, or {@code 1/(1-p)} when kept; null where layer l's output is not dropped. */
    private final double[][][] masks;

    private DropoutMasks(double[][][] masks) {
        this.masks = masks;
    }

    /** Whether dropout applies to the output of layer {@code l}: it feeds a fully connected layer. */
    static boolean dropsOutputOf(Layer[] layers, int l) {
        return l + 1 < layers.length && layers[l + 1] instanceof FullyConnected;
    }

    /** The masks of step {@code step} for {@code m} examples. */
    static DropoutMasks draw(Layer[] layers, double rate, long seed, long step, int m) {
        double keep = 1 / (1 - rate);
        double[][][] masks = new double[m][layers.length][];
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < layers.length; l++) {
                if (!dropsOutputOf(layers, l)) {
                    continue;
                }
                masks[i][l] = new double[layers[l].outputShape().size()];
                for (int j = 0; j < masks[i][l].length; j++) {
                    masks[i][l][j] = Dropout.keeps(seed, step, l, i, j, rate) ? keep : 0.0;
                }
            }
        }
        return new DropoutMasks(masks);
    }

    /** The mask for the output of layer {@code l} of example {@code i}, or null if it is not dropped. */
    double[] of(int i, int l) {
        return masks[i][l];
    }

    /** {@code values ⊙ mask}, or {@code values} itself where there is no mask. */
    static double[] apply(double[] mask, double[] values) {
        if (mask == null) {
            return values;
        }
        double[] out = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            out[j] = values[j] * mask[j];
        }
        return out;
    }
}
