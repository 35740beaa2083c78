package backprop.run;

import backprop.data.Augmentation;
import backprop.data.Dataset;

import java.util.Locale;

/**
 * Copies of the training images to add: {@code none}, {@code shift} (the book's expand_mnist.py: four
 * copies moved by one pixel) or {@code elastic[:COPIES]} (Simard et al. 2003).
 *
 * @param copies the copies made of each training image: 4 for shift, COPIES for elastic, 0 for none
 */
public record Augment(Kind kind, int copies) {
    /** Elastic copies per image when {@code elastic} does not say. */
    public static final int DEFAULT_ELASTIC_COPIES = 2;
    /** The most elastic copies kept in memory. */
    public static final int MAX_ELASTIC_COPIES = 20;

    public enum Kind { NONE, SHIFT, ELASTIC }

    public static final Augment NONE = new Augment(Kind.NONE, 0);

    /** The training data with its copies; the copies depend only on {@code seed}. */
    public Dataset apply(Dataset training, long seed) {
        return switch (kind) {
            case NONE -> training;
            case SHIFT -> Augmentation.shifted(training);
            case ELASTIC -> Augmentation.elastic(training, copies, seed);
        };
    }

    /** As written (with the copies for elastic), for the settings line and the provenance. */
    public String id() {
        return switch (kind) {
            case NONE -> "none";
            case SHIFT -> "shift";
            case ELASTIC -> "elastic:" + copies;
        };
    }

    /** E.g. "4 copies of each, shifted by one pixel", for the line that says what the network trains on. */
    public String describeCopies() {
        return switch (kind) {
            case NONE -> "no copies";
            case SHIFT -> copies + " copies of each, shifted by one pixel";
            case ELASTIC -> copies + (copies == 1 ? " elastically distorted copy" : " elastically distorted copies")
                    + " of each";
        };
    }

    static Augment parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "none" -> {
                return NONE;
            }
            case "shift" -> {
                return new Augment(Kind.SHIFT, 4);
            }
            case "elastic" -> {
                return new Augment(Kind.ELASTIC, DEFAULT_ELASTIC_COPIES);
            }
            default -> {
                if (!wanted.startsWith("elastic:")) {
                    throw RunException.of(Setting.AUGMENT, Numbers.shown(value) + " is not an augmentation (expected "
                            + "none, shift, elastic or elastic:COPIES)");
                }
                int copies;
                try {
                    copies = Integer.parseInt(wanted.substring("elastic:".length()));
                } catch (NumberFormatException e) {
                    throw RunException.of(Setting.AUGMENT, Numbers.shown(value) + ": COPIES must be a whole number, "
                            + "e.g. elastic:2");
                }
                if (copies < 1 || copies > MAX_ELASTIC_COPIES) {
                    throw RunException.of(Setting.AUGMENT, Numbers.shown(value) + ": COPIES must be between 1 and "
                            + MAX_ELASTIC_COPIES);
                }
                return new Augment(Kind.ELASTIC, copies);
            }
        }
    }
}
