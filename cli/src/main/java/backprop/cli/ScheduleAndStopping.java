package backprop.cli;

import backprop.train.EarlyStopping;
import backprop.train.PlateauHalving;
import backprop.train.TrainingListener;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SequencedMap;

/** The {@code train} flags that change {@code η} as the run goes or end it early. */
final class ScheduleAndStopping {
    /** Where {@code --schedule cosine} ends without {@code --min-eta}: a hundredth of {@code η₀}. */
    static final double DEFAULT_COSINE_FLOOR = 0.01;

    @Option(names = "--schedule", paramLabel = "step:EPOCHS:FACTOR|cosine", converter = ScheduleChoice.Converter.class,
            description = "Learning-rate schedule: multiply eta by FACTOR every EPOCHS epochs, or cosine annealing "
                    + "from eta down to --min-eta over the run (default: eta stays as it is).")
    ScheduleChoice schedule;

    @Option(names = "--min-eta", paramLabel = "ETA",
            description = "Where --schedule cosine ends (default: eta/100).")
    Double minEta;

    @Option(names = "--halve-on-plateau", paramLabel = "N",
            description = "Halve eta when the evaluation accuracy has not improved for N epochs, and stop when it "
                    + "would fall below eta/128 (the book's chapter 3 exercise; use with --eval validation).")
    Integer halveOnPlateau;

    @Option(names = "--early-stop", paramLabel = "N",
            description = "Stop when the evaluation accuracy has not improved for N epochs (the book's "
                    + "no-improvement-in-N rule; use with --eval validation).")
    Integer earlyStop;

    /**
     * Checks the flags against each other and {@code η}; a stopping rule needs evaluation accuracy to watch, and
     * watching the test data is worth a warning on {@code err}.
     *
     * @param userGaveMinEta whether {@code --min-eta} was typed (a recipe's may not apply to the schedule chosen)
     */
    void check(double eta, int epochs, boolean userGaveMinEta, TrainCommand.EvaluationData eval, PrintWriter err) {
        if (earlyStop != null && earlyStop < 1) {
            throw new UserError("--early-stop must be at least 1 epoch, got " + earlyStop);
        }
        if (halveOnPlateau != null && halveOnPlateau < 1) {
            throw new UserError("--halve-on-plateau must be at least 1 epoch, got " + halveOnPlateau);
        }
        if (schedule != null && halveOnPlateau != null) {
            throw new UserError("--schedule and --halve-on-plateau both set eta; use one of them");
        }
        if (schedule instanceof ScheduleChoice.Step step) {
            checkStepsStayNumbers(step, eta, epochs);
        }
        if (userGaveMinEta && !(schedule instanceof ScheduleChoice.Cosine)) {
            throw new UserError("--min-eta only applies to --schedule cosine");
        }
        if (minEta != null && (!(minEta > 0) || !Double.isFinite(minEta))) {
            throw new UserError("--min-eta must be a positive number, got " + minEta);
        }
        if (schedule instanceof ScheduleChoice.Cosine && minEta != null && minEta > eta) {
            throw new UserError("--min-eta " + minEta + " is above --eta " + eta
                    + "; the cosine schedule goes down from eta to it");
        }
        String rule = earlyStop != null ? "--early-stop" : halveOnPlateau != null ? "--halve-on-plateau" : null;
        if (rule != null && eval == TrainCommand.EvaluationData.NONE) {
            throw new UserError(rule + " watches the evaluation accuracy, and --eval none measures none; "
                    + "use --eval validation");
        }
        if (rule != null && eval == TrainCommand.EvaluationData.TEST) {
            err.println("warning: " + rule + " is watching the test data; with --eval validation the test "
                    + "result stays an honest estimate");
            err.flush();
        }
    }

    /**
     * A step schedule multiplies eta at every step, including the one after the last epoch (which a checkpoint
     * keeps): refused if that takes it past the largest double or down to zero, before any work, rather than
     * failing after some epochs with "Infinity".
     */
    private static void checkStepsStayNumbers(ScheduleChoice.Step step, double eta, int epochs) {
        int steps = epochs / step.everyEpochs();
        if (isNumber(eta * Math.pow(step.factor(), steps))) {
            return;
        }
        // Each step moves eta the same way, so the first step that fails is found by bisection.
        int good = 0;
        int bad = steps;
        while (bad - good > 1) {
            int middle = (good + bad) >>> 1;
            if (isNumber(eta * Math.pow(step.factor(), middle))) {
                good = middle;
            } else {
                bad = middle;
            }
        }
        String where = step.factor() > 1 ? "past the largest number there is (about 1.8e308)"
                : "down to 0 (below the smallest number there is, about 4.9e-324)";
        throw new UserError("--schedule step:" + step.everyEpochs() + ":" + EpochPrinter.learningRate(step.factor())
                + " takes eta " + EpochPrinter.learningRate(eta) + " " + where + " after "
                + (long) bad * step.everyEpochs() + " epochs; use a factor nearer 1, or fewer --epochs");
    }

    private static boolean isNumber(double rate) {
        return Double.isFinite(rate) && rate > 0;
    }

    /** Whether {@code η} changes during the run, so that each epoch's is worth printing. */
    boolean changesLearningRate() {
        return schedule != null || halveOnPlateau != null;
    }

    double cosineFloor(double eta) {
        return minEta != null ? minEta : eta * DEFAULT_COSINE_FLOOR;
    }

    /** The listeners that carry out these flags, for a run of {@code epochs} epochs starting at {@code eta}. */
    List<TrainingListener> listeners(int epochs, double eta) {
        List<TrainingListener> listeners = new ArrayList<>();
        if (schedule != null && epochs > 0) {
            listeners.add(schedule.create(epochs, cosineFloor(eta)));
        }
        if (halveOnPlateau != null) {
            listeners.add(new PlateauHalving(halveOnPlateau));
        }
        if (earlyStop != null) {
            listeners.add(new EarlyStopping(earlyStop));
        }
        return listeners;
    }

    /** The flags in use, by name, for the settings line and the saved model's provenance. */
    void addSettings(SequencedMap<String, String> settings, double eta) {
        if (schedule != null) {
            settings.put("schedule", schedule.id());
            if (schedule instanceof ScheduleChoice.Cosine) {
                settings.put("min-eta", Double.toString(cosineFloor(eta)));
            }
        }
        if (halveOnPlateau != null) {
            settings.put("halve-on-plateau", halveOnPlateau.toString());
        }
        if (earlyStop != null) {
            settings.put("early-stop", earlyStop.toString());
        }
    }
}
