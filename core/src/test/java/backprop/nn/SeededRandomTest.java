package backprop.nn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream every shuffle, initialization and dropout mask comes from; checkpoints replay it exactly. */
class SeededRandomTest {
    @Test
    void seedZeroGivesSplitMix64sPublishedFirstOutputs() {
        SeededRandom random = new SeededRandom(0);

        assertEquals(0xE220A8397B1DCDAFL, random.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, random.nextLong());
        assertEquals(0x06C45D188009454FL, random.nextLong());
    }

    @Test
    void aRestoredStateContinuesTheStreamExactly() {
        SeededRandom random = new SeededRandom(42);
        random.nextLong();
        long saved = random.state();
        long[] expected = {random.nextLong(), random.nextLong(), random.nextLong()};

        SeededRandom resumed = new SeededRandom(0).restore(saved);

        assertArrayEquals(expected, new long[] {resumed.nextLong(), resumed.nextLong(), resumed.nextLong()});
    }

    @Test
    void aSplitStreamDiffersFromItsParentsAndAdvancesTheParentOnce() {
        SeededRandom parent = new SeededRandom(7);
        SeededRandom twin = new SeededRandom(7);

        SeededRandom child = parent.split();
        long skipped = twin.nextLong();

        assertEquals(twin.state(), parent.state());
        assertEquals(new SeededRandom(skipped ^ 0x5DEECE66DL).nextLong(), child.nextLong());
        assertNotEquals(parent.nextLong(), child.nextLong());
    }

    @Test
    void nextIntStaysBelowItsBoundWithoutBiasEvenForABoundNearTwoToThe31() {
        int bound = 3 << 29;
        SeededRandom random = new SeededRandom(3);
        int draws = 40_000;
        int[] quarters = new int[4];
        for (int i = 0; i < draws; i++) {
            int value = random.nextInt(bound);
            assertTrue(value >= 0 && value < bound, "out of range: " + value);
            quarters[(int) (4L * value / bound)]++;
        }
        for (int count : quarters) {
            assertEquals(draws / 4.0, count, draws * 0.02, Arrays.toString(quarters));
        }
        assertEquals(0, new SeededRandom(9).nextInt(1));
        assertThrows(IllegalArgumentException.class, () -> random.nextInt(0));
    }

    @Test
    void shuffleIsFisherYatesDrawingOnceForEachPositionButTheFirst() {
        int[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        SeededRandom random = new SeededRandom(11);
        SeededRandom reference = new SeededRandom(11);
        int[] expected = values.clone();
        for (int i = expected.length - 1; i > 0; i--) {
            int j = reference.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }

        random.shuffle(values);

        assertArrayEquals(expected, values);
        assertEquals(reference.state(), random.state(), "a resumed run must find the stream where it was left");
    }
}
