package backprop.data;

import java.util.Arrays;
import java.util.Optional;

/**
 * The z-score of each feature, {@code (x - mean) / deviation}, with the mean and (population) standard
 * deviation measured on the training data only and applied to every split, so that the validation and
 * test data stay unseen. Features of very different scales (centimetres next to kilograms) then start
 * on an equal footing, which is what gradient descent with one learning rate needs. A feature that never
 * varies is only centred.
 *
 * <p>A model trained on standardized data needs its inputs standardized the same way: its provenance
 * records {@link #describeMeans()} and {@link #describeDeviations()}, which {@link #parse} reads back.
 */
public record Standardization(double[] means, double[] deviations) {

    public Standardization {
        if (means.length != deviations.length) {
            throw new IllegalArgumentException(means.length + " means but " + deviations.length + " deviations");
        }
        means = means.clone();
        deviations = deviations.clone();
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] deviations() {
        return deviations.clone();
    }

    /** Measures every feature of {@code training}. */
    public static Standardization fit(Dataset training) {
        int n = training.inputSize();
        double[] sums = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < training.size(); i++) {
            training.input(i, x);
            for (int k = 0; k < n; k++) {
                sums[k] += x[k];
            }
        }
        double[] means = new double[n];
        for (int k = 0; k < n; k++) {
            means[k] = training.size() == 0 ? 0 : sums[k] / training.size();
        }
        // Two passes rather than sum-of-squares, which loses the variance of large values to cancellation.
        double[] squares = new double[n];
        for (int i = 0; i < training.size(); i++) {
            training.input(i, x);
            for (int k = 0; k < n; k++) {
                double d = x[k] - means[k];
                squares[k] += d * d;
            }
        }
        double[] deviations = new double[n];
        for (int k = 0; k < n; k++) {
            double deviation = training.size() == 0 ? 0 : Math.sqrt(squares[k] / training.size());
            deviations[k] = deviation > 0 ? deviation : 1;
        }
        return new Standardization(means, deviations);
    }

    /** {@code data} with every feature standardized, under the same name. */
    public Dataset apply(Dataset data) {
        int n = data.inputSize();
        if (n != means.length) {
            throw new IllegalArgumentException(data.name() + " has " + n + " features but the standardization has "
                    + means.length);
        }
        float[] features = new float[Math.multiplyExact(data.size(), n)];
        int[] labels = new int[data.size()];
        double[] x = new double[n];
        for (int i = 0; i < data.size(); i++) {
            data.input(i, x);
            for (int k = 0; k < n; k++) {
                features[i * n + k] = (float) ((x[k] - means[k]) / deviations[k]);
            }
            labels[i] = data.label(i);
        }
        return Dataset.ofFeatures(data.name(), features, n, labels, data.classCount());
    }

    /** Every split standardized. */
    public Splits apply(Splits splits) {
        return new Splits(apply(splits.training()), apply(splits.validation()), apply(splits.test()));
    }

    /** The means as a list, e.g. {@code [5.843, 3.057]}; doubles written to read back exactly. */
    public String describeMeans() {
        return Arrays.toString(means);
    }

    public String describeDeviations() {
        return Arrays.toString(deviations);
    }

    /** Reads what {@link #describeMeans()} and {@link #describeDeviations()} wrote; empty if they are not that. */
    public static Optional<Standardization> parse(String means, String deviations) {
        if (means == null || deviations == null) {
            return Optional.empty();
        }
        try {
            double[] m = numbers(means);
            double[] d = numbers(deviations);
            if (m.length != d.length || Arrays.stream(d).anyMatch(v -> !(v > 0) || !Double.isFinite(v))
                    || Arrays.stream(m).anyMatch(v -> !Double.isFinite(v))) {
                return Optional.empty();
            }
            return Optional.of(new Standardization(m, d));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static double[] numbers(String list) {
        String inner = list.trim();
        if (!inner.startsWith("[") || !inner.endsWith("]")) {
            throw new NumberFormatException(list);
        }
        inner = inner.substring(1, inner.length() - 1).trim();
        return inner.isEmpty() ? new double[0] : Arrays.stream(inner.split(",")).mapToDouble(v -> Double.parseDouble(v.trim())).toArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Standardization s && Arrays.equals(means, s.means)
                && Arrays.equals(deviations, s.deviations);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(deviations);
    }

    @Override
    public String toString() {
        return "Standardization[means=" + describeMeans() + ", deviations=" + describeDeviations() + "]";
    }
}
