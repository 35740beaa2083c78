package backprop.train;

import java.util.ArrayList;
import java.util.List;

/**
 * What an optimizer remembers between steps, so that a checkpoint can resume a run exactly: the
 * number of steps taken (Adam's t, and the dropout masks' counter) and the moments it keeps per
 * parameter — none for SGD, the velocity for momentum and Nesterov, the first and second moments
 * for Adam — each laid out like the parameters: {@code moments.get(s)[l][p]} is moment s of the
 * p-th parameter tensor of layer l, flat (for a fully connected layer, p = 0 its weights
 * {@code [j * inputs + k]}, p = 1 its biases).
 */
public record OptimizerState(long steps, List<double[][][]> moments) {

    public OptimizerState {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be 0 or more, got " + steps);
        }
        moments = List.copyOf(moments);
    }

    /** The state before the first step. */
    public static OptimizerState initial() {
        return new OptimizerState(0, List.of());
    }

    /** A deep copy of one moment's arrays. */
    public static double[][][] copy(double[][][] moment) {
        double[][][] copy = new double[moment.length][][];
        for (int l = 0; l < moment.length; l++) {
            copy[l] = new double[moment[l].length][];
            for (int p = 0; p < moment[l].length; p++) {
                copy[l][p] = moment[l][p].clone();
            }
        }
        return copy;
    }

    /** Whether two moments have the same layers, tensors and tensor sizes. */
    public static boolean sameShape(double[][][] a, double[][][] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int l = 0; l < a.length; l++) {
            if (a[l].length != b[l].length) {
                return false;
            }
            for (int p = 0; p < a[l].length; p++) {
                if (a[l][p].length != b[l][p].length) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The moments of a fully connected network in the checkpoint file's layout: each layer's weights as rows. */
    public List<double[][][]> denseWeightMoments(int[] sizes) {
        List<double[][][]> result = new ArrayList<>();
        for (double[][][] moment : moments) {
            if (moment.length != sizes.length - 1) {
                throw new IllegalArgumentException("the optimizer state has " + moment.length + " layers, the network "
                        + (sizes.length - 1));
            }
            double[][][] layers = new double[moment.length][][];
            for (int l = 0; l < moment.length; l++) {
                int columns = sizes[l];
                if (moment[l].length != 2 || moment[l][0].length != (long) sizes[l + 1] * columns
                        || moment[l][1].length != sizes[l + 1]) {
                    throw new IllegalArgumentException("the saved optimizer state for layer " + (l + 1)
                            + " does not match the network's shape");
                }
                layers[l] = new double[sizes[l + 1]][];
                for (int j = 0; j < sizes[l + 1]; j++) {
                    layers[l][j] = java.util.Arrays.copyOfRange(moment[l][0], j * columns, (j + 1) * columns);
                }
            }
            result.add(layers);
        }
        return result;
    }

    /** The moments of a fully connected network's biases in the checkpoint file's layout. */
    public List<double[][]> denseBiasMoments() {
        List<double[][]> result = new ArrayList<>();
        for (double[][][] moment : moments) {
            double[][] layers = new double[moment.length][];
            for (int l = 0; l < moment.length; l++) {
                layers[l] = moment[l][1].clone();
            }
            result.add(layers);
        }
        return result;
    }

    /** The state from a fully connected network's moments in the checkpoint file's layout. */
    public static OptimizerState ofDense(long steps, List<double[][][]> weightMoments, List<double[][]> biasMoments) {
        if (weightMoments.size() != biasMoments.size()) {
            throw new IllegalArgumentException(weightMoments.size() + " weight moments but "
                    + biasMoments.size() + " bias moments");
        }
        List<double[][][]> moments = new ArrayList<>();
        for (int s = 0; s < weightMoments.size(); s++) {
            double[][][] w = weightMoments.get(s);
            double[][] b = biasMoments.get(s);
            double[][][] moment = new double[w.length][][];
            for (int l = 0; l < w.length; l++) {
                int columns = w[l].length == 0 ? 0 : w[l][0].length;
                double[] flat = new double[w[l].length * columns];
                for (int j = 0; j < w[l].length; j++) {
                    System.arraycopy(w[l][j], 0, flat, j * columns, columns);
                }
                moment[l] = new double[][] {flat, b[l].clone()};
            }
            moments.add(moment);
        }
        return new OptimizerState(steps, moments);
    }
}
