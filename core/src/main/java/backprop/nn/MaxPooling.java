package backprop.nn;

import java.util.List;
import java.util.Objects;

/**
 * Max-pooling, as network3.py's ConvPoolLayer pools: each channel is cut into non-overlapping
 * {@code poolHeight x poolWidth} windows and each window is replaced by its largest value. Rows and
 * columns left over when a window does not divide the map are dropped (Theano's {@code ignore_border},
 * PyTorch's default). No parameters and no activation: {@code a = z}.
 *
 * <p>The gradient of a maximum goes to the input that was largest; where several tie, to the first
 * of them in the window, row by row (as PyTorch and ONNX pick the index of a maximum). That is one
 * valid choice at a point where the maximum has no derivative: the slope is 1 for raising that input
 * and 0 for lowering any other.
 */
public final class MaxPooling implements Layer {
    private final Shape inputShape;
    private final int poolHeight;
    private final int poolWidth;
    private final Shape outputShape;

    public MaxPooling(Shape inputShape, int poolHeight, int poolWidth) {
        Objects.requireNonNull(inputShape, "inputShape");
        if (poolHeight <= 0 || poolWidth <= 0) {
            throw new IllegalArgumentException("a pooling window needs a positive size, got " + poolHeight + "x"
                    + poolWidth);
        }
        if (poolHeight > inputShape.height() || poolWidth > inputShape.width()) {
            throw new IllegalArgumentException("a " + poolHeight + "x" + poolWidth + " pooling window does not fit in a "
                    + inputShape.height() + "x" + inputShape.width() + " input");
        }
        this.inputShape = inputShape;
        this.poolHeight = poolHeight;
        this.poolWidth = poolWidth;
        this.outputShape = new Shape(inputShape.channels(), inputShape.height() / poolHeight,
                inputShape.width() / poolWidth);
    }

    public int poolHeight() {
        return poolHeight;
    }

    public int poolWidth() {
        return poolWidth;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    @Override
    public String notation() {
        return poolHeight == poolWidth ? "pool:" + poolHeight : "pool:" + poolHeight + "x" + poolWidth;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public MaxPooling copy() {
        return this;
    }

    /** {@code z[c][y][x] = max} of window (y, x) of channel c. */
    @Override
    public double[] weightedInput(double[] a) {
        double[] z = new double[outputShape.size()];
        for (int out = 0; out < z.length; out++) {
            z[out] = a[largestInWindow(a, out)];
        }
        return z;
    }

    /** Where in {@code a} the maximum of output {@code out}'s window is: the first, row by row, if several tie. */
    private int largestInWindow(double[] a, int out) {
        int c = out / (outputShape.height() * outputShape.width());
        int y = out / outputShape.width() % outputShape.height();
        int x = out % outputShape.width();
        int best = -1;
        for (int i = 0; i < poolHeight; i++) {
            int row = (c * inputShape.height() + y * poolHeight + i) * inputShape.width() + x * poolWidth;
            for (int j = 0; j < poolWidth; j++) {
                // NaN never wins a comparison, so an all-NaN window still names its first input.
                if (best < 0 || a[row + j] > a[best]) {
                    best = row + j;
                }
            }
        }
        return best;
    }

    @Override
    public double[] activate(double[] z) {
        return z.clone();
    }

    @Override
    public double[] activationBackward(double[] z, double[] a, double[] outputGradient) {
        return outputGradient.clone();
    }

    @Override
    public void addGradient(double[] input, double[] delta, double[][] gradient) {
        // No parameters.
    }

    /** Each window's error goes back to the input that was its maximum; the others get none. */
    @Override
    public double[] inputGradient(double[] a, double[] delta) {
        double[] back = new double[inputShape.size()];
        for (int out = 0; out < delta.length; out++) {
            back[largestInWindow(a, out)] += delta[out];
        }
        return back;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MaxPooling that && inputShape.equals(that.inputShape)
                && poolHeight == that.poolHeight && poolWidth == that.poolWidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputShape, poolHeight, poolWidth);
    }

    @Override
    public String toString() {
        return notation() + " on " + inputShape;
    }
}
