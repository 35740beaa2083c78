package backprop.run;

import java.util.Objects;
import java.util.function.Function;

/**
 * A training run that cannot be: a setting out of range, or settings that contradict each other.
 * The message is written once and names settings through a naming the caller chooses: the command
 * line says {@code --eta}, the web API {@code 'eta'}.
 */
public final class RunException extends IllegalArgumentException {
    private final Setting setting;
    private final transient Function<Function<Setting, String>, String> text;

    /**
     * @param setting the setting at fault, or null when no one setting is
     * @param text    the message, given how settings are named
     */
    public RunException(Setting setting, Function<Function<Setting, String>, String> text) {
        super(text.apply(Setting::flag));
        this.setting = setting;
        this.text = Objects.requireNonNull(text);
    }

    /** A message that begins with the setting's name: {@code "--eta must be positive"}. */
    static RunException of(Setting setting, String rest) {
        return new RunException(setting, name -> name.apply(setting) + " " + rest);
    }

    /** The setting at fault, or null. */
    public Setting setting() {
        return setting;
    }

    /** The message with every setting named by {@code naming}. */
    public String message(Function<Setting, String> naming) {
        return text.apply(naming);
    }
}
