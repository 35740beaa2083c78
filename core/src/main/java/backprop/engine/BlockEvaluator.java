package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.Cost;
import backprop.train.Evaluation;

/**
 * One thread's evaluation of the fully connected engine's network: the forward pass over a range of
 * examples in blocks of {@value #BLOCK}, counting the examples classified right and, if asked,
 * summing their cost, with buffers of its own so that evaluating leaves the step's untouched.
 */
final class BlockEvaluator {
    /** Examples per block. */
    static final int BLOCK = 64;

    private final LayerPlan plan;
    private final Kernels kernels;
    private final Cost cost;
    /** With images: a block's pixels. */
    private final byte[] pixels;
    private final float[] input;
    private final float[][] z;
    private final float[][] activations;

    BlockEvaluator(LayerPlan plan, Kernels kernels, Cost cost, boolean images) {
        this.plan = plan;
        this.kernels = kernels;
        this.cost = cost;
        int origin = plan.origin;
        int[] widths = plan.widths;
        this.pixels = images ? new byte[Math.multiplyExact(BLOCK, widths[0]) + FloatLayout.PADDING] : null;
        this.input = FloatLayout.padded(origin, Math.multiplyExact(BLOCK, widths[0]));
        this.z = new float[plan.layers][];
        this.activations = new float[plan.layers][];
        for (int l = 0; l < plan.layers; l++) {
            z[l] = FloatLayout.padded(origin, Math.multiplyExact(BLOCK, widths[l + 1]));
            activations[l] = FloatLayout.padded(origin, BLOCK * widths[l + 1]);
        }
    }

    /** Whether this evaluator can read {@code data}: images need a buffer for their pixels. */
    boolean reads(Dataset data) {
        return pixels != null || !data.isImages();
    }

    /** Examples {@code [from, to)} of {@code data} through the network of {@code weights[l]} and {@code biases[l]}. */
    Evaluation evaluate(Dataset data, int from, int to, boolean withCost, float[][] weights, float[][] biases) {
        int layers = plan.layers;
        int[] sizes = plan.sizes;
        int[] widths = plan.widths;
        int origin = plan.origin;
        int classes = sizes[layers];
        int[] label = new int[1];
        int correct = 0;
        double costSum = 0;
        for (int start = from; start < to; start += BLOCK) {
            int m = Math.min(BLOCK, to - start);
            float[] in = gather(data, start, m);
            for (int l = 0; l < layers; l++) {
                plan.forward(kernels, l, in, m, weights[l], biases[l], 0, sizes[l + 1], z[l]);
                FloatLayers.activate(plan.activations[l], kernels, z[l], activations[l], m, widths[l + 1],
                        sizes[l + 1], 0, sizes[l + 1]);
                in = activations[l];
            }
            for (int i = 0; i < m; i++) {
                int row = origin + i * widths[layers];
                int best = 0;
                for (int j = 0; j < classes; j++) {
                    if (in[row + j] > in[row + best]) {
                        best = j;
                    }
                }
                label[0] = data.label(start + i);
                if (best == label[0]) {
                    correct++;
                }
                if (withCost) {
                    costSum += FloatLayers.costSum(cost, plan.activations[layers - 1], z[layers - 1], in, label, 1,
                            widths[layers], classes, row);
                }
            }
        }
        return new Evaluation(to - from, correct, withCost ? costSum : Double.NaN);
    }

    /** Examples {@code [start, start + m)} of {@code data} into {@link #input}. */
    private float[] gather(Dataset data, int start, int m) {
        int n = plan.widths[0];
        int origin = plan.origin;
        if (data.isImages()) {
            for (int i = 0; i < m; i++) {
                data.copyPixels(start + i, pixels, i * n);
            }
            kernels.unitFloats(pixels, 0, input, origin, m * n);
        } else {
            for (int i = 0; i < m; i++) {
                data.input(start + i, input, origin + i * n);
            }
        }
        return input;
    }
}
