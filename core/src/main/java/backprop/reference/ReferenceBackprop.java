package backprop.reference;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Network;
import backprop.train.Backprop;
import backprop.nn.Dropout;
import backprop.train.Evaluation;
import backprop.train.Optimizer;
import backprop.train.OptimizerState;
import backprop.train.TrainingOptions;

import java.util.List;

/**
 * The reference engine: the book's algorithm in double precision, written to be read next to
 * chapters 1 to 3. It computes the gradient of a mini-batch either one example at a time
 * ({@link Form#PER_EXAMPLE}, network.py's {@code backprop}) or with the whole mini-batch as one
 * matrix ({@link Form#MATRIX}); both give the same numbers, and the fast engine is tested against them.
 */
public final class ReferenceBackprop implements Backprop {

    /** How the gradient of a mini-batch is computed. */
    public enum Form {
        /** Backpropagate each example on its own and sum the gradients (network.py). */
        PER_EXAMPLE,
        /** Backpropagate all examples of the mini-batch at once, one column each (chapter 2's exercise). */
        MATRIX
    }

    private final Form form;
    private final int[] sizes;
    private final Activation[] activations;
    private final Cost cost;
    /** {@code weights[l][j][k]} is {@code w^{l+1}_{jk}}; mutated in place by each step, as network.py does. */
    private final double[][][] weights;
    private final double[][] biases;
    private final Dataset training;
    private final double lambda;
    private final double l1;
    private final Optimizer optimizer;
    private final double dropout;
    private final long seed;
    /** The optimizer's state, shaped like the parameters: velocity, or Adam's first and second moments. */
    private final Gradient[] optimizerState;
    /** Steps taken so far: Adam's t, and part of what decides the dropout masks. */
    private long stepCount;
    private double eta;
    private int costEvery;
    private double lastStepCost = Double.NaN;

    public ReferenceBackprop(Network start, Dataset training, TrainingOptions options, Form form) {
        this.form = form;
        this.sizes = start.sizes();
        this.activations = start.activations().toArray(Activation[]::new);
        this.cost = start.cost();
        int layers = sizes.length - 1;
        this.weights = new double[layers][][];
        this.biases = new double[layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = start.weights(l);
            biases[l] = start.biases(l);
        }
        this.training = training;
        this.lambda = options.lambda();
        this.l1 = options.l1();
        this.optimizer = options.optimizer();
        this.dropout = options.dropout();
        this.seed = options.seed();
        this.optimizerState = new Gradient[optimizer.stateCount()];
        for (int s = 0; s < optimizerState.length; s++) {
            optimizerState[s] = Gradient.zeros(sizes);
        }
        this.eta = options.learningRate();
    }


    /** An engine with no training data, for computing gradients directly (tests, gradient checks). */
    public static ReferenceBackprop of(Network network, Form form) {
        return new ReferenceBackprop(network, null, new TrainingOptions(0, 1, 1.0, 0.0, false, 0), form);
    }

    @Override
    public void step(int[] order, int from, int to) {
        int m = to - from;
        lastStepCost = costEvery > 0 && stepCount % costEvery == 0 ? costSum(order, from, to) : Double.NaN;
        double[][][] masks = dropout > 0 ? dropoutMasks(m, stepCount) : null;
        Gradient nabla = switch (form) {
            case PER_EXAMPLE -> {
                Gradient sum = Gradient.zeros(sizes);
                for (int i = from; i < to; i++) {
                    sum.add(backprop(training.input(order[i]), training.target(order[i]),
                            masks == null ? null : masks[i - from]));
                }
                yield sum;
            }
            case MATRIX -> backpropMatrix(inputColumns(order, from, to), targetColumns(order, from, to), masks);
        };
        stepCount++;
        if (optimizer.kind() == Optimizer.Kind.SGD) {
            update(nabla, m, training.size());
        } else {
            optimize(nabla, m, training.size());
        }
    }

