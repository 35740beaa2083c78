package backprop.data;

/**
 * The contents of an IDX image file: {@code count} images of {@code rows x columns} unsigned bytes,
 * row after row, image after image, exactly as stored on disk (no copy, no scaling).
 */
public record IdxImages(int count, int rows, int columns, byte[] pixels) {
    public IdxImages {
        if (count <= 0 || rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("dimensions must be positive, got " + count + " x " + rows + " x "
                    + columns);
        }
        if (pixels.length != (long) count * rows * columns) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + count + " images of " + rows + " x "
                    + columns);
        }
    }

    /** Pixels per image. */
    public int imageSize() {
        return rows * columns;
    }
}
