package backprop.cli;

import backprop.train.EpochResult;
import backprop.train.Evaluation;
import backprop.train.TrainingControl;
import backprop.train.TrainingListener;
import backprop.train.TrainingResult;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code train} tells its user, in one of three voices: network.py's lines for people (the
 * default), only the closing summary ({@code --quiet}), or one JSON object per epoch and one for the
 * summary ({@code --json}). Errors go to standard error in every voice.
 */
final class TrainingReport {
    enum Voice { LINES, QUIET, JSON }

    private final Voice voice;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ObjectNode summary = JsonLines.event("summary");

    TrainingReport(Voice voice, PrintWriter out, PrintWriter err) {
        this.voice = voice;
        this.out = out;
        this.err = err;
    }

    /** Where the steps of loading data are told ("loading DIR"): standard error, or nowhere when quiet. */
    PrintWriter log() {
        return voice == Voice.QUIET ? new PrintWriter(Writer.nullWriter()) : err;
    }

    /** A line about the run before it starts (the recipe, the network and data, the settings). */
    void line(String text) {
        if (voice == Voice.LINES) {
            out.println(text);
            out.flush();
        }
    }

    /** The listener that reports each epoch in this voice, or none. */
    List<TrainingListener> epochListeners(boolean monitor, boolean showLearningRate) {
        return switch (voice) {
            case LINES -> List.of(new EpochPrinter(out, monitor, showLearningRate));
            case JSON -> List.of(new TrainingListener() {
                @Override
                public void epochFinished(EpochResult result, TrainingControl control) {
                    JsonLines.print(out, JsonLines.epoch(result));
                }
            });
            case QUIET -> List.of();
        };
    }

    void checkpointSaved(Path file, int epochs) {
        line("Saved checkpoint to " + file + " after epoch " + (epochs - 1));
        summary.put("checkpoint", file.toString());
    }

    void pictureWritten(String what, Path file) {
        line("Wrote " + what + " to " + file);
        summary.put(what, file.toString());
    }

    /** How the run ended: why it stopped early, the final and best evaluation, the time per epoch. */
    void finished(TrainingResult result) {
        var history = result.history();
        String meanSeconds = String.format(Locale.ROOT, "%.3f s per epoch", history.meanTrainingSeconds());
        var best = history.best();
        var last = history.last();
        String finalLine = null;
        if (best.isPresent() && last.isPresent()) {
            EpochResult b = best.get();
            EpochResult l = last.get();
            finalLine = "Final: " + fraction(l.evaluationCorrect().getAsInt(), l.evaluationSize()) + "; best: "
                    + fraction(b.evaluationCorrect().getAsInt(), b.evaluationSize()) + " at epoch " + b.epoch()
                    + "; " + meanSeconds;
        }
        switch (voice) {
            case LINES -> {
                history.stopReason().ifPresent(reason -> out.println("Stopped: " + reason));
                if (finalLine != null) {
                    out.println(finalLine);
                }
            }
            case QUIET -> out.println(finalLine != null ? finalLine
                    : "Done: " + history.epochs().size() + " epochs; " + meanSeconds);
            case JSON -> {
                summary.put("epochs", history.epochs().size()).put("meanSeconds", history.meanTrainingSeconds());
                history.stopReason().ifPresent(reason -> summary.put("stopReason", reason));
                last.ifPresent(l -> l.evaluationCorrect().ifPresent(c ->
                        summary.set("final", JsonLines.accuracy(c, l.evaluationSize()))));
                best.ifPresent(b -> summary.set("best", JsonLines.accuracy(b.evaluationCorrect().getAsInt(),
                        b.evaluationSize()).put("epoch", b.epoch())));
            }
        }
        out.flush();
    }

    /** The test result that ends a run chosen on validation data. */
    void tested(Evaluation test) {
        if (voice == Voice.JSON) {
            summary.set("test", JsonLines.accuracy(test.correct(), test.count()));
        } else {
            out.println("Test: " + fraction(test.correct(), test.count()));
            out.flush();
        }
    }

    void saved(Path file, boolean checkpoint) {
        line(checkpoint ? "Saved checkpoint (the model and its training state) to " + file : "Saved model to " + file);
        summary.put("saved", file.toString());
    }

    /** The end of the run: in JSON, the summary object. */
    void close() {
        if (voice == Voice.JSON) {
            JsonLines.print(out, summary);
        }
    }

    static String fraction(int correct, int total) {
        return correct + " / " + total + " (" + EpochPrinter.percent(correct, total) + ")";
    }
}
