package backprop.train;

import backprop.nn.Network;

/**
 * The trained network, what each epoch measured, and the state to continue from: after the last
 * epoch, or where an interrupted run stopped.
 *
 * @param interrupted whether {@link MiniBatchSgd#interrupt()} ended the run in the middle of an epoch
 */
public record TrainingResult(Network network, TrainingHistory history, Checkpoint checkpoint, boolean interrupted) {
}
