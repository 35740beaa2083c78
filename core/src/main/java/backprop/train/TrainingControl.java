package backprop.train;

import backprop.nn.Network;

/** What a listener may do to the run it hears about. */
public interface TrainingControl {

    /** Ends the run after the current epoch. */
    void stop(String reason);

    /** Changes {@code η} from the next epoch on (learning-rate schedules). */
    void setLearningRate(double learningRate);

    /** The network as it is now. */
    Network network();

    /**
     * The state after the epoch just finished, to save; resuming from it continues with the next
     * epoch at the learning rate set so far (call it after any listener that changes the rate).
     */
    Checkpoint checkpoint();
}
