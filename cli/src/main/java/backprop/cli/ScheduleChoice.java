package backprop.cli;

import backprop.train.CosineSchedule;
import backprop.train.LearningRateSchedule;
import backprop.train.StepSchedule;
import picocli.CommandLine;

import java.util.Locale;

/** The value of {@code --schedule}: {@code step:EPOCHS:FACTOR} or {@code cosine}. */
sealed interface ScheduleChoice {

    /** The schedule for a run of {@code epochs} epochs; {@code minimumLearningRate} is where cosine ends. */
    LearningRateSchedule create(int epochs, double minimumLearningRate);

    /** As given on the command line, for the settings line and the provenance. */
    String id();

    /** {@code η} times {@code factor} every {@code everyEpochs} epochs. */
    record Step(int everyEpochs, double factor) implements ScheduleChoice {
        @Override
        public LearningRateSchedule create(int epochs, double minimumLearningRate) {
            return new StepSchedule(everyEpochs, factor);
        }

        @Override
        public String id() {
            return "step:" + everyEpochs + ":" + factor;
        }
    }

    /** Cosine annealing from {@code η} to the minimum over the run. */
    record Cosine() implements ScheduleChoice {
        @Override
        public LearningRateSchedule create(int epochs, double minimumLearningRate) {
            return new CosineSchedule(epochs, minimumLearningRate);
        }

        @Override
        public String id() {
            return "cosine";
        }
    }

    static ScheduleChoice parse(String value) {
        String[] parts = value.trim().toLowerCase(Locale.ROOT).split(":", -1);
        switch (parts[0]) {
            case "cosine" -> {
                if (parts.length > 1) {
                    throw new CommandLine.TypeConversionException("'" + value + "': cosine takes no parameters; "
                            + "set where it ends with --min-eta");
                }
                return new Cosine();
            }
            case "step" -> {
                if (parts.length != 3) {
                    throw new CommandLine.TypeConversionException("'" + value + "': a step schedule needs the epochs "
                            + "between steps and the factor, e.g. step:10:0.5");
                }
                int every;
                double factor;
                try {
                    every = Integer.parseInt(parts[1]);
                    factor = Double.parseDouble(parts[2]);
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not step:EPOCHS:FACTOR with a "
                            + "whole number of epochs and a factor, e.g. step:10:0.5");
                }
                if (every < 1) {
                    throw new CommandLine.TypeConversionException("'" + value + "': the epochs between steps must be "
                            + "at least 1");
                }
                if (!(factor > 0) || !Double.isFinite(factor)) {
                    throw new CommandLine.TypeConversionException("'" + value + "': the factor must be a positive number");
                }
                return new Step(every, factor);
            }
            default -> throw new CommandLine.TypeConversionException("unknown schedule '" + value
                    + "' (expected step:EPOCHS:FACTOR or cosine)");
        }
    }

    final class Converter implements CommandLine.ITypeConverter<ScheduleChoice> {
        @Override
        public ScheduleChoice convert(String value) {
            return parse(value);
        }
    }
}
