package backprop.train;

import java.util.List;
import java.util.Optional;

/**
 * Per-epoch results of a run, network2.py's four monitoring lists in one place.
 *
 * @param stopReason why the run ended before its last epoch, if it did
 */
public record TrainingHistory(List<EpochResult> epochs, Optional<String> stopReason) {

    /** Keeps its own copy of {@code epochs}. */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch run, if any. */
    public Optional<EpochResult> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.getLast());
    }

    /** The epoch with the highest evaluation accuracy (the first such), if accuracy was measured. */
    public Optional<EpochResult> best() {
        EpochResult best = null;
        for (EpochResult epoch : epochs) {
            if (epoch.evaluationCorrect().isPresent()
                    && (best == null || epoch.evaluationCorrect().getAsInt() > best.evaluationCorrect().getAsInt())) {
                best = epoch;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The mean time an epoch spent training (its measurements not included); 0 with no epoch. */
    public double meanTrainingSeconds() {
        return epochs.stream().mapToDouble(EpochResult::trainingSeconds).average().orElse(0);
    }
}
