package backprop.run;

import backprop.train.CosineSchedule;
import backprop.train.LearningRateSchedule;
import backprop.train.StepSchedule;

import java.util.Locale;

/** How {@code η} changes by epoch: {@code step:EPOCHS:FACTOR} or {@code cosine} ({@code none} keeps it). */
public sealed interface Schedule {
    /** The most epochs between steps worth writing down. */
    int MAX_EVERY = 1_000_000;

    /** The schedule for a run of {@code epochs} epochs; {@code minimumLearningRate} is where cosine ends. */
    LearningRateSchedule create(int epochs, double minimumLearningRate);

    /** As written, for the settings line and the provenance. */
    String id();

    /** {@code η} times {@code factor} every {@code everyEpochs} epochs. */
    record Step(int everyEpochs, double factor) implements Schedule {
        @Override
        public LearningRateSchedule create(int epochs, double minimumLearningRate) {
            return new StepSchedule(everyEpochs, factor);
        }

        @Override
        public String id() {
            return "step:" + everyEpochs + ":" + Numbers.compact(factor);
        }
    }

    /** Cosine annealing from {@code η} to the minimum over the run. */
    record Cosine() implements Schedule {
        @Override
        public LearningRateSchedule create(int epochs, double minimumLearningRate) {
            return new CosineSchedule(epochs, minimumLearningRate);
        }

        @Override
        public String id() {
            return "cosine";
        }
    }

    /**
     * Reads {@code step:EPOCHS:FACTOR}, {@code cosine}, or {@code none} (null: {@code η} stays as it is, as
     * when no schedule is given); problems are the {@link Setting#SCHEDULE}'s.
     */
    static Schedule parse(String value) {
        String[] parts = value.trim().toLowerCase(Locale.ROOT).split(":", -1);
        String shown = Numbers.shown(value);
        switch (parts[0]) {
            case "none" -> {
                if (parts.length > 1) {
                    throw RunException.of(Setting.SCHEDULE, shown + ": none takes no parameters");
                }
                return null;
            }
            case "cosine" -> {
                if (parts.length > 1) {
                    throw new RunException(Setting.SCHEDULE, name -> name.apply(Setting.SCHEDULE) + " " + shown
                            + ": cosine takes no parameters; set where it ends with " + name.apply(Setting.MIN_ETA));
                }
                return new Cosine();
            }
            case "step" -> {
                if (parts.length != 3) {
                    throw RunException.of(Setting.SCHEDULE, shown + ": a step schedule needs the epochs between "
                            + "steps and the factor, e.g. step:10:0.5");
                }
                int every;
                double factor;
                try {
                    every = Integer.parseInt(parts[1].trim());
                    factor = Double.parseDouble(parts[2].trim());
                } catch (NumberFormatException e) {
                    throw RunException.of(Setting.SCHEDULE, shown + " is not step:EPOCHS:FACTOR with a whole number "
                            + "of epochs and a factor, e.g. step:10:0.5");
                }
                if (every < 1 || every > MAX_EVERY) {
                    throw RunException.of(Setting.SCHEDULE, shown + ": the epochs between steps must be at least 1 and at most "
                            + MAX_EVERY);
                }
                if (!(factor > 0) || !Double.isFinite(factor)) {
                    throw RunException.of(Setting.SCHEDULE, shown + ": the factor must be a positive number "
                            + "(e.g. 0.5 halves eta)");
                }
                return new Step(every, factor);
            }
            default -> throw RunException.of(Setting.SCHEDULE, shown + " is not a schedule (expected step:EPOCHS:FACTOR, "
                    + "cosine or none)");
        }
    }
}
