package backprop.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What decoding an image may cost, decided from its header before any pixel is decoded. */
class ImageDecoderLimitsTest {

    @Test
    void aSmallFileDeclaringSixteenBitRgbaOfFortyNineMegapixelsIsRefusedAtOnce() {
        // 381 KB that decode to 392 MB: it took 14 s and 400 MB of heap before the limit.
        byte[] png = HostileImages.zeroPng(7000, 7000, 16, HostileImages.RGBA);
        long started = System.nanoTime();

        IOException e = assertThrows(IOException.class, () -> DigitImage.decodeImage(png, "deep.png"));

        assertEquals("deep.png: the image is 7000 x 7000 pixels at 64 bits per pixel, 374 MB to decode, more than "
                + "the 256 MB limit; save it with fewer pixels or 8 bits per channel", e.getMessage());
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "refused from the header, not after decoding");
    }

    @Test
    void aPictureOneColumnWideAndFortyNineMillionRowsTallIsRefusedAtOnce() {
        byte[] png = HostileImages.zeroPng(1, 49_000_000, 8, HostileImages.GRAY);
        long started = System.nanoTime();

        IOException e = assertThrows(IOException.class, () -> DigitImage.decodeImage(png, "tall.png"));

        assertEquals("tall.png: the image is 1 x 49000000 pixels, longer than the 30000-pixel limit on a side; "
                + "crop or scale it down first", e.getMessage());
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "refused from the header, not after decoding");
    }

    @Test
    void largePicturesAreSubsampledWhileDecodingAndStillRead() throws IOException {
        BufferedImage large = HostileImages.bar(5000, 3000);

        BufferedImage decoded = DigitImage.decodeImage(HostileImages.encode(large, "png"), "large.png");

        // Every third pixel: the smallest whole factor that brings 5000 within 2048.
        assertEquals(1667, decoded.getWidth());
        assertEquals(1000, decoded.getHeight());
    }

    @Test
    void subsamplingKeepsTheLongerSideWithinTheDecodedSize() {
        assertEquals(1, ImageDecoder.subsampling(2048, 100));
        assertEquals(2, ImageDecoder.subsampling(2049, 100));
        assertEquals(3, ImageDecoder.subsampling(100, 5000));
        assertEquals(15, ImageDecoder.subsampling(30_000, 30_000));
    }

    @Test
    void aPngWithTextThatInflatesToGigabytesIsDecodedWithoutReadingTheText() throws IOException {
        // A palette image makes ImageIO read the chunks before the pixels; the text is 2 GB inflated.
        byte[] png = HostileImages.png(280, 280, 8, HostileImages.PALETTE,
                new byte[][] {HostileImages.compressedTextBomb(2L << 30)});
        assertTrue(png.length < 3 << 20, "a bomb small enough for the server's 2 MB body limit: " + png.length);
        long started = System.nanoTime();

        BufferedImage decoded = DigitImage.decodeImage(png, "text.png");

        assertEquals(280, decoded.getWidth());
        assertTrue(System.nanoTime() - started < 1_000_000_000L);
    }

    @Test
    void tiffIsNotOneOfTheFormatsRead() {
        byte[] tiff = HostileImages.encode(HostileImages.bar(100, 100), "tiff");

        IOException e = assertThrows(IOException.class, () -> DigitImage.decode(tiff, "digit.tif"));

        assertEquals("digit.tif: not a PNG, JPEG, GIF or BMP image (a TIFF image; convert it to PNG or JPEG)", e.getMessage());
    }

    @Test
    void everyFormatWeDocumentIsRead() throws IOException {
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            BufferedImage picture = new BufferedImage(60, 60, BufferedImage.TYPE_3BYTE_BGR);
            picture.createGraphics().drawImage(HostileImages.bar(60, 60), 0, 0, null);
            assertEquals(60, DigitImage.decodeImage(HostileImages.encode(picture, format), "x." + format).getWidth(), format);
        }
    }

    @Test
    void progressiveJpegsCountEachScanAsWork() {
        byte[] progressive = HostileImages.progressiveJpeg(HostileImages.bar(64, 64).getSubimage(0, 0, 64, 64));
        byte[] baseline = HostileImages.encode(HostileImages.bar(64, 64), "jpeg");

        assertEquals(1, ImageDecoder.passes("JPEG", baseline));
        assertTrue(ImageDecoder.passes("JPEG", progressive) >= 2, "" + ImageDecoder.passes("JPEG", progressive));
        assertEquals(1, ImageDecoder.passes("PNG", progressive));
    }

    @Test
    void theDecodedSizeBoundCountsPasses() throws IOException {
        ImageDecoder.checkSize("x", 8000, 6000, 24, 1);
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.checkSize("x", 8000, 6000, 24, 2));
        assertTrue(e.getMessage().contains("in 2 passes, 275 MB to decode"), e.getMessage());
    }
}
