package backprop.engine;

import backprop.train.Optimizer;

/**
 * The optimizers of {@link Optimizer} in float, element by element over a block of weight rows,
 * for the fast engine. Plain SGD without L1 never comes here: the update kernel fuses it.
 */
final class FloatOptimizer {
    private final Optimizer optimizer;
    private final float momentum;
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    FloatOptimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.momentum = (float) optimizer.momentum();
        this.beta1 = (float) optimizer.beta1();
        this.beta2 = (float) optimizer.beta2();
        this.epsilon = (float) optimizer.epsilon();
    }

    /**
     * One step for entries {@code [from, to)}: {@code gradient} holds the mean gradient of the cost
     * without regularization; {@code l2} and {@code l1} are {@code λ/n} and {@code λ₁/n} (0 for biases).
     *
     * @param first  velocity, or Adam's first moment (unused by SGD)
     * @param second Adam's second moment (unused otherwise)
     * @param step   the 1-based number of this step, for Adam's bias correction
     */
    void step(float[] parameters, float[] gradient, float[] first, float[] second, int from, int to,
              float eta, float l2, float l1, long step) {
        switch (optimizer.kind()) {
            // With a null case the compiler requires every constant below, so a new one cannot be missed.
            case null -> throw new NullPointerException();
            case SGD -> {
                for (int i = from; i < to; i++) {
                    parameters[i] -= eta * regularized(gradient[i], parameters[i], l2, l1);
                }
            }
            case MOMENTUM -> {
                for (int i = from; i < to; i++) {
                    first[i] = momentum * first[i] - eta * regularized(gradient[i], parameters[i], l2, l1);
                    parameters[i] += first[i];
                }
            }
            case NESTEROV -> {
                for (int i = from; i < to; i++) {
                    float g = regularized(gradient[i], parameters[i], l2, l1);
                    first[i] = momentum * first[i] - eta * g;
                    parameters[i] += momentum * first[i] - eta * g;
                }
            }
            case ADAM -> {
                float firstCorrection = (float) (1 - Math.pow(beta1, step));
                float secondCorrection = (float) (1 - Math.pow(beta2, step));
                for (int i = from; i < to; i++) {
                    float g = regularized(gradient[i], parameters[i], l2, l1);
                    first[i] = beta1 * first[i] + (1 - beta1) * g;
                    second[i] = beta2 * second[i] + (1 - beta2) * g * g;
                    float firstUnbiased = first[i] / firstCorrection;
                    float secondUnbiased = second[i] / secondCorrection;
                    parameters[i] -= eta * firstUnbiased / ((float) Math.sqrt(secondUnbiased) + epsilon);
                }
            }
        }
    }

    private static float regularized(float gradient, float w, float l2, float l1) {
        return gradient + l2 * w + l1 * Math.signum(w);
    }
}
