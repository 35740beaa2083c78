package backprop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code train} reports: lines for people, {@code --quiet}, {@code --json}, and the live bar on a terminal. */
class TrainOutputTest extends TrainingOnTinyData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> jsonLines(CliRun run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.outLines()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void quietPrintsOnlyTheFinalLineAndNothingOnStderr() {
        CliRun run = train("--quiet", "--epochs", "3");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(1, run.outLines().size(), run::toString);
        assertTrue(run.outLines().getFirst().matches("Final: \\d+ / 20 \\(\\d+\\.\\d\\d%\\); best: .* at epoch \\d; "
                + "\\d+\\.\\d{3} s per epoch"), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void quietWithoutEvaluationStillEndsWithASummaryLine() {
        CliRun run = train("--quiet", "--eval", "none").assertSuccess();

        assertEquals(1, run.outLines().size(), run::toString);
        assertTrue(run.outLines().getFirst().matches("Done: 2 epochs; \\d+\\.\\d{3} s per epoch"), run::toString);
    }

    @Test
    void quietStillReportsErrors() {
        train("--quiet", "--eta", "1e300").assertUserError("diverged", "--eta");
    }

    @Test
    void jsonPrintsOneObjectPerEpochAndASummary() throws IOException {
        CliRun run = train("--json", "--epochs", "3", "--save", temp.resolve("m.json").toString()).assertSuccess();

        List<JsonNode> lines = jsonLines(run);
        assertEquals(4, lines.size(), run::toString);
        for (int e = 0; e < 3; e++) {
            JsonNode epoch = lines.get(e);
            assertEquals("epoch", epoch.get("event").asText());
            assertEquals(e, epoch.get("epoch").asInt());
            assertTrue(epoch.get("seconds").isNumber());
            assertEquals(3.0, epoch.get("learningRate").asDouble());
            assertEquals(50, epoch.get("training").get("size").asInt());
            JsonNode evaluation = epoch.get("evaluation");
            assertEquals(20, evaluation.get("size").asInt());
            assertEquals(evaluation.get("correct").asInt() / 20.0, evaluation.get("accuracy").asDouble(), 1e-12);
            assertFalse(epoch.get("training").has("cost"), "costs only when measured");
        }
        JsonNode summary = lines.getLast();
        assertEquals("summary", summary.get("event").asText());
        assertEquals(3, summary.get("epochs").asInt());
        assertEquals(lines.get(2).get("evaluation").get("correct"), summary.get("final").get("correct"));
        assertEquals(temp.resolve("m.json").toString(), summary.get("saved").asText());
    }

    @Test
    void jsonWithMonitorHasCostsAndTrainingAccuracy() throws IOException {
        CliRun run = train("--json", "--monitor").assertSuccess();

        JsonNode epoch = jsonLines(run).getFirst();
        assertTrue(epoch.get("training").get("cost").isNumber(), run::toString);
        assertTrue(epoch.get("training").get("correct").isInt(), run::toString);
        assertTrue(epoch.get("evaluation").get("cost").isNumber(), run::toString);
    }

    @Test
    void jsonOfAValidationRunSumsUpWithTheTestResult() throws IOException {
        CliRun run = train("--json", "--eval", "validation").assertSuccess();

        JsonNode summary = jsonLines(run).getLast();
        assertEquals(20, summary.get("test").get("size").asInt(), run::toString);
        assertEquals(10, summary.get("final").get("size").asInt(), run::toString);
    }

    @Test
    void quietAndJsonTogetherAreAUserErrorBeforeLoadingData() {
        CliRun run = train("--quiet", "--json").assertUserError("--quiet", "--json");
        assertEquals(1, run.errLines().size(), run::toString);
    }

    @Test
    void outputThatIsNotATerminalGetsNoBar() {
        CliRun run = train().assertSuccess();

        assertFalse(run.out().contains("\r") || run.err().contains("\r"), run::toString);
        assertFalse(run.out().contains("examples/s"), run::toString);
    }

    @Test
    void onATerminalTheBarIsDrawnAndClearedAndTheEpochLinesStayAsTheyAre() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        int exit;
        try (PrintStream bar = new PrintStream(terminal, true, StandardCharsets.UTF_8)) {
            exit = Main.run(new String[] {"train", "--data", data(), "--layers", "16,8,10", "--epochs", "2",
                    "--batch", "1"}, new PrintWriter(out), new PrintWriter(new StringWriter()),
                    new Main.Session(bar, false));
        }

        assertEquals(0, exit, out::toString);
        List<String> epochs = out.toString().lines().filter(line -> line.startsWith("Epoch ")).toList();
        assertEquals(2, epochs.size(), out::toString);
        epochs.forEach(line -> assertTrue(TrainCommandTest.EPOCH_LINE.matcher(line).matches(), line));
        String drawn = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains("Epoch 0") && drawn.contains("Epoch 1"), drawn);
        assertFalse(drawn.contains("\n"), "the bar stays on one line and is cleared: " + drawn);
        assertTrue(drawn.endsWith("\r"), "the cursor goes back for the epoch line: " + drawn);
    }

    @Test
    void quietAndJsonDrawNoBarEvenOnATerminal() {
        for (String voice : List.of("--quiet", "--json")) {
            ByteArrayOutputStream terminal = new ByteArrayOutputStream();
            try (PrintStream bar = new PrintStream(terminal, true, StandardCharsets.UTF_8)) {
                Main.run(new String[] {"train", "--data", data(), "--layers", "16,8,10", "--epochs", "1", voice},
                        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                        new Main.Session(bar, false));
            }
            assertEquals(0, terminal.size(), voice);
        }
    }
}
