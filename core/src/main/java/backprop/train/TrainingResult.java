package backprop.train;

import backprop.nn.Network;

/** The trained network and what each epoch measured. */
public record TrainingResult(Network network, TrainingHistory history) {
}
