package backprop.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed group of threads that run the same job in lockstep: the caller is member 0, the others are
 * daemon workers. Members meet at a spinning {@link #barrier}, which costs well under a microsecond,
 * so that even a mini-batch of 10 can be shared between cores.
 *
 * <p>{@link #post} does not wait for the workers to finish: the caller goes straight on to its own
 * share and then to the next job. That is safe because every posted job meets at least one barrier,
 * so no member can be more than one job ahead of another; jobs therefore live in two alternating slots.
 * {@link #sync} waits until every worker has finished everything posted.
 */
final class Crew implements AutoCloseable {

    /** Work for every member; {@code member} is 0 for the caller. */
    interface Job {
        void run(int member);
    }

    /**
     * How long a waiting thread spins before it yields its core, and how long it yields before it
     * parks. A mini-batch takes microseconds, so spinning covers every wait of a quiet machine; when
     * other processes compete for the cores, yielding lets the thread we wait for run sooner; and
     * between epochs (evaluation, logging) waiting threads park instead of burning a core.
     */
    private static final long SPIN_NANOS = 50_000;
    private static final long YIELD_NANOS = 2_000_000;

    private final int size;
    private final Job[] slots = new Job[2];
    private final Thread[] workers;
    private final PaddedCounter[] completed;
    private volatile long posted;
    private volatile boolean closed;
    private volatile Throwable failure;

    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int generation;
    /** How many members meet at {@link #barrier}: all, or fewer while some sit out (see {@link #setParties}). */
    private volatile int parties;

    Crew(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a crew needs at least one member, got " + size);
        }
        this.size = size;
        this.parties = size;
        this.workers = new Thread[size - 1];
        this.completed = new PaddedCounter[size];
        for (int t = 0; t < size; t++) {
            completed[t] = new PaddedCounter();
        }
        for (int t = 1; t < size; t++) {
            int member = t;
            Thread worker = new Thread(() -> work(member), name + "-" + t);
            worker.setDaemon(true);
            workers[t - 1] = worker;
            worker.start();
        }
    }

    int size() {
        return size;
    }

    /** Runs {@code job} on every member: the workers start it now, the caller runs its share before returning. */
    void post(Job job) {
        checkFailure();
        long next = posted + 1;
        slots[(int) (next & 1)] = job;
        posted = next;
        try {
            job.run(0);
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        }
        completed[0].value = next;
    }

    /** Runs {@code job} on every member and waits until all have finished it. */
    void runAll(Job job) {
        post(job);
        sync();
    }

    /** Waits until every worker has finished every posted job. */
    void sync() {
        long target = posted;
        for (int t = 1; t < size; t++) {
            long start = System.nanoTime();
            while (completed[t].value < target) {
                checkFailure();
                pause(start);
            }
        }
        checkFailure();
    }

    /**
     * Only the first {@code count} members take part in barriers from now on; the others must then
     * not call {@link #barrier}. Call when no job is running (after {@link #sync}).
     */
    void setParties(int count) {
        if (count < 1 || count > size) {
            throw new IllegalArgumentException("parties must be between 1 and " + size + ", got " + count);
        }
        parties = count;
    }

    /**
     * Waits until every taking-part member has arrived here. Call only from inside a job, the same
     * number of times on each such member.
     */
    void barrier() {
        int count = parties;
        if (count == 1) {
            return;
        }
        int g = generation;
        if (waiting.incrementAndGet() == count) {
            waiting.set(0);
            generation = g + 1;
            return;
        }
        long start = System.nanoTime();
        while (generation == g) {
            checkFailure();
            pause(start);
        }
    }

    private void work(int member) {
        long done = 0;
        while (true) {
            long start = System.nanoTime();
            while (posted == done) {
                if (closed) {
                    return;
                }
                pause(start);
            }
            long next = done + 1;
            try {
                slots[(int) (next & 1)].run(member);
            } catch (Throwable e) {
                fail(e);
                return;
            }
            done = next;
            completed[member].value = next;
        }
    }

    private static void pause(long since) {
        long waited = System.nanoTime() - since;
        if (waited < SPIN_NANOS) {
            Thread.onSpinWait();
        } else if (waited < YIELD_NANOS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(100_000);
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
    }

    private void checkFailure() {
        Throwable e = failure;
        if (e != null) {
            throw new IllegalStateException("a training thread failed: " + e, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            try {
                worker.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A counter on its own cache line, so that two cores writing their counters do not slow each other. */
    private static final class PaddedCounter {
        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7;
        volatile long value;
        @SuppressWarnings("unused")
        private long q1, q2, q3, q4, q5, q6, q7;
    }
}
