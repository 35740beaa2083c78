package backprop.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training from the page over HTTP: start, status, events, stop, one job at a time, predictions meanwhile. */
class TrainingApiTest {
    /** A few epochs of 784,30,10 on 500 random images: well under a second. */
    static final String SHORT_JOB = "{\"layers\": [784, 30, 10], \"eta\": 3.0, \"batchSize\": 10, \"epochs\": 3, "
            + "\"cost\": \"cross-entropy\", \"trainingExamples\": 500}";
    /** Runs until stopped, as far as a test is concerned: 100 epochs of 2,000 images. */
    static final String LONG_JOB = "{\"layers\": [784, 30, 10], \"eta\": 0.5, \"batchSize\": 10, \"epochs\": 100}";

    @TempDir
    Path directory;
    TestServer server;
    Api api;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.withoutModel(directory);
        api = server.api;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    JsonNode awaitFinished() throws InterruptedException {
        return awaitFinished(api);
    }

    static JsonNode awaitFinished(Api api) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = api.get("/api/train").json();
            if (!status.get("running").asBoolean()) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the job did not finish: " + api.get("/api/train").text());
    }

    @Test
    void beforeAnyJobTheStatusIsIdle() {
        JsonNode status = api.get("/api/train").json();
        assertEquals("idle", status.get("state").asText());
        assertFalse(status.get("running").asBoolean());
    }

    @Test
    void aJobTrainsEpochByEpochAndItsNetworkIsServed() throws Exception {
        Api.Response started = api.postJson("/api/train", SHORT_JOB);
        assertEquals(202, started.status(), started.text());
        assertEquals(1, started.json().get("job").asInt());
        assertEquals("784,30,10", started.json().get("settings").get("layers").asText());

        JsonNode finished = awaitFinished();

        assertEquals("finished", finished.get("state").asText());
        assertEquals(3, finished.get("epochsDone").asInt());
        assertEquals(500, finished.get("trainingExamples").asInt());
        JsonNode last = finished.get("history").get(2);
        assertEquals(2, last.get("epoch").asInt());
        assertTrue(last.get("trainingCost").asDouble() > 0);
        assertTrue(last.get("evaluationCost").asDouble() > 0);
        assertEquals(100, last.get("evaluationSize").asInt());
        JsonNode model = api.get("/api/model").json();
        assertTrue(model.get("loaded").asBoolean());
        assertEquals("trained on the page (job 1, epoch 3 of 3)", model.get("source").asText());
        assertEquals(200, api.postJson("/api/predict", Api.pixelsJson(0.1, 784)).status());
    }

    @Test
    void eventsStreamTheJobAsServerSentEvents() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.base.resolve("/api/train/events")).GET().build();
        HttpResponse<InputStream> stream = api.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        List<JsonNode> epochs = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                    events.add(event);
                    if (event.equals("status") && events.size() == 1) {
                        assertEquals(202, api.postJson("/api/train", SHORT_JOB).status());
                    }
                } else if (line.startsWith("data: ")) {
                    JsonNode data = Api.JSON.readTree(line.substring("data: ".length()));
                    if ("epoch".equals(event)) {
                        epochs.add(data);
                    }
                    if ("finished".equals(event)) {
                        assertEquals("finished", data.get("state").asText());
                        break;
                    }
                }
            }
        }
        assertEquals("status", events.getFirst());
        assertEquals("started", events.get(1));
        assertTrue(events.contains("progress"), events.toString());
        assertEquals("finished", events.getLast());
        assertEquals(3, epochs.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(e, epochs.get(e).get("result").get("epoch").asInt());
            assertEquals(1, epochs.get(e).get("job").asInt());
            assertTrue(epochs.get(e).get("result").get("evaluationAccuracy").isNumber());
        }
    }

    @Test
    void onlyOneJobRunsAtATimeAndStopEndsIt() throws Exception {
        assertEquals(202, api.postJson("/api/train", LONG_JOB).status());

        String refusal = api.postJson("/api/train", SHORT_JOB).error(409);
        assertTrue(refusal.startsWith("a training job is already running (job 1, epoch "), refusal);
        assertTrue(api.get("/api/model").json().get("training").asBoolean());

        JsonNode stopping = api.postJson("/api/train/stop", "").json();
        assertEquals(1, stopping.get("job").asInt());
        JsonNode stopped = awaitFinished();
        assertEquals("stopped", stopped.get("state").asText());
        assertEquals("stopped from the page", stopped.get("stopReason").asText());
        assertTrue(stopped.get("epochsDone").asInt() < 100);

        assertEquals("no training job is running", api.postJson("/api/train/stop", "").error(409));
        // The slot is free again.
        assertEquals(2, api.postJson("/api/train", SHORT_JOB).json().get("job").asInt());
        awaitFinished();
    }

    @Test
    void predictionsAreServedConcurrentlyWhileAJobTrains() throws Exception {
        assertEquals(202, api.postJson("/api/train", LONG_JOB).status());
        // Predictions need a model: the first epoch's network is served at its end.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!api.get("/api/model").json().get("loaded").asBoolean()) {
            assertTrue(System.nanoTime() < deadline, "no epoch finished");
            Thread.sleep(10);
        }
        String pixels = Api.pixelsJson(0.3, 784);
        byte[] seven = Drawings.sevenPng();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Callable<Integer>> work = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            boolean images = c % 2 == 0;
            work.add(() -> {
                int ok = 0;
                for (int i = 0; i < 50; i++) {
                    Api.Response r = images ? api.post("/api/predict", "image/png", seven)
                            : api.postJson("/api/predict", pixels);
                    int digit = r.json().get("digit").asInt();
                    ok += r.status() == 200 && digit >= 0 && digit <= 9 ? 1 : 0;
                }
                return ok;
            });
        }
        int ok = 0;
        for (Future<Integer> result : clients.invokeAll(work)) {
            ok += result.get();
        }
        clients.shutdown();

        assertEquals(300, ok);
        JsonNode status = api.get("/api/train").json();
        assertTrue(status.get("running").asBoolean(), "the job should still be running: " + status);
        api.postJson("/api/train/stop", "");
        awaitFinished();
    }

    @Test
    void badTrainingRequestsAreRefusedWithOneMessage() {
        assertEquals("tiny training has 784 inputs per example but the network's input layer has 100 neurons; use "
                + "'layers' 784,10",
                api.postJson("/api/train", "{\"layers\": [100, 10], \"eta\": 3, \"batchSize\": 10, \"epochs\": 1}").error(400));
        assertEquals("tiny training has 10 classes but the network's output layer has 5 neurons; use 'layers' 784,10",
                api.postJson("/api/train", "{\"layers\": [784, 5], \"eta\": 3, \"batchSize\": 10, \"epochs\": 1}").error(400));
        assertEquals("'epochs' must be at most 100 in the playground, got 1000",
                api.postJson("/api/train", "{\"layers\": [784, 10], \"eta\": 3, \"batchSize\": 10, \"epochs\": 1000}").error(400));
        assertEquals("'eta' must be a number, got a string",
                api.postJson("/api/train", "{\"layers\": [784, 10], \"eta\": \"fast\", \"batchSize\": 10, \"epochs\": 1}").error(400));
        assertTrue(api.postJson("/api/train", "{\"layers\": [784, 10], \"eta\": 3, \"batchSize\": 10, \"epochs\": 1, "
                + "\"cost\": \"hinge\"}").error(400).startsWith("'cost' 'hinge': unknown cost 'hinge'"));
        assertEquals("missing field 'batchSize'",
                api.postJson("/api/train", "{\"layers\": [784, 10], \"eta\": 3, \"epochs\": 1}").error(400));
        assertEquals("'layers' may have at most 1000 neurons in a hidden layer in the playground, got 5000",
                api.postJson("/api/train", "{\"layers\": [784, 5000, 10], \"eta\": 3, \"batchSize\": 10, \"epochs\": 1}")
                        .error(400));
        assertTrue(api.postJson("/api/train", "{\"layer\": [784, 10]}").error(400).startsWith("unknown field 'layer'"));
        assertTrue(api.postJson("/api/train", "not json").error(400).startsWith("bad JSON: "));
        assertTrue(api.post("/api/train", "text/plain", SHORT_JOB.getBytes()).error(415).contains("application/json"));
        assertEquals("GET is not allowed on /api/train/stop; use POST", api.get("/api/train/stop").error(405));
        assertEquals("idle", api.get("/api/train").json().get("state").asText());
    }

    @Test
    void aJobOverTheWorkLimitIsRefusedWithTheNumbers() {
        // 100 epochs of the 2,000 examples on 784,1000,1000,1000,1000,10: 7.6e11 updates.
        String message = api.postJson("/api/train", "{\"layers\": [784, 1000, 1000, 1000, 1000, 10], \"eta\": 0.1, "
                + "\"batchSize\": 1, \"epochs\": 100}").error(400);

        assertEquals("the job is too large: 100 epochs x 2000 examples x 3798010 parameters = 7.60e+11 updates, more "
                + "than the limit of 5.00e+11 per job; use fewer epochs, fewer trainingExamples or smaller layers", message);
        assertEquals("idle", api.get("/api/train").json().get("state").asText());
    }

    @Test
    void stopEndsAJobWithinAMiniBatchNotAtTheEndOfItsEpoch() throws Exception {
        // Batch size 1 on four layers of 1,000: an epoch of the 2,000 examples takes seconds.
        HttpRequest request = HttpRequest.newBuilder(api.base.resolve("/api/train/events")).GET().build();
        HttpResponse<InputStream> stream = api.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertEquals(202, api.postJson("/api/train", "{\"layers\": [784, 1000, 1000, 1000, 1000, 10], "
                    + "\"eta\": 0.1, \"batchSize\": 1, \"epochs\": 20}").status());
            // Stop once the first epoch is truly under way: some examples done, most still to do.
            String event = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                } else if (line.startsWith("data: ") && "progress".equals(event)) {
                    JsonNode progress = Api.JSON.readTree(line.substring("data: ".length()));
                    int done = progress.get("examplesDone").asInt();
                    assertEquals(0, progress.get("epoch").asInt(), "the first epoch ended before a progress event");
                    if (done > 0 && done < progress.get("examples").asInt() / 2) {
                        break;
                    }
                }
            }
        }
        long started = System.nanoTime();

        assertEquals(200, api.postJson("/api/train/stop", "").status());
        JsonNode stopped = awaitFinished();

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("stopped", stopped.get("state").asText());
        assertEquals("stopped from the page", stopped.get("stopReason").asText());
        assertEquals(0, stopped.get("epochsDone").asInt(), "stopped within the first epoch");
        assertTrue(millis < 2000, "stopping took " + millis + " ms");
    }

    @Test
    void everyOptionOfTheCommandLineIsAcceptedAndShownInTheSettings() throws Exception {
        Api.Response started = api.postJson("/api/train", "{\"layers\": \"784,fc:20:relu,softmax:10\", "
                + "\"activation\": \"relu\", \"cost\": \"log-likelihood\", \"init\": \"he\", \"optimizer\": \"momentum\", "
                + "\"momentum\": 0.5, \"eta\": 0.05, \"batchSize\": 10, \"epochs\": 3, \"lambda\": 1, \"l1\": 0.5, "
                + "\"dropout\": 0.1, \"schedule\": \"step:1:0.5\", \"augment\": \"shift\", \"trainingExamples\": 100}");
        assertEquals(202, started.status(), started.text());
        JsonNode settings = started.json().get("settings");
        assertEquals("momentum(0.5)", settings.get("optimizer").asText());
        assertEquals("step:1:0.5", settings.get("schedule").asText());
        assertEquals("shift", settings.get("augment").asText());

        JsonNode finished = awaitFinished();

        assertEquals("finished", finished.get("state").asText(), finished.toString());
        JsonNode history = finished.get("history");
        // The step schedule halves eta after every epoch; the shifted copies make 500 examples of 100.
        assertEquals(0.05, history.get(0).get("learningRate").asDouble(), 1e-12);
        assertEquals(0.025, history.get(1).get("learningRate").asDouble(), 1e-12);
        assertEquals(0.0125, history.get(2).get("learningRate").asDouble(), 1e-12);
        assertTrue(history.get(2).get("trainingAccuracy").isNumber());
        assertTrue(history.get(2).get("examplesPerSecond").asDouble() > 0);
        assertTrue(api.get("/api/model").json().get("provenance").asText().contains("(500 examples)"));
    }

    @Test
    void theLayersLearningSpeedIsMeasuredBeforeTrainingAndAfterEachEpoch() throws Exception {
        api.postJson("/api/train", "{\"layers\": [784, 8, 8, 10], \"eta\": 0.1, \"batchSize\": 10, \"epochs\": 2, "
                + "\"cost\": \"cross-entropy\", \"trainingExamples\": 200, \"layerSpeed\": true}");

        JsonNode finished = awaitFinished();

        assertEquals(2, finished.get("startSpeed").size());
        assertEquals(2, finished.get("history").get(1).get("layerSpeed").size());
        assertTrue(finished.get("history").get(1).get("layerSpeed").get(0).asDouble() > 0);
        assertTrue(api.postJson("/api/train", SHORT_JOB).status() == 202);
        assertTrue(awaitFinished().get("history").get(0).get("layerSpeed").isNull(), "measured only when asked");
    }

    @Test
    void badOptionsAreRefusedWithOneMessage() {
        String base = "\"eta\": 3, \"batchSize\": 10, \"epochs\": 1";
        assertEquals("'schedule' 'linear' is not a schedule (expected step:EPOCHS:FACTOR, cosine or none)",
                api.postJson("/api/train", "{\"layers\": [784, 10], " + base + ", \"schedule\": \"linear\"}").error(400));
        assertEquals("'augment' may make at most 4 elastic copies in the playground, got 9",
                api.postJson("/api/train", "{\"layers\": [784, 10], " + base + ", \"augment\": \"elastic:9\"}").error(400));
        assertTrue(api.postJson("/api/train", "{\"layers\": [784, 10], " + base + ", \"optimizer\": \"lbfgs\"}")
                .error(400).startsWith("'optimizer' 'lbfgs': unknown optimizer 'lbfgs'"));
        assertTrue(api.postJson("/api/train", "{\"layers\": \"conv:20x5x5,pool:2,fc:5\", " + base + "}")
                .error(400).startsWith("tiny training has 10 classes but the network's output layer has 5 neurons"));
        assertEquals("'layers' may have at most 64 filters in a convolution in the playground, got 200",
                api.postJson("/api/train", "{\"layers\": \"conv:200x5x5,pool:2,fc:10\", " + base + "}").error(400));
        assertTrue(api.postJson("/api/train", "{\"layers\": \"conv:20x50x5,fc:10\", " + base + "}")
                .error(400).startsWith("'layers' 'conv:20x50x5,fc:10': "));
        assertEquals("'layerSpeed' must be true or false",
                api.postJson("/api/train", "{\"layers\": [784, 10], " + base + ", \"layerSpeed\": \"yes\"}").error(400));
        assertTrue(api.postJson("/api/train", "{\"layers\": 784, " + base + "}")
                .error(400).startsWith("'layers' must be a list of sizes"));
    }

    @Test
    void measuringTheLayersSpeedCountsTowardsTheWorkLimit(@TempDir Path elsewhere) throws Exception {
        // 784,30,10 has 23,860 parameters: 100 examples for one epoch are 2.4e6 updates, 200 are 4.8e6.
        try (TestServer limited = TestServer.withLimits(elsewhere, ServerLimits.defaults().withMaxTrainingWork(3_000_000))) {
            String job = "{\"layers\": [784, 30, 10], \"eta\": 3, \"batchSize\": 10, \"epochs\": 1, \"trainingExamples\": 100";

            String refused = limited.api.postJson("/api/train", job + ", \"layerSpeed\": true}").error(400);
            assertTrue(refused.startsWith("the job is too large: 1 epochs x 200 examples x 23860 parameters"), refused);
            assertEquals(202, limited.api.postJson("/api/train", job + "}").status());
            awaitFinished(limited.api);
        }
    }
}
