package backprop.cli;

import backprop.image.DigitImage;
import backprop.io.ModelFile;
import backprop.nn.Network;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backprop predict} on pictures the tests draw: the tiny data set's 28 x 28 images scaled up and
 * saved as PNG, JPEG, BMP and GIF, dark ink on light paper and light on dark.
 */
class PredictCommandTest {
    @TempDir
    Path temp;

    private Path model;
    private Network network;
    private String data;

    @BeforeEach
    void trainAModelOn28By28Images() throws IOException {
        data = IdxFiles.mnistLayout(temp.resolve("28x28"), 60, 20, 28, 28, false).toString();
        model = temp.resolve("model.json");
        CliRun.run("train", "--data", data, "--layers", "784,12,10", "--epochs", "2", "--save", model.toString())
                .assertSuccess();
        network = ModelFile.load(model).network();
    }

    /**
     * A digit-like picture: the strokes of a 7 (a bar and a slanted stem) on a {@code size x size} canvas,
     * solid ink, so that lossless formats store it exactly.
     */
    private static BufferedImage seven(int size, boolean darkOnLight, int type) {
        BufferedImage image = new BufferedImage(size, size, type);
        Graphics2D g = image.createGraphics();
        g.setColor(darkOnLight ? Color.WHITE : Color.BLACK);
        g.fillRect(0, 0, size, size);
        g.setColor(darkOnLight ? Color.BLACK : Color.WHITE);
        int stroke = Math.max(2, size / 12);
        g.fillRect(size / 4, size / 5, size / 2, stroke);
        g.setStroke(new java.awt.BasicStroke(stroke));
        g.drawLine(size * 3 / 4 - stroke / 2, size / 5, size * 2 / 5, size * 4 / 5);
        g.dispose();
        return image;
    }

