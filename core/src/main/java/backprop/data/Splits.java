package backprop.data;

import java.util.Objects;

/**
 * The three roles data plays in the book: {@code training} to learn from, {@code validation} to choose
 * hyper-parameters and stop early, {@code test} to report once at the end.
 */
public record Splits(Dataset training, Dataset validation, Dataset test) {
    public Splits {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }
}
