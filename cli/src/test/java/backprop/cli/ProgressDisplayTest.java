package backprop.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live bar of {@code train}, driven as the trainer drives it. */
class ProgressDisplayTest {

    @Test
    void theBarShowsTheMiniBatchesTheSpeedAndTheRunningCost() throws InterruptedException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(terminal, true, StandardCharsets.UTF_8);
             ProgressDisplay display = new ProgressDisplay(stream, 120)) {
            display.epochStarted(3, 100);
            for (int batch = 0; batch < 50; batch++) {
                display.batchFinished(3, batch, 100, 10 * (batch + 1), 0.25);
                Thread.sleep(10);
            }
            // A redraw is due every 200 ms; wait for one with the numbers in.
            Thread.sleep(450);
            String drawn = terminal.toString(StandardCharsets.UTF_8);
            assertTrue(drawn.contains("Epoch 3"), drawn);
            assertTrue(drawn.contains("50/100 batches"), drawn);
            assertTrue(drawn.contains("examples/s, cost 0.2500"), drawn);
        }
    }

    @Test
    void closingClearsTheLineWithoutEndingIt() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(terminal, true, StandardCharsets.UTF_8)) {
            ProgressDisplay display = new ProgressDisplay(stream, 60);
            display.epochStarted(0, 10);
            display.batchFinished(0, 0, 10, 5, Double.NaN);
            display.close();
        }
        String drawn = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.matches("(?s).* {40}\\r+"), () -> "blanked, the cursor back at the start: [" + drawn.replace("\r", "\\r").replace("\n", "\\n") + "]");
        assertTrue(!drawn.contains("\n"), drawn);
    }

    @Test
    void theMessageLeavesOutWhatIsNotKnownYet() {
        assertEquals("1,000 examples/s, cost 0.01235", ProgressDisplay.message(500, 0.5, 0.0123456));
        assertEquals("1,000 examples/s", ProgressDisplay.message(500, 0.5, Double.NaN));
        assertEquals("cost 2.000", ProgressDisplay.message(0, 0, 2.0));
    }
}
