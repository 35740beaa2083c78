package backprop.image;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decodes PNG, JPEG, GIF and BMP with one clear {@link IOException} for anything else, and bounds
 * the cost of decoding before any pixel is decoded, so that a small file declaring a huge or costly
 * image (a decompression bomb) can neither exhaust the heap nor hold a core for long.
 *
 * <p>The bound is on what the decoder must produce, read from the header: the pixels, each side, and
 * the decoded bytes (pixels times bits per pixel, times the passes a progressive JPEG makes over its
 * picture). Within it, large pictures are subsampled while they are decoded, to at most
 * {@link #DECODED_SIZE} pixels a side: a digit ends up 20 pixels tall, so the rest would be averaged
 * away anyway, and the decoded picture stays small whatever the file declares.
 */
final class ImageDecoder {
    /** Larger than any phone photo. */
    static final long MAX_PIXELS = 50_000_000L;
    /** Longer than any camera's or phone's panorama; keeps the decoder's row buffers small. */
    static final int MAX_SIDE = 30_000;
    /**
     * Decoded bytes times passes: a 50-megapixel RGB photo (150 MB), a 12-megapixel progressive JPEG;
     * about a second of decoding on one core.
     */
    static final long MAX_DECODED_BYTES = 256L << 20;
    /** Pictures are subsampled while decoding to at most this many pixels on their longer side. */
    static final int DECODED_SIZE = 2 * InkExtraction.WORKING_SIZE;
    /** The formats we read; ImageIO reads more (TIFF, WBMP), which nobody promised. */
    static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");

    private ImageDecoder() {
    }

    /**
     * @param encoded the encoded image
     * @param name    what to call the image in messages, e.g. a file name
     */
    static BufferedImage decode(byte[] encoded, String name) throws IOException {
        // A memory cache: ImageIO's default file cache would write a temporary file per image.
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = readerFor(stream, name);
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            List<String> warnings = new ArrayList<>();
            try {
                // Metadata is ignored: PNG text chunks, for one, could inflate to gigabytes.
                reader.setInput(stream, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkSize(name, width, height, bitsPerPixel(reader), passes(format, encoded));
                ImageReadParam param = reader.getDefaultReadParam();
                int factor = subsampling(width, height);
                if (factor > 1) {
                    param.setSourceSubsampling(factor, factor, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (!warnings.isEmpty()) {
                    // The JPEG reader reports a cut-off file as a warning and returns the part it read.
                    throw new IOException(name + ": the " + format + " image is damaged: " + warnings.getFirst());
                }
                return image;
            } catch (IIOException e) {
                rethrowOutOfMemory(e);
                throw new IOException(name + ": cannot decode the " + format + " image: " + reason(e), e);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(name + ": ")) {
                    throw e;
                }
                rethrowOutOfMemory(e);
                throw new IOException(name + ": cannot decode the " + format + " image: " + reason(e), e);
            } catch (RuntimeException e) {
                // Some readers fail on corrupt data with unchecked exceptions (index out of bounds, negative size).
                throw new IOException(name + ": cannot decode the " + format + " image (corrupt data: " + reason(e) + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader readerFor(ImageInputStream stream, String name) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
        String other = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                return reader;
            }
            if (other == null) {
                // The longest of its names: TIFF, not TIF.
                other = reader.getFormatName();
                for (String alias : reader.getOriginatingProvider().getFormatNames()) {
                    other = alias.length() > other.length() ? alias : other;
                }
                other = other.toUpperCase(Locale.ROOT);
            }
            reader.dispose();
        }
        throw new IOException(name + ": not a PNG, JPEG, GIF or BMP image ("
                + (other == null ? "the format is not recognized" : "a " + other + " image; convert it to PNG or JPEG") + ")");
    }

    /**
     * Refuses a picture whose decoding would cost more than the limits allow, from its header alone.
     *
     * @param passes how many times the decoder produces every pixel (scans of a progressive JPEG)
     */
    static void checkSize(String name, int width, int height, int bitsPerPixel, int passes) throws IOException {
        if (width <= 0 || height <= 0) {
            throw new IOException(name + ": the image declares no pixels (" + width + " x " + height + ")");
        }
        long pixels = (long) width * height;
        if (pixels > MAX_PIXELS) {
            throw new IOException(name + ": the image is " + width + " x " + height + " pixels, more than the "
                    + MAX_PIXELS / 1_000_000 + "-megapixel limit; scale it down first");
        }
        if (Math.max(width, height) > MAX_SIDE) {
            throw new IOException(name + ": the image is " + width + " x " + height + " pixels, longer than the "
                    + MAX_SIDE + "-pixel limit on a side; crop or scale it down first");
        }
        long decoded = (width * (long) bitsPerPixel + 7) / 8 * height * passes;
        if (decoded > MAX_DECODED_BYTES) {
            throw new IOException(name + ": the image is " + width + " x " + height + " pixels at " + bitsPerPixel
                    + " bits per pixel" + (passes > 1 ? " in " + passes + " passes" : "") + ", "
                    + megabytes(decoded) + " MB to decode, more than the " + megabytes(MAX_DECODED_BYTES)
                    + " MB limit; save it with fewer pixels or 8 bits per channel");
        }
    }

    /** The whole factor that brings the longer side to at most {@link #DECODED_SIZE}. */
    static int subsampling(int width, int height) {
        return Math.max(1, (Math.max(width, height) + DECODED_SIZE - 1) / DECODED_SIZE);
    }

    /** Bits per pixel as decoded; when the reader cannot say before decoding, four 16-bit channels. */
    private static int bitsPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier raw;
        try {
            raw = reader.getRawImageType(0);
        } catch (IIOException | RuntimeException e) {
            raw = null;
        }
        if (raw == null) {
            return 64;
        }
        int bits = 0;
        for (int size : raw.getSampleModel().getSampleSize()) {
            bits += size;
        }
        return Math.max(1, bits);
    }

    /**
     * A progressive JPEG decodes its picture scan by scan, each scan a pass over the coefficients of
     * one or all components; counting its start-of-scan markers (cheap: in coded data a 0xFF byte is
     * always followed by 0x00 or a restart marker) bounds that work. A scan usually carries one
     * component, so every {@code components} scans count as one pass over the whole picture.
     */
    static int passes(String format, byte[] encoded) {
        if (!format.equals("JPEG")) {
            return 1;
        }
        int scans = 0;
        for (int i = 0; i + 1 < encoded.length; i++) {
            if (encoded[i] == (byte) 0xFF && encoded[i + 1] == (byte) 0xDA) {
                scans++;
            }
        }
        return Math.max(1, (scans + 2) / 3);
    }

    private static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** Running out of memory is the server's fault, not the image's: it must not become a "bad image". */
    private static void rethrowOutOfMemory(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError error) {
                throw error;
            }
        }
    }

    private static String reason(Throwable e) {
        Throwable innermost = e;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage() != null ? innermost.getMessage() : e.getMessage();
        return message == null || message.isBlank() ? innermost.getClass().getSimpleName() : message;
    }
}
