package backprop.predict;

import backprop.engine.Kernels;
import backprop.engine.ScalarKernels;
import backprop.nn.Activation;
import backprop.nn.Convolution;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.MaxPooling;
import backprop.nn.Network;
import backprop.nn.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained network's answers, for services: thread-safe (any number of threads may call one
 * predictor at once), and allocation-free once a thread has made its first call, for the methods that
 * take their output as an argument. Float math on the fast engine's kernels (SIMD through the Vector
 * API when {@code jdk.incubator.vector} is present), so answers agree with {@link Network#feedforward}
 * to float rounding (about 1e-6), not bit for bit.
 *
 * <pre>
 *   Predictor predictor = Predictor.of(ModelFile.load(path).network());
 *   int digit = predictor.predict(pixels);                     // 784 values in [0, 1]
 *   List&lt;Predictor.Prediction&gt; best = predictor.topK(pixels, 3);
 * </pre>
 *
 * <p>The network is copied into float arrays when the predictor is made; each calling thread gets its
 * own scratch space on its first call (a {@link ThreadLocal}), sized for a chunk of a batch.
 * Fully connected layers run on their weights packed for a chunk of examples
 * ({@link InferenceKernels#multiplyBatch}; one example alone: {@link InferenceKernels#multiplyOne}); a convolution as a product of its filters with runs
 * of its input ({@link InferenceKernels#multiply}), one example at a time. A convolution followed by
 * max-pooling runs as one stage that pools the products where they lie and applies the activation
 * to the pooled values only: every activation a convolution can have (sigmoid, tanh, ReLU, leaky
 * ReLU) never decreases, so the largest weighted input gives the largest activation, and pooling first
 * is the order network3.py's {@code ConvPoolLayer} computes in, at a quarter of the activations.
 */
public final class Predictor {
    /** Rows of every matrix the kernels see are padded to a multiple of this, so their SIMD loops have no tails. */
    private static final int ALIGN = 16;
    /** Floats of activations per chunk of a batch: enough examples to keep the kernels busy, few enough to stay in cache. */
    private static final int CHUNK_FLOATS = 1 << 15;
    private static final int MAX_CHUNK = 64;
    /** Examples per tile of {@link InferenceKernels#multiplyBatch}. */
    private static final int TILE = 4;
    /** Floats after the last value a 2x2 pooling kernel may read past (its vectors run over the window row). */
    private static final int POOL_SPARE = 2 * InferenceKernels.ALIGN;

    /** A class and its probability, as {@link #topK(float[], int)} ranks them. */
    public record Prediction(int label, float probability) {
    }

    private final Kernels kernels;
    private final InferenceKernels inferenceKernels;
    private final int origin;
    private final Stage[] stages;
    private final int inputSize;
    private final int inputStride;
    private final int outputSize;
    private final int outputStride;
    private final boolean softmaxOutput;
    private final int chunk;
    private final int bufferFloats;
    private final int productFloats;
    private final ThreadLocal<Scratch> scratch;

    /** What one layer does to a chunk of examples stored row by row, {@code stride} floats apart, at {@code origin}. */
    private sealed interface Stage permits Dense, Conv, Pool {
        int inputStride();

        int outputStride();
    }

    /**
     * Weights padded to {@code [outputs][inputStride]} with zero columns, so padded inputs add nothing;
     * {@code packed}: the same for chunks of examples ({@link InferenceKernels#pack}), biases padded to
     * {@code outputStride} with zeros.
     */
    private record Dense(int inputs, int inputStride, int outputs, int outputStride, float[] weights, float[] biases,
                         float[] packed, Activation activation) implements Stage {
    }

    /**
     * Weights {@code [filters][patchSize]}; {@code rows[q]}: where weight q's run of the input starts
     * (see {@link InferenceKernels#multiply}); positions counted on the input's width, padded to
     * {@code positionStride}. {@code convolved}: the convolution's own output shape; {@code output}:
     * after the pooling that follows it, windows of {@code poolHeight x poolWidth} (1 x 1 when none does).
     */
    private record Conv(Shape input, int inputStride, Shape convolved, int poolHeight, int poolWidth, Shape output,
                        int outputStride, int patchSize, int[] rows, int positionStride, float[] weights,
                        float[] biases, Activation activation) implements Stage {
    }

    private record Pool(Shape input, int inputStride, Shape output, int outputStride, int height, int width)
            implements Stage {
    }

    /** One thread's working memory: two activation buffers used in turn, and a convolution's products. */
    private static final class Scratch {
        final float[] first;
        final float[] second;
        final float[] products;
        final float[] outputs;

        Scratch(int bufferFloats, int productFloats, int outputSize) {
            first = new float[bufferFloats];
            second = new float[bufferFloats];
            products = new float[productFloats];
            outputs = new float[outputSize];
        }
    }

    private Predictor(Network network, Kernels kernels, InferenceKernels inferenceKernels) {
        this.kernels = kernels;
        this.inferenceKernels = inferenceKernels;
        this.origin = kernels.origin();
        Shape in = network.inputShape();
        this.inputSize = in.size();
        this.inputStride = padded(inputSize);
        List<Stage> built = new ArrayList<>();
        int widest = inputStride;
        int overrun = 0;
        int products = 0;
        Shape shape = in;
        int stride = inputStride;
        List<Layer> layers = network.layers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            Layer next = l + 1 < layers.size() ? layers.get(l + 1) : null;
            Stage stage = switch (layer) {
                case FullyConnected fc -> dense(fc, stride);
                case Convolution conv when next instanceof MaxPooling && conv.activation() != Activation.SOFTMAX -> {
                    layer = next;
                    l++;
                    yield convolution(conv, stride, (MaxPooling) next);
                }
                case Convolution conv -> convolution(conv, stride, null);
                case MaxPooling pool -> new Pool(shape, stride, pool.outputShape(), padded(pool.outputShape().size()),
                        pool.poolHeight(), pool.poolWidth());
            };
            if (stage instanceof Conv conv) {
                // The last runs read past the example's values (into columns that are dropped).
                overrun = Math.max(overrun, conv.rows[conv.rows.length - 1] + conv.positionStride - conv.input.size());
                products = Math.max(products, conv.positionStride * conv.convolved.channels());
            }
            built.add(stage);
            shape = layer.outputShape();
            stride = stage.outputStride();
            widest = Math.max(widest, stride);
        }
        this.stages = built.toArray(Stage[]::new);
        this.outputSize = network.outputSize();
        this.outputStride = stride;
        this.softmaxOutput = network.outputLayer().activation() == Activation.SOFTMAX;
        int fits = Math.clamp(CHUNK_FLOATS / widest, 1, MAX_CHUNK);
        // Whole tiles of multiplyBatch's examples where the chunk holds at least one.
        this.chunk = fits < TILE ? fits : fits / TILE * TILE;
        // 2x2 pooling reads whole vectors from a window row's start, one float on, and the row below.
        this.bufferFloats = origin + chunk * widest + Math.max(POOL_SPARE, overrun);
        this.productFloats = products + POOL_SPARE;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(bufferFloats, productFloats, outputSize));
    }

    /** A predictor for {@code network}, whose parameters it copies (later changes to the network do not reach it). */
    public static Predictor of(Network network) {
        return new Predictor(Objects.requireNonNull(network, "network"), Kernels.best(), InferenceKernels.best());
    }

    /** The same with the scalar kernels: for tests that compare the scalar and SIMD implementations. */
    static Predictor scalar(Network network) {
        return new Predictor(network, new ScalarKernels(Kernels.best().origin()), new ScalarInferenceKernels());
    }

    private static int padded(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    private Dense dense(FullyConnected fc, int inputStride) {
        int n = fc.inputs();
        int outputs = fc.outputs();
        float[] weights = new float[origin + outputs * inputStride];
        float[] biases = new float[origin + padded(outputs)];
        for (int j = 0; j < outputs; j++) {
            for (int k = 0; k < n; k++) {
                weights[origin + j * inputStride + k] = (float) fc.weight(j, k);
            }
            biases[origin + j] = (float) fc.bias(j);
        }
        float[] packed = inferenceKernels.pack(weights, origin, inputStride, outputs, padded(outputs), n, origin);
        return new Dense(n, inputStride, outputs, padded(outputs), weights, biases, packed, fc.activation());
    }

    /** The stage for {@code conv}, and for the {@code pool} that follows it when not null. */
    private Conv convolution(Convolution conv, int inputStride, MaxPooling pool) {
        Shape in = conv.inputShape();
        int filters = conv.filters();
        int kh = conv.kernelHeight();
        int kw = conv.kernelWidth();
        int patchSize = in.channels() * kh * kw;
        // Row f holds filter f's weights in [c][i][j] order, the order of the patch rows.
        float[] weights = new float[filters * patchSize];
        float[] biases = new float[filters];
        for (int f = 0; f < filters; f++) {
            int k = 0;
            for (int c = 0; c < in.channels(); c++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        weights[f * patchSize + k++] = (float) conv.weight(f, c, i, j);
                    }
                }
            }
            biases[f] = (float) conv.bias(f);
        }
        int[] rows = new int[patchSize];
        int q = 0;
        for (int c = 0; c < in.channels(); c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    rows[q++] = (c * in.height() + i) * in.width() + j;
                }
            }
        }
        Shape convolved = conv.outputShape();
        Shape out = pool == null ? convolved : pool.outputShape();
        return new Conv(in, inputStride, convolved, pool == null ? 1 : pool.poolHeight(),
                pool == null ? 1 : pool.poolWidth(), out, padded(out.size()), patchSize, rows,
                padded(convolved.height() * in.width()), weights, biases, conv.activation());
    }

    /** The number of inputs one example must have. */
    public int inputSize() {
        return inputSize;
    }

    /** The number of outputs: the classes. */
    public int outputSize() {
        return outputSize;
    }

    // ---- one example ----

    /** The output layer's activations for one example, into {@code outputs} (at least {@link #outputSize()} long). */
    public void outputs(float[] input, float[] outputs) {
        checkInput(input);
        if (outputs.length < outputSize) {
            throw new IllegalArgumentException("outputs has room for " + outputs.length + " values, the network gives "
                    + outputSize);
        }
        Scratch s = scratch.get();
        System.arraycopy(input, 0, s.first, origin, inputSize);
        float[] result = run(s, 1);
        System.arraycopy(result, origin, outputs, 0, outputSize);
    }

    /** The output layer's activations for one example, in a new array. */
    public float[] outputs(float[] input) {
        float[] outputs = new float[outputSize];
        outputs(input, outputs);
        return outputs;
    }

    /** The network's answer for one example: the most active output (ties to the lowest index, as argmax). */
    public int predict(float[] input) {
        Scratch s = scratch.get();
        outputs(input, s.outputs);
        return argmax(s.outputs, 0, outputSize);
    }

    /**
     * The outputs as probabilities that sum to 1: a softmax output layer's as they are; other layers'
     * (sigmoid, tanh, ReLU) with negative outputs taken as 0 and the rest divided by their sum, all
     * equal if every output is 0.
     */
    public void probabilities(float[] input, float[] probabilities) {
        outputs(input, probabilities);
        normalize(probabilities, 0);
    }

    /** The outputs as probabilities, as {@link #probabilities(float[], float[])} computes them, in a new array. */
    public float[] probabilities(float[] input) {
        float[] p = new float[outputSize];
        probabilities(input, p);
        return p;
    }

    /**
     * The {@code k} most likely classes, most likely first (ties to the lower class, as argmax), into
     * {@code labels[0..k)} and their probabilities into {@code probabilities[0..k)}; allocates nothing.
     *
     * @return how many were written: {@code min(k, outputSize())}
     */
    public int topK(float[] input, int k, int[] labels, float[] probabilities) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative, got " + k);
        }
        int count = Math.min(k, outputSize);
        if (labels.length < count || probabilities.length < count) {
            throw new IllegalArgumentException("room for " + Math.min(labels.length, probabilities.length)
                    + " of the top " + count);
        }
        Scratch s = scratch.get();
        outputs(input, s.outputs);
        // Ranked by the outputs themselves, so the first is predict's answer even where negative outputs all read as 0.
        for (int r = 0; r < count; r++) {
            int best = -1;
            for (int j = 0; j < outputSize; j++) {
                if (!taken(labels, r, j) && (best < 0 || s.outputs[j] > s.outputs[best])) {
                    best = j;
                }
            }
            labels[r] = best;
        }
        normalize(s.outputs, 0);
        for (int r = 0; r < count; r++) {
            probabilities[r] = s.outputs[labels[r]];
        }
        return count;
    }

    /** The {@code k} most likely classes with their probabilities, most likely first. */
    public List<Prediction> topK(float[] input, int k) {
        int count = Math.min(Math.max(k, 0), outputSize);
        int[] labels = new int[count];
        float[] probabilities = new float[count];
        topK(input, count, labels, probabilities);
        List<Prediction> predictions = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            predictions.add(new Prediction(labels[r], probabilities[r]));
        }
        return predictions;
    }

    private static boolean taken(int[] labels, int count, int label) {
        for (int r = 0; r < count; r++) {
            if (labels[r] == label) {
                return true;
            }
        }
        return false;
    }

    // ---- batches ----

    /** Every example's answer, into {@code labels}; allocates nothing once warm. */
    public void predictBatch(float[][] inputs, int[] labels) {
        if (labels.length < inputs.length) {
            throw new IllegalArgumentException("labels has room for " + labels.length + " of " + inputs.length);
        }
        Scratch s = scratch.get();
        for (int from = 0; from < inputs.length; from += chunk) {
            int m = Math.min(chunk, inputs.length - from);
            float[] result = runChunk(s, inputs, from, m);
            for (int i = 0; i < m; i++) {
                labels[from + i] = argmax(result, origin + i * outputStride, outputSize);
            }
        }
    }

    /** Every example's answer. */
    public int[] predictBatch(float[][] inputs) {
        int[] labels = new int[inputs.length];
        predictBatch(inputs, labels);
        return labels;
    }

    /** Every example's outputs, into {@code outputs[i]}; allocates nothing once warm. */
    public void outputsBatch(float[][] inputs, float[][] outputs) {
        if (outputs.length < inputs.length) {
            throw new IllegalArgumentException("outputs has room for " + outputs.length + " of " + inputs.length);
        }
        Scratch s = scratch.get();
        for (int from = 0; from < inputs.length; from += chunk) {
            int m = Math.min(chunk, inputs.length - from);
            float[] result = runChunk(s, inputs, from, m);
            for (int i = 0; i < m; i++) {
                System.arraycopy(result, origin + i * outputStride, outputs[from + i], 0, outputSize);
            }
        }
    }

    /** Every example's probabilities (see {@link #probabilities(float[], float[])}). */
    public float[][] probabilitiesBatch(float[][] inputs) {
        float[][] p = new float[inputs.length][outputSize];
        outputsBatch(inputs, p);
        for (float[] row : p) {
            normalize(row, 0);
        }
        return p;
    }

    private float[] runChunk(Scratch s, float[][] inputs, int from, int m) {
        for (int i = 0; i < m; i++) {
            checkInput(inputs[from + i]);
            System.arraycopy(inputs[from + i], 0, s.first, origin + i * inputStride, inputSize);
        }
        return run(s, m);
    }

    private void checkInput(float[] input) {
        if (input.length != inputSize) {
            throw new IllegalArgumentException("input has " + input.length + " values, the network expects " + inputSize);
        }
    }

    // ---- the forward pass ----

    /** Runs {@code m} examples, placed in {@code s.first}, through every layer; returns the buffer holding the outputs. */
    private float[] run(Scratch s, int m) {
        float[] in = s.first;
        float[] out = s.second;
        for (Stage stage : stages) {
            switch (stage) {
                case Dense d -> dense(d, in, out, m);
                case Conv c -> {
                    for (int i = 0; i < m; i++) {
                        convolution(c, in, origin + i * c.inputStride, out, origin + i * c.outputStride, s);
                    }
                }
                case Pool p -> {
                    for (int i = 0; i < m; i++) {
                        pool(p, in, origin + i * p.inputStride, out, origin + i * p.outputStride);
                    }
                }
            }
            float[] swap = in;
            in = out;
            out = swap;
        }
        return in;
    }

    private void dense(Dense d, float[] in, float[] out, int m) {
        if (m == 1) {
            inferenceKernels.multiplyOne(d.weights, origin, d.biases, origin, d.outputs, d.inputStride, in, origin, out,
                    origin);
        } else {
            inferenceKernels.multiplyBatch(d.packed, origin, d.biases, origin, d.outputStride, d.inputs, in, origin,
                    d.inputStride, m, out, origin, d.outputStride);
        }
        for (int i = 0; i < m; i++) {
            int row = origin + i * d.outputStride;
            activate(d.activation, out, row, row + d.outputs);
        }
    }

    /**
     * The convolution as one product of the filters with runs of the input (see
     * {@link InferenceKernels#multiply}), into {@code products} as {@code [filter][y][x]} on the input's
     * width; then the valid columns, {@code x} below the output's width, pooled (or copied) out of it.
     */
    private void convolution(Conv c, float[] in, int at, float[] out, int to, Scratch s) {
        int inWidth = c.input.width();
        int filters = c.convolved.channels();
        float[] products = s.products;
        inferenceKernels.multiply(c.weights, c.biases, filters, c.patchSize, in, at, c.rows, c.positionStride,
                products, 0);
        pool(products, 0, c.positionStride, inWidth, c.output, c.poolHeight, c.poolWidth, out, to);
        activate(c.activation, out, to, to + c.output.size());
    }

    private void pool(Pool p, float[] in, int at, float[] out, int to) {
        pool(in, at, p.input.height() * p.input.width(), p.input.width(), p.output, p.height, p.width, out, to);
    }

    /**
     * Max-pooling (with {@link Math#max}, so NaN wins) of maps {@code mapStride} floats apart, rows
     * {@code rowStride} apart, into {@code output}'s shape: windows of {@code height x width} from each
     * map's corner, the last rows and columns dropped where the windows do not fit. 1 x 1 windows copy.
     */
    private void pool(float[] in, int at, int mapStride, int rowStride, Shape output, int height, int width,
                      float[] out, int to) {
        int outHeight = output.height();
        int outWidth = output.width();
        for (int ch = 0; ch < output.channels(); ch++) {
            for (int y = 0; y < outHeight; y++) {
                int top = at + ch * mapStride + y * height * rowStride;
                int row = to + (ch * outHeight + y) * outWidth;
                if (height == 1 && width == 1) {
                    System.arraycopy(in, top, out, row, outWidth);
                } else if (height == 2 && width == 2) {
                    inferenceKernels.maxPool2x2(in, top, rowStride, outWidth, out, row);
                } else {
                    for (int x = 0; x < outWidth; x++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < height; i++) {
                            for (int j = 0; j < width; j++) {
                                max = Math.max(max, in[top + i * rowStride + x * width + j]);
                            }
                        }
                        out[row + x] = max;
                    }
                }
            }
        }
    }

    private void activate(Activation activation, float[] z, int from, int to) {
        switch (activation) {
            // With a null case the compiler requires every constant below, so a new one cannot be missed.
            case null -> throw new NullPointerException();
            case SIGMOID -> kernels.sigmoid(z, z, from, to);
            case TANH -> kernels.tanh(z, z, from, to);
            case RELU -> {
                for (int j = from; j < to; j++) {
                    z[j] = Math.max(z[j], 0f);
                }
            }
            case LEAKY_RELU -> {
                float slope = (float) Activation.LEAKY_SLOPE;
                for (int j = from; j < to; j++) {
                    z[j] = z[j] > 0 ? z[j] : slope * z[j];
                }
            }
            case SOFTMAX -> softmax(z, from, to);
        }
    }

    private static void softmax(float[] z, int from, int to) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j < to; j++) {
            max = Math.max(max, z[j]);
        }
        float sum = 0;
        for (int j = from; j < to; j++) {
            z[j] = (float) Math.exp(z[j] - max);
            sum += z[j];
        }
        float scale = 1 / sum;
        for (int j = from; j < to; j++) {
            z[j] *= scale;
        }
    }

    private void normalize(float[] outputs, int offset) {
        if (softmaxOutput) {
            return;
        }
        float sum = 0;
        for (int j = offset; j < offset + outputSize; j++) {
            outputs[j] = Math.max(0f, outputs[j]);
            sum += outputs[j];
        }
        for (int j = offset; j < offset + outputSize; j++) {
            outputs[j] = sum > 0 ? outputs[j] / sum : 1f / outputSize;
        }
    }

    private static int argmax(float[] values, int offset, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
