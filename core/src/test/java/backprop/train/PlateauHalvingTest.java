package backprop.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlateauHalvingTest {

    @Test
    void halvesTheLearningRateAfterPatienceEpochsWithoutImprovement() {
        RecordingControl control = new RecordingControl(0.8);

        control.play(new PlateauHalving(2), 100, 50, 60, 59, 58, 61);

        assertEquals(List.of(0.4), control.learningRatesSet, "halved after epochs 2 and 3 did not beat 60");
        assertFalse(control.stopped());
    }

    @Test
    void waitsAnotherPatienceEpochsAfterEachHalving() {
        RecordingControl control = new RecordingControl(0.8);

        control.play(new PlateauHalving(2), 100, 50, 49, 48, 47, 46, 45, 44);

        assertEquals(List.of(0.4, 0.2, 0.1), control.learningRatesSet);
    }

    @Test
    void stopsWhenHalvingWouldGoBelowTheFloorAfterTrainingAtIt() {
        RecordingControl control = new RecordingControl(1.0);
        int[] neverBetter = new int[40];
        java.util.Arrays.fill(neverBetter, 5);

        int epochs = control.play(new PlateauHalving(1, 1.0 / 8), 10, neverBetter);

        assertEquals(List.of(0.5, 0.25, 0.125), control.learningRatesSet, "eta0/8 is the last rate trained with");
        assertEquals(5, epochs, "halved after epochs 1, 2 and 3; stopped after epoch 4");
        assertEquals("no improvement in 1 epoch (best 5 / 10 at epoch 0) at eta 0.125, and half of it is below eta0 x 1/8",
                control.stopReason());
    }

    @Test
    void theBooksFloorIsOneHundredTwentyEighthOfTheFirstRate() {
        RecordingControl control = new RecordingControl(3.0);
        int[] neverBetter = new int[100];

        control.play(new PlateauHalving(10), 10, neverBetter);

        assertEquals(7, control.learningRatesSet.size());
        assertEquals(3.0 / 128, control.learningRatesSet.getLast());
        assertTrue(control.stopReason().contains("eta0 x 1/128"), control.stopReason());
    }

    @Test
    void improvementResetsThePatienceCount() {
        RecordingControl control = new RecordingControl(1.0);

        control.play(new PlateauHalving(2), 10, 1, 1, 2, 2, 3, 3, 4);

        assertEquals(List.of(), control.learningRatesSet);
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PlateauHalving(0));
        assertThrows(IllegalArgumentException.class, () -> new PlateauHalving(5, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlateauHalving(5, 1.5));
    }

    @Test
    void anEpochWithoutEvaluationAccuracyIsAnError() {
        RecordingControl control = new RecordingControl(1.0);

        assertThrows(IllegalStateException.class,
                () -> new PlateauHalving(3).epochFinished(control.epochWithoutEvaluation(0), control));
    }
}
