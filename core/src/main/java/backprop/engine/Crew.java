package backprop.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    /** Turns of a wait loop before it first reads the clock: a few microseconds of pure spinning. */
    private static final int TURNS_BEFORE_CLOCK = 64;

    private final int size;
    /** The two job slots, as fields rather than an array: storing a job of a new kind into an array makes the JIT recompile. */
    private Job slot0;
    private Job slot1;
    private final Thread[] workers;
    /** Jobs posted so far; written by member 0 only. */
    private final Cell posted = new Cell();
    /** {@code completed[t]}: jobs member {@code t} has finished; written by that member only. */
    private final Cell[] completed;
    /** {@code arrived[t]}: barriers member {@code t} has reached; written by that member only (see {@link #barrier}). */
    private final Cell[] arrived;
    private volatile boolean closed;
    private volatile Throwable failure;
    /** How many members meet at {@link #barrier}: all, or fewer while some sit out (see {@link #setParties}). */
    private volatile int parties;

    Crew(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a crew needs at least one member, got " + size);
        }
        this.size = size;
        this.parties = size;
        this.workers = new Thread[size - 1];
        this.completed = new Cell[size];
        this.arrived = new Cell[size];
        for (int t = 0; t < size; t++) {
            completed[t] = new Cell();
            arrived[t] = new Cell();
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
        long next = posted.plain() + 1;
        if ((next & 1) == 0) {
            slot0 = job;
        } else {
            slot1 = job;
        }
        posted.release(next);
        try {
            job.run(0);
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        }
        completed[0].release(next);
    }

    /** Runs {@code job} on every member and waits until all have finished it. */
    void runAll(Job job) {
        post(job);
        sync();
    }

    /** Waits until every worker has finished every posted job. */
    void sync() {
        long target = posted.plain();
        for (int t = 1; t < size; t++) {
            long since = 0;
            for (int turn = 0; completed[t].acquire() < target; turn++) {
                since = pause(since, turn);
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
        // Members that sat out have passed fewer barriers; start everyone from the same count. The
        // workers see this before their next job, which the release in post() publishes.
        for (Cell cell : arrived) {
            cell.release(0);
        }
        parties = count;
    }

    /**
     * Waits until every taking-part member has arrived here. Call only from inside a job, the same
     * number of times on each such member.
     *
     * <p>Each member counts the barriers it has reached in its own cache line and reads the others':
     * an arrival is one plain store, and the wait ends one cache-line transfer after the last
     * member arrives. (A shared counter that every member increments atomically costs several
     * transfers, each a round trip between cores, which at a barrier per mini-batch of 10 was a
     * tenth of the step.) Writing the count with release and reading it with acquire semantics
     * makes everything a member wrote before the barrier visible to the others after it.
     */
    void barrier(int member) {
        await(member, arrive(member));
    }

    /**
     * The first half of {@link #barrier}: tells the others this member has arrived and returns what
     * to pass to {@link #othersArrived} and {@link #await}, between which the member may do work of
     * its own (which must not be anything the others wait for).
     */
    long arrive(int member) {
        Cell mine = arrived[member];
        long target = mine.plain() + 1;
        mine.release(target);
        return target;
    }

    /** Whether every other taking-part member has arrived at the barrier this member arrived at with {@code target}. */
    boolean othersArrived(int member, long target) {
        int count = parties;
        for (int t = 0; t < count; t++) {
            if (t != member && arrived[t].acquire() < target) {
                return false;
            }
        }
        return true;
    }

    /** The second half of {@link #barrier}: waits until every other taking-part member has arrived. */
    void await(int member, long target) {
        int count = parties;
        for (int t = 0; t < count; t++) {
            if (t == member) {
                continue;
            }
            Cell other = arrived[t];
            long since = 0;
            for (int turn = 0; other.acquire() < target; turn++) {
                since = pause(since, turn);
            }
        }
    }

    private void work(int member) {
        for (long done = 0; done >= 0; ) {
            done = runNext(member, done);
        }
    }

    /**
     * Waits for the job after the {@code done} first and runs it; returns the jobs done, or -1 when
     * the crew is closed or the job failed. A method of its own, called once a job, so that the JIT
     * compiles it after a few calls: the loop around it runs for the crew's whole life, and without
     * on-stack replacement (which the launcher turns off) a loop is compiled only with its method.
     */
    private long runNext(int member, long done) {
        long since = 0;
        for (int turn = 0; posted.acquire() == done; turn++) {
            // Not in the first turns: this field shares a cache line with the job slots that member 0
            // writes as it posts, and reading it in every turn made that write, and so the post, slower.
            if (turn >= TURNS_BEFORE_CLOCK && closed) {
                return -1;
            }
            since = pause(since, turn);
        }
        long next = done + 1;
        try {
            ((next & 1) == 0 ? slot0 : slot1).run(member);
        } catch (Throwable e) {
            fail(e);
            return -1;
        }
        completed[member].release(next);
        return next;
    }

    /**
     * One turn of a wait loop: spin, then yield, then park, by how long the wait has lasted. The
     * clock is read only after the first few dozen turns (reading it takes longer than a turn), from
     * then on every turn; returns when the wait started by that clock, to pass to the next turn.
     */
    private long pause(long since, int turn) {
        if (turn < TURNS_BEFORE_CLOCK) {
            Thread.onSpinWait();
            return since;
        }
        checkFailure();
        long now = System.nanoTime();
        if (turn == TURNS_BEFORE_CLOCK) {
            return now;
        }
        long waited = now - since;
        if (waited < SPIN_NANOS) {
            Thread.onSpinWait();
        } else if (waited < YIELD_NANOS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(100_000);
        }
        return since;
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

    /**
     * A counter on its own cache line, so that cores writing their own counters do not slow each
     * other; written by one thread only, with release semantics, and read by the others with acquire.
     */
    private static final class Cell {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Cell.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused")
        private long p1, p2, p3, p4, p5, p6, p7;
        private long value;
        @SuppressWarnings("unused")
        private long q1, q2, q3, q4, q5, q6, q7;

        /** The value, for the one thread that writes it. */
        long plain() {
            return value;
        }

        long acquire() {
            return (long) VALUE.getAcquire(this);
        }

        void release(long v) {
            VALUE.setRelease(this, v);
        }
    }
}
