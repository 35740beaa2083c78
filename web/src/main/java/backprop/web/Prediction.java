package backprop.web;

import backprop.nn.Activation;
import backprop.nn.Network;

/**
 * What the network makes of one input: every layer's activations (equation 25, layer by layer), the
 * answer, and the output as probabilities.
 *
 * @param activations one array per layer after the input, the output last
 */
record Prediction(int digit, double[] probabilities, double[][] activations) {

    static Prediction of(Network network, double[] input) {
        int layers = network.layerCount() - 1;
        double[][] activations = new double[layers][];
        double[] a = input;
        for (int l = 0; l < layers; l++) {
            double[] z = network.weightedInput(l, a);
            double[] next = new double[z.length];
            network.activation(l).apply(z, next);
            activations[l] = next;
            a = next;
        }
        return new Prediction(Network.argmax(a), probabilities(network.activation(layers - 1), a), activations);
    }

    /**
     * Softmax outputs are probabilities already. Sigmoid outputs each lie in (0, 1) but need not sum
     * to 1, so they are divided by their sum; negative outputs (tanh) count as 0. Not calibrated: a
     * readable share of the network's confidence, not a probability it was trained to estimate.
     */
    static double[] probabilities(Activation output, double[] a) {
        if (output == Activation.SOFTMAX) {
            return a.clone();
        }
        double sum = 0;
        for (double v : a) {
            sum += Math.max(0, v);
        }
        double[] p = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            p[j] = sum > 0 ? Math.max(0, a[j]) / sum : 1.0 / a.length;
        }
        return p;
    }
}
