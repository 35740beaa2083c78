package backprop.engine;

import backprop.nn.Activation;
import backprop.nn.Convolution;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.MaxPooling;
import backprop.nn.Shape;

/**
 * One layer of the layered engine ({@link LayeredBackprop}) in float: its parameters, and its
 * forward and backward math on one <em>part</em> of a mini-batch, examples one after another, each
 * flattened as {@link Shape} says. The engine cuts each mini-batch into {@link LayeredBackprop#PARTS}
 * parts; a layer keeps the buffers it needs per part, so that threads working on different parts
 * share nothing but the parameters, which they only read until the step.
 */
abstract sealed class FastLayer permits FastConvolution, FastPooling, FastFullyConnected {
    final Shape inputShape;
    final Shape outputShape;
    final int inputSize;
    final int outputSize;
    /** The activation, or null for a pooling layer ({@code a = z}). */
    final Activation activation;

    FastLayer(Shape inputShape, Shape outputShape, Activation activation) {
        this.inputShape = inputShape;
        this.outputShape = outputShape;
        this.inputSize = inputShape.size();
        this.outputSize = outputShape.size();
        this.activation = activation;
    }

    /** The float copy of {@code layer}, with buffers for {@code parts} parts of up to {@code capacity} examples. */
    static FastLayer of(Layer layer, int parts, int capacity, MatrixKernels kernels) {
        return switch (layer) {
            case FullyConnected fc -> new FastFullyConnected(fc, parts, capacity, kernels);
            case Convolution conv -> new FastConvolution(conv, parts, capacity, kernels);
            case MaxPooling pool -> new FastPooling(pool, parts, capacity, kernels);
        };
    }

    /** The parameter tensors, weights first, live; none for pooling. */
    abstract float[][] parameters();

    /** The weighted inputs {@code z} of {@code examples} examples of part {@code part} from their inputs {@code in}. */
    abstract void forward(int part, float[] in, int examples, float[] z);

    /**
     * From the errors {@code delta = ∂C/∂z} of the part's examples: adds the part's parameter
     * gradient where the layer keeps it per part, and writes {@code back = ∂C/∂a_in} unless
     * {@code back} is null (the first layer).
     */
    abstract void backward(int part, float[] in, float[] delta, int examples, float[] back);

    /**
     * This thread's share ({@code member} of {@code threads}) of the step: the gradient summed over
     * the parts in part order (so the result does not depend on the number of threads), then the
     * optimizer's rule. {@code inputs[p]}, {@code deltas[p]} and {@code examples[p]} are part p's;
     * {@code moments[q][s]} is the optimizer's s-th moment of parameter tensor q.
     */
    abstract void step(int member, int threads, float[][] inputs, float[][] deltas, int[] examples,
                       float[][][] moments, ParameterStep rule);

    /** The layer as the network value's layer type, in double. */
    abstract Layer toLayer();

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** {@code [from, to)} of {@code length} items for thread {@code member} of {@code threads}. */
    static int shareStart(int length, int member, int threads) {
        return (int) ((long) length * member / threads);
    }
}
