package backprop.testing;

import backprop.run.Setting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.function.Function;

/**
 * Training runs that break one of {@code TrainingRun}'s rules, each with the message the rule gives,
 * written once with the settings named however the caller names them. The command line's tests
 * expect it with the flags ({@code --eta}), the web API's with the fields ({@code 'eta'}): both
 * interfaces follow the same rules, word for word. Each is refused from the settings alone, before
 * any data is read, and within the playground's limits.
 */
public final class RefusedRuns {
    /**
     * @param settings the settings given, as typed
     * @param message  the refusal, given how settings are named
     */
    public record Case(SequencedMap<Setting, String> settings, Function<Function<Setting, String>, String> message) {
        /** The message with every setting named by {@code naming}. */
        public String message(Function<Setting, String> naming) {
            return message.apply(naming);
        }

        @Override
        public String toString() {
            return settings.toString();
        }
    }

    private RefusedRuns() {
    }

    public static List<Case> all() {
        return List.of(
                refused(settings(Setting.ETA, "-1"), name -> name.apply(Setting.ETA)
                        + " must be a positive number, got -1"),
                refused(settings(Setting.BATCH, "0"), name -> name.apply(Setting.BATCH)
                        + " must be at least 1, got 0"),
                refused(settings(Setting.DROPOUT, "1"), name -> name.apply(Setting.DROPOUT)
                        + " must be at least 0 and less than 1, got 1"),
                refused(settings(Setting.LAMBDA, "-0.5"), name -> name.apply(Setting.LAMBDA)
                        + " must be 0 or more, got -0.5"),
                refused(settings(Setting.SCHEDULE, "linear"), name -> name.apply(Setting.SCHEDULE)
                        + " 'linear' is not a schedule (expected step:EPOCHS:FACTOR, cosine or none)"),
                refused(settings(Setting.AUGMENT, "elastic:0"), name -> name.apply(Setting.AUGMENT)
                        + " 'elastic:0': COPIES must be between 1 and 20"),
                refused(settings(Setting.MOMENTUM, "0.5"), name -> name.apply(Setting.MOMENTUM)
                        + " only applies to " + name.apply(Setting.OPTIMIZER) + " momentum or nesterov, not sgd"),
                refused(settings(Setting.ACTIVATION, "softmax"), name -> name.apply(Setting.ACTIVATION)
                        + " softmax is only allowed on the output layer (" + name.apply(Setting.OUTPUT)
                        + " softmax); hidden layers need one of sigmoid, tanh, relu, leaky-relu"),
                refused(settings(Setting.SCHEDULE, "step:1:1e300", Setting.EPOCHS, "2"), name -> name.apply(Setting.SCHEDULE)
                        + " step:1:1e300 takes eta 3 past the largest number there is (about 1.8e308) after 2 "
                        + "epochs; use a factor nearer 1, or fewer " + name.apply(Setting.EPOCHS)),
                refused(settings(Setting.COST, "cross-entropy", Setting.OUTPUT, "relu"), name -> "the cross-entropy "
                        + "cost takes the logarithm of the outputs, which relu does not keep between 0 and 1; use "
                        + name.apply(Setting.OUTPUT) + " softmax or sigmoid"),
                refused(settings(Setting.LAYERS, "784,10", Setting.DROPOUT, "0.5"), name -> name.apply(Setting.DROPOUT)
                        + " drops the outputs of hidden layers into fully connected ones (as network3.py), and "
                        + "784,10 has no hidden layer"));
    }

    private static Case refused(SequencedMap<Setting, String> settings, Function<Function<Setting, String>, String> message) {
        return new Case(settings, message);
    }

    private static SequencedMap<Setting, String> settings(Object... pairs) {
        SequencedMap<Setting, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put((Setting) pairs[i], (String) pairs[i + 1]);
        }
        return settings;
    }
}