    /**
     * Inverted dropout: for each example and hidden layer, each neuron is kept with probability
     * {@code 1 - p} and then scaled by {@code 1/(1-p)}, so that the expected activation is unchanged
     * and evaluation needs no rescaling. {@code masks[i][l][j]} multiplies neuron j of layer l+1.
     */
    private double[][][] dropoutMasks(int m, long step) {
        double keep = 1 / (1 - dropout);
        double[][][] masks = new double[m][weights.length - 1][];
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < weights.length - 1; l++) {
                masks[i][l] = new double[sizes[l + 1]];
                for (int j = 0; j < sizes[l + 1]; j++) {
                    masks[i][l][j] = Dropout.keeps(seed, step, l, i, j, dropout) ? keep : 0.0;
                }
            }
        }
        return masks;
    }

    /**
     * Gradient descent with L2 regularization, network2.py's update rule (equations 93 and 94 with
     * the sums over the mini-batch): {@code w ← (1 - ηλ/n) w - (η/m) Σ_x ∂C_x/∂w} and
     * {@code b ← b - (η/m) Σ_x ∂C_x/∂b}; with L1, also {@code - (ηλ₁/n) sgn(w)} (equation 96).
     */
    void update(Gradient nabla, int m, int n) {
        double decay = 1 - eta * lambda / n;
        double shrink = eta * l1 / n;
        double step = eta / m;
        for (int l = 0; l < weights.length; l++) {
            for (int j = 0; j < weights[l].length; j++) {
                double[] w = weights[l][j];
                double[] g = nabla.weights()[l][j];
                for (int k = 0; k < w.length; k++) {
                    w[k] = decay * w[k] - shrink * Math.signum(w[k]) - step * g[k];
                }
                biases[l][j] -= step * nabla.biases()[l][j];
            }
        }
    }

    /**
     * The other optimizers (see {@link Optimizer}), on the gradient of the regularized cost:
     * {@code g = (1/m) Σ_x ∂C_x/∂w + (λ/n) w + (λ₁/n) sgn(w)} for weights, {@code (1/m) Σ_x ∂C_x/∂b}
     * for biases.
     */
    void optimize(Gradient nabla, int m, int n) {
        for (int l = 0; l < weights.length; l++) {
            for (int j = 0; j < weights[l].length; j++) {
                double[] w = weights[l][j];
                double[] sum = nabla.weights()[l][j];
                for (int k = 0; k < w.length; k++) {
                    double g = sum[k] / m + lambda / n * w[k] + l1 / n * Math.signum(w[k]);
                    w[k] += change(g, l, j, k, false);
                }
                biases[l][j] += change(nabla.biases()[l][j] / m, l, j, 0, true);
            }
        }
    }

    /** The change of one parameter for gradient {@code g}, updating the optimizer's state for it. */
    private double change(double g, int l, int j, int k, boolean bias) {
        switch (optimizer.kind()) {
            case SGD -> {
                return -eta * g;
            }
            case MOMENTUM, NESTEROV -> {
                double[] v = bias ? optimizerState[0].biases()[l] : optimizerState[0].weights()[l][j];
                int at = bias ? j : k;
                v[at] = optimizer.momentum() * v[at] - eta * g;
                return optimizer.kind() == Optimizer.Kind.MOMENTUM ? v[at] : optimizer.momentum() * v[at] - eta * g;
            }
            case ADAM -> {
                double[] first = bias ? optimizerState[0].biases()[l] : optimizerState[0].weights()[l][j];
                double[] second = bias ? optimizerState[1].biases()[l] : optimizerState[1].weights()[l][j];
                int at = bias ? j : k;
                first[at] = optimizer.beta1() * first[at] + (1 - optimizer.beta1()) * g;
                second[at] = optimizer.beta2() * second[at] + (1 - optimizer.beta2()) * g * g;
                double firstUnbiased = first[at] / (1 - Math.pow(optimizer.beta1(), stepCount));
                double secondUnbiased = second[at] / (1 - Math.pow(optimizer.beta2(), stepCount));
                return -eta * firstUnbiased / (Math.sqrt(secondUnbiased) + optimizer.epsilon());
            }
        }
        throw new AssertionError(optimizer.kind());
    }

    /**
     * The gradient of {@code C_x} for one example: the four equations of backpropagation.
     * <ol>
     *   <li>BP1: {@code δ^L = ∇_a C ⊙ σ'(z^L)}</li>
     *   <li>BP2: {@code δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)}</li>
     *   <li>BP3: {@code ∂C/∂b^l_j = δ^l_j}</li>
     *   <li>BP4: {@code ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j}</li>
     * </ol>
     */
    public Gradient backprop(double[] x, double[] y) {
        return backprop(x, y, null);
    }

    /**
     * As {@link #backprop(double[], double[])}, with dropout: {@code masks[l][j]} multiplies the
     * activation of hidden neuron j of layer l+1 (0, or 1/(1-p) when kept), and so also its error.
     */
    public Gradient backprop(double[] x, double[] y, double[][] masks) {
        int layers = weights.length;
        Gradient nabla = Gradient.zeros(sizes);
        // Feedforward, keeping every z^l and a^l for the backward pass.
        double[][] as = new double[layers + 1][];
        double[][] zs = new double[layers][];
        as[0] = x;
        for (int l = 0; l < layers; l++) {
            zs[l] = Network.weightedInput(weights[l], biases[l], as[l]);
            as[l + 1] = new double[zs[l].length];
            activations[l].apply(zs[l], as[l + 1]);
            if (masks != null && l < layers - 1) {
                multiply(as[l + 1], masks[l]);
            }
        }
        // BP1: the output error.
        double[] delta = new double[sizes[layers]];
        cost.outputDelta(activations[layers - 1], zs[layers - 1], as[layers], y, delta);
        for (int l = layers - 1; ; l--) {
            // BP3 and BP4 for the layer fed by weights[l].
            nabla.biases()[l] = delta.clone();
            double[] input = as[l];
            for (int j = 0; j < delta.length; j++) {
                double[] row = nabla.weights()[l][j];
                for (int k = 0; k < row.length; k++) {
                    row[k] = input[k] * delta[j];
                }
            }
            if (l == 0) {
                break;
            }
            // BP2: move the error back one layer through the transposed weights.
            double[] back = new double[sizes[l]];
            for (int j = 0; j < delta.length; j++) {
                double[] row = weights[l][j];
                for (int k = 0; k < back.length; k++) {
                    back[k] += row[k] * delta[j];
                }
            }
            double[] previous = new double[sizes[l]];
            if (masks == null) {
                activations[l - 1].backward(zs[l - 1], as[l], back, previous);
            } else {
                // The activation was scaled by the mask after σ; σ'(z) must see the unscaled σ(z).
                double[] unmasked = new double[sizes[l]];
                activations[l - 1].apply(zs[l - 1], unmasked);
                activations[l - 1].backward(zs[l - 1], unmasked, back, previous);
                multiply(previous, masks[l - 1]);
            }
            delta = previous;
        }
        return nabla;
    }

    /**
     * The summed gradient of a whole mini-batch at once: column {@code i} of {@code x} and
     * {@code y} is example {@code i}. The same four equations with matrices:
     * {@code Z^l = W^l A^{l-1} + b^l 1ᵀ}, {@code Δ^l = ((W^{l+1})ᵀ Δ^{l+1}) ⊙ σ'(Z^l)},
     * {@code ∇_b = Δ^l 1} and {@code ∇_W = Δ^l (A^{l-1})ᵀ}, where the last product sums over the batch.
     *
     * @param x inputs, {@code sizes[0]} rows by {@code m} columns
     * @param y desired outputs, one column per example
     */
    public Gradient backpropMatrix(double[][] x, double[][] y) {
        return backpropMatrix(x, y, null);
    }

    /** As {@link #backpropMatrix(double[][], double[][])}, with dropout masks {@code masks[i]} for example i. */
    public Gradient backpropMatrix(double[][] x, double[][] y, double[][][] masks) {
        int layers = weights.length;
        Gradient nabla = Gradient.zeros(sizes);
        double[][][] as = new double[layers + 1][][];
        double[][][] zs = new double[layers][][];
        as[0] = x;
        for (int l = 0; l < layers; l++) {
            zs[l] = Matrices.multiply(weights[l], as[l]);
            Matrices.addToColumns(zs[l], biases[l]);
            as[l + 1] = applyByColumn(activations[l], zs[l]);
            if (masks != null && l < layers - 1) {
                multiplyByColumn(as[l + 1], masks, l);
            }
        }
        double[][] delta = outputDeltaByColumn(zs[layers - 1], as[layers], y);
        for (int l = layers - 1; ; l--) {
            nabla.biases()[l] = Matrices.rowSums(delta);
            nabla.weights()[l] = Matrices.multiplyTransposed(delta, as[l]);
            if (l == 0) {
                break;
            }
            double[][] back = Matrices.transposeMultiply(weights[l], delta);
            if (masks == null) {
                delta = backwardByColumn(activations[l - 1], zs[l - 1], as[l], back);
            } else {
                delta = backwardByColumn(activations[l - 1], zs[l - 1], applyByColumn(activations[l - 1], zs[l - 1]), back);
                multiplyByColumn(delta, masks, l - 1);
            }
        }
        return nabla;
    }

    private static void multiply(double[] values, double[] factors) {
        for (int j = 0; j < values.length; j++) {
            values[j] *= factors[j];
        }
    }

    private static double[][] applyByColumn(Activation activation, double[][] z) {
        double[][] a = new double[z.length][z[0].length];
        double[] zColumn = new double[z.length];
        double[] aColumn = new double[z.length];
        for (int i = 0; i < z[0].length; i++) {
            Matrices.column(z, i, zColumn);
            activation.apply(zColumn, aColumn);
            Matrices.setColumn(a, i, aColumn);
        }
        return a;
    }

    private static void multiplyByColumn(double[][] values, double[][][] masks, int layer) {
        for (int j = 0; j < values.length; j++) {
            for (int i = 0; i < values[j].length; i++) {
                values[j][i] *= masks[i][layer][j];
            }
        }
    }

    private double[][] outputDeltaByColumn(double[][] z, double[][] a, double[][] y) {
        int rows = z.length;
        double[][] delta = new double[rows][z[0].length];
        double[] zc = new double[rows];
        double[] ac = new double[rows];
        double[] yc = new double[rows];
        double[] dc = new double[rows];
        for (int i = 0; i < z[0].length; i++) {
            Matrices.column(z, i, zc);
            Matrices.column(a, i, ac);
            Matrices.column(y, i, yc);
            cost.outputDelta(activations[activations.length - 1], zc, ac, yc, dc);
            Matrices.setColumn(delta, i, dc);
        }
        return delta;
    }

    private static double[][] backwardByColumn(Activation activation, double[][] z, double[][] a, double[][] g) {
        int rows = z.length;
        double[][] delta = new double[rows][z[0].length];
        double[] zc = new double[rows];
        double[] ac = new double[rows];
        double[] gc = new double[rows];
        double[] dc = new double[rows];
        for (int i = 0; i < z[0].length; i++) {
            Matrices.column(z, i, zc);
            Matrices.column(a, i, ac);
            Matrices.column(g, i, gc);
            activation.backward(zc, ac, gc, dc);
            Matrices.setColumn(delta, i, dc);
        }
        return delta;
    }

    private double[][] inputColumns(int[] order, int from, int to) {
        double[][] x = new double[sizes[0]][to - from];
        double[] example = new double[sizes[0]];
        for (int i = from; i < to; i++) {
            training.input(order[i], example);
            Matrices.setColumn(x, i - from, example);
        }
        return x;
    }

    private double[][] targetColumns(int[] order, int from, int to) {
        double[][] y = new double[sizes[sizes.length - 1]][to - from];
        for (int i = from; i < to; i++) {
            y[training.label(order[i])][i - from] = 1.0;
        }
        return y;
    }

    @Override
    public Evaluation evaluate(Dataset data, boolean withCost) {
        Network network = network();
        int correct = 0;
        double costSum = withCost ? 0.0 : Double.NaN;
        double[] x = new double[sizes[0]];
        for (int i = 0; i < data.size(); i++) {
            data.input(i, x);
            double[] a = network.feedforward(x);
            if (Network.argmax(a) == data.label(i)) {
                correct++;
            }
            if (withCost) {
                double[] y = new double[a.length];
                y[data.label(i)] = 1.0;
                costSum += cost.value(a, y);
            }
        }
        return new Evaluation(data.size(), correct, costSum);
    }

    private double costSum(int[] order, int from, int to) {
        Network network = network();
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += cost.value(network.feedforward(training.input(order[i])), training.target(order[i]));
        }
        return sum;
    }

    @Override
    public void trackCost(int everySteps) {
        costEvery = everySteps;
    }

    @Override
    public double costOfLastStep() {
        return lastStepCost;
    }

    @Override
    public boolean parametersFinite() {
        for (int l = 0; l < weights.length; l++) {
            for (double[] row : weights[l]) {
                for (double w : row) {
                    if (!Double.isFinite(w)) {
                        return false;
                    }
                }
            }
            for (double b : biases[l]) {
                if (!Double.isFinite(b)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public double sumOfSquaredWeights() {
        double sum = 0;
        for (double[][] layer : weights) {
            for (double[] row : layer) {
                for (double w : row) {
                    sum += w * w;
                }
            }
        }
        return sum;
    }

    @Override
    public double sumOfAbsoluteWeights() {
        double sum = 0;
        for (double[][] layer : weights) {
            for (double[] row : layer) {
                for (double w : row) {
                    sum += Math.abs(w);
                }
            }
        }
        return sum;
    }

    @Override
    public OptimizerState optimizerState() {
        List<double[][][]> weightMoments = new java.util.ArrayList<>();
        List<double[][]> biasMoments = new java.util.ArrayList<>();
        for (Gradient moment : optimizerState) {
            Gradient copy = Gradient.zeros(sizes);
            copy.add(moment);
            weightMoments.add(copy.weights());
            biasMoments.add(copy.biases());
        }
        return new OptimizerState(stepCount, weightMoments, biasMoments);
    }

    @Override
    public void restore(OptimizerState state) {
        int moments = state.weightMoments().size();
        if (moments != 0 && moments != optimizerState.length) {
            throw new IllegalArgumentException("the saved optimizer state has " + moments + " moment arrays but "
                    + optimizer.describe() + " keeps " + optimizerState.length);
        }
        for (int s = 0; s < moments; s++) {
            Gradient saved = new Gradient(state.weightMoments().get(s), state.biasMoments().get(s));
            checkShape(saved);
            optimizerState[s] = Gradient.zeros(sizes);
            optimizerState[s].add(saved);
        }
        stepCount = state.steps();
    }

    private void checkShape(Gradient g) {
        if (g.weights().length != weights.length) {
            throw new IllegalArgumentException("the saved optimizer state has " + g.weights().length
                    + " layers, the network " + weights.length);
        }
        for (int l = 0; l < weights.length; l++) {
            if (g.weights()[l].length != sizes[l + 1] || g.biases()[l].length != sizes[l + 1]
                    || (sizes[l + 1] > 0 && g.weights()[l][0].length != sizes[l])) {
                throw new IllegalArgumentException("the saved optimizer state for layer " + (l + 1)
                        + " does not match the network's shape");
            }
        }
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.eta = learningRate;
    }

    @Override
    public Network network() {
        return Network.of(sizes, List.of(activations), cost, weights, biases);
    }
}
