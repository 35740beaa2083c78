package backprop.cli;

import backprop.image.DigitImage;
import backprop.io.ModelFile;
import backprop.nn.Activation;
import backprop.nn.Architecture;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.io.onnx.OnnxExport;
import backprop.predict.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backprop predict} with a convolutional network, from our JSON and from ONNX. */
class PredictConvolutionTest {
    @TempDir
    Path temp;

    @Test
    void aConvolutionalModelPredictsAsThePredictorDoes() throws IOException {
        Network network = Architecture.parse("1x28x28,conv:4x5x5:relu,pool:2,softmax:10", null, Activation.SIGMOID,
                Activation.SOFTMAX).initialize(Cost.LOG_LIKELIHOOD, Initializer.HE, new SeededRandom(3));
        Path json = temp.resolve("conv.json");
        Path onnx = temp.resolve("conv.onnx");
        ModelFile.save(network, null, json);
        OnnxExport.save(network, onnx);
        BufferedImage image = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 56, 56);
        g.setColor(Color.BLACK);
        g.fillRect(24, 8, 8, 40);
        g.dispose();
        Path picture = temp.resolve("one.png");
        ImageIO.write(image, "png", picture.toFile());
        double[] pixels = DigitImage.read(picture);
        float[] input = new float[pixels.length];
        for (int k = 0; k < input.length; k++) {
            input[k] = (float) pixels[k];
        }
        int expected = Predictor.of(network).predict(input);

        for (Path model : new Path[] {json, onnx}) {
            CliRun run = CliRun.run("predict", "--model", model.toString(), picture.toString()).assertSuccess();
            assertTrue(run.out().startsWith(picture + ": Prediction: " + expected + " ("), run::toString);
        }
    }
}
