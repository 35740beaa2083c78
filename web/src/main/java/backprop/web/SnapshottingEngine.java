package backprop.web;

import backprop.data.Dataset;
import backprop.nn.Network;
import backprop.train.Backprop;
import backprop.train.BackpropFactory;
import backprop.train.Evaluation;
import backprop.train.OptimizerState;
import backprop.train.TrainingOptions;

import java.util.function.Consumer;

/**
 * An engine that hands out its network every so often between steps: listeners hear of a network
 * only at an epoch's end, and an epoch of a large network takes minutes. Taking the network waits
 * for the steps in flight ({@link Backprop#synchronize()}), as an epoch's end does; the steps, and so
 * the weights trained, are the same as without it.
 */
final class SnapshottingEngine implements BackpropFactory {
    private final BackpropFactory engine;
    private final Consumer<Network> snapshots;
    private final long intervalNanos;

    SnapshottingEngine(BackpropFactory engine, Consumer<Network> snapshots, long intervalNanos) {
        this.engine = engine;
        this.snapshots = snapshots;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public Backprop create(Network start, Dataset training, TrainingOptions options) {
        return new Snapshotting(engine.create(start, training, options));
    }

    private final class Snapshotting implements Backprop {
        private final Backprop inner;
        private long last = System.nanoTime();

        Snapshotting(Backprop inner) {
            this.inner = inner;
        }

        @Override
        public void epochStarting(int[] order) {
            inner.epochStarting(order);
            last = System.nanoTime();
        }

        @Override
        public void step(int[] order, int from, int to) {
            inner.step(order, from, to);
            long now = System.nanoTime();
            if (now - last >= intervalNanos) {
                inner.synchronize();
                snapshots.accept(inner.network());
                last = System.nanoTime();
            }
        }

        @Override
        public void synchronize() {
            inner.synchronize();
        }

        @Override
        public void trackCost(int everySteps) {
            inner.trackCost(everySteps);
        }

        @Override
        public double costOfLastStep() {
            return inner.costOfLastStep();
        }

        @Override
        public boolean parametersFinite() {
            return inner.parametersFinite();
        }

        @Override
        public Evaluation evaluate(Dataset data, boolean withCost) {
            return inner.evaluate(data, withCost);
        }

        @Override
        public double sumOfSquaredWeights() {
            return inner.sumOfSquaredWeights();
        }

        @Override
        public double sumOfAbsoluteWeights() {
            return inner.sumOfAbsoluteWeights();
        }

        @Override
        public void setLearningRate(double learningRate) {
            inner.setLearningRate(learningRate);
        }

        @Override
        public OptimizerState optimizerState() {
            return inner.optimizerState();
        }

        @Override
        public void restore(OptimizerState state) {
            inner.restore(state);
        }

        @Override
        public Network network() {
            return inner.network();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
