package backprop.train;

import backprop.data.Dataset;
import backprop.nn.Network;

/** Makes an engine that starts from {@code start} and trains on {@code training}. */
@FunctionalInterface
public interface BackpropFactory {
    /**
     * An engine that holds its own copy of {@code start} and takes steps on {@code training} as {@code options}
     * say.
     */
    Backprop create(Network start, Dataset training, TrainingOptions options);
}
