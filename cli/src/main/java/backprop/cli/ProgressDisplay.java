package backprop.cli;

import backprop.train.EpochResult;
import backprop.train.TrainingControl;
import backprop.train.TrainingListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The live bar of {@code train} on a terminal: for the epoch in progress, the mini-batches done, the
 * examples per second, the running training cost and the time left (progressbar's ETA). The bar is
 * drawn on one line with carriage returns and cleared when the epoch ends, so the epoch's own line
 * takes its place and the scrollback holds only network.py's lines.
 */
final class ProgressDisplay implements TrainingListener, AutoCloseable {
    /** How often the numbers after the bar change; the bar itself redraws on its own schedule. */
    private static final long MESSAGE_INTERVAL_NANOS = 200_000_000L;
    private static final int REDRAW_MILLIS = 200;

    private final PrintStream terminal;
    private final int width;
    private ProgressBar bar;
    private OneLine line;
    private long firstBatchNanos;
    private int firstBatchExamples;
    private long messageNanos;

    /**
     * @param terminal where to draw (standard output, a terminal)
     * @param width    the line's width in characters, or 0 to ask the terminal (through jline)
     */
    ProgressDisplay(PrintStream terminal, int width) {
        this.terminal = terminal;
        this.width = width;
    }

    @Override
    public boolean wantsRunningCost() {
        return true;
    }

    @Override
    public void epochStarted(int epoch, int batches) {
        close();
        line = new OneLine(terminal, width);
        bar = new ProgressBarBuilder()
                .setTaskName("Epoch " + epoch)
                .setInitialMax(batches)
                .setUnit(" batches", 1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .setConsumer(line)
                .clearDisplayOnFinish()
                .build();
        firstBatchNanos = 0;
        messageNanos = 0;
    }

    @Override
    public void batchFinished(int epoch, int batch, int batches, int examplesDone, double runningCost) {
        if (bar == null) {
            return;
        }
        bar.stepTo(batch + 1);
        long now = System.nanoTime();
        if (firstBatchNanos == 0) {
            // Speed from the first batch on: a resumed epoch starts part way, and the first step warms up.
            // The first figure waits for a full interval of batches, not one batch's worth of noise.
            firstBatchNanos = now;
            firstBatchExamples = examplesDone;
            messageNanos = now;
            return;
        }
        if (now - messageNanos >= MESSAGE_INTERVAL_NANOS) {
            messageNanos = now;
            bar.setExtraMessage(message(examplesDone - firstBatchExamples, (now - firstBatchNanos) / 1e9, runningCost));
        }
    }

    /** E.g. {@code 52,310 examples/s, cost 0.0231}: the speed, and the running cost once one is measured. */
    static String message(int examples, double seconds, double runningCost) {
        String speed = seconds > 0 ? String.format(Locale.ROOT, "%,.0f examples/s", examples / seconds) : "";
        String cost = Double.isNaN(runningCost) ? "" : String.format(Locale.ROOT, "cost %.4g", runningCost);
        return speed.isEmpty() || cost.isEmpty() ? speed + cost : speed + ", " + cost;
    }

    @Override
    public void epochFinished(EpochResult result, TrainingControl control) {
        close();
    }

    /** Clears the bar, before anything else is printed (the epoch line, an interruption's message). */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            if (!line.closed) {
                // progressbar 0.10.1 skips clearing a bar closed before its first scheduled redraw (a short epoch).
                line.clear();
                line.close();
            }
            bar = null;
        }
    }

    /**
     * Draws the bar over itself on one line and, when it closes, leaves the line blank with the cursor at
     * its start (progressbar's console consumer would end the line, leaving a blank line per epoch).
     */
    private static final class OneLine extends ConsoleProgressBarConsumer {
        private final PrintStream out;
        private volatile boolean closed;

        OneLine(PrintStream out, int width) {
            super(out, width > 0 ? width : -1);
            this.out = out;
        }

        @Override
        public void close() {
            closed = true;
            out.print('\r');
            out.flush();
        }
    }
}
