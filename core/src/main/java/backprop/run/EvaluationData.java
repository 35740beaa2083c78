package backprop.run;

import java.util.Locale;

/** What a run measures after each epoch: the test split, the validation split, or nothing. */
public enum EvaluationData {
    TEST, VALIDATION, NONE;

    /** The name {@code --eval} takes. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static EvaluationData parse(String value) {
        for (EvaluationData choice : values()) {
            if (choice.id().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return choice;
            }
        }
        throw RunException.of(Setting.EVAL, Numbers.shown(value) + " is not one of test, validation, none");
    }
}
