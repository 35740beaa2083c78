package backprop.nn;

import java.util.List;

/**
 * Networks that vote: each picks its most active output, and the class with the most votes wins
 * (chapter 6: five network3.py networks voting reach 99.67%). A tie goes to the tied class whose
 * outputs, summed over the networks, are largest, so the vote never depends on the networks' order.
 */
public record Ensemble(List<Network> networks) {
    public Ensemble {
        networks = List.copyOf(networks);
        if (networks.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one network");
        }
        Network first = networks.getFirst();
        for (int i = 1; i < networks.size(); i++) {
            Network other = networks.get(i);
            if (other.inputSize() != first.inputSize() || other.outputSize() != first.outputSize()) {
                throw new IllegalArgumentException("network " + (i + 1) + " takes " + other.inputSize()
                        + " inputs and has " + other.outputSize() + " outputs, network 1 " + first.inputSize()
                        + " and " + first.outputSize() + "; an ensemble's networks must agree");
            }
        }
    }

    /** The class voted for, given each network's output for one example ({@code outputs[network][class]}). */
    public static int vote(double[][] outputs) {
        int classes = outputs[0].length;
        int[] votes = new int[classes];
        double[] sums = new double[classes];
        for (double[] output : outputs) {
            votes[Network.argmax(output)]++;
            for (int j = 0; j < classes; j++) {
                sums[j] += output[j];
            }
        }
        int winner = 0;
        for (int j = 1; j < classes; j++) {
            if (votes[j] > votes[winner] || (votes[j] == votes[winner] && sums[j] > sums[winner])) {
                winner = j;
            }
        }
        return winner;
    }

    /** The class the networks vote for on input {@code x}. */
    public int predict(double[] x) {
        double[][] outputs = new double[networks.size()][];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = networks.get(i).feedforward(x);
        }
        return vote(outputs);
    }
}
