package backprop.train;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.reference.ReferenceBackprop;
import backprop.testing.TinyData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MiniBatchSgdTest {
    private final Dataset all = TinyData.prototypes("toy", 800, 5, 3, 1);
    private final Dataset training = all.slice(0, 600);
    private final Dataset evaluation = all.slice(600, 800);

    private static Network start(long seed) {
        return Network.initialize(new int[] {5, 12, 3}, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(seed));
    }

    @Test
    void trainingImprovesAccuracyOnALearnableProblem() {
        TrainingOptions options = new TrainingOptions(15, 10, 2.0, 0.0, true, 4);
        MiniBatchSgd sgd = new MiniBatchSgd(options, Monitor.all(), List.of());
        Network initial = start(4);
        int before = Engine.REFERENCE.create(initial, training, options).evaluate(evaluation, false).correct();

        TrainingResult result = sgd.train(initial, training, evaluation, Engine.REFERENCE);

        int after = result.history().last().orElseThrow().evaluationCorrect().getAsInt();
        assertEquals(15, result.history().epochs().size());
        assertTrue(after > before + 40, "before " + before + ", after " + after);
        assertTrue(after >= 170, "after " + after + " / 200");
    }

    @Test
    void sameSeedGivesTheSameNetworkAndAnotherSeedDoesNot() {
        TrainingOptions options = new TrainingOptions(2, 10, 1.0, 0.5, true, 8);
        Network a = new MiniBatchSgd(options).train(start(1), training, evaluation, Engine.MATRIX).network();
        Network b = new MiniBatchSgd(options).train(start(1), training, evaluation, Engine.MATRIX).network();
        Network c = new MiniBatchSgd(options.withSeed(9)).train(start(1), training, evaluation, Engine.MATRIX).network();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void withoutShuffleMiniBatchesFollowDataOrder() {
        TrainingOptions options = new TrainingOptions(1, 7, 0.5, 0.0, false, 3);
        Network trained = new MiniBatchSgd(options).train(start(2), training, null, Engine.REFERENCE).network();

        ReferenceBackprop manual = new ReferenceBackprop(start(2), training, options, ReferenceBackprop.Form.PER_EXAMPLE);
        int[] identity = new int[training.size()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        for (int k = 0; k < identity.length; k += 7) {
            manual.step(identity, k, Math.min(k + 7, identity.length));
        }
        assertEquals(manual.network(), trained);
    }

    @Test
    void monitoredCostIncludesTheL2TermOverThatDataSetsSize() {
        double lambda = 5.0;
        TrainingOptions options = new TrainingOptions(1, 10, 0.5, lambda, true, 3);
        TrainingResult result = new MiniBatchSgd(options, Monitor.all(), List.of())
                .train(start(3), training, evaluation, Engine.REFERENCE);
        EpochResult epoch = result.history().epochs().getFirst();

        Backprop probe = Engine.REFERENCE.create(result.network(), training, options);
        double squares = probe.sumOfSquaredWeights();
        double trainingCost = probe.evaluate(training, true).costSum() / training.size()
                + 0.5 * lambda / training.size() * squares;
        double evaluationCost = probe.evaluate(evaluation, true).costSum() / evaluation.size()
                + 0.5 * lambda / evaluation.size() * squares;
        assertEquals(trainingCost, epoch.trainingCost().getAsDouble(), 1e-12);
        assertEquals(evaluationCost, epoch.evaluationCost().getAsDouble(), 1e-12);
        assertEquals(probe.evaluate(training, false).correct(), epoch.trainingCorrect().getAsInt());
    }

    @Test
    void listenersHearEveryBatchAndEpochAndCanStopTheRun() {
        List<String> heard = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int batches) {
                heard.add("start " + epoch + " of " + batches);
            }

            @Override
            public void batchFinished(int epoch, int batch, int batches, int examplesDone) {
                if (batch == batches - 1) {
                    heard.add("last batch " + examplesDone);
                }
            }

            @Override
            public void epochFinished(EpochResult result, TrainingControl control) {
                heard.add("end " + result.epoch());
                if (result.epoch() == 1) {
                    control.stop("enough");
                }
            }
        };
        TrainingOptions options = new TrainingOptions(5, 64, 0.5, 0.0, true, 3);
        TrainingResult result = new MiniBatchSgd(options, Monitor.evaluationAccuracyOnly(), List.of(listener))
                .train(start(3), training, evaluation, Engine.REFERENCE);

        assertEquals(List.of("start 0 of 10", "last batch 600", "end 0", "start 1 of 10", "last batch 600", "end 1"), heard);
        assertEquals("enough", result.history().stopReason().orElseThrow());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Engine.class)
    void listenersThatWantItHearARunningCostCloseToTheEpochsTrainingCost(Engine engine) {
        double[] lastRunning = {Double.NaN};
        TrainingListener listener = new TrainingListener() {
            @Override
            public boolean wantsRunningCost() {
                return true;
            }

            @Override
            public void batchFinished(int epoch, int batch, int batches, int examplesDone, double runningCost) {
                lastRunning[0] = runningCost;
            }
        };
        TrainingOptions options = new TrainingOptions(3, 10, 0.5, 0.0, true, 3);
        TrainingResult result = new MiniBatchSgd(options, Monitor.all(), List.of(listener))
                .train(start(3), training, evaluation, engine);
        double epochCost = result.history().last().orElseThrow().trainingCost().getAsDouble();
        assertTrue(Double.isFinite(lastRunning[0]), "running cost " + lastRunning[0]);
        // Measured before each step, on a sample of the batches, so close to but not exactly the end-of-epoch cost.
        assertEquals(epochCost, lastRunning[0], 0.5 * epochCost);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Engine.class)
    void aRunWhoseWeightsStopBeingFiniteStopsAndSaysItDiverged(Engine engine) {
        Network network = Network.initialize(new int[] {5, 12, 3}, backprop.nn.Activation.RELU, backprop.nn.Activation.SOFTMAX,
                Cost.LOG_LIKELIHOOD, Initializer.LARGE, new SeededRandom(1));
        TrainingOptions options = new TrainingOptions(20, 10, 1e300, 0.0, true, 3);
        TrainingResult result = new MiniBatchSgd(options).train(network, training, evaluation, engine);
        assertEquals(MiniBatchSgd.DIVERGED, result.history().stopReason().orElseThrow());
        assertTrue(result.history().epochs().size() < 20);
        assertTrue(!result.network().isFinite());
    }
}
