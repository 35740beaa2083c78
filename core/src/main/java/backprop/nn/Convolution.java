package backprop.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A convolutional layer (the book's chapter 6): {@code filters} feature maps, each computed by sliding
 * one {@code kernelHeight x kernelWidth} filter over every input channel ("valid": the filter stays
 * inside the input; stride 1), adding the map's bias and applying the activation:
 * <pre>
 *   z[f][y][x] = b[f] + Σ_c Σ_i Σ_j w[f][c][i][j] · a_in[c][y+i][x+j]
 * </pre>
 * The filter is applied as it is (cross-correlation, as PyTorch and ONNX do); Theano's conv2d, which
 * network3.py used, flips it first, which only relabels the learned weights.
 *
 * <p>{@code w[f][c][i][j]} is at {@code weights[((f * channels + c) * kernelHeight + i) * kernelWidth + j]},
 * the layout of PyTorch's and ONNX's convolution weights (output channels, input channels, height, width).
 */
public final class Convolution implements Layer {
    private final Shape inputShape;
    private final int filters;
    private final int kernelHeight;
    private final int kernelWidth;
    private final Activation activation;
    private final Shape outputShape;
    private final double[] weights;
    private final double[] biases;

    private Convolution(Shape inputShape, int filters, int kernelHeight, int kernelWidth, Activation activation,
                        double[] weights, double[] biases) {
        this.inputShape = inputShape;
        this.filters = filters;
        this.kernelHeight = kernelHeight;
        this.kernelWidth = kernelWidth;
        this.activation = activation;
        this.outputShape = new Shape(filters, inputShape.height() - kernelHeight + 1,
                inputShape.width() - kernelWidth + 1);
        this.weights = weights;
        this.biases = biases;
    }

    /** A layer with the given parameters, copied; see the class comment for the weights' layout. */
    public static Convolution of(Shape inputShape, int filters, int kernelHeight, int kernelWidth,
                                 Activation activation, double[] weights, double[] biases) {
        Objects.requireNonNull(activation, "activation");
        if (!activation.isElementwise()) {
            throw new IllegalArgumentException(activation.id() + " cannot follow a convolution (it acts on a whole "
                    + "layer of outputs); use it on the fully connected output layer");
        }
        if (filters <= 0 || kernelHeight <= 0 || kernelWidth <= 0) {
            throw new IllegalArgumentException("a convolution needs at least one filter of at least 1x1, got "
                    + filters + "x" + kernelHeight + "x" + kernelWidth);
        }
        if (kernelHeight > inputShape.height() || kernelWidth > inputShape.width()) {
            throw new IllegalArgumentException("a " + kernelHeight + "x" + kernelWidth + " filter does not fit in a "
                    + inputShape.height() + "x" + inputShape.width() + " input");
        }
        long expected = (long) filters * inputShape.channels() * kernelHeight * kernelWidth;
        if (weights.length != expected) {
            throw new IllegalArgumentException(filters + " filters of " + inputShape.channels() + "x" + kernelHeight
                    + "x" + kernelWidth + " have " + expected + " weights, got " + weights.length);
        }
        if (biases.length != filters) {
            throw new IllegalArgumentException(filters + " filters have " + filters + " biases, got " + biases.length);
        }
        return new Convolution(inputShape, filters, kernelHeight, kernelWidth, activation, weights.clone(),
                biases.clone());
    }

    public int filters() {
        return filters;
    }

    public int kernelHeight() {
        return kernelHeight;
    }

    public int kernelWidth() {
        return kernelWidth;
    }

    public Activation activation() {
        return activation;
    }

    /** {@code w[f][c][i][j]}. */
    public double weight(int f, int c, int i, int j) {
        return weights[((f * inputShape.channels() + c) * kernelHeight + i) * kernelWidth + j];
    }

    public double bias(int f) {
        return biases[f];
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
        return "conv:" + filters + "x" + kernelHeight + "x" + kernelWidth + ":" + activation.id();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("weights", Parameter.Kind.WEIGHTS,
                        new int[] {filters, inputShape.channels(), kernelHeight, kernelWidth}, weights),
                new Parameter("biases", Parameter.Kind.BIASES, new int[] {filters}, biases));
    }

    @Override
    public Convolution copy() {
        return new Convolution(inputShape, filters, kernelHeight, kernelWidth, activation, weights.clone(),
                biases.clone());
    }

    @Override
    public double[] weightedInput(double[] a) {
        int channels = inputShape.channels();
        int inHeight = inputShape.height();
        int inWidth = inputShape.width();
        int outHeight = outputShape.height();
        int outWidth = outputShape.width();
        double[] z = new double[outputShape.size()];
        for (int f = 0; f < filters; f++) {
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    double sum = 0;
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < kernelHeight; i++) {
                            int w = ((f * channels + c) * kernelHeight + i) * kernelWidth;
                            int in = (c * inHeight + y + i) * inWidth + x;
                            for (int j = 0; j < kernelWidth; j++) {
                                sum += weights[w + j] * a[in + j];
                            }
                        }
                    }
                    z[(f * outHeight + y) * outWidth + x] = sum + biases[f];
                }
            }
        }
        return z;
    }

    @Override
    public double[] activate(double[] z) {
        return activation.applied(z);
    }

    @Override
    public double[] activationBackward(double[] z, double[] a, double[] outputGradient) {
        return activation.backward(z, a, outputGradient);
    }

    /**
     * BP3 and BP4 for shared weights: each filter's weight and its map's bias are used at every
     * position of the map, so their derivatives sum over the positions:
     * {@code ∂C/∂b[f] = Σ_{y,x} δ[f][y][x]} and {@code ∂C/∂w[f][c][i][j] = Σ_{y,x} δ[f][y][x] a_in[c][y+i][x+j]}.
     */
    @Override
    public void addGradient(double[] a, double[] delta, double[][] gradient) {
        double[] nablaW = gradient[0];
        double[] nablaB = gradient[1];
        int channels = inputShape.channels();
        int inHeight = inputShape.height();
        int inWidth = inputShape.width();
        int outHeight = outputShape.height();
        int outWidth = outputShape.width();
        for (int f = 0; f < filters; f++) {
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    double d = delta[(f * outHeight + y) * outWidth + x];
                    nablaB[f] += d;
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < kernelHeight; i++) {
                            int w = ((f * channels + c) * kernelHeight + i) * kernelWidth;
                            int in = (c * inHeight + y + i) * inWidth + x;
                            for (int j = 0; j < kernelWidth; j++) {
                                nablaW[w + j] += a[in + j] * d;
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code ∂C/∂a_in[c][y+i][x+j] = Σ_f Σ_{y,x} w[f][c][i][j] δ[f][y][x]}: every position an input fed. */
    @Override
    public double[] inputGradient(double[] a, double[] delta) {
        int channels = inputShape.channels();
        int inHeight = inputShape.height();
        int inWidth = inputShape.width();
        int outHeight = outputShape.height();
        int outWidth = outputShape.width();
        double[] back = new double[inputShape.size()];
        for (int f = 0; f < filters; f++) {
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    double d = delta[(f * outHeight + y) * outWidth + x];
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < kernelHeight; i++) {
                            int w = ((f * channels + c) * kernelHeight + i) * kernelWidth;
                            int in = (c * inHeight + y + i) * inWidth + x;
                            for (int j = 0; j < kernelWidth; j++) {
                                back[in + j] += weights[w + j] * d;
                            }
                        }
                    }
                }
            }
        }
        return back;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Convolution that
                && inputShape.equals(that.inputShape) && filters == that.filters
                && kernelHeight == that.kernelHeight && kernelWidth == that.kernelWidth
                && activation == that.activation
                && Arrays.equals(weights, that.weights) && Arrays.equals(biases, that.biases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputShape, filters, kernelHeight, kernelWidth, activation, Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return notation() + " on " + inputShape;
    }
}
