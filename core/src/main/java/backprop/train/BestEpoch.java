package backprop.train;

import backprop.nn.Network;

import java.util.Objects;

/**
 * The epoch whose evaluation accuracy was the best so far, and the network as it was then:
 * network3.py reports the test accuracy of that epoch, and {@code --keep-best} ends a run with it.
 *
 * @param epoch   the epoch (0-based)
 * @param correct how many evaluation examples it classified correctly
 */
public record BestEpoch(int epoch, int correct, Network network) {
    public BestEpoch {
        if (epoch < 0 || correct < 0) {
            throw new IllegalArgumentException("epoch and correct must be 0 or more, got " + epoch + " and " + correct);
        }
        Objects.requireNonNull(network, "network");
    }

    /**
     * Whether an epoch with {@code correctNow} right replaces this one: as in network3.py, which keeps the
     * later of two equally good epochs ({@code >=}).
     */
    public boolean replacedBy(int correctNow) {
        return correctNow >= correct;
    }
}
