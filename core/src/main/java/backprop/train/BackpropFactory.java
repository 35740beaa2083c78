package backprop.train;

import backprop.data.Dataset;
import backprop.nn.Network;

/** Makes an engine that starts from {@code start} and trains on {@code training}. */
@FunctionalInterface
public interface BackpropFactory {
    Backprop create(Network start, Dataset training, TrainingOptions options);
}