    private Path write(String name, BufferedImage image, String format) throws IOException {
        Path file = temp.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "a " + format + " writer");
        return file;
    }

    /** What predict should print for {@code file}, computed as the command does. */
    private String expectedLine(Path file) throws IOException {
        double[] outputs = network.feedforward(DigitImage.read(file));
        double[] p = PredictCommand.probabilities(network, outputs);
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        order.sort((a, b) -> Double.compare(outputs[b], outputs[a]));
        return file + ": Prediction: " + network.predict(DigitImage.read(file)) + " ("
                + String.format(Locale.ROOT, "%d: %.1f%%, %d: %.1f%%, %d: %.1f%%", order.get(0), 100 * p[order.get(0)],
                order.get(1), 100 * p[order.get(1)], order.get(2), 100 * p[order.get(2)]) + ")";
    }

    @Test
    void predictPrintsTheDigitAndTheThreeMostLikelyForEachPicture() throws IOException {
        Path png = write("seven.png", seven(112, true, BufferedImage.TYPE_INT_RGB), "png");
        Path jpeg = write("seven.jpg", seven(300, true, BufferedImage.TYPE_INT_RGB), "jpeg");

        CliRun run = CliRun.run("predict", "--model", model.toString(), png.toString(), jpeg.toString())
                .assertSuccess();

        assertEquals(List.of(expectedLine(png), expectedLine(jpeg)), run.outLines());
        assertTrue(run.outLines().getFirst().matches(".*: Prediction: \\d \\(\\d: \\d+\\.\\d%, \\d: \\d+\\.\\d%, "
                + "\\d: \\d+\\.\\d%\\)"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "gif"})
    void losslessFormatsAndEitherPolarityGiveTheSamePrediction(String format) throws IOException {
        Path reference = write("reference.png", seven(140, false, BufferedImage.TYPE_BYTE_GRAY), "png");
        Path darkOnLight = write("dark." + format, seven(140, true, BufferedImage.TYPE_3BYTE_BGR), format);
        Path lightOnDark = write("light." + format, seven(140, false, BufferedImage.TYPE_3BYTE_BGR), format);

        CliRun run = CliRun.run("predict", "--model", model.toString(), reference.toString(), darkOnLight.toString(),
                lightOnDark.toString()).assertSuccess();

        List<String> predictions = run.outLines().stream().map(line -> line.replaceAll("^.*: Prediction: ", "")).toList();
        assertEquals(3, predictions.size(), run::toString);
        assertEquals(predictions.getFirst(), predictions.get(1), "dark ink on light paper is inverted first\n" + run);
        assertEquals(predictions.getFirst(), predictions.get(2), run::toString);
    }

    @Test
    void aTestImageDrawnByShowIsRead() throws IOException {
        // Dark on white, four times the size, as 'show --png' draws it.
        backprop.data.Dataset test = backprop.data.DataCatalog.open(data, line -> { }).test();
        BufferedImage scaled = DigitPicture.image(test, 3, 4);
        Path file = write("test3.png", scaled, "png");

        CliRun run = CliRun.run("predict", "--model", model.toString(), file.toString()).assertSuccess();

        assertEquals(expectedLine(file), run.outLines().getFirst());
    }

    @Test
    void jsonPrintsOneObjectPerPictureWithProbabilitiesThatSumToOne() throws IOException {
        Path png = write("seven.png", seven(112, true, BufferedImage.TYPE_INT_RGB), "png");

        CliRun run = CliRun.run("predict", "--model", model.toString(), "--json", png.toString()).assertSuccess();

        JsonNode line = new ObjectMapper().readTree(run.outLines().getFirst());
        assertEquals("prediction", line.get("event").asText());
        assertEquals(png.toString(), line.get("image").asText());
        assertEquals(network.predict(DigitImage.read(png)), line.get("prediction").asInt());
        double sum = 0;
        for (JsonNode p : line.get("probabilities")) {
            sum += p.asDouble();
        }
        assertEquals(1.0, sum, 1e-9, "sigmoid outputs divided by their sum");
        assertEquals(3, line.get("top").size());
        assertEquals(line.get("prediction").asInt(), line.get("top").get(0).get("class").asInt());
        assertTrue(line.get("top").get(0).get("probability").asDouble() >= line.get("top").get(1).get("probability").asDouble());
    }

    @Test
    void badPicturesAreReportedOneLineEachAndTheOthersStillPredicted() throws IOException {
        Path good = write("seven.png", seven(112, true, BufferedImage.TYPE_INT_RGB), "png");
        Path text = Files.writeString(temp.resolve("notes.png"), "not a picture");
        Path missing = temp.resolve("missing.png");
        BufferedImage white = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
        white.getGraphics().fillRect(0, 0, 50, 50);
        Path blank = write("blank.png", white, "png");

        CliRun run = CliRun.run("predict", "--model", model.toString(), text.toString(), good.toString(),
                missing.toString(), blank.toString());

        assertEquals(Main.USER_ERROR, run.exitCode(), run::toString);
        assertEquals(List.of(expectedLine(good)), run.outLines());
        List<String> errors = run.errLines();
        assertEquals(3, errors.size(), run::toString);
        assertTrue(errors.get(0).startsWith("error: " + text + ": not a PNG, JPEG, GIF or BMP image"), run::toString);
        assertEquals("error: no such file: " + missing, errors.get(1), run::toString);
        assertTrue(errors.get(2).startsWith("error: " + blank + ": no ink found"), run::toString);
    }

    @Test
    void jsonReportsABadPictureInItsPlaceToo() throws IOException {
        Path missing = temp.resolve("missing.png");

        CliRun run = CliRun.run("predict", "--model", model.toString(), "--json", missing.toString());

        assertEquals(Main.USER_ERROR, run.exitCode(), run::toString);
        JsonNode line = new ObjectMapper().readTree(run.outLines().getFirst());
        assertEquals("error", line.get("event").asText());
        assertEquals("no such file: " + missing, line.get("error").asText());
    }

    @Test
    void aModelForOtherInputsIsAUserError() throws IOException {
        Path small = temp.resolve("small.json");
        CliRun.run("train", "--data", IdxFiles.tiny(temp.resolve("tiny")).toString(), "--layers", "16,8,10",
                "--epochs", "0", "--save", small.toString()).assertSuccess();
        Path png = write("seven.png", seven(112, true, BufferedImage.TYPE_INT_RGB), "png");

        CliRun.run("predict", "--model", small.toString(), png.toString())
                .assertUserError(small.toString(), "takes 16 inputs", "28 x 28 = 784");
    }

    @Test
    void predictNeedsAtLeastOnePicture() {
        CliRun.run("predict", "--model", model.toString()).assertUserError("IMAGE");
    }

    @Test
    void aPictureWhoseNameBeginsWithADashIsExplained() throws IOException {
        Path seven = write("seven.png", seven(28, true, BufferedImage.TYPE_INT_RGB), "png");
        String hint = "unknown option '-leading.png'; if it is a file, write ./-leading.png or put -- before it";

        CliRun alone = CliRun.run("predict", "--model", model.toString(), "-leading.png").assertUserError();
        CliRun second = CliRun.run("predict", "--model", model.toString(), seven.toString(), "-leading.png")
                .assertUserError();
        CliRun afterDashes = CliRun.run("predict", "--model", model.toString(), "--", "-leading.png");

        assertEquals("error: " + hint + " (see 'backprop predict --help')", alone.errorLine());
        assertEquals("error: " + hint + " (see 'backprop predict --help')", second.errorLine());
        assertEquals("error: no such file: -leading.png", afterDashes.errorLine(), "read as a file");
    }

    @Test
    void softmaxOutputsAreTheProbabilitiesAsTheyAre() {
        Network softmax = Network.initialize(new int[] {2, 3}, backprop.nn.Activation.SIGMOID,
                backprop.nn.Activation.SOFTMAX, backprop.nn.Cost.LOG_LIKELIHOOD, backprop.nn.Initializer.LARGE,
                new backprop.nn.SeededRandom(1));
        double[] outputs = softmax.feedforward(new double[] {0.5, 0.5});

        assertEquals(List.of(outputs[0], outputs[1], outputs[2]),
                java.util.Arrays.stream(PredictCommand.probabilities(softmax, outputs)).boxed().toList());
    }

    @Test
    void otherOutputsAreDividedByTheirSumWithNegativesAsZero() {
        Network tanh = Network.initialize(new int[] {2, 3}, backprop.nn.Activation.SIGMOID, backprop.nn.Activation.TANH,
                backprop.nn.Cost.QUADRATIC, backprop.nn.Initializer.LARGE, new backprop.nn.SeededRandom(1));

        double[] p = PredictCommand.probabilities(tanh, new double[] {0.5, -0.2, 1.5});
        assertEquals(List.of(0.25, 0.0, 0.75), java.util.Arrays.stream(p).boxed().toList());
        double[] uniform = PredictCommand.probabilities(tanh, new double[] {-1, -1, 0});
        assertEquals(1.0 / 3, uniform[0], 1e-15);
    }
}
