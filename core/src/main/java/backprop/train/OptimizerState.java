package backprop.train;

import java.util.List;

/**
 * What an optimizer remembers between steps, so that a checkpoint can resume a run exactly: the
 * number of steps taken (Adam's t, and the dropout masks' counter) and the moments it keeps per
 * parameter — none for SGD, the velocity for momentum and Nesterov, the first and second moments
 * for Adam — each laid out like the weights ({@code [l][j][k]}) and biases ({@code [l][j]}).
 */
public record OptimizerState(long steps, List<double[][][]> weightMoments, List<double[][]> biasMoments) {

    public OptimizerState {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be 0 or more, got " + steps);
        }
        if (weightMoments.size() != biasMoments.size()) {
            throw new IllegalArgumentException(weightMoments.size() + " weight moments but "
                    + biasMoments.size() + " bias moments");
        }
        weightMoments = List.copyOf(weightMoments);
        biasMoments = List.copyOf(biasMoments);
    }

    /** The state before the first step. */
    public static OptimizerState initial() {
        return new OptimizerState(0, List.of(), List.of());
    }
}
