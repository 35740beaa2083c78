package backprop.train;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What one epoch measured. Costs include the L2 term, as network2.py's {@code total_cost} does.
 *
 * @param epoch           0-based, as network.py prints it
 * @param trainingSeconds wall time of the epoch's gradient steps only (no evaluation)
 */
public record EpochResult(int epoch, double trainingSeconds, double learningRate,
                          OptionalDouble trainingCost, OptionalInt trainingCorrect, int trainingSize,
                          OptionalDouble evaluationCost, OptionalInt evaluationCorrect, int evaluationSize) {

    /** Evaluation accuracy in [0, 1], if measured. */
    public OptionalDouble evaluationAccuracy() {
        return evaluationCorrect.isPresent() && evaluationSize > 0
                ? OptionalDouble.of((double) evaluationCorrect.getAsInt() / evaluationSize)
                : OptionalDouble.empty();
    }

    public OptionalDouble trainingAccuracy() {
        return trainingCorrect.isPresent() && trainingSize > 0
                ? OptionalDouble.of((double) trainingCorrect.getAsInt() / trainingSize)
                : OptionalDouble.empty();
    }
}
