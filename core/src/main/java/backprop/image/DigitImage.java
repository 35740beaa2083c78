package backprop.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A picture of a handwritten digit turned into what a network trained on MNIST expects: 784 values
 * in [0, 1], 28 x 28 row after row, light ink (1) on a dark background (0), the digit scaled to fit
 * 20 x 20 and its centre of mass on the centre pixel (14, 14).
 *
 * <p>Any size and colour works: a canvas drawing, a scan, or a photo of a digit on paper. Transparency
 * is composited on white, dark-on-light pictures are inverted, uneven lighting and faint noise are
 * evened out and thresholded away (see {@link InkExtraction}); then the ink is framed as MNIST frames
 * its digits (see {@link MnistFraming}). The picture should show one digit, cropped roughly to the
 * paper it is written on.
 *
 * <pre>{@code
 * double[] x = DigitImage.read(Path.of("seven.jpg"));
 * int digit = network.predict(x);
 * }</pre>
 */
public final class DigitImage {
    /** Width and height of an MNIST image. */
    public static final int SIZE = MnistFraming.SIZE;
    /** Values per image, the input size of an MNIST network. */
    public static final int PIXELS = SIZE * SIZE;
    /** Image files larger than this are refused unread: more than any 50-megapixel photo takes. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private DigitImage() {
    }

    /**
     * The 784 MNIST-style inputs for a decoded picture.
     *
     * @throws BlankImageException when nothing in the picture stands out from its background
     */
    public static double[] fromImage(BufferedImage picture) {
        return MnistFraming.frame(InkExtraction.inkOf(picture));
    }

    /**
     * Reads a PNG, JPEG, GIF or BMP file and preprocesses it as {@link #fromImage} does.
     *
     * @throws IOException         when the file cannot be read or is not a readable image (the message
     *                             names the file)
     * @throws BlankImageException when the image holds no digit
     */
    public static double[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + ": the file is " + (size >> 20) + " MB, more than the "
                    + (MAX_FILE_BYTES >> 20) + " MB an image of at most 50 megapixels needs; scale it down first");
        }
        return fromImage(ImageDecoder.decode(Files.readAllBytes(file), file.toString()));
    }

    /**
     * Decodes an encoded image (PNG, JPEG, GIF, BMP) held in memory and preprocesses it.
     *
     * @param name what to call the image in error messages, e.g. "the uploaded image"
     */
    public static double[] decode(byte[] encoded, String name) throws IOException {
        return fromImage(decodeImage(encoded, name));
    }

    /**
     * Only the decoding: the picture as {@link javax.imageio.ImageIO} reads it, after checking from its
     * header that decoding it stays within the limits (at most 50 megapixels, 30,000 pixels a side and
     * 256 MB decoded), subsampled while decoding to at most 2048 pixels on its longer side, with one
     * clear {@link IOException} for anything unreadable or not a PNG, JPEG, GIF or BMP image.
     */
    public static BufferedImage decodeImage(byte[] encoded, String name) throws IOException {
        return ImageDecoder.decode(encoded, name);
    }

    /**
     * The 28 x 28 grayscale picture of MNIST-style inputs as MNIST stores them: 0 black, 1 white.
     *
     * @param pixels {@link #PIXELS} values in [0, 1]; values outside are clamped
     */
    public static BufferedImage toImage(double[] pixels) {
        if (pixels.length != PIXELS) {
            throw new IllegalArgumentException("expected " + PIXELS + " pixels, got " + pixels.length);
        }
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        var raster = image.getRaster();
        for (int i = 0; i < PIXELS; i++) {
            raster.setSample(i % SIZE, i / SIZE, 0, (int) Math.round(255 * Math.clamp(pixels[i], 0.0, 1.0)));
        }
        return image;
    }
}
