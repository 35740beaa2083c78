package backprop.reference;

import backprop.data.Dataset;
import backprop.nn.Cost;
import backprop.nn.Layer;
import backprop.nn.Network;
import backprop.nn.Parameter;
import backprop.train.Backprop;
import backprop.train.Evaluation;
import backprop.train.OptimizerState;
import backprop.train.TrainingOptions;

import java.util.Arrays;

/**
 * The reference engine: the book's algorithm in double precision, written to be read next to the
 * book. One step is network2.py's {@code update_mini_batch}: the mini-batch's gradient, summed
 * over its examples by {@link Backpropagation} (one example at a time, {@link Form#PER_EXAMPLE}) or
 * {@link MatrixBackpropagation} (the whole batch as one matrix, {@link Form#MATRIX}), with
 * {@link DropoutMasks} when dropout is on; then {@link OptimizerStep} turns it into a change of every
 * parameter. Both forms give the same numbers, and the fast engine is tested against them.
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
    private final Network start;
    /** The network's layers, whose parameters each step changes in place, as network.py changes its own. */
    private final Layer[] layers;
    private final Cost cost;
    private final Dataset training;
    private final double dropout;
    private final long seed;
    private final Backpropagation perExample;
    private final MatrixBackpropagation matrix;
    private final OptimizerStep optimizer;
    /** Steps taken so far: Adam's t, and part of what decides the dropout masks. */
    private long stepCount;
    private double eta;
    private int costEvery;
    private double lastStepCost = Double.NaN;

    public ReferenceBackprop(Network start, Dataset training, TrainingOptions options, Form form) {
        this.form = form;
        this.start = start;
        this.layers = start.layers().toArray(Layer[]::new);
        this.cost = start.cost();
        this.training = training;
        this.dropout = options.dropout();
        this.seed = options.seed();
        this.perExample = new Backpropagation(layers, cost);
        this.matrix = new MatrixBackpropagation(layers, cost);
        this.optimizer = new OptimizerStep(options.optimizer(), options.lambda(), options.l1(), Arrays.asList(layers));
        this.eta = options.learningRate();
    }

    /** An engine with no training data, for computing gradients directly (tests, gradient checks). */
    public static ReferenceBackprop of(Network network, Form form) {
        return new ReferenceBackprop(network, null, new TrainingOptions(0, 1, 1.0, 0.0, false, 0), form);
    }

    /** network2.py's {@code update_mini_batch} for examples {@code order[from..to)}. */
    @Override
    public void step(int[] order, int from, int to) {
        int m = to - from;
        lastStepCost = costEvery > 0 && stepCount % costEvery == 0 ? costSum(order, from, to) : Double.NaN;
        DropoutMasks masks = dropout > 0 ? DropoutMasks.draw(layers, dropout, seed, stepCount, m) : null;
        Gradient nabla = switch (form) {
            case PER_EXAMPLE -> {
                Gradient sum = Gradient.zeros(Arrays.asList(layers));
                for (int i = from; i < to; i++) {
                    perExample.backprop(training.input(order[i]), training.target(order[i]), masks, i - from, sum);
                }
                yield sum;
            }
            case MATRIX -> matrix.backprop(inputColumns(order, from, to), targetColumns(order, from, to), masks);
        };
        stepCount++;
        optimizer.apply(layers, nabla, m, training.size(), eta, stepCount);
    }

    /** {@code ∇C_x} for one example at the current parameters (network.py's {@code backprop}). */
    public Gradient backprop(double[] x, double[] y) {
        Gradient nabla = Gradient.zeros(Arrays.asList(layers));
        perExample.backprop(x, y, null, 0, nabla);
        return nabla;
    }

    /** The summed gradient of the examples in the columns of {@code x} and {@code y}, in matrix form. */
    public Gradient backpropMatrix(double[][] x, double[][] y) {
        return matrix.backprop(x, y, null);
    }

    private double[][] inputColumns(int[] order, int from, int to) {
        int inputs = start.inputSize();
        double[][] x = new double[inputs][to - from];
        double[] example = new double[inputs];
        for (int i = from; i < to; i++) {
            training.input(order[i], example);
            Matrices.setColumn(x, i - from, example);
        }
        return x;
    }

    private double[][] targetColumns(int[] order, int from, int to) {
        double[][] y = new double[start.outputSize()][to - from];
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
        double[] x = new double[start.inputSize()];
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
        return network().isFinite();
    }

    @Override
    public double sumOfSquaredWeights() {
        double sum = 0;
        for (Layer layer : layers) {
            for (Parameter parameter : layer.parameters()) {
                if (parameter.isWeights()) {
                    for (double w : parameter.values()) {
                        sum += w * w;
                    }
                }
            }
        }
        return sum;
    }

    @Override
    public double sumOfAbsoluteWeights() {
        double sum = 0;
        for (Layer layer : layers) {
            for (Parameter parameter : layer.parameters()) {
                if (parameter.isWeights()) {
                    for (double w : parameter.values()) {
                        sum += Math.abs(w);
                    }
                }
            }
        }
        return sum;
    }

    @Override
    public OptimizerState optimizerState() {
        return optimizer.state(stepCount);
    }

    @Override
    public void restore(OptimizerState state) {
        optimizer.restore(state);
        stepCount = state.steps();
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.eta = learningRate;
    }

    @Override
    public Network network() {
        return Network.of(start.inputShape(), Arrays.asList(layers), cost);
    }
}
