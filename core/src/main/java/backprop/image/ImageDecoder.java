package backprop.image;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Decodes PNG, JPEG, GIF and BMP (whatever {@link ImageIO} reads) with one clear {@link IOException}
 * for anything that is not a readable image, and a size check before any pixel is decoded, so that a
 * small file declaring a huge image (a decompression bomb) cannot exhaust the heap.
 */
final class ImageDecoder {
    /** Larger than any phone photo; about 200 MB once decoded as ARGB. */
    static final long MAX_PIXELS = 50_000_000L;

    private ImageDecoder() {
    }

    /**
     * @param in   the encoded image; read to its end or to the first error, not closed
     * @param name what to call the image in messages, e.g. a file name
     */
    static BufferedImage decode(InputStream in, String name) throws IOException {
        // A memory cache: ImageIO's default file cache would write a temporary file per image.
        try (ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new IOException(name + ": not a PNG, JPEG, GIF or BMP image (the format is not recognized)");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(stream, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_PIXELS) {
                    throw new IOException(name + ": the image is " + width + " x " + height + " pixels, more than the "
                            + MAX_PIXELS / 1_000_000 + "-megapixel limit; scale it down first");
                }
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    // The JPEG reader reports a cut-off file as a warning and returns the part it read.
                    throw new IOException(name + ": the " + format + " image is damaged: " + warnings.getFirst());
                }
                return image;
            } catch (IIOException e) {
                throw new IOException(name + ": cannot decode the " + format + " image: " + reason(e), e);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(name + ": ")) {
                    throw e;
                }
                throw new IOException(name + ": cannot decode the " + format + " image: " + reason(e), e);
            } catch (RuntimeException e) {
                // Some readers fail on corrupt data with unchecked exceptions (index out of bounds, negative size).
                throw new IOException(name + ": cannot decode the " + format + " image (corrupt data: " + reason(e) + ")", e);
            } finally {
                reader.dispose();
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
