package backprop.reference;

import backprop.data.Dataset;
import backprop.nn.Network;

/**
 * The book's chapter 5 measure of how fast each hidden layer learns: the length of the gradient of
 * the cost with respect to the layer's biases, {@code ||∂C/∂b^l|| = ||δ^l||} (BP3), averaged over the
 * first {@link #EXAMPLES} training examples, as the book's generate_gradient.py measures it. It is
 * computed from a network as it is (at the start, at each epoch's end), by the reference engine's
 * backpropagation, so the engine that trains needs no hook for it: the playground's chapter 5
 * experiment and {@code train --plot-gradients} use it from a {@code TrainingListener}.
 */
public final class LayerLearningSpeed {
    public static final int EXAMPLES = 1000;

    private final Dataset sample;

    /** Measures on the first {@link #EXAMPLES} of {@code training} (all of it when smaller). */
    public LayerLearningSpeed(Dataset training) {
        this.sample = training.first(Math.min(EXAMPLES, training.size()));
    }

    /**
     * One length per hidden layer (every layer but the output), the first hidden layer first; NaN for
     * a layer without biases (pooling).
     */
    public double[] of(Network network) {
        Gradient sum = Gradient.zeros(network);
        for (int i = 0; i < sample.size(); i++) {
            sum.add(Backpropagation.backprop(network, sample.input(i), sample.target(i)));
        }
        double[] speeds = new double[network.depth() - 1];
        for (int l = 0; l < speeds.length; l++) {
            // Parameter tensor 1 is the layer's biases (a pooling layer has none, and no speed).
            double[][] tensors = sum.tensors()[l];
            if (tensors.length < 2) {
                speeds[l] = Double.NaN;
                continue;
            }
            double squares = 0;
            for (double g : tensors[1]) {
                double mean = g / sample.size();
                squares += mean * mean;
            }
            speeds[l] = Math.sqrt(squares);
        }
        return speeds;
    }
}
