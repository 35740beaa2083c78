package backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backprop show}: one image in the terminal, a model's opinion of it, and a PNG of it. */
class ShowCommandTest {
    @TempDir
    Path temp;

    private String tiny() {
        return IdxFiles.tiny(temp.resolve("tiny")).toString();
    }

    /** The lines of the bordered box: top border, one line per image row, bottom border. */
    private static List<String> box(CliRun run, int rows, int columns) {
        List<String> lines = run.outLines();
        String border = "+" + "-".repeat(2 * columns) + "+";
        assertEquals(border, lines.get(0), run::toString);
        assertEquals(border, lines.get(rows + 1), run::toString);
        for (String row : lines.subList(1, rows + 1)) {
            assertTrue(row.matches("\\|[ ░▒▓█]{" + 2 * columns + "}\\|"), () -> "'" + row + "'\n" + run);
        }
        return lines.subList(0, rows + 2);
    }

    @Test
    void showDrawsA28By28ImageInABorderedBoxOf28LinesAndPrintsTheLabel() {
        String mnistSized = IdxFiles.mnistLayout(temp.resolve("digits"), 60, 20, 28, 28, false).toString();

        CliRun run = CliRun.run("show", "--data", mnistSized, "--index", "3").assertSuccess();

        box(run, 28, 28);
        assertEquals("digits test #3, label: " + IdxFiles.label(3), run.outLines().get(30));
        assertEquals(31, run.outLines().size(), run::toString);
    }

    @Test
    void showDrawsASmallImageAsTallAsItIs() {
        CliRun run = CliRun.run("show", "--data", tiny(), "--index", "3").assertSuccess();

        box(run, 4, 4);
        assertEquals("tiny test #3, label: 3", run.outLines().get(6));
    }

    @Test
    void showDrawsFullInkAsFullBlocksAndNoInkAsSpaces() {
        CliRun run = CliRun.run("show", "--data", tiny(), "--index", "3").assertSuccess();

        // Image 3 has full ink on pixels 3 and 13: row 0 column 3 and row 3 column 1.
        List<String> rows = box(run, 4, 4).subList(1, 5);
        assertEquals("██", rows.get(0).substring(1 + 2 * 3, 1 + 2 * 4), run::toString);
        assertEquals("██", rows.get(3).substring(1 + 2, 1 + 2 * 2), run::toString);
    }

    @Test
    void showTakesTheExampleFromTheRequestedSplit() {
        CliRun run = CliRun.run("show", "--data", tiny(), "--index", "2", "--split", "validation").assertSuccess();

        // Validation is training file examples 50..59, so its example 2 is file example 52.
        assertEquals("tiny validation #2, label: " + IdxFiles.label(52), run.outLines().get(6));
    }

    @Test
    void showWithAModelPrintsItsOutputsAndPrediction() {
        String data = tiny();
        Path model = temp.resolve("model.json");
        CliRun.run("train", "--data", data, "--layers", "16,20,10", "--epochs", "30", "--batch", "5", "--init", "scaled",
                "--engine", "reference", "--save", model.toString()).assertSuccess();

        CliRun run = CliRun.run("show", "--data", data, "--index", "3", "--model", model.toString()).assertSuccess();

        List<String> lines = run.outLines();
        String output = lines.stream().filter(l -> l.startsWith("Output:")).findFirst().orElseThrow();
        assertTrue(output.matches("Output:(  \\d: \\d\\.\\d\\d){10}"), () -> "'" + output + "'\n" + run);
        assertTrue(lines.getLast().matches("Prediction: \\d \\((right|wrong)\\)"), run::toString);
        assertEquals("Prediction: 3 (right)", lines.getLast(), "the trained model gets the tiny digit right");
    }

    @Test
    void showWritesAPngScaledByScale() throws IOException {
        Path png = temp.resolve("pictures/three.png");

        CliRun run = CliRun.run("show", "--data", tiny(), "--index", "3", "--png", png.toString(), "--scale", "3")
                .assertSuccess();

        assertEquals("Wrote " + png, run.outLines().getLast());
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG ImageIO can read");
        assertEquals(12, image.getWidth());
        assertEquals(12, image.getHeight());
        // Dark ink on white: pixel 3 (row 0, column 3) has full ink.
        assertEquals(0, image.getRaster().getSample(3 * 3 + 1, 1, 0));
    }

    @Test
    void showWritesAPngTenTimesTheImageSizeByDefault() throws IOException {
        String mnistSized = IdxFiles.mnistLayout(temp.resolve("digits"), 12, 6, 28, 28, false).toString();
        Path png = temp.resolve("digit.png");

        CliRun.run("show", "--data", mnistSized, "--index", "0", "--png", png.toString()).assertSuccess();

        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(280, image.getWidth());
        assertEquals(280, image.getHeight());
        try (var files = Files.list(temp)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".backprop-")).toList(),
                    "no temporary file left behind");
        }
    }
}
