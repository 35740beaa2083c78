package backprop.image;

import backprop.data.DataCatalog;
import backprop.data.Dataset;
import backprop.io.ModelFile;
import backprop.nn.Network;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round trips through the preprocessing on real MNIST test digits: each drawn 10x larger as dark ink
 * on white paper, saved as PNG, read back; the book's trained network must still read them.
 */
@Tag("mnist")
class DigitImageMnistIT {
    static final int DIGITS = 100;

    @Test
    void mnistDigitsScaledUpAsDarkOnLightPngsAreReadBackAndStillClassified() throws Exception {
        Dataset test = DataCatalog.open("mnist", System.out::println).test();
        Network network = ModelFile.load(Path.of(DigitImageMnistIT.class
                .getResource("/io/network2-trained-784-30-10.json").toURI())).network();

        int correctOriginal = 0;
        int correctRoundTrip = 0;
        double difference = 0;
        for (int i = 0; i < DIGITS; i++) {
            double[] original = test.input(i);
            double[] roundTrip = DigitImage.decode(DigitPictures.encode(scaledUpDarkOnLight(original, 10), "png"),
                    "test digit " + i);
            correctOriginal += network.predict(original) == test.label(i) ? 1 : 0;
            correctRoundTrip += network.predict(roundTrip) == test.label(i) ? 1 : 0;
            difference += DigitPictures.meanAbsoluteDifference(original, roundTrip) / DIGITS;
        }

        System.out.printf("%d of %d right as given, %d after the PNG round trip; mean pixel difference %.3f%n",
                correctOriginal, DIGITS, correctRoundTrip, difference);
        assertTrue(correctRoundTrip >= 90, correctRoundTrip + " of " + DIGITS);
        assertTrue(correctRoundTrip >= correctOriginal - 4, correctRoundTrip + " vs " + correctOriginal);
        assertTrue(difference < 0.06, "mean pixel difference " + difference);
    }

    /** The digit as the book shows it (dark on white), {@code scale} times larger, smoothly interpolated. */
    static BufferedImage scaledUpDarkOnLight(double[] pixels, int scale) {
        BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < pixels.length; i++) {
            small.getRaster().setSample(i % 28, i / 28, 0, (int) Math.round(255 * (1 - pixels[i])));
        }
        BufferedImage large = new BufferedImage(28 * scale, 28 * scale, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = large.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, 28 * scale, 28 * scale, null);
        g.dispose();
        return large;
    }
}
