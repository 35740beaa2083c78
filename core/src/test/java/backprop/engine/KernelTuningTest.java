package backprop.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelTuningTest {

    @Test
    void updateTailLeavesNoBlockOfOneAfterTheBlocksOfFour() {
        for (int neurons = 1; neurons <= 100; neurons++) {
            int tail = KernelTuning.updateTail(neurons);
            assertTrue(tail >= 0 && tail <= 6 && tail != 4, neurons + " neurons: tail " + tail);
            assertEquals(0, (neurons - tail) % 4, neurons + " neurons: the rest is not blocks of four");
            if (neurons > 4) {
                assertTrue(tail != 1 && tail != 2, neurons + " neurons: a tail of " + tail + " after blocks of four");
            }
        }
    }

    @Test
    void updateTwelvesAreWholeBlocksOfFourBeforeTheTail() {
        for (int neurons = 1; neurons <= 100; neurons++) {
            int twelves = KernelTuning.updateTwelves(neurons, 128);
            assertEquals(0, twelves % 12, neurons + " neurons");
            assertTrue(twelves <= neurons - KernelTuning.updateTail(neurons), neurons + " neurons");
            assertEquals(0, KernelTuning.updateTwelves(neurons, KernelTuning.PACKED_UPDATE_BATCH - 1),
                    "small batches take no tiles of twelve");
        }
    }
}
