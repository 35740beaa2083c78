package backprop.engine;

/**
 * Every thread's own copy of every layer's weights and biases, or of anything laid out like them
 * (an optimizer's moment, a gradient). Of a replicated layer every copy is current; of a split layer
 * each thread updates only its own rows, and thread 0's copy holds the whole layer only after
 * {@link #collectRows}.
 *
 * <p>Why copies: where the threads updated their rows of one shared array, the cache lines at the
 * borders of their rows (and the biases' few lines) went back and forth between the cores at every
 * step, and the steps of the book's network took a fifth longer. No thread reads another's rows
 * during training: the forward pass, BP2 and the update of a neuron all happen on its owner.
 */
final class ThreadCopies {
    /** {@code weights[t][l]}: thread {@code t}'s copy of layer {@code l}'s weights, rows of {@code widths[l]}. */
    private final float[][][] weights;
    private final float[][][] biases;

    /** Copies for {@code threads} threads of {@code weights[l]} and {@code biases[l]}, which become thread 0's. */
    ThreadCopies(float[][] weights, float[][] biases, int threads) {
        int layers = weights.length;
        this.weights = new float[threads][layers][];
        this.biases = new float[threads][layers][];
        for (int l = 0; l < layers; l++) {
            for (int t = 0; t < threads; t++) {
                this.weights[t][l] = t == 0 ? weights[l] : weights[l].clone();
                this.biases[t][l] = t == 0 ? biases[l] : biases[l].clone();
            }
        }
    }

    /** Zeros laid out like {@code shape}'s arrays, one copy per thread as those are. */
    static ThreadCopies zerosLike(ThreadCopies shape) {
        int layers = shape.weights[0].length;
        float[][] weights = new float[layers][];
        float[][] biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = new float[shape.weights[0][l].length];
            biases[l] = new float[shape.biases[0][l].length];
        }
        return new ThreadCopies(weights, biases, shape.weights.length);
    }

    float[] weights(int t, int l) {
        return weights[t][l];
    }

    float[] biases(int t, int l) {
        return biases[t][l];
    }

    /** Thread 0's copies of every layer's weights: the whole network's after {@link #collectRows}. */
    float[][] firstWeights() {
        return weights[0];
    }

    float[][] firstBiases() {
        return biases[0];
    }

    /**
     * Copies each of the first {@code active} threads' own rows of every split layer into thread 0's
     * arrays, which then hold the whole layer. Call when no step is running.
     */
    void collectRows(LayerPlan plan, int active) {
        int[][] rowFrom = plan.rowFrom(active);
        int[][] rowTo = plan.rowTo(active);
        int origin = plan.origin;
        for (int l = 0; l < plan.layers; l++) {
            if (!plan.split[l]) {
                continue;
            }
            int n = plan.widths[l];
            for (int t = 1; t < active; t++) {
                int j0 = rowFrom[l][t];
                int j1 = rowTo[l][t];
                System.arraycopy(weights[t][l], origin + j0 * n, weights[0][l], origin + j0 * n, (j1 - j0) * n);
                System.arraycopy(biases[t][l], origin + j0, biases[0][l], origin + j0, j1 - j0);
            }
        }
    }

    /** Brings every other thread's copies up to thread 0's, which must be whole ({@link #collectRows}). */
    void copyFirstToOthers() {
        for (int t = 1; t < weights.length; t++) {
            for (int l = 0; l < weights[0].length; l++) {
                System.arraycopy(weights[0][l], 0, weights[t][l], 0, weights[0][l].length);
                System.arraycopy(biases[0][l], 0, biases[t][l], 0, biases[0][l].length);
            }
        }
    }

    /** Sets every thread's copy of layer {@code l} to {@code weights} and {@code biases}, laid out as the copies are. */
    void setAll(int l, float[] weights, float[] biases) {
        for (int t = 0; t < this.weights.length; t++) {
            System.arraycopy(weights, 0, this.weights[t][l], 0, weights.length);
            System.arraycopy(biases, 0, this.biases[t][l], 0, biases.length);
        }
    }
}
