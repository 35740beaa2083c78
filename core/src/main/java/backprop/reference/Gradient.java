package backprop.reference;

/**
 * The gradient of the cost with respect to every parameter, laid out like the parameters:
 * {@code weights[l][j][k] = ∂C/∂w^{l+1}_{jk}} and {@code biases[l][j] = ∂C/∂b^{l+1}_j}
 * (network.py's {@code nabla_w} and {@code nabla_b}).
 */
public record Gradient(double[][][] weights, double[][] biases) {

    /** A zero gradient for a network with the given layer sizes. */
    public static Gradient zeros(int[] sizes) {
        int layers = sizes.length - 1;
        double[][][] w = new double[layers][][];
        double[][] b = new double[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new double[sizes[l + 1]][sizes[l]];
            b[l] = new double[sizes[l + 1]];
        }
        return new Gradient(w, b);
    }

    /** Adds {@code other} into this gradient, as network.py sums the per-example gradients of a mini-batch. */
    public void add(Gradient other) {
        for (int l = 0; l < weights.length; l++) {
            for (int j = 0; j < weights[l].length; j++) {
                double[] row = weights[l][j];
                double[] add = other.weights[l][j];
                for (int k = 0; k < row.length; k++) {
                    row[k] += add[k];
                }
                biases[l][j] += other.biases[l][j];
            }
        }
    }

    /** The largest absolute difference between two gradients of the same shape. */
    public double maxDifference(Gradient other) {
        double max = 0;
        for (int l = 0; l < weights.length; l++) {
            for (int j = 0; j < weights[l].length; j++) {
                for (int k = 0; k < weights[l][j].length; k++) {
                    max = Math.max(max, Math.abs(weights[l][j][k] - other.weights[l][j][k]));
                }
                max = Math.max(max, Math.abs(biases[l][j] - other.biases[l][j]));
            }
        }
        return max;
    }
}
