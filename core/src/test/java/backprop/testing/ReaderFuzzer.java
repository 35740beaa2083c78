package backprop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The property every reader of untrusted bytes must have: whatever the input, it returns a result or
 * throws its documented exception, with a one-line message free of library internals, and it costs
 * CPU time and memory in proportion to the input's size (plus a fixed allowance), so a small hostile
 * file cannot take seconds or gigabytes.
 *
 * <p>Cost is measured on the reading thread alone (its CPU time and the bytes it allocated), which
 * other builds on a shared machine do not inflate as they do wall time; the budgets are loose (ten
 * times and more what the readers take) so that they catch a blow-up, not a slow machine. A reader
 * that does not finish within {@link #WALL_LIMIT_SECONDS} is reported as hanging.
 *
 * <p>{@code -Dfuzz.iterations=N} runs more inputs than the default, {@code -Dfuzz.seed=S} another
 * sequence; a failure names both, and its input is saved under {@code target/fuzz-failures}.
 */
public final class ReaderFuzzer {
    private static final long WALL_LIMIT_SECONDS = 60;
    private static final int FAILURES_REPORTED = 5;
    /** Inputs below this size are left out of the per-byte costs reported: the fixed cost dominates them. */
    private static final int REPORTED_FROM_SIZE = 1024;
    private static final List<String> INTERNALS = List.of("com.fasterxml", "StreamReadConstraints", "java.lang.",
            "java.io.", "java.util.", "Exception:");

    /** Reads one file as the reader under test does. */
    @FunctionalInterface
    public interface Reader {
        Object read(Path file) throws Exception;
    }

    /**
     * What one input may cost the reading thread: {@code fixedMillis + size * nanosPerByte} of CPU time and
     * {@code fixedBytes + size * bytesPerByte} allocated. For compressed formats the size is the
     * compressed one, so {@code bytesPerByte} covers the expansion (gzip's is at most about 1032).
     */
    public record Budget(long fixedMillis, long nanosPerByte, long fixedBytes, long bytesPerByte) {
        long nanos(long size) {
            return fixedMillis * 1_000_000 + size * nanosPerByte;
        }

        long bytes(long size) {
            return fixedBytes + size * bytesPerByte;
        }
    }

    private record Outcome(Throwable thrown, long cpuNanos, long allocatedBytes) {
    }

    private ReaderFuzzer() {
    }

    /** The sequence's seed: {@code -Dfuzz.seed}, else a fixed one so that a plain build is repeatable. */
    public static long seed() {
        return Long.getLong("fuzz.seed", 20261207L);
    }

    public static int iterations(int defaultCount) {
        return Integer.getInteger("fuzz.iterations", defaultCount);
    }

    /**
     * Feeds {@code iterations} inputs from {@code inputs} to {@code reader}, each written to a file in
     * {@code directory}, and fails naming every input (up to five) that breaks the property.
     *
     * @param documented the exception type the reader promises for a bad file
     */
    public static void check(String readerName, Path directory, int iterations, Supplier<byte[]> inputs,
                             Class<? extends Exception> documented, Budget budget, Reader reader) {
        List<String> failures = new ArrayList<>();
        long worstNanosPerByte = 0;
        long worstBytesPerByte = 0;
        ExecutorService thread = readingThread(readerName);
        try {
            for (int i = 0; i < iterations && failures.size() < FAILURES_REPORTED; i++) {
                byte[] input = inputs.get();
                Path file = write(directory.resolve("input-" + i), input);
                String problem;
                Outcome outcome = null;
                Future<Outcome> run = thread.submit(() -> measured(reader, file));
                try {
                    outcome = run.get(WALL_LIMIT_SECONDS, TimeUnit.SECONDS);
                    problem = problem(outcome, documented, budget, input.length);
                } catch (TimeoutException e) {
                    run.cancel(true);
                    thread.shutdownNow();
                    thread = readingThread(readerName);
                    problem = "did not finish in " + WALL_LIMIT_SECONDS + " s";
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
                if (outcome != null && input.length >= REPORTED_FROM_SIZE) {
                    worstNanosPerByte = Math.max(worstNanosPerByte, outcome.cpuNanos() / input.length);
                    worstBytesPerByte = Math.max(worstBytesPerByte, outcome.allocatedBytes() / input.length);
                }
                if (problem != null) {
                    failures.add("input " + i + " (" + input.length + " bytes, saved as " + keep(readerName, i, input)
                            + ", starting " + HexFormat.ofDelimiter(" ").formatHex(input, 0, Math.min(16, input.length))
                            + "): " + problem);
                }
                delete(file);
            }
        } finally {
            thread.shutdownNow();
        }
        if (!failures.isEmpty()) {
            fail(readerName + " broke its contract on " + failures.size() + " input(s) of the sequence -Dfuzz.seed="
                    + seed() + ":\n  " + String.join("\n  ", failures));
        }
        System.out.printf(Locale.ROOT, "fuzz %s: %d inputs (seed %d), at most %d ns of CPU and %d bytes "
                + "allocated per byte of an input of %d bytes or more%n", readerName, iterations, seed(),
                worstNanosPerByte, worstBytesPerByte, REPORTED_FROM_SIZE);
    }

    /** A daemon thread, so that a reader caught in a loop does not keep the test JVM alive. */
    private static ExecutorService readingThread(String readerName) {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzz " + readerName);
            thread.setDaemon(true);
            return thread;
        });
    }

    private static Outcome measured(Reader reader, Path file) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        Throwable thrown = null;
        try {
            reader.read(file);
        } catch (Throwable t) {
            thrown = t;
        }
        return new Outcome(thrown, threads.getCurrentThreadCpuTime() - cpu,
                threads.getCurrentThreadAllocatedBytes() - allocated);
    }

    /** What is wrong with {@code outcome}, or null when the reader kept its contract. */
    private static String problem(Outcome outcome, Class<? extends Exception> documented, Budget budget, long size) {
        Throwable thrown = outcome.thrown();
        if (thrown != null && !documented.isInstance(thrown)) {
            return "threw " + thrown + (thrown.getStackTrace().length > 0 ? " at " + thrown.getStackTrace()[0] : "")
                    + ", not " + documented.getSimpleName();
        }
        if (thrown != null) {
            String message = thrown.getMessage();
            if (message == null || message.isBlank()) {
                return "threw " + documented.getSimpleName() + " without a message";
            }
            if (message.contains("\n") || message.contains("\r")) {
                return "message is not one line: " + message;
            }
            for (String internal : INTERNALS) {
                if (message.contains(internal)) {
                    return "message shows internals (" + internal + "): " + message;
                }
            }
        }
        if (outcome.cpuNanos() > budget.nanos(size)) {
            return String.format(Locale.ROOT, "took %.1f ms of CPU, more than the %.1f ms allowed for %d bytes",
                    outcome.cpuNanos() / 1e6, budget.nanos(size) / 1e6, size);
        }
        if (outcome.allocatedBytes() > budget.bytes(size)) {
            return String.format(Locale.ROOT, "allocated %,d bytes, more than the %,d allowed for %d bytes",
                    outcome.allocatedBytes(), budget.bytes(size), size);
        }
        return null;
    }

    private static Path write(Path file, byte[] input) {
        try {
            return Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path keep(String readerName, int index, byte[] input) {
        try {
            Path directory = Files.createDirectories(Path.of("target", "fuzz-failures"));
            return write(directory.resolve(readerName.replaceAll("[^A-Za-z0-9]+", "-") + "-" + seed() + "-" + index
                    + ".bin"), input).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
