package backprop.train;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.testing.TinyData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutANewBest() {
        RecordingControl control = new RecordingControl(1.0);

        int epochs = control.play(new EarlyStopping(3), 100, 50, 60, 70, 69, 70, 65, 80, 90);

        assertEquals(6, epochs, "the best, 70 at epoch 2, is not beaten in epochs 3, 4 and 5");
        assertEquals("no improvement in 3 epochs (best 70 / 100 at epoch 2)", control.stopReason());
    }

    @Test
    void aTieIsNoImprovement() {
        RecordingControl control = new RecordingControl(1.0);

        assertEquals(3, control.play(new EarlyStopping(2), 10, 7, 7, 7, 8));
    }

    @Test
    void keepsGoingWhileAccuracyImproves() {
        RecordingControl control = new RecordingControl(1.0);

        assertEquals(6, control.play(new EarlyStopping(1), 10, 1, 2, 3, 4, 5, 6));
        assertFalse(control.stopped());
    }

    @Test
    void patienceOfOneStopsAtTheFirstEpochWithoutImprovementAndSaysEpoch() {
        RecordingControl control = new RecordingControl(1.0);

        assertEquals(3, control.play(new EarlyStopping(1), 10, 1, 2, 2));
        assertEquals("no improvement in 1 epoch (best 2 / 10 at epoch 1)", control.stopReason());
    }

    @Test
    void neverChangesTheLearningRate() {
        RecordingControl control = new RecordingControl(1.0);

        control.play(new EarlyStopping(2), 10, 5, 4, 3);

        assertEquals(List.of(), control.learningRatesSet);
    }

    @Test
    void startsAfreshWithTheNextRun() {
        EarlyStopping rule = new EarlyStopping(2);
        new RecordingControl(1.0).play(rule, 100, 90, 95, 91, 92);

        RecordingControl second = new RecordingControl(1.0);
        assertEquals(4, second.play(rule, 100, 10, 20, 30, 40), "the first run's best of 95 is forgotten");
        assertFalse(second.stopped());
    }

    @Test
    void anEpochWithoutEvaluationAccuracyIsAnError() {
        RecordingControl control = new RecordingControl(1.0);
        EarlyStopping rule = new EarlyStopping(2);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> rule.epochFinished(control.epochWithoutEvaluation(0), control));
        assertTrue(e.getMessage().contains("evaluation accuracy"), e.getMessage());
    }

    @Test
    void patienceBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0));
    }

    @Test
    void endsAMiniBatchSgdRunOnceValidationAccuracyStopsImproving() {
        Dataset all = TinyData.prototypes("toy", 400, 5, 3, 2);
        Dataset training = all.slice(0, 300);
        Dataset validation = all.slice(300, 400);
        Network start = Network.initialize(new int[] {5, 8, 3}, Cost.CROSS_ENTROPY, Initializer.SCALED,
                new SeededRandom(1));
        TrainingOptions options = new TrainingOptions(200, 10, 1.0, 0.0, true, 1);

        TrainingHistory history = new MiniBatchSgd(options, Monitor.evaluationAccuracyOnly(), List.of(new EarlyStopping(3)))
                .train(start, training, validation, Engine.REFERENCE).history();

        int ran = history.epochs().size();
        EpochResult best = history.best().orElseThrow();
        assertTrue(ran < 200, "stopped early, after " + ran + " epochs");
        assertEquals(best.epoch() + 3, history.last().orElseThrow().epoch(), "stopped 3 epochs after the best");
        assertEquals("no improvement in 3 epochs (best " + best.evaluationCorrect().getAsInt() + " / 100 at epoch "
                + best.epoch() + ")", history.stopReason().orElseThrow());
    }
}
