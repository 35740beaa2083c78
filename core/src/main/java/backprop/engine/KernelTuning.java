package backprop.engine;

/**
 * Where the vector kernels change tile: every size at which a variant is chosen, in one place. Each
 * choice depends on the batch and the layer alone, never on the range of neurons a thread was given,
 * so that a neuron is computed the same way however many threads share its layer. The measurements
 * behind the numbers are in docs/PERFORMANCE.md.
 */
final class KernelTuning {
    private static final int L = LaneSums.S.length();

    /** From this many examples on, the forward pass takes the transposed tiles ({@link ForwardTransposedTiles}). */
    static final int TRANSPOSED_BATCH = 32;
    /**
     * ...and only for layers at least this wide: the JIT takes a while to compile the transposed
     * tiles, which a layer of a hundred neurons evaluated once an epoch never pays back.
     */
    static final int TRANSPOSED_LAYER = 256;
    /** Inputs per pass of a transposed tile: its weights for them, 12 KB, stay in the L1 cache for the whole batch. */
    static final int PANEL_INPUTS = 256;
    /**
     * Neurons per block in the backward pass: their weights for four vectors of inputs (32 KB) stay
     * in the L1 cache while every example passes by; as large as that allows, since each block reads
     * and writes every example's sums once more.
     */
    static final int BACKWARD_NEURON_BLOCK = 128;
    /**
     * From this many examples on, the update copies each block of activations together first (for a
     * handful of examples the copy costs more than it saves), and takes tiles of twelve neurons.
     */
    static final int PACKED_UPDATE_BATCH = 32;

    private KernelTuning() {
    }

    /** Whether the forward pass of {@code m} examples through a layer of {@code neurons} takes the transposed tiles. */
    static boolean transposedForward(int m, int neurons) {
        return L == 16 && m >= TRANSPOSED_BATCH && neurons >= TRANSPOSED_LAYER;
    }

    /**
     * Whether the forward pass's dot-product tiles take five examples at a time: the book's batch of
     * ten in two tiles rather than three (four, four and two).
     */
    static boolean fiveExampleTiles(int m) {
        return L == 16 && m % 5 == 0;
    }

    /** Whether the update of a batch of {@code m} copies the activations together and takes tiles of twelve neurons. */
    static boolean packedUpdate(int m) {
        return m >= PACKED_UPDATE_BATCH;
    }

    /**
     * The neurons the update leaves after its blocks of four: 0 to 3, except that five and six are
     * taken as 3 + 2 and 3 + 3, so that no block of one is left over whose running sums would each
     * wait on the last multiply-add.
     */
    static int updateTail(int neurons) {
        int rest = neurons % 4;
        return neurons > 4 && (rest == 1 || rest == 2) ? rest + 4 : rest;
    }

    /** The neurons, from the first, that the update takes in tiles of twelve (three blocks of four). */
    static int updateTwelves(int neurons, int m) {
        if (L != 16 || !packedUpdate(m)) {
            return 0;
        }
        return (neurons - updateTail(neurons)) / 12 * 12;
    }
}
