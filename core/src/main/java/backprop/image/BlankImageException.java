package backprop.image;

/**
 * The image holds nothing that stands out from its background: no digit to read. A mistake of the
 * caller's input (an empty canvas, a photo of blank paper), so a kind of {@link IllegalArgumentException}.
 */
public final class BlankImageException extends IllegalArgumentException {
    /** A picture with no ink to read, described by {@code message}. */
    public BlankImageException(String message) {
        super(message);
    }
}
