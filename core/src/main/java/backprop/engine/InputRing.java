package backprop.engine;

import backprop.data.Dataset;

/**
 * One thread's mini-batch input: the examples of the batch as floats, their labels, and (with
 * images) a ring of the upcoming batches' pixels in the order the steps will visit them, a circular
 * buffer small enough to stay in the core's L2 cache until the images are used. Reading images in
 * shuffled order waits on memory for each one; a thread that arrives first at a barrier copies
 * upcoming ones into its ring one by one while it waits ({@link #fillNext}, see {@link EngineThreads}),
 * so its steps then find their batch in the ring and copy only what is still missing. Other data is
 * read straight into the batch.
 */
final class InputRing {
    /** The size of the ring: a good part of a core's L2 cache. */
    private static final int RING_BYTES = 256 * 1024;

    private final Dataset training;
    private final Kernels kernels;
    private final int origin;
    /** Floats per example in {@link #input}: the input layer's row width. */
    private final int width;
    /** The mini-batch's examples, rows of {@link #width} from the origin; the forward pass reads them. */
    final float[] input;
    final int[] labels;
    /** With images: pixels of examples {@code [from, to)} of {@link #order}, example {@code p} in slot {@code p % capacity}. */
    private final byte[] ring;
    private final int capacity;
    private int[] order;
    private int from;
    private int to;
    /** When not null: {@link #input} and {@link #labels} hold examples {@code [gatheredFrom, gatheredFrom + gatheredCount)} of this order. */
    private int[] gathered;
    private int gatheredFrom;
    private int gatheredCount;

    /** For mini-batches of up to {@code batch} examples of {@code training}, each {@code width} floats apart in {@link #input}. */
    InputRing(Dataset training, int batch, int width, Kernels kernels, int origin) {
        this.training = training;
        this.kernels = kernels;
        this.origin = origin;
        this.width = width;
        this.input = FloatLayout.padded(origin, Math.multiplyExact(batch, width));
        this.labels = new int[batch];
        this.capacity = Math.max(batch, RING_BYTES / width / batch * batch);
        boolean images = training != null && training.isImages();
        this.ring = images ? new byte[Math.multiplyExact(capacity, width) + FloatLayout.PADDING] : null;
    }

    /** Whether {@link #input} and {@link #labels} already hold the mini-batch {@code [from, from + m)} of {@code order}. */
    boolean holds(int[] order, int from, int m) {
        // The position first: it is the test whose answer varies (thread 0's never match, a
        // new epoch's first batch does not), so the JIT keeps both ways compiled; the tests after
        // it fail only if a caller changes the order without a new epoch, which it may but does not.
        return gatheredFrom == from && gatheredCount == m && gathered == order;
    }

    /** Puts examples {@code [from, from + m)} of {@code order} into {@link #input} and {@link #labels}, and notes which they are. */
    void gather(int[] order, int from, int m) {
        int n = width;
        if (ring != null) {
            if (order != this.order || from < this.from || from > to) {
                // Not the batch after the last one (restart announces a new order): start afresh here.
                this.order = order;
                this.from = from;
                this.to = from;
            }
            fill(from + m);
            int slot = from % capacity;
            int first = Math.min(m, capacity - slot);
            kernels.unitFloats(ring, slot * n, input, origin, first * n);
            kernels.unitFloats(ring, 0, input, origin + first * n, (m - first) * n);
            this.from = from + m;
            for (int i = 0; i < m; i++) {
                labels[i] = training.label(order[from + i]);
            }
        } else {
            for (int i = 0; i < m; i++) {
                training.input(order[from + i], input, origin + i * n);
                labels[i] = training.label(order[from + i]);
            }
        }
        gathered = order;
        gatheredFrom = from;
        gatheredCount = m;
    }

    /**
     * Gathers what is most likely the thread's next mini-batch (the next {@code m} examples in the
     * same order, from {@code from}). A worker does this before it reports a step done: thread 0
     * posts the next step only after finishing its own share of this one, and the worker would
     * otherwise spend that wait, and the time the post takes to reach its core, idle, then gather
     * while thread 0 waits for it at the first barrier. If the next job is something else, the step
     * after it gathers again.
     */
    void gatherAhead(int[] order, int from, int m) {
        // At the epoch's end this gathers nothing, through the same code: a branch the JIT had never
        // seen taken would make it recompile the whole step at the start of the next epoch.
        gather(order, from, Math.min(m, order.length - from));
    }

    /** Copies one more upcoming image into the ring, if there is one and room for it; whether it did. */
    boolean fillNext() {
        return ring != null && fill(to + 1);
    }

    /**
     * Copies the images of the ring's order from {@link #to} up to position {@code until} (fewer if
     * the order ends or the ring is full) into the ring; whether it copied any.
     */
    private boolean fill(int until) {
        int n = width;
        int[] order = this.order;
        int start = to;
        int end = Math.min(Math.min(until, order.length), from + capacity);
        for (int p = start; p < end; p++) {
            training.copyPixels(order[p], ring, (p % capacity) * n);
        }
        to = Math.max(start, end);
        return end > start;
    }

    /** Empties the ring for {@code order}, which may be an array the last epoch used, with new contents. */
    void restart(int[] order) {
        this.order = order;
        from = 0;
        to = 0;
        gathered = null;
        gatheredFrom = -1;
    }
}
