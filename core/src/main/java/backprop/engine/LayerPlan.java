package backprop.engine;

import backprop.nn.Activation;

/**
 * How the fully connected engine shares each layer between its threads, decided once from the
 * network's sizes. A large layer is <em>split</em> into {@value #CHUNKS} chunks of neurons, and each
 * thread owns whole chunks: their weighted inputs for every example of the batch, their errors and
 * their weights' update. A small layer (such as the 30-to-10 output of the book's network) is
 * <em>replicated</em>: every thread computes all of it on its own copy of the weights, which stays
 * identical on all threads because the same operations run on the same data. Which layers are split
 * depends on their sizes alone, never on the number of threads, so that the chunks' shares of BP2
 * are summed in the same order however many threads there are (see {@link DenseStep}).
 */
final class LayerPlan {
    /** Fewer weights than this are not worth sharing between threads: a barrier would cost more than the work. */
    static final long SMALLEST_SPLIT = 4096;
    /** Chunks of a split layer's neurons; at most this many threads share a layer. */
    static final int CHUNKS = 8;
    /** A layer with less than this share of all weights is computed by every thread rather than split. */
    private static final double SPLIT_SHARE = 0.05;

    /** The network's sizes, input first: layer {@code l} takes {@code sizes[l]} inputs to {@code sizes[l + 1]} neurons. */
    final int[] sizes;
    /** The layers of weights: one fewer than {@link #sizes}. */
    final int layers;
    /** Where every matrix and vector begins in its array: {@link Kernels#origin()}. */
    final int origin;
    final Activation[] activations;
    /** Row length of each layer's arrays: its size rounded up to whole vectors ({@link FloatLayout#rowWidth}). */
    final int[] widths;
    /** The threads the plan shares layers between: 1 when no layer is split. */
    final int threads;
    final boolean[] split;
    /** Layers small enough for {@link Kernels#forwardSmall}: decided by the layer alone, like {@link #split}. */
    final boolean[] small;
    /**
     * Chunk {@code c} of split layer {@code l} starts at neuron {@code chunkStart[l][c]}; there are
     * {@code chunkCount[l]} of them, each a whole number of cache lines of activations long, so that
     * threads never write to the same cache line (with the rows starting on cache lines: see
     * {@link Kernels#origin()}).
     */
    final int[][] chunkStart;
    final int[] chunkCount;
    /**
     * With {@code a} threads at work, thread {@code t} computes neurons {@code [rowFrom[a-1][l][t],
     * rowTo[a-1][l][t])} of layer {@code l}: whole chunks of a split layer, all of a replicated one.
     */
    private final int[][][] rowFrom;
    private final int[][][] rowTo;

    /**
     * The plan for the layers of {@code sizes}, shared between at most {@code threads} threads, their
     * arrays laid out from {@code origin}.
     */
    LayerPlan(int[] sizes, Activation[] activations, int threads, int origin) {
        this.sizes = sizes.clone();
        this.layers = sizes.length - 1;
        this.origin = origin;
        this.activations = activations.clone();
        this.widths = new int[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            widths[l] = FloatLayout.rowWidth(sizes[l]);
        }
        this.split = chooseSplitLayers();
        this.small = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            small[l] = !split[l] && widths[l] <= Kernels.SMALL_INPUTS && sizes[l + 1] <= FloatLayout.PADDING;
        }
        this.threads = anySplit() ? Math.max(1, Math.min(threads, CHUNKS)) : 1;
        this.chunkStart = new int[layers][CHUNKS + 1];
        this.chunkCount = new int[layers];
        for (int l = 0; l < layers; l++) {
            int neurons = sizes[l + 1];
            int padding = FloatLayout.PADDING;
            int chunkSize = ((neurons + CHUNKS - 1) / CHUNKS + padding - 1) / padding * padding;
            chunkCount[l] = (neurons + chunkSize - 1) / chunkSize;
            for (int c = 0; c <= CHUNKS; c++) {
                chunkStart[l][c] = Math.min(neurons, c * chunkSize);
            }
        }
        this.rowFrom = new int[this.threads][layers][];
        this.rowTo = new int[this.threads][layers][];
        for (int a = 1; a <= this.threads; a++) {
            for (int l = 0; l < layers; l++) {
                rowFrom[a - 1][l] = new int[a];
                rowTo[a - 1][l] = new int[a];
                for (int t = 0; t < a; t++) {
                    rowFrom[a - 1][l][t] = split[l] ? chunkStart[l][firstChunk(l, t, a)] : 0;
                    rowTo[a - 1][l][t] = split[l] ? chunkStart[l][firstChunk(l, t + 1, a)] : sizes[l + 1];
                }
            }
        }
    }

    /**
     * Which layers are split into chunks that threads share, decided by size alone: the result must
     * not depend on how many threads there are.
     */
    private boolean[] chooseSplitLayers() {
        boolean[] result = new boolean[layers];
        long total = 0;
        long largest = 0;
        int largestLayer = 0;
        for (int l = 0; l < layers; l++) {
            long count = (long) sizes[l] * sizes[l + 1];
            total += count;
            if (count > largest) {
                largest = count;
                largestLayer = l;
            }
        }
        for (int l = 0; l < layers; l++) {
            long count = (long) sizes[l] * sizes[l + 1];
            boolean softmaxOutput = activations[l] == Activation.SOFTMAX;
            result[l] = !softmaxOutput && sizes[l + 1] >= CHUNKS && count >= SMALLEST_SPLIT
                    && (count >= SPLIT_SHARE * total || l == largestLayer);
        }
        return result;
    }

    boolean anySplit() {
        for (boolean s : split) {
            if (s) {
                return true;
            }
        }
        return false;
    }

    /** The first chunk of thread {@code t}'s share of layer {@code l} when {@code a} threads divide its chunks. */
    int firstChunk(int l, int t, int a) {
        return t * chunkCount[l] / a;
    }

    /** With {@code active} threads at work: {@code [l][t]}, the first neuron of layer {@code l} that thread {@code t} computes. */
    int[][] rowFrom(int active) {
        return rowFrom[active - 1];
    }

    /** With {@code active} threads at work: {@code [l][t]}, one past the last neuron of layer {@code l} that thread {@code t} computes. */
    int[][] rowTo(int active) {
        return rowTo[active - 1];
    }

    /** Equation 25 for neurons {@code [j0, j1)} of layer {@code l}, by the small layers' kernel for a small layer. */
    void forward(Kernels kernels, int l, float[] input, int m, float[] w, float[] b, int j0, int j1, float[] z) {
        if (small[l]) {
            kernels.forwardSmall(input, m, widths[l], w, b, j0, j1, z, widths[l + 1]);
        } else {
            kernels.forward(input, m, widths[l], w, b, j0, j1, z, widths[l + 1]);
        }
    }

    /** The widest row of any layer, the input's included. */
    int maxWidth() {
        int widest = 0;
        for (int width : widths) {
            widest = Math.max(widest, width);
        }
        return widest;
    }
}
