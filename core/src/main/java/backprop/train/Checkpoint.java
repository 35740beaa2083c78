package backprop.train;

import backprop.nn.Network;

import java.util.List;

/**
 * Everything a run needs to continue exactly where it was: the parameters, the optimizer's state,
 * where in which epoch it stopped, the learning rate then in force, and the epochs measured so far
 * (from which stopping rules rebuild what they had seen). The order of the training data in each
 * epoch depends only on the seed and the epoch, so it needs no saving.
 *
 * @param epoch the epoch to continue with (0-based): the number of epochs completed
 * @param batch the first mini-batch of that epoch still to do; 0 at an epoch boundary
 * @param best  the best evaluation epoch so far and its network, kept for {@code --keep-best}; null when
 *              the run does not keep it (or no epoch has been evaluated yet)
 */
public record Checkpoint(Network network, OptimizerState optimizer, int epoch, int batch, double learningRate,
                         List<EpochResult> history, BestEpoch best) {

    public Checkpoint {
        if (epoch < 0 || batch < 0) {
            throw new IllegalArgumentException("epoch and batch must be 0 or more, got " + epoch + " and " + batch);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        history = List.copyOf(history);
        if (best != null && best.epoch() >= epoch) {
            throw new IllegalArgumentException("the best epoch " + best.epoch() + " is not among the " + epoch
                    + " completed");
        }
    }

    /** A checkpoint of a run that does not keep its best epoch. */
    public Checkpoint(Network network, OptimizerState optimizer, int epoch, int batch, double learningRate,
                      List<EpochResult> history) {
        this(network, optimizer, epoch, batch, learningRate, history, null);
    }

    /** A run that has not started yet. */
    public static Checkpoint start(Network network, double learningRate) {
        return new Checkpoint(network, OptimizerState.initial(), 0, 0, learningRate, List.of());
    }

    /** Whether the run stopped in the middle of an epoch (e.g. interrupted). */
    public boolean midEpoch() {
        return batch > 0;
    }
}
