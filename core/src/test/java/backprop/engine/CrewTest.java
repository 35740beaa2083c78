package backprop.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The crew's barrier and hand-over must make each member's writes visible to the others, every time. */
class CrewTest {

    @Test
    void whatEachMemberWritesBeforeABarrierEveryOtherReadsAfterIt() {
        int members = 3;
        int rounds = 20_000;
        long[] written = new long[members * 16];
        AtomicInteger mismatches = new AtomicInteger();
        try (Crew crew = new Crew(members, "crew-test")) {
            crew.runAll(t -> {
                for (int round = 1; round <= rounds; round++) {
                    written[t * 16] = round;
                    crew.barrier(t);
                    for (int other = 0; other < members; other++) {
                        if (written[other * 16] != round) {
                            mismatches.incrementAndGet();
                        }
                    }
                    crew.barrier(t);
                }
            });
        }
        assertEquals(0, mismatches.get());
    }

    @Test
    void aMemberMayWorkBetweenArrivingAndWaitingAndStillSeesWhatTheOthersWrote() {
        int members = 2;
        int rounds = 5_000;
        long[] written = new long[members * 16];
        AtomicInteger mismatches = new AtomicInteger();
        AtomicInteger turnsWaited = new AtomicInteger();
        try (Crew crew = new Crew(members, "crew-test")) {
            crew.runAll(t -> {
                for (int round = 1; round <= rounds; round++) {
                    if (t == 1 && round % 100 == 0) {
                        long until = System.nanoTime() + 20_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    }
                    written[t * 16] = round;
                    long target = crew.arrive(t);
                    while (!crew.othersArrived(t, target)) {
                        if (t == 0) {
                            turnsWaited.incrementAndGet();
                        }
                    }
                    crew.await(t, target);
                    if (!crew.othersArrived(t, target) || written[(1 - t) * 16] != round) {
                        mismatches.incrementAndGet();
                    }
                    crew.barrier(t);
                }
            });
        }
        assertEquals(0, mismatches.get());
        assertTrue(turnsWaited.get() > 0, "member 0 never found member 1 still on its way");
    }

    @Test
    void postedJobsRunOnEveryMemberInOrderWithoutWaitingForTheWorkers() {
        int members = 2;
        int jobs = 10_000;
        long[] seen = new long[members * 16];
        AtomicInteger outOfOrder = new AtomicInteger();
        try (Crew crew = new Crew(members, "crew-test")) {
            for (int job = 1; job <= jobs; job++) {
                long expected = job;
                crew.post(t -> {
                    if (seen[t * 16] != expected - 1) {
                        outOfOrder.incrementAndGet();
                    }
                    seen[t * 16] = expected;
                    crew.barrier(t);
                });
            }
            crew.sync();
        }
        assertEquals(0, outOfOrder.get());
        assertEquals(jobs, seen[0]);
        assertEquals(jobs, seen[16]);
    }

    @Test
    void membersLeftOutOfTheBarriersCanJoinAgain() {
        int[] counts = new int[3 * 16];
        try (Crew crew = new Crew(3, "crew-test")) {
            crew.setParties(1);
            for (int i = 0; i < 100; i++) {
                crew.post(t -> {
                    if (t == 0) {
                        counts[0]++;
                        crew.barrier(t);
                    }
                });
            }
            crew.sync();
            crew.setParties(3);
            crew.runAll(t -> {
                for (int i = 0; i < 1000; i++) {
                    counts[t * 16]++;
                    crew.barrier(t);
                }
            });
        }
        assertEquals(1100, counts[0]);
        assertEquals(1000, counts[16]);
        assertEquals(1000, counts[32]);
    }

    @Test
    void aWorkerThatFailsMakesTheCallerFailInsteadOfWaitingForever() {
        try (Crew crew = new Crew(2, "crew-test")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> crew.runAll(t -> {
                if (t == 1) {
                    throw new ArithmeticException("boom");
                }
                crew.barrier(t);
            }));
            assertTrue(e.getMessage().contains("boom"), e.getMessage());
        }
    }
}
