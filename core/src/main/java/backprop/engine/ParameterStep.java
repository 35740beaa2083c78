package backprop.engine;

import backprop.train.Optimizer;

/**
 * The optimizer's rule on a range of one float parameter tensor, given the mini-batch's summed
 * gradient for it: the same rules as the reference engine's {@code OptimizerStep}. Plain SGD is
 * network2.py's {@code w ← (1 - ηλ/n) w - (η/m) Σ_x ∂C_x/∂w} (with L1's {@code - (ηλ₁/n) sgn(w)}),
 * the other optimizers step on {@code g = (1/m) Σ_x ∂C_x/∂w + (λ/n) w + (λ₁/n) sgn(w)}; biases are
 * not regularized. The caller sets the step's {@link #prepare m, n, η and t} before the threads
 * apply it, each to its own ranges.
 */
final class ParameterStep {
    private final Optimizer optimizer;
    private final double lambda;
    private final double l1;
    private final MatrixKernels kernels;
    private final float momentum;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private float rate;
    private float eta;
    private float weightDecay;
    private float l2PerExample;
    private float l1PerExample;
    private float inverseM;
    private float firstCorrection;
    private float secondCorrection;

    ParameterStep(Optimizer optimizer, double lambda, double l1, MatrixKernels kernels) {
        this.optimizer = optimizer;
        this.lambda = lambda;
        this.l1 = l1;
        this.kernels = kernels;
        this.momentum = (float) optimizer.momentum();
        this.beta1 = (float) optimizer.beta1();
        this.beta2 = (float) optimizer.beta2();
        this.epsilon = (float) optimizer.epsilon();
    }

    /** How many moment arrays per tensor the optimizer keeps. */
    int moments() {
        return optimizer.stateCount();
    }

    /** Sets up the step of {@code m} examples out of {@code n} with rate {@code eta}; {@code t} counts this step. */
    void prepare(int m, int n, double learningRate, long t) {
        this.eta = (float) learningRate;
        this.rate = (float) (learningRate / m);
        this.inverseM = 1f / m;
        this.weightDecay = (float) (1 - learningRate * lambda / n);
        this.l2PerExample = (float) (lambda / n);
        this.l1PerExample = (float) (l1 / n);
        this.firstCorrection = (float) (1 - Math.pow(optimizer.beta1(), t));
        this.secondCorrection = (float) (1 - Math.pow(optimizer.beta2(), t));
    }

    /** Whether the rule is plain SGD without L1, which {@link #applyByExamples} takes straight from the examples. */
    boolean stepsByExamples() {
        return optimizer.kind() == Optimizer.Kind.SGD && l1 == 0;
    }

    /**
     * Plain SGD without L1 on an {@code m x n} block of weights from the examples' errors and inputs,
     * the gradient never stored ({@link MatrixKernels#stepByExamples}, arguments as there): the floats
     * {@link #apply} gives the summed gradient. Only when {@link #stepsByExamples()}.
     */
    void applyByExamples(int m, int n, int examples, float[] delta, int deltaOffset, int deltaRow, int deltaColumn,
                         float[] inputs, int inputRow, float[] w, int wOffset, int wRow) {
        if (!stepsByExamples()) {
            throw new IllegalStateException("only plain SGD without L1 steps straight from the examples");
        }
        kernels.stepByExamples(m, n, examples, delta, deltaOffset, deltaRow, deltaColumn, inputs, 0, inputRow, w,
                wOffset, wRow, weightDecay, rate);
    }

    /**
     * Steps {@code theta[from .. from + count)} by the summed gradient {@code sum[sumFrom ..]};
     * {@code moments[s]} is the optimizer's s-th moment, laid out like {@code theta}.
     */
    void apply(float[] theta, int from, float[] sum, int sumFrom, int count, float[][] moments, boolean weights) {
        if (optimizer.kind() == Optimizer.Kind.SGD) {
            if (!weights || l1 == 0) {
                kernels.decayAndStep(theta, from, sum, sumFrom, count, weights ? weightDecay : 1f, rate);
                return;
            }
            float shrink = eta * l1PerExample;
            for (int i = 0; i < count; i++) {
                float w = theta[from + i];
                theta[from + i] = weightDecay * w - shrink * Math.signum(w) - rate * sum[sumFrom + i];
            }
            return;
        }
        float l2 = weights ? l2PerExample : 0f;
        float l1Term = weights ? l1PerExample : 0f;
        float[] first = moments[0];
        switch (optimizer.kind()) {
            // With a null case the compiler requires every constant below, so a new one cannot be missed.
            case null -> throw new NullPointerException();
            case MOMENTUM -> {
                for (int i = 0; i < count; i++) {
                    int at = from + i;
                    float g = sum[sumFrom + i] * inverseM + l2 * theta[at] + l1Term * Math.signum(theta[at]);
                    first[at] = momentum * first[at] - eta * g;
                    theta[at] += first[at];
                }
            }
            case NESTEROV -> {
                for (int i = 0; i < count; i++) {
                    int at = from + i;
                    float g = sum[sumFrom + i] * inverseM + l2 * theta[at] + l1Term * Math.signum(theta[at]);
                    first[at] = momentum * first[at] - eta * g;
                    theta[at] += momentum * first[at] - eta * g;
                }
            }
            case ADAM -> {
                float[] second = moments[1];
                for (int i = 0; i < count; i++) {
                    int at = from + i;
                    float g = sum[sumFrom + i] * inverseM + l2 * theta[at] + l1Term * Math.signum(theta[at]);
                    first[at] = beta1 * first[at] + (1 - beta1) * g;
                    second[at] = beta2 * second[at] + (1 - beta2) * g * g;
                    float firstUnbiased = first[at] / firstCorrection;
                    float secondUnbiased = second[at] / secondCorrection;
                    theta[at] -= eta * firstUnbiased / ((float) Math.sqrt(secondUnbiased) + epsilon);
                }
            }
            case SGD -> throw new AssertionError("handled above");
        }
    }
}
