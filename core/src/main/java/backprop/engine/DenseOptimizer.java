package backprop.engine;

import backprop.train.Optimizer;
import backprop.train.OptimizerState;

import java.util.ArrayList;
import java.util.List;

/**
 * The fully connected engine's optimizer and its state: each thread's buffers for the mean gradient
 * and the optimizer's moments (velocity, Adam's two), laid out like the weights, one copy per thread
 * as the weights are ({@link ThreadCopies}); and that state to and from a checkpoint's
 * {@link OptimizerState}. Plain SGD without L1 keeps nothing here: the update kernel applies its rule
 * in the same pass as the gradient ({@link DenseStep}).
 */
final class DenseOptimizer {
    private final LayerPlan plan;
    private final Kernels kernels;
    private final FloatOptimizer optimizer;
    /** {@code λ/n} and {@code λ₁/n}: L2 and L1 per example of the training set. */
    private final float l2;
    private final float l1;
    /** Each layer's mean gradient; null for fused SGD. */
    private final ThreadCopies gradients;
    /** The optimizer's moments, the first (velocity, or Adam's first) before the second. */
    private final ThreadCopies[] moments;

    /**
     * @param parameters the weights and biases the optimizer will update, for their layout
     * @param fused      whether plain SGD is fused into the update kernel, and nothing is kept here
     */
    DenseOptimizer(Optimizer optimizer, double lambda, double l1, int trainingSize, boolean fused,
                   LayerPlan plan, ThreadCopies parameters, Kernels kernels) {
        this.plan = plan;
        this.kernels = kernels;
        this.optimizer = new FloatOptimizer(optimizer);
        this.l2 = (float) (lambda / trainingSize);
        this.l1 = (float) (l1 / trainingSize);
        this.gradients = fused ? null : ThreadCopies.zerosLike(parameters);
        this.moments = new ThreadCopies[fused ? 0 : optimizer.stateCount()];
        for (int s = 0; s < moments.length; s++) {
            moments[s] = ThreadCopies.zerosLike(parameters);
        }
    }

    /**
     * A step for thread {@code t}'s neurons {@code [j0, j1)} of layer {@code l}: their mean gradient
     * (BP3, BP4) from the errors, already divided by the batch's {@code m}, and the layer's input
     * {@code below}; then the optimizer, element by element.
     */
    void step(int t, int l, float[] delta, int m, float[] below, float[] weights, float[] biases, int j0, int j1,
              long step, float eta) {
        int origin = plan.origin;
        int n = plan.widths[l];
        float[] gradient = gradients.weights(t, l);
        float[] biasGradient = gradients.biases(t, l);
        for (int j = j0; j < j1; j++) {
            biasGradient[origin + j] = 0;
        }
        kernels.update(delta, plan.widths[l + 1], m, below, n, gradient, biasGradient, j0, j1, 0f);
        float[] first = moments.length > 0 ? moments[0].weights(t, l) : null;
        float[] second = moments.length > 1 ? moments[1].weights(t, l) : null;
        optimizer.step(weights, gradient, first, second, origin + j0 * n, origin + j1 * n, eta, l2, l1, step + 1);
        float[] firstBias = moments.length > 0 ? moments[0].biases(t, l) : null;
        float[] secondBias = moments.length > 1 ? moments[1].biases(t, l) : null;
        optimizer.step(biases, biasGradient, firstBias, secondBias, origin + j0, origin + j1, eta, 0f, 0f, step + 1);
    }

    /** {@link ThreadCopies#collectRows} for every moment. */
    void collectRows(int active) {
        for (ThreadCopies moment : moments) {
            moment.collectRows(plan, active);
        }
    }

    /** {@link ThreadCopies#copyFirstToOthers} for every moment. */
    void copyFirstToOthers() {
        for (ThreadCopies moment : moments) {
            moment.copyFirstToOthers();
        }
    }

    /** The moments in thread 0's copies, which must be whole ({@link #collectRows}), after {@code steps} steps. */
    OptimizerState state(long steps) {
        List<double[][][]> weightMoments = new ArrayList<>();
        List<double[][]> biasMoments = new ArrayList<>();
        for (ThreadCopies moment : moments) {
            double[][][] w = new double[plan.layers][][];
            double[][] b = new double[plan.layers][];
            for (int l = 0; l < plan.layers; l++) {
                w[l] = FloatLayout.toMatrix(moment.firstWeights()[l], plan.sizes[l + 1], plan.sizes[l], plan.widths[l],
                        plan.origin);
                b[l] = FloatLayout.toVector(moment.firstBiases()[l], plan.sizes[l + 1], plan.origin);
            }
            weightMoments.add(w);
            biasMoments.add(b);
        }
        return OptimizerState.ofDense(steps, weightMoments, biasMoments);
    }

    /** Sets every thread's moments to {@code state}'s; a state of another optimizer or network is refused. */
    void restore(OptimizerState state) {
        int count = state.moments().size();
        List<double[][][]> weightMoments = state.denseWeightMoments(plan.sizes);
        List<double[][]> biasMoments = state.denseBiasMoments();
        if (count != 0 && count != moments.length) {
            throw new IllegalArgumentException("the saved optimizer state has " + count + " moment arrays but "
                    + "this run's optimizer keeps " + moments.length);
        }
        for (int s = 0; s < count; s++) {
            for (int l = 0; l < plan.layers; l++) {
                double[][] w = weightMoments.get(s)[l];
                double[] b = biasMoments.get(s)[l];
                if (w.length != plan.sizes[l + 1] || b.length != plan.sizes[l + 1]) {
                    throw new IllegalArgumentException("the saved optimizer state for layer " + (l + 1)
                            + " does not match the network's shape");
                }
                moments[s].setAll(l, FloatLayout.toFloats(w, plan.widths[l], plan.origin),
                        FloatLayout.toFloats(b, plan.origin));
            }
        }
    }
}
