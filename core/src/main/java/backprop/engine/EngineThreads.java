package backprop.engine;

/**
 * A fast engine's threads: a {@link Crew}, of which all or only thread 0 work, as the
 * {@link ContentionPolicy} decides at the end of each epoch from how long thread 0 waited at the
 * barriers. Both engines sum in an order that does not depend on how many threads work, so falling
 * back to one thread while other processes crowd the cores changes the speed only.
 */
final class EngineThreads implements AutoCloseable {
    private final Crew crew;
    private final ContentionPolicy contention;
    /** The threads at work in the current epoch: all of them, or 1 while other processes crowd the cores. */
    private int active;
    private final Waiting waiting = new Waiting();

    EngineThreads(int threads, String name) {
        this.crew = new Crew(threads, name);
        this.contention = new ContentionPolicy(threads);
        this.active = threads;
    }

    /** The most threads that may work. */
    int size() {
        return crew.size();
    }

    /** The threads at work now. */
    int active() {
        return active;
    }

    /** Runs {@code job} on every thread without waiting for the others to finish ({@link Crew#post}). */
    void post(Crew.Job job) {
        crew.post(job);
    }

    void runAll(Crew.Job job) {
        crew.runAll(job);
    }

    /** Waits until every thread has finished every job. */
    void sync() {
        crew.sync();
    }

    /** A barrier of the working threads, timed for thread 0: its waiting tells the policy how crowded the cores are. */
    void barrier(int t) {
        long start = t == 0 ? System.nanoTime() : 0;
        crew.barrier(t);
        if (t == 0) {
            waiting.nanos += System.nanoTime() - start;
        }
    }

    /**
     * {@link #barrier(int)}, and a thread that arrives before the others copies upcoming images into
     * its ring, one at a time, until they arrive: time it would otherwise spin away, and copying it
     * would otherwise do at the start of a step, while the others wait for it at this barrier.
     */
    void barrier(int t, InputRing ring) {
        long start = t == 0 ? System.nanoTime() : 0;
        long target = crew.arrive(t);
        while (!crew.othersArrived(t, target) && ring.fillNext()) {
            // one image per look at the others
        }
        crew.await(t, target);
        if (t == 0) {
            waiting.nanos += System.nanoTime() - start;
        }
    }

    /** At the end of an epoch, with no job running: how many threads the policy puts to work in the next. */
    int nextActive() {
        int next = contention.nextActive(active, waiting.nanos, System.nanoTime());
        waiting.nanos = 0;
        return next;
    }

    /** Puts {@code count} threads (between 1 and {@link #size}) to work from the next job on; call after {@link #sync}. */
    void setActive(int count) {
        active = count;
        crew.setParties(count);
    }

    @Override
    public void close() {
        crew.close();
    }

    /**
     * Thread 0's time at barriers since the last decision, written only by thread 0 at every barrier.
     * An object of its own because objects start on cache lines (the launcher's 64-byte alignment):
     * as a field beside {@link #crew}, which every thread reads at every barrier, each write would take
     * that cache line from the other cores.
     */
    private static final class Waiting {
        long nanos;
    }
}
