package backprop.cli;

import backprop.train.EpochResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pictures: {@code train --plot}, {@code evaluate --confusion} and {@code --mistakes}, {@code inspect --weights}. */
class PicturesTest extends TrainingOnTinyData {

    private static BufferedImage png(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " should be a PNG");
        return image;
    }

    private static void assertSvg(Path file) throws IOException {
        String svg = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<?xml"), svg.substring(0, Math.min(80, svg.length())));
        assertTrue(svg.contains("<svg") && svg.trim().endsWith("</svg>"), "a whole SVG document");
    }

    /** No hidden temporary files are left beside a picture: it was written whole and renamed. */
    private static void assertOnlyFile(Path file) throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file.getFileName().toString()), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    private Path model() {
        Path model = temp.resolve("model.json");
        train("--save", model.toString(), "--epochs", "3").assertSuccess();
        return model;
    }

    /** {@code evaluate} of a freshly trained model on the tiny test data, with {@code flags}. */
    private CliRun evaluate(String... flags) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model().toString(), "--data", data()));
        args.addAll(List.of(flags));
        return CliRun.run(args.toArray(String[]::new)).assertSuccess();
    }

    /** The number of pixels that are neither white nor gray: the coloured lines, cells or tiles drawn. */
    private static int colouredPixels(BufferedImage image) {
        int coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                coloured += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40 ? 1 : 0;
            }
        }
        return coloured;
    }

    @Test
    void plotGradientsDrawsEachHiddenLayersSpeedOfLearningAsAPng() throws IOException {
        Path plot = temp.resolve("pictures/gradients.png");
        CliRun run = train("--plot-gradients", plot.toString(), "--layers", "16,8,8,8,10", "--epochs", "3")
                .assertSuccess();

        BufferedImage image = png(plot);
        assertEquals(GradientPlot.WIDTH, image.getWidth());
        assertEquals(GradientPlot.HEIGHT, image.getHeight());
        assertTrue(colouredPixels(image) > 500, "the lines of the three layers are drawn in colour");
        assertTrue(run.outLines().contains("Wrote gradient plot to " + plot), run::toString);
        assertOnlyFile(plot);
    }

    @Test
    void plotGradientsMeasuresTheStartAndEveryEpoch() throws IOException {
        Path plot = temp.resolve("gradients.svg");
        GradientPlot listener = new GradientPlot(plot, "16,8,8,10 on tiny", backprop.testing.TinyData.randomImages(50, 4, 4,
                10, 1), backprop.nn.Network.initialize(new int[] {16, 8, 8, 10}, backprop.nn.Cost.QUADRATIC,
                backprop.nn.Initializer.SCALED, new backprop.nn.SeededRandom(1)));

        assertEquals(1, listener.speeds().size());
        assertEquals(2, listener.speeds().getFirst().length, "one per hidden layer");
        listener.write();
        assertSvg(plot);
    }

    @Test
    void plotGradientsRefusesAFileThatIsNotAPicture() {
        train("--plot-gradients", temp.resolve("g.txt").toString()).assertUserError("--plot-gradients",
                "name a .png or .svg file");
    }

    @Test
    void plotDrawsCostAndAccuracyChartsAsAPng() throws IOException {
        Path plot = temp.resolve("pictures/training.png");
        CliRun run = train("--plot", plot.toString(), "--epochs", "3").assertSuccess();

        BufferedImage image = png(plot);
        assertEquals(TrainingPlot.WIDTH, image.getWidth());
        assertEquals(TrainingPlot.HEIGHT, image.getHeight());
        assertTrue(colouredPixels(image) > 500, "the lines of the series are drawn in colour");
        assertTrue(run.outLines().contains("Wrote plot to " + plot), run::toString);
        assertOnlyFile(plot);
    }

    @Test
    void plotMeasuresCostsWithoutPrintingMonitorLines() {
        CliRun run = train("--plot", temp.resolve("p.png").toString()).assertSuccess();

        assertEquals(List.of(), run.outLinesStartingWith("Cost on"), run::toString);
    }

    @Test
    void plotIsAnSvgDocumentForAnSvgFileName() throws IOException {
        Path plot = temp.resolve("training.SVG");
        train("--plot", plot.toString()).assertSuccess();

        assertSvg(plot);
    }

    @Test
    void thePlotIsRewrittenAfterEveryEpochSoAStoppedRunHasOne() throws IOException {
        Path plot = temp.resolve("partial.png");
        TrainingPlot listener = new TrainingPlot(plot, "16,8,10 on tiny", "test");
        listener.resumed(List.of(epoch(0, 0.5, 12)));
        assertFalse(Files.exists(plot), "nothing is drawn before an epoch ends");

        listener.epochFinished(epoch(1, 0.4, 14), null);

        assertEquals(TrainingPlot.WIDTH, png(plot).getWidth());
    }

    private static EpochResult epoch(int epoch, double cost, int correct) {
        return new EpochResult(epoch, 0.1, 3.0, OptionalDouble.of(cost), OptionalInt.of(correct * 2), 50,
                OptionalDouble.of(cost + 0.1), OptionalInt.of(correct), 20);
    }

    @ParameterizedTest
    @CsvSource({"--plot, training.txt", "--plot, training"})
    void aPictureNeedsAPngOrSvgNameBeforeAnyTraining(String flag, String name) {
        CliRun run = train(flag, temp.resolve(name).toString(), "--epochs", "30")
                .assertUserError(flag, ".png or .svg");
        assertEquals(1, run.errLines().size(), () -> "rejected before any data is loaded\n" + run);
    }

    @Test
    void aPictureOntoADirectoryIsAUserError() {
        train("--plot", temp.toString()).assertUserError("--plot", "is a directory");
    }

    @Test
    void matrixPrintsTheConfusionMatrixWithTrueClassesAsRows() {
        CliRun run = evaluate("--matrix");

        List<String> lines = run.outLines();
        int correct = Integer.parseInt(lines.getFirst().replaceAll(" / .*", ""));
        assertEquals("Confusion matrix (rows: true class, columns: predicted class)", lines.get(1));
        assertTrue(lines.get(2).startsWith("true \\ predicted"), run::toString);
        int diagonal = 0;
        int total = 0;
        for (int t = 0; t < 10; t++) {
            String[] cells = lines.get(3 + t).trim().split("\\s+");
            assertEquals(Integer.toString(t), cells[0], run::toString);
            int row = 0;
            for (int p = 0; p < 10; p++) {
                row += Integer.parseInt(cells[1 + p]);
            }
            assertEquals(2, row, "each class has 2 of the 20 tiny test examples\n" + run);
            diagonal += Integer.parseInt(cells[1 + t]);
            total += row;
        }
        assertEquals(correct, diagonal, "the diagonal holds the right answers\n" + run);
        assertEquals(20, total);
    }

    @Test
    void confusionDrawsAHeatMapAndPrintsTheMatrix() throws IOException {
        Path picture = temp.resolve("confusion.png");
        CliRun run = evaluate("--confusion", picture.toString());

        assertTrue(run.out().contains("Confusion matrix (rows: true class"), run::toString);
        assertEquals("Wrote confusion matrix to " + picture, run.outLines().getLast());
        BufferedImage image = png(picture);
        assertTrue(image.getWidth() > image.getHeight(), "room for the colour legend on the right");
        assertTrue(colouredPixels(image) > 1000, "the cells are coloured");
    }

    @Test
    void confusionAsSvg() throws IOException {
        Path picture = temp.resolve("confusion.svg");
        evaluate("--confusion", picture.toString());

        assertSvg(picture);
    }

    @Test
    void mistakesDrawsTheMisclassifiedImages() throws IOException {
        Path picture = temp.resolve("mistakes.png");
        CliRun run = evaluate("--mistakes", picture.toString());

        int correct = Integer.parseInt(run.outLines().getFirst().replaceAll(" / .*", ""));
        int wrong = 20 - correct;
        assertEquals("Wrote " + wrong + " of " + wrong + " mistakes to " + picture, run.outLines().getLast());
        BufferedImage image = png(picture);
        assertTrue(image.getWidth() >= 460 && image.getHeight() > 44, image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void maxMistakesLimitsTheGrid() {
        CliRun run = evaluate("--split", "training", "--mistakes", temp.resolve("mistakes.png").toString(),
                "--max-mistakes", "1");

        assertTrue(run.outLines().getLast().startsWith("Wrote 1 of "), run::toString);
    }

    @Test
    void mistakesOfDataThatIsNotImagesIsAUserError() throws IOException {
        Path csv = Files.writeString(temp.resolve("points.csv"), "1,2,0\n2,1,1\n1,1,0\n2,2,1\n0,1,0\n3,3,1\n1,0,0\n");
        Path model = temp.resolve("points.json");
        CliRun.run("train", "--data", csv.toString(), "--layers", "2,3,2", "--epochs", "1", "--save", model.toString())
                .assertSuccess();

        CliRun.run("evaluate", "--model", model.toString(), "--data", csv.toString(), "--mistakes",
                temp.resolve("m.png").toString()).assertUserError("--mistakes draws images", "points validation");
    }

    @Test
    void weightsDrawsOneTilePerHiddenNeuron() throws IOException {
        Path picture = temp.resolve("weights.png");
        CliRun run = CliRun.run("inspect", "--model", model().toString(), "--weights", picture.toString())
                .assertSuccess();

        assertEquals("Wrote the first layer's weights to " + picture, run.outLines().getLast());
        BufferedImage image = png(picture);
        assertTrue(colouredPixels(image) > 8 * 16, "eight tiles of 4 x 4 weights, in red and blue");
    }

    @Test
    void weightsOfTheBooksNetworkAre28By28Tiles() throws IOException {
        Path model = temp.resolve("book.json");
        String mnistSized = IdxFiles.mnistLayout(temp.resolve("28x28"), 12, 6, 28, 28, false).toString();
        CliRun.run("train", "--data", mnistSized, "--epochs", "0", "--save", model.toString()).assertSuccess();
        Path picture = temp.resolve("weights.svg");

        CliRun.run("inspect", "--model", model.toString(), "--weights", picture.toString()).assertSuccess();

        assertSvg(picture);
        WeightTiles tiles = WeightTiles.of(backprop.io.ModelFile.load(model).network(), "book");
        assertTrue(tiles.width() > 6 * 28 && tiles.height() > 5 * 28, "30 tiles of 28 x 28, six across");
    }

    @Test
    void aConvolutionsFiltersAreDrawnOneTileEach() throws IOException {
        backprop.nn.Network network = backprop.nn.Architecture.parse("1x28x28,conv:20x5x5,pool:2,softmax:10", null,
                        backprop.nn.Activation.SIGMOID, backprop.nn.Activation.SOFTMAX)
                .initialize(backprop.nn.Cost.LOG_LIKELIHOOD, backprop.nn.Initializer.NETWORK3,
                        new backprop.nn.SeededRandom(1));
        Path model = temp.resolve("conv.json");
        backprop.io.ModelFile.save(network, null, model);
        Path picture = temp.resolve("filters.png");

        CliRun run = CliRun.run("inspect", "--model", model.toString(), "--weights", picture.toString()).assertSuccess();

        assertTrue(run.outLines().contains("1      conv:20x5x5:sigmoid  20x24x24         520  20 x 1 x 5 x 5  20"),
                run::toString);
        assertTrue(run.outLines().contains("2      pool:2               20x12x12           0"), run::toString);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(picture.toFile());
        WeightTiles tiles = WeightTiles.of(network, "filters");
        assertEquals(tiles.width(), image.getWidth());
        // Five tiles across (the square root of 20, rounded up), each 5 weights drawn large enough to see.
        assertTrue(tiles.width() >= 5 * 5 * 20, "width " + tiles.width());
    }

    @ParameterizedTest
    @CsvSource({"784, 28, 28", "16, 4, 4", "12, 3, 4", "7, 1, 7", "1, 1, 1", "30, 5, 6"})
    void tilesAreAsSquareAsTheInputSizeAllows(int inputs, int rows, int columns) {
        assertArrayEquals(new int[] {rows, columns}, WeightTiles.tileShape(inputs));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, -0.5, 0, 0.5, 1})
    void theDivergingColoursGoFromBlueThroughWhiteToRed(double value) {
        int rgb = WeightTiles.diverging(value);
        int r = (rgb >> 16) & 0xFF;
        int b = rgb & 0xFF;
        if (value == 0) {
            assertEquals(0xFFFFFF, rgb);
        } else if (value < 0) {
            assertTrue(b > r, Integer.toHexString(rgb));
        } else {
            assertTrue(r > b, Integer.toHexString(rgb));
        }
    }

    @Test
    void confusionCountsAddUpPerCell() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of("cat", "dog"));
        matrix.add(0, 0);
        matrix.add(0, 1);
        matrix.add(1, 1);

        List<String> lines = new ArrayList<>(matrix.text().lines().toList());
        assertEquals(1, matrix.count(0, 1));
        assertEquals("true \\ predicted  cat  dog   right", lines.get(1));
        assertEquals("cat                 1    1   50.0%", lines.get(2));
        assertEquals("dog                 0    1  100.0%", lines.get(3));
    }
}
