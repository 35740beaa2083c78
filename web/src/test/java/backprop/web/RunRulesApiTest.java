package backprop.web;

import backprop.nn.Shape;
import backprop.run.Setting;
import backprop.run.TrainingRun;
import backprop.testing.RefusedRuns;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code POST /api/train} follows {@code backprop train}'s rules ({@code TrainingRun}), naming the
 * fields where the command line names flags; beyond them only the playground's own limits refuse a run.
 */
class RunRulesApiTest {
    /** What the page always sends, where a case does not say. */
    static final Map<Setting, String> REQUIRED = Map.of(Setting.LAYERS, "784,30,10", Setting.EPOCHS, "1",
            Setting.BATCH, "10", Setting.ETA, "3");

    @TempDir
    static Path directory;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.withoutModel(directory);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<RefusedRuns.Case> refusedRuns() {
        return RefusedRuns.all();
    }

    /** The settings as the page sends them: numbers as JSON numbers, the rest as strings. */
    static String json(Map<Setting, String> settings) {
        SequencedMap<Setting, String> all = new LinkedHashMap<>(settings);
        REQUIRED.forEach(all::putIfAbsent);
        return all.entrySet().stream().map(e -> "\"" + e.getKey().field() + "\": " + (isNumber(e.getValue())
                ? e.getValue() : "\"" + e.getValue() + "\"")).collect(Collectors.joining(", ", "{", "}"));
    }

    private static boolean isNumber(String value) {
        return value.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    }

    @ParameterizedTest
    @MethodSource("refusedRuns")
    void aRunBreakingARuleIsRefusedWithTheCommandLinesMessageNamingTheFields(RefusedRuns.Case refused) {
        String error = server.api.postJson("/api/train", json(refused.settings())).error(400);

        assertEquals(refused.message(PlaygroundRun::named), error);
    }

    @Test
    void theMessageIsTheCommandLinesWithFieldsForFlags() {
        RefusedRuns.Case eta = RefusedRuns.all().getFirst();

        assertEquals("--eta must be a positive number, got -1", eta.message(Setting::flag));
        assertEquals("'eta' must be a positive number, got -1",
                server.api.postJson("/api/train", json(eta.settings())).error(400));
    }

    /** Runs the page could not ask for before it followed {@code TrainingRun}'s rules, all within its limits. */
    static List<Map<Setting, String>> acceptedRuns() {
        return List.of(
                Map.of(Setting.ETA, "1000"),
                Map.of(Setting.DROPOUT, "0.95"),
                Map.of(Setting.LAMBDA, "5000", Setting.L1, "2000"),
                Map.of(Setting.OPTIMIZER, "nesterov", Setting.MOMENTUM, "0.9999"),
                Map.of(Setting.SCHEDULE, "step:2:20"),
                Map.of(Setting.AUGMENT, "elastic"),
                Map.of(Setting.LAYERS, "784,30,30,30,30,30,10"),
                Map.of(Setting.TRAIN_SIZE, "1000000"),
                Map.of(Setting.EPOCHS, "0"));
    }

    @ParameterizedTest
    @MethodSource("acceptedRuns")
    void aRunTheCommandLineAcceptsIsAcceptedWithinThePlaygroundsLimits(Map<Setting, String> settings) throws Exception {
        TrainingRun run = TrainingRun.defaults();
        for (Map.Entry<Setting, String> setting : settings.entrySet()) {
            run = run.with(setting.getKey(), setting.getValue());
        }
        run.check(false);
        run.initialNetwork(Shape.vector(784));
        SequencedMap<Setting, String> small = new LinkedHashMap<>(settings);
        small.putIfAbsent(Setting.TRAIN_SIZE, "50");

        Api.Response started = server.api.postJson("/api/train", json(small));

        assertEquals(202, started.status(), started.text());
        JsonNode finished = TrainingApiTest.awaitFinished(server.api);
        assertEquals(started.json().get("job").asInt(), finished.get("job").asInt());
    }

    @Test
    void theFormAsThePageSendsItIsAccepted() throws Exception {
        // app.js's trainingRequest for the form as it loads, but fewer examples.
        Api.Response started = server.api.postJson("/api/train", "{\"layers\": [784, 30, 10], \"activation\": "
                + "\"sigmoid\", \"cost\": \"quadratic\", \"init\": \"scaled\", \"optimizer\": \"sgd\", \"eta\": 3, "
                + "\"batchSize\": 10, \"epochs\": 1, \"lambda\": 0, \"l1\": 0, \"dropout\": 0, \"schedule\": \"none\", "
                + "\"augment\": \"none\", \"seed\": 1, \"trainingExamples\": 50}");

        assertEquals(202, started.status(), started.text());
        assertEquals("none", started.json().get("settings").get("schedule").asText());
        assertEquals("scaled", started.json().get("settings").get("init").asText());
        TrainingApiTest.awaitFinished(server.api);
    }

    @Test
    void aSettingOfTheCommandLineThePageDoesNotOfferNamesItsFlag() {
        assertEquals("'earlyStop' is not offered by the playground; use backprop train --early-stop",
                server.api.postJson("/api/train", "{\"earlyStop\": 3}").error(400));
    }

    @Test
    void thePlaygroundsLimitsAreItsOwnAndSaySo() {
        assertEquals("'batchSize' must be at most 10000 in the playground, got 20000",
                server.api.postJson("/api/train", json(Map.of(Setting.BATCH, "20000"))).error(400));
        assertEquals("'layers' may have at most 8 layers in the playground, got 9",
                server.api.postJson("/api/train", json(Map.of(Setting.LAYERS, "784,9,9,9,9,9,9,9,9,10"))).error(400));
        assertEquals("'layers' must end with 10 neurons in the playground, one per class for the page to show, got 12",
                server.api.postJson("/api/train", json(Map.of(Setting.LAYERS, "784,30,12"))).error(400));
    }
}
