package backprop.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContentionPolicyTest {
    private static final long EPOCH = 1_000_000_000L;

    @Test
    void keepsAllThreadsWhileBarriersCostLittle() {
        ContentionPolicy policy = new ContentionPolicy(2);
        long now = System.nanoTime();
        for (int epoch = 1; epoch <= 5; epoch++) {
            assertEquals(2, policy.nextActive(2, EPOCH / 10, now + epoch * EPOCH));
        }
    }

    @Test
    void fallsBackToOneThreadWhenWaitingTakesMoreThanHalfTheEpochAndRetriesLessAndLessOften() {
        ContentionPolicy policy = new ContentionPolicy(2);
        long now = System.nanoTime() + EPOCH;
        assertEquals(1, policy.nextActive(2, 9 * EPOCH / 10, now));
        assertEquals(2, policy.nextActive(1, 0, now += EPOCH), "tries again after one epoch alone");
        assertEquals(1, policy.nextActive(2, 9 * EPOCH / 10, now += EPOCH), "still crowded");
        assertEquals(1, policy.nextActive(1, 0, now += EPOCH));
        assertEquals(2, policy.nextActive(1, 0, now += EPOCH), "then after two");
        assertEquals(2, policy.nextActive(2, EPOCH / 10, now += EPOCH), "quiet again: stays");
        assertEquals(1, policy.nextActive(2, 9 * EPOCH / 10, now += EPOCH));
        assertEquals(2, policy.nextActive(1, 0, now += EPOCH), "a success reset the wait to one epoch");
    }

    @Test
    void oneThreadStaysOne() {
        assertEquals(1, new ContentionPolicy(1).nextActive(1, 0, System.nanoTime() + EPOCH));
    }
}
