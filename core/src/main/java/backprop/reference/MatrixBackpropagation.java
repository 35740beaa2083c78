package backprop.reference;

import backprop.nn.Cost;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;

import java.util.function.Function;

/**
 * Backpropagation for a whole mini-batch at once (chapter 2's exercise, "fully matrix-based"):
 * column {@code i} of each matrix is example {@code i}. For a fully connected layer the four
 * equations become matrix products:
 * {@code Z^l = W^l A^{l-1} + b^l 1ᵀ}, {@code Δ^l = ((W^{l+1})ᵀ Δ^{l+1}) ⊙ σ'(Z^l)},
 * {@code ∇_b = Δ^l 1} and {@code ∇_W = Δ^l (A^{l-1})ᵀ}, where the last product sums over the batch.
 * Convolution and pooling layers, which the book writes per example, are computed column by column.
 * The result is the per-example gradients' sum, to rounding.
 */
public final class MatrixBackpropagation {
    private final Layer[] layers;
    private final Cost cost;

    MatrixBackpropagation(Layer[] layers, Cost cost) {
        this.layers = layers;
        this.cost = cost;
    }

    /**
     * The summed gradient of the mini-batch whose inputs and one-hot desired outputs are the columns
     * of {@code x} and {@code y}; with dropout when {@code dropout} is not null.
     */
    Gradient backprop(double[][] x, double[][] y, DropoutMasks dropout) {
        int count = layers.length;
        Gradient nabla = Gradient.zeros(java.util.Arrays.asList(layers));
        double[][][] as = new double[count + 1][][];
        double[][][] zs = new double[count][][];
        double[][][] outputs = new double[count][][];
        as[0] = x;
        for (int l = 0; l < count; l++) {
            Layer layer = layers[l];
            if (layer instanceof FullyConnected fc) {
                zs[l] = Matrices.multiply(fc.weightMatrix(), as[l]);
                Matrices.addToColumns(zs[l], fc.biasVector());
            } else {
                zs[l] = byColumn(as[l], layer.outputShape().size(), layer::weightedInput);
            }
            outputs[l] = byColumn(zs[l], zs[l].length, layer::activate);
            as[l + 1] = dropout == null ? outputs[l] : masked(outputs[l], dropout, l);
        }
        double[][] delta = outputDelta(zs[count - 1], as[count], y);
        for (int l = count - 1; ; l--) {
            Layer layer = layers[l];
            if (layer instanceof FullyConnected) {
                nabla.tensors()[l][0] = flatten(Matrices.multiplyTransposed(delta, as[l]));
                nabla.tensors()[l][1] = Matrices.rowSums(delta);
            } else {
                addGradientByColumn(layer, as[l], delta, nabla.tensors()[l]);
            }
            if (l == 0) {
                break;
            }
            double[][] back = layer instanceof FullyConnected fc
                    ? Matrices.transposeMultiply(fc.weightMatrix(), delta)
                    : inputGradientByColumn(layer, as[l], delta);
            delta = activationBackwardByColumn(layers[l - 1], zs[l - 1], outputs[l - 1], back);
            if (dropout != null) {
                delta = masked(delta, dropout, l - 1);
            }
        }
        return nabla;
    }

    private double[][] outputDelta(double[][] z, double[][] a, double[][] y) {
        FullyConnected output = (FullyConnected) layers[layers.length - 1];
        int rows = z.length;
        double[][] delta = new double[rows][z[0].length];
        double[] zc = new double[rows];
        double[] ac = new double[rows];
        double[] yc = new double[rows];
        double[] dc = new double[rows];
        for (int i = 0; i < z[0].length; i++) {
            Matrices.column(z, i, zc);
            Matrices.column(a, i, ac);
            Matrices.column(y, i, yc);
            cost.outputDelta(output.activation(), zc, ac, yc, dc);
            Matrices.setColumn(delta, i, dc);
        }
        return delta;
    }

    /** {@code f} applied to each column of {@code m}, giving columns of {@code rows} values. */
    private static double[][] byColumn(double[][] m, int rows, Function<double[], double[]> f) {
        int columns = m[0].length;
        double[][] out = new double[rows][columns];
        double[] column = new double[m.length];
        for (int i = 0; i < columns; i++) {
            Matrices.column(m, i, column);
            Matrices.setColumn(out, i, f.apply(column));
        }
        return out;
    }

    private static double[][] activationBackwardByColumn(Layer layer, double[][] z, double[][] a, double[][] g) {
        int rows = z.length;
        double[][] delta = new double[rows][z[0].length];
        double[] zc = new double[rows];
        double[] ac = new double[rows];
        double[] gc = new double[rows];
        for (int i = 0; i < z[0].length; i++) {
            Matrices.column(z, i, zc);
            Matrices.column(a, i, ac);
            Matrices.column(g, i, gc);
            Matrices.setColumn(delta, i, layer.activationBackward(zc, ac, gc));
        }
        return delta;
    }

    private static void addGradientByColumn(Layer layer, double[][] a, double[][] delta, double[][] gradient) {
        double[] ac = new double[a.length];
        double[] dc = new double[delta.length];
        for (int i = 0; i < a[0].length; i++) {
            Matrices.column(a, i, ac);
            Matrices.column(delta, i, dc);
            layer.addGradient(ac, dc, gradient);
        }
    }

    private static double[][] inputGradientByColumn(Layer layer, double[][] a, double[][] delta) {
        double[][] back = new double[a.length][a[0].length];
        double[] ac = new double[a.length];
        double[] dc = new double[delta.length];
        for (int i = 0; i < a[0].length; i++) {
            Matrices.column(a, i, ac);
            Matrices.column(delta, i, dc);
            Matrices.setColumn(back, i, layer.inputGradient(ac, dc));
        }
        return back;
    }

    /** Row {@code j} of column {@code i} times example i's mask for layer l's output. */
    private static double[][] masked(double[][] values, DropoutMasks dropout, int l) {
        int columns = values[0].length;
        if (dropout.of(0, l) == null) {
            return values;
        }
        double[][] out = new double[values.length][columns];
        for (int j = 0; j < values.length; j++) {
            for (int i = 0; i < columns; i++) {
                out[j][i] = values[j][i] * dropout.of(i, l)[j];
            }
        }
        return out;
    }

    private static double[] flatten(double[][] m) {
        int columns = m.length == 0 ? 0 : m[0].length;
        double[] flat = new double[m.length * columns];
        for (int j = 0; j < m.length; j++) {
            System.arraycopy(m[j], 0, flat, j * columns, columns);
        }
        return flat;
    }
}
