package backprop.train;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.io.ModelFile;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.testing.TinyData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeepBestTest {
    private final Dataset all = TinyData.prototypes("toy", 500, 5, 3, 7);
    private final Dataset training = all.slice(0, 300);
    private final Dataset evaluation = all.slice(300, 500);
    // A learning rate high enough that the evaluation accuracy goes up and down from epoch to epoch.
    private final TrainingOptions options = new TrainingOptions(12, 10, 12.0, 0.0, true, 3);

    private static Network start() {
        return Network.initialize(new int[] {5, 8, 3}, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(5));
    }

    /** Every epoch's network, as the run had it when the epoch ended. */
    private static final class Recorder implements TrainingListener {
        final List<Network> networks = new ArrayList<>();
        final List<Integer> correct = new ArrayList<>();

        @Override
        public void epochFinished(EpochResult result, TrainingControl control) {
            networks.add(control.network());
            correct.add(result.evaluationCorrect().getAsInt());
        }
    }

    private static int lastBest(List<Integer> correct) {
        int best = 0;
        for (int e = 1; e < correct.size(); e++) {
            if (correct.get(e) >= correct.get(best)) {
                best = e;
            }
        }
        return best;
    }

    @Test
    void theRunEndsWithTheNetworkOfItsBestEvaluationEpoch() {
        Recorder recorder = new Recorder();
        TrainingResult result = new MiniBatchSgd(options, Monitor.evaluationAccuracyOnly(), List.of(recorder), true)
                .train(start(), training, evaluation, Engine.REFERENCE);

        int best = lastBest(recorder.correct);
        assertNotEquals(recorder.correct.size() - 1, best, "the test needs a run whose last epoch is not its best: "
                + recorder.correct);
        assertEquals(recorder.networks.get(best), result.network());
        assertEquals(best, result.checkpoint().best().epoch());
        assertEquals(recorder.correct.get(best), result.checkpoint().best().correct());
        // Training would go on from the last epoch, not the best.
        assertEquals(recorder.networks.getLast(), result.checkpoint().network());
    }

    @Test
    void withoutKeepBestTheRunEndsWithItsLastEpoch() {
        Recorder recorder = new Recorder();
        TrainingResult result = new MiniBatchSgd(options, Monitor.evaluationAccuracyOnly(), List.of(recorder))
                .train(start(), training, evaluation, Engine.REFERENCE);
        assertEquals(recorder.networks.getLast(), result.network());
        assertNull(result.checkpoint().best());
    }

    @Test
    void aResumedRunKeepsTheBestEpochItHadSeen(@TempDir Path dir) throws IOException {
        TrainingResult straight = new MiniBatchSgd(options, Monitor.evaluationAccuracyOnly(), List.of(), true)
                .train(start(), training, evaluation, Engine.REFERENCE);

        TrainingOptions firstPart = new TrainingOptions(5, 10, 12.0, 0.0, true, 3);
        TrainingResult part = new MiniBatchSgd(firstPart, Monitor.evaluationAccuracyOnly(), List.of(), true)
                .train(start(), training, evaluation, Engine.REFERENCE);
        Path file = dir.resolve("checkpoint.json");
        ModelFile.saveCheckpoint(part.checkpoint(), null, List.of("--keep-best"), file);
        Checkpoint loaded = ModelFile.loadCheckpoint(file).orElseThrow().checkpoint();
        assertEquals(part.checkpoint().best().epoch(), loaded.best().epoch());
        assertEquals(part.checkpoint().best().network(), loaded.best().network());

        TrainingResult resumed = new MiniBatchSgd(options, Monitor.evaluationAccuracyOnly(), List.of(), true)
                .resume(loaded, training, evaluation, Engine.REFERENCE);
        assertEquals(straight.checkpoint().best().epoch(), resumed.checkpoint().best().epoch());
        assertEquals(straight.network(), resumed.network());
    }

    @Test
    void keepingTheBestNeedsEvaluationData() {
        MiniBatchSgd sgd = new MiniBatchSgd(options, Monitor.evaluationAccuracyOnly(), List.of(), true);
        assertThrows(IllegalArgumentException.class, () -> sgd.train(start(), training, null, Engine.REFERENCE));
        assertThrows(IllegalArgumentException.class,
                () -> new MiniBatchSgd(options, Monitor.none(), List.of(), true));
    }
}
