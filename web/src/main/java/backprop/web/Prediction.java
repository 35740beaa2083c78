package backprop.web;

import backprop.nn.Activation;
import backprop.nn.Network;

import java.util.List;

/**
 * What the network makes of one input: every layer's output (equation 25, layer by layer, whatever
 * the layers are), the answer, and the output as probabilities.
 *
 * @param activations one array per layer after the input, the output last; a convolution's or a
 *                    pooling layer's maps one after the other, as {@link backprop.nn.Shape} flattens them
 */
record Prediction(int digit, double[] probabilities, float[][] activations) {

    static Prediction of(Network network, double[] input) {
        List<double[]> outputs = network.activationsOf(input);
        float[][] activations = new float[outputs.size()][];
        for (int l = 0; l < activations.length; l++) {
            double[] a = outputs.get(l);
            // Floats: the page draws them, and they halve the answer (a convolution's maps are thousands of values).
            activations[l] = new float[a.length];
            for (int k = 0; k < a.length; k++) {
                activations[l][k] = (float) a[k];
            }
        }
        double[] output = outputs.getLast();
        return new Prediction(Network.argmax(output), probabilities(network.outputLayer().activation(), output),
                activations);
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
