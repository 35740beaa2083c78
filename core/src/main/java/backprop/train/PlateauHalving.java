package backprop.train;

import java.util.Locale;

/**
 * The learning-rate schedule of the book's chapter 3 exercise: halve {@code η} each time the evaluation
 * accuracy has not improved for {@code patience} epochs, and end the run when halving again would take
 * {@code η} below {@code η₀ · minimumFactor} (the book: {@code η₀/128}, so {@code η₀/128} is the last rate
 * trained with). A large {@code η} early makes fast progress; smaller steps later settle into the
 * minimum it found.
 *
 * <p>{@code η₀} is the learning rate the run starts with; no other listener should change {@code η}.
 */
public final class PlateauHalving extends NoImprovementRule {
    /** The book's floor: stop after the learning rate has come down to 1/128 of where it started. */
    public static final double BOOK_MINIMUM_FACTOR = 1.0 / 128;

    private final double minimumFactor;
    private int halvings;

    /**
     * @param patience      epochs without a new best evaluation accuracy before {@code η} is halved, at least 1
     * @param minimumFactor the smallest {@code η} trained with, as a fraction of {@code η₀}, in (0, 1]
     */
    public PlateauHalving(int patience, double minimumFactor) {
        super(patience, "halving on a plateau");
        if (!(minimumFactor > 0 && minimumFactor <= 1)) {
            throw new IllegalArgumentException("the smallest learning rate, as a fraction of the first, must be in "
                    + "(0, 1], got " + minimumFactor);
        }
        this.minimumFactor = minimumFactor;
    }

    /** With the book's floor of {@code η₀/128}. */
    public PlateauHalving(int patience) {
        this(patience, BOOK_MINIMUM_FACTOR);
    }

    public double minimumFactor() {
        return minimumFactor;
    }

    @Override
    protected void startRun() {
        super.startRun();
        halvings = 0;
    }

    @Override
    protected void onPlateau(EpochResult result, TrainingControl control) {
        // η is η₀ / 2^halvings now; halving again gives η₀ / 2^(halvings + 1).
        if (Math.scalb(1.0, -(halvings + 1)) < minimumFactor) {
            control.stop(String.format(Locale.ROOT, "%s at eta %s, and half of it is below eta0 x %s",
                    plateau(), result.learningRate(), fraction(minimumFactor)));
            return;
        }
        halvings++;
        control.setLearningRate(result.learningRate() / 2);
        restartPatience();
    }

    /** {@code 1/128} rather than {@code 0.0078125}, where the factor is one over a whole number. */
    private static String fraction(double factor) {
        double reciprocal = 1 / factor;
        return reciprocal == Math.rint(reciprocal) ? "1/" + (long) reciprocal : Double.toString(factor);
    }
}
