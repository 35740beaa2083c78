package backprop.train;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.testing.TinyData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run continued from a checkpoint must end with exactly the weights of a run that never stopped. */
class CheckpointResumeTest {
    private final Dataset all = TinyData.prototypes("toy", 700, 12, 4, 2);
    private final Dataset training = all.slice(0, 500);
    private final Dataset evaluation = all.slice(500, 700);
    private final Network start = Network.initialize(new int[] {12, 16, 8, 4}, Activation.RELU, Activation.SOFTMAX,
            Cost.LOG_LIKELIHOOD, Initializer.HE, new SeededRandom(4));

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of(Engine.REFERENCE, Optimizer.sgd(), 0.0),
                Arguments.of(Engine.MATRIX, Optimizer.adam(), 0.2),
                Arguments.of(Engine.FAST, Optimizer.momentum(0.9), 0.0),
                Arguments.of(Engine.FAST, Optimizer.adam(), 0.3),
                Arguments.of(Engine.FAST, Optimizer.nesterov(0.8), 0.1));
    }

    private TrainingOptions options(Optimizer optimizer, double dropout, int epochs) {
        double eta = optimizer.kind() == Optimizer.Kind.ADAM ? 0.003 : 0.05;
        return new TrainingOptions(epochs, 16, eta, 1.0, 0.0, optimizer, dropout, true, 9);
    }

    @ParameterizedTest(name = "{0} {1} dropout {2}")
    @MethodSource("runs")
    void resumingAtAnEpochBoundaryGivesTheUninterruptedWeights(Engine engine, Optimizer optimizer, double dropout) {
        Network straight = new MiniBatchSgd(options(optimizer, dropout, 4)).train(start, training, evaluation, engine).network();

        TrainingResult half = new MiniBatchSgd(options(optimizer, dropout, 2)).train(start, training, evaluation, engine);
        assertEquals(2, half.checkpoint().epoch());
        TrainingResult resumed = new MiniBatchSgd(options(optimizer, dropout, 4))
                .resume(half.checkpoint(), training, evaluation, engine);

        assertEquals(straight, resumed.network());
        assertEquals(4, resumed.history().epochs().size());
    }

    @ParameterizedTest(name = "{0} {1} dropout {2}")
    @MethodSource("runs")
    void resumingFromAnInterruptionMidEpochGivesTheUninterruptedWeights(Engine engine, Optimizer optimizer, double dropout) {
        Network straight = new MiniBatchSgd(options(optimizer, dropout, 3)).train(start, training, evaluation, engine).network();

        MiniBatchSgd[] sgd = new MiniBatchSgd[1];
        TrainingListener interrupter = new TrainingListener() {
            @Override
            public void batchFinished(int epoch, int batch, int batches, int examplesDone) {
                if (epoch == 1 && batch == 12) {
                    sgd[0].interrupt();
                }
            }
        };
        sgd[0] = new MiniBatchSgd(options(optimizer, dropout, 3), Monitor.evaluationAccuracyOnly(), List.of(interrupter));
        TrainingResult stopped = sgd[0].train(start, training, evaluation, engine);
        assertTrue(stopped.interrupted());
        assertEquals(1, stopped.checkpoint().epoch());
        assertEquals(13, stopped.checkpoint().batch());

        TrainingResult resumed = new MiniBatchSgd(options(optimizer, dropout, 3))
                .resume(stopped.checkpoint(), training, evaluation, engine);
        assertEquals(straight, resumed.network());
    }

    @ParameterizedTest(name = "{0} {1} dropout {2}")
    @MethodSource("runs")
    void aCheckpointTakenByAListenerResumesExactly(Engine engine, Optimizer optimizer, double dropout) {
        Network straight = new MiniBatchSgd(options(optimizer, dropout, 3)).train(start, training, evaluation, engine).network();
        Checkpoint[] saved = new Checkpoint[1];
        TrainingListener saver = new TrainingListener() {
            @Override
            public void epochFinished(EpochResult result, TrainingControl control) {
                if (result.epoch() == 0) {
                    saved[0] = control.checkpoint();
                }
            }
        };
        new MiniBatchSgd(options(optimizer, dropout, 3), Monitor.evaluationAccuracyOnly(), List.of(saver))
                .train(start, training, evaluation, engine);
        Network resumed = new MiniBatchSgd(options(optimizer, dropout, 3))
                .resume(saved[0], training, evaluation, engine).network();
        assertEquals(straight, resumed);
    }

    @org.junit.jupiter.api.Test
    void earlyStoppingCatchesUpWithTheHistoryOfAResumedRun() {
        EarlyStopping rule = new EarlyStopping(2);
        List<EpochResult> history = List.of(epoch(0, 50), epoch(1, 60), epoch(2, 59));
        rule.resumed(history);
        RecordingControl control = new RecordingControl(0.1);
        rule.epochFinished(epoch(3, 58), control);
        assertTrue(!control.stopReasons.isEmpty(), "two epochs without beating 60");
    }

    private static EpochResult epoch(int epoch, int correct) {
        return new EpochResult(epoch, 0.1, 0.1, java.util.OptionalDouble.empty(), java.util.OptionalInt.empty(), 100,
                java.util.OptionalDouble.empty(), java.util.OptionalInt.of(correct), 100);
    }
}
