package backprop.cli;

import backprop.data.Augmentation;
import backprop.data.Dataset;
import picocli.CommandLine;

import java.util.Locale;

/**
 * The value of {@code --augment}: {@code none}, {@code shift} (the book's expand_mnist.py) or
 * {@code elastic[:COPIES]}.
 *
 * @param copies the copies made of each training image: 4 for shift, COPIES for elastic, 0 for none
 */
record AugmentationChoice(Kind kind, int copies) {
    /** Elastic copies per image when {@code --augment elastic} does not say. */
    static final int DEFAULT_ELASTIC_COPIES = 2;
    /** More copies than this are better made afresh each epoch than kept in memory; we keep them. */
    static final int MAX_ELASTIC_COPIES = 20;

    enum Kind { NONE, SHIFT, ELASTIC }

    static final AugmentationChoice NONE = new AugmentationChoice(Kind.NONE, 0);

    /** The training data with its copies; the copies depend only on {@code seed}. */
    Dataset apply(Dataset training, long seed) {
        return switch (kind) {
            case NONE -> training;
            case SHIFT -> Augmentation.shifted(training);
            case ELASTIC -> Augmentation.elastic(training, copies, seed);
        };
    }

    /** As given on the command line (with the number of copies for elastic), for the settings line and the provenance. */
    String id() {
        return switch (kind) {
            case NONE -> "none";
            case SHIFT -> "shift";
            case ELASTIC -> "elastic:" + copies;
        };
    }

    /** E.g. "4 shifted copies of each", for the line that says what the network trains on. */
    String describeCopies() {
        return switch (kind) {
            case NONE -> "no copies";
            case SHIFT -> copies + " copies of each, shifted by one pixel";
            case ELASTIC -> copies + (copies == 1 ? " elastically distorted copy" : " elastically distorted copies")
                    + " of each";
        };
    }

    static AugmentationChoice parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "none" -> {
                return NONE;
            }
            case "shift" -> {
                return new AugmentationChoice(Kind.SHIFT, 4);
            }
            case "elastic" -> {
                return new AugmentationChoice(Kind.ELASTIC, DEFAULT_ELASTIC_COPIES);
            }
            default -> {
                if (!wanted.startsWith("elastic:")) {
                    throw new CommandLine.TypeConversionException("unknown augmentation '" + value
                            + "' (expected none, shift, elastic or elastic:COPIES)");
                }
                int copies;
                try {
                    copies = Integer.parseInt(wanted.substring("elastic:".length()));
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "': COPIES must be a whole number, "
                            + "e.g. elastic:2");
                }
                if (copies < 1 || copies > MAX_ELASTIC_COPIES) {
                    throw new CommandLine.TypeConversionException("'" + value + "': COPIES must be between 1 and "
                            + MAX_ELASTIC_COPIES);
                }
                return new AugmentationChoice(Kind.ELASTIC, copies);
            }
        }
    }

    static final class Converter implements CommandLine.ITypeConverter<AugmentationChoice> {
        @Override
        public AugmentationChoice convert(String value) {
            return parse(value);
        }
    }
}
