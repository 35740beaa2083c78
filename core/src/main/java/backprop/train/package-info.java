/**
 * The training loop, {@link backprop.train.MiniBatchSgd} (network2.py's {@code SGD}), its
 * {@link backprop.train.TrainingOptions}, the engine interface {@link backprop.train.Backprop}, optimizers,
 * learning-rate schedules, stopping rules and checkpoints, all reported to {@link backprop.train.TrainingListener}s.
 */
package backprop.train;
