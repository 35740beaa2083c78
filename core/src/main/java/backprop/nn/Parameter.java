package backprop.nn;

import java.util.Arrays;

/**
 * One tensor of a layer's parameters: its values, flat, in the order its {@code shape} gives
 * (row-major, as numpy, PyTorch and ONNX lay tensors out), and whether it holds weights or biases.
 * Optimizers and regularizers see a network as a list of these, whatever layers they belong to;
 * the L2 and L1 terms apply to weights only, as in the book.
 *
 * <p>The array is the layer's own: an engine that got the layer by {@link Layer#copy()} updates its
 * parameters in place through it, as network.py updates {@code self.weights}.
 */
public record Parameter(String name, Kind kind, int[] shape, double[] values) {

    /** What a tensor is for: weights are regularized, biases are not. */
    public enum Kind {
        WEIGHTS, BIASES
    }

    public Parameter {
        long count = 1;
        for (int dimension : shape) {
            count *= dimension;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + count
                    + " values, not " + values.length);
        }
    }

    public boolean isWeights() {
        return kind == Kind.WEIGHTS;
    }

    public int size() {
        return values.length;
    }
}
