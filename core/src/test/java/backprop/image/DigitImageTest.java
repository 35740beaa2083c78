package backprop.image;

import backprop.image.DigitPictures.Shape;
import backprop.io.ModelFile;
import backprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import static backprop.image.DigitPictures.centreOfMass;
import static backprop.image.DigitPictures.draw;
import static backprop.image.DigitPictures.encode;
import static backprop.image.DigitPictures.meanAbsoluteDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitImageTest {
    @TempDir
    Path directory;

    static double[] preprocessed(BufferedImage picture) {
        double[] pixels = DigitImage.fromImage(picture);
        assertEquals(DigitImage.PIXELS, pixels.length);
        return pixels;
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void darkOnLightAndLightOnDarkGiveTheSameResult(Shape shape) {
        double[] darkOnLight = preprocessed(draw(shape, 200, Color.BLACK, Color.WHITE));
        double[] lightOnDark = preprocessed(draw(shape, 200, Color.WHITE, Color.BLACK));

        assertArrayEquals(darkOnLight, lightOnDark, 1e-3);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void tinyAndHugeImagesOfTheSameShapeGiveSimilarResults(Shape shape) {
        double[] tiny = preprocessed(draw(shape, 36, 0.08, Color.BLACK, Color.WHITE));
        double[] huge = preprocessed(draw(shape, 2400, 0.08, Color.BLACK, Color.WHITE));

        double difference = meanAbsoluteDifference(tiny, huge);
        assertTrue(difference < 0.05, "mean difference " + difference);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void centreOfMassLandsOnTheCentrePixel(Shape shape) {
        // Drawn off-centre and small in a corner of a wide picture: the framing must not care.
        BufferedImage picture = new BufferedImage(600, 300, BufferedImage.TYPE_INT_RGB);
        var g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 600, 300);
        g.drawImage(draw(shape, 120, Color.BLACK, null), 440, 20, null);
        g.dispose();

        double[] centre = centreOfMass(preprocessed(picture));

        assertEquals(14.0, centre[0], 0.1);
        assertEquals(14.0, centre[1], 0.1);
    }

    @Test
    void theDigitFitsTwentyByTwentyKeepingItsAspectRatio() {
        double[] one = preprocessed(draw(Shape.ONE, 300, 0.06, Color.BLACK, Color.WHITE));
        int[] rows = span(one, true);
        int[] columns = span(one, false);

        int height = rows[1] - rows[0] + 1;
        int width = columns[1] - columns[0] + 1;
        // 20 rows of ink (a border pixel may catch a trace of antialiasing), and much narrower than tall.
        assertTrue(height >= 20 && height <= 22, "height " + height);
        assertTrue(width <= 10, "width " + width);
    }

    @Test
    void valuesLieInTheUnitIntervalAndStrokesReachOne() {
        double[] zero = preprocessed(draw(Shape.ZERO, 280, Color.DARK_GRAY, Color.LIGHT_GRAY));

        assertTrue(Arrays.stream(zero).allMatch(v -> v >= 0 && v <= 1));
        assertTrue(Arrays.stream(zero).max().orElseThrow() > 0.95);
        // The corners are background, as in MNIST.
        assertEquals(0.0, zero[0]);
        assertEquals(0.0, zero[783]);
    }

    @Test
    void transparentCanvasIsCompositedOnWhite() {
        double[] transparent = preprocessed(draw(Shape.SEVEN, 280, Color.BLACK, null));
        double[] onWhite = preprocessed(draw(Shape.SEVEN, 280, Color.BLACK, Color.WHITE));

        assertArrayEquals(onWhite, transparent, 1e-3);
    }

    @Test
    void coloursAreReducedToLuminance() {
        double[] blueOnYellow = preprocessed(draw(Shape.SEVEN, 280, new Color(20, 40, 160), new Color(250, 240, 170)));
        double[] blackOnWhite = preprocessed(draw(Shape.SEVEN, 280, Color.BLACK, Color.WHITE));

        assertTrue(meanAbsoluteDifference(blueOnYellow, blackOnWhite) < 0.02);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void everyCommonFormatDecodes(String format) throws IOException {
        BufferedImage picture = draw(Shape.ZERO, 200, Color.BLACK, Color.WHITE);
        Path file = Files.write(directory.resolve("zero." + format), encode(picture, format));

        double[] read = DigitImage.read(file);

        assertTrue(meanAbsoluteDifference(read, preprocessed(picture)) < 0.03, format);
    }

    @Test
    void aPhotoOfPaperUnderUnevenLightGivesTheCleanResult() throws IOException {
        BufferedImage clean = draw(Shape.SEVEN, 800, 0.03, Color.BLACK, Color.WHITE);
        BufferedImage photo = unevenlyLitPhoto(clean, new Random(7));

        double[] fromPhoto = DigitImage.decode(encode(photo, "jpeg"), "photo.jpg");
        double[] fromClean = preprocessed(clean);

        double difference = meanAbsoluteDifference(fromPhoto, fromClean);
        assertTrue(difference < 0.05, "mean difference " + difference);
    }

    @Test
    void specksAwayFromTheDigitAreIgnored() {
        BufferedImage picture = draw(Shape.ONE, 400, Color.BLACK, Color.WHITE);
        var g = picture.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(20, 370, 3, 3);
        g.fillRect(380, 30, 2, 2);
        g.dispose();

        double[] withSpecks = preprocessed(picture);

        assertArrayEquals(preprocessed(draw(Shape.ONE, 400, Color.BLACK, Color.WHITE)), withSpecks, 1e-6);
    }

    @Test
    void thinPenStrokesAreWidenedToMnistWidth() {
        double[] thin = preprocessed(draw(Shape.ZERO, 1000, 0.004, Color.BLACK, Color.WHITE));
        double[] thick = preprocessed(draw(Shape.ZERO, 1000, 0.05, Color.BLACK, Color.WHITE));

        double thinWidth = MnistFraming.strokeWidth(asImage(thin));
        assertTrue(thinWidth > 1.4 && thinWidth < 2.6, "stroke width " + thinWidth);
        assertTrue(meanAbsoluteDifference(thin, thick) < 0.08);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void theBooksTrainedNetworkReadsDrawnDigits(Shape shape) throws Exception {
        Network network = ModelFile.load(Path.of(DigitImageTest.class
                .getResource("/io/network2-trained-784-30-10.json").toURI())).network();
        int expected = switch (shape) {
            case ONE -> 1;
            case SEVEN -> 7;
            case ZERO -> 0;
        };

        assertEquals(expected, network.predict(preprocessed(draw(shape, 280, 0.07, Color.BLACK, Color.WHITE))));
    }

    @Test
    void aBlankImageIsAClearError() {
        for (Color colour : new Color[] {Color.WHITE, Color.BLACK, Color.GRAY}) {
            BufferedImage blank = draw(Shape.ONE, 100, 0.0, colour, colour);
            BlankImageException e = assertThrows(BlankImageException.class, () -> DigitImage.fromImage(blank));
            assertTrue(e.getMessage().startsWith("no ink found"), e.getMessage());
        }
        BufferedImage paperInUnevenLight = unevenlyLitPhoto(draw(Shape.ONE, 400, 0.0, Color.WHITE, Color.WHITE),
                new Random(3));
        BlankImageException e = assertThrows(BlankImageException.class, () -> DigitImage.fromImage(paperInUnevenLight));
        assertTrue(e.getMessage().startsWith("no ink found"), e.getMessage());
    }

    @Test
    void aCorruptFileIsAClearIOException() throws IOException {
        Path garbage = Files.write(directory.resolve("digit.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        IOException notAnImage = assertThrows(IOException.class, () -> DigitImage.read(garbage));
        assertEquals(garbage + ": not a PNG, JPEG, GIF or BMP image (the format is not recognized)",
                notAnImage.getMessage());

        byte[] png = encode(draw(Shape.ZERO, 200, Color.BLACK, Color.WHITE), "png");
        Path truncated = Files.write(directory.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        IOException cut = assertThrows(IOException.class, () -> DigitImage.read(truncated));
        assertTrue(cut.getMessage().startsWith(truncated + ": cannot decode the PNG image"), cut.getMessage());

        byte[] jpeg = encode(draw(Shape.ZERO, 200, Color.BLACK, Color.WHITE), "jpeg");
        Path truncatedJpeg = Files.write(directory.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        IOException cutJpeg = assertThrows(IOException.class, () -> DigitImage.read(truncatedJpeg));
        assertTrue(cutJpeg.getMessage().startsWith(truncatedJpeg + ": "), cutJpeg.getMessage());

        assertThrows(NoSuchFileException.class, () -> DigitImage.read(directory.resolve("missing.png")));
    }

    @Test
    void aHugeDeclaredSizeIsRefusedBeforeDecoding() throws IOException {
        // A PNG header claiming 100,000 x 100,000 pixels: decoding it would need 40 GB.
        byte[] bomb = pngHeader(100_000, 100_000);

        IOException e = assertThrows(IOException.class, () -> DigitImage.decode(bomb, "bomb.png"));

        assertEquals("bomb.png: the image is 100000 x 100000 pixels, more than the 50-megapixel limit; scale it down first",
                e.getMessage());
    }

    @Test
    void toImageDrawsMnistStyleLightOnDark() {
        double[] pixels = new double[DigitImage.PIXELS];
        pixels[14 * 28 + 14] = 1.0;
        pixels[0] = 0.5;

        BufferedImage image = DigitImage.toImage(pixels);

        assertEquals(28, image.getWidth());
        assertEquals(255, image.getRaster().getSample(14, 14, 0));
        assertEquals(128, image.getRaster().getSample(0, 0, 0));
        assertEquals(0, image.getRaster().getSample(1, 0, 0));
    }

    /** Paper lit from the left, dimmer to the right and in one corner, slightly yellow, with sensor noise. */
    static BufferedImage unevenlyLitPhoto(BufferedImage clean, Random random) {
        int width = clean.getWidth();
        int height = clean.getHeight();
        BufferedImage photo = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double reflectance = 0.15 + 0.85 * ((clean.getRGB(x, y) & 0xFF) / 255.0);
                double dx = (double) x / width;
                double dy = (double) y / height;
                double light = 0.95 - 0.45 * dx - 0.2 * dx * dy;
                double value = light * reflectance;
                int r = channel(value * 1.00 + random.nextGaussian() * 0.03);
                int g = channel(value * 0.97 + random.nextGaussian() * 0.03);
                int b = channel(value * 0.85 + random.nextGaussian() * 0.03);
                photo.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return photo;
    }

    private static int channel(double value) {
        return (int) Math.round(255 * Math.clamp(value, 0.0, 1.0));
    }

    private static GrayImage asImage(double[] pixels) {
        GrayImage image = new GrayImage(28, 28);
        for (int i = 0; i < pixels.length; i++) {
            image.values[i] = (float) pixels[i];
        }
        return image;
    }

    /** {first, last} row (or column) holding ink above 0.05. */
    private static int[] span(double[] pixels, boolean rows) {
        int first = 28;
        int last = -1;
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] > 0.05) {
                int line = rows ? i / 28 : i % 28;
                first = Math.min(first, line);
                last = Math.max(last, line);
            }
        }
        return new int[] {first, last};
    }

    private static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(chunk);
        data.writeBytes("IHDR");
        data.writeInt(width);
        data.writeInt(height);
        data.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grayscale, deflate, no filter, no interlace
        byte[] body = chunk.toByteArray();
        out.writeInt(body.length - 4);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }
}
