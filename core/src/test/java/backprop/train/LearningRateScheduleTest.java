package backprop.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateScheduleTest {

    /** The learning rate each of {@code epochs} epochs runs at under {@code schedule}, starting from {@code eta0}. */
    private static List<Double> ratesByEpoch(LearningRateSchedule schedule, double eta0, int epochs) {
        RecordingControl control = new RecordingControl(eta0);
        List<Double> rates = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            rates.add(control.learningRate());
            schedule.epochStarted(epoch, 1);
            schedule.epochFinished(control.epoch(epoch, 0, 10), control);
        }
        assertFalse(control.stopped(), "a schedule never stops a run");
        return rates;
    }

    @Test
    void stepScheduleMultipliesTheRateEveryFewEpochs() {
        assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25), ratesByEpoch(new StepSchedule(3, 0.5), 1.0, 7));
    }

    @Test
    void stepScheduleOfOneEpochDecaysExponentially() {
        List<Double> rates = ratesByEpoch(new StepSchedule(1, 0.9), 2.0, 4);

        assertEquals(2.0 * 0.9 * 0.9 * 0.9, rates.get(3), 1e-15);
    }

    @Test
    void cosineScheduleFallsFromTheFirstRateToTheMinimumOverItsEpochs() {
        List<Double> rates = ratesByEpoch(new CosineSchedule(4, 0.1), 1.1, 6);

        assertEquals(1.1, rates.get(0), 1e-15);
        assertEquals(0.1 + 0.5 * (1 + Math.cos(Math.PI / 4)), rates.get(1), 1e-15);
        assertEquals(0.6, rates.get(2), 1e-15, "half-way, half-way between");
        assertEquals(0.1, rates.get(4), 1e-15);
        assertEquals(0.1, rates.get(5), 1e-15, "stays at the minimum after its epochs");
        for (int t = 1; t < rates.size(); t++) {
            assertTrue(rates.get(t) <= rates.get(t - 1), "never rises: " + rates);
        }
    }

    @Test
    void cosineScheduleIsSymmetricAboutItsMiddle() {
        double eta0 = 1.0;
        double min = 0.01;
        CosineSchedule schedule = new CosineSchedule(10, min);

        for (int t = 0; t <= 10; t++) {
            double mirrored = schedule.learningRate(10 - t, eta0);
            assertEquals(eta0 + min, schedule.learningRate(t, eta0) + mirrored, 1e-12);
        }
    }

    @Test
    void cosineScheduleRejectsAMinimumAboveTheFirstRate() {
        RecordingControl control = new RecordingControl(0.01);
        CosineSchedule schedule = new CosineSchedule(5, 0.1);

        assertThrows(IllegalArgumentException.class, () -> schedule.epochFinished(control.epoch(0, 0, 10), control));
    }

    @Test
    void aScheduleStartsAfreshWithTheNextRun() {
        StepSchedule schedule = new StepSchedule(1, 0.5);
        ratesByEpoch(schedule, 1.0, 3);

        assertEquals(List.of(4.0, 2.0), ratesByEpoch(schedule, 4.0, 2));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StepSchedule(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new StepSchedule(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new StepSchedule(3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(10, 0));
    }
}
