package backprop.run;

import java.util.Locale;

/**
 * One setting of a training run, under the two names users give it: the command line's flag and the
 * web API's field. Rules about settings are written once, in {@link TrainingRun}, and their messages
 * name settings through whichever of these the caller speaks (see {@link RunException}).
 */
public enum Setting {
    DATA("--data", "data"),
    LAYERS("--layers", "layers"),
    EPOCHS("--epochs", "epochs"),
    BATCH("--batch", "batchSize"),
    ETA("--eta", "eta"),
    COST("--cost", "cost"),
    ACTIVATION("--activation", "activation"),
    OUTPUT("--output", "output"),
    INIT("--init", "init"),
    OPTIMIZER("--optimizer", "optimizer"),
    MOMENTUM("--momentum", "momentum"),
    LAMBDA("--lambda", "lambda"),
    L1("--l1", "l1"),
    DROPOUT("--dropout", "dropout"),
    SCHEDULE("--schedule", "schedule"),
    MIN_ETA("--min-eta", "minEta"),
    HALVE_ON_PLATEAU("--halve-on-plateau", "halveOnPlateau"),
    EARLY_STOP("--early-stop", "earlyStop"),
    AUGMENT("--augment", "augment"),
    SEED("--seed", "seed"),
    TRAIN_SIZE("--train-size", "trainingExamples"),
    EVAL("--eval", "eval"),
    KEEP_BEST("--keep-best", "keepBest"),
    NO_SHUFFLE("--no-shuffle", "noShuffle");

    private final String flag;
    private final String field;

    Setting(String flag, String field) {
        this.flag = flag;
        this.field = field;
    }

    /** The command line's name, e.g. {@code --batch}. */
    public String flag() {
        return flag;
    }

    /** The web API's name, e.g. {@code batchSize}. */
    public String field() {
        return field;
    }

    /** Whether the setting is a switch, given without a value ({@code --keep-best}). */
    public boolean isSwitch() {
        return this == KEEP_BEST || this == NO_SHUFFLE;
    }

    /** The setting a flag names, or null. */
    public static Setting ofFlag(String flag) {
        for (Setting setting : values()) {
            if (setting.flag.equals(flag)) {
                return setting;
            }
        }
        return null;
    }

    /** The setting a web field names (case-sensitive, as JSON is), or null. */
    public static Setting ofField(String field) {
        for (Setting setting : values()) {
            if (setting.field.equals(field)) {
                return setting;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
