package backprop.web;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.train.MiniBatchSgd;
import backprop.train.TrainingOptions;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SnapshottingEngineTest {
    static final Dataset DATA = TestServer.tinyData().training().first(200);
    static final TrainingOptions OPTIONS = new TrainingOptions(2, 10, 0.5, 0.0, true, 7);

    static Network start() {
        return Network.initialize(new int[] {784, 12, 10}, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(3));
    }

    @Test
    void snapshotsMidEpochLeaveTheTrainedWeightsAsTheyWouldBe() {
        List<Network> snapshots = new ArrayList<>();

        Network watched = new MiniBatchSgd(OPTIONS).train(start(), DATA, null,
                new SnapshottingEngine(Engine.FAST, snapshots::add, 0)).network();
        Network plain = new MiniBatchSgd(OPTIONS).train(start(), DATA, null, Engine.FAST).network();

        assertEquals(plain, watched);
        // An interval of 0: one after every mini-batch, each the network after that step.
        assertEquals(2 * 20, snapshots.size());
        assertNotEquals(snapshots.getFirst(), snapshots.get(1));
        assertEquals(plain, snapshots.getLast());
    }

    @Test
    void noSnapshotsWithinTheInterval() {
        List<Network> snapshots = new ArrayList<>();

        new MiniBatchSgd(OPTIONS).train(start(), DATA, null,
                new SnapshottingEngine(Engine.FAST, snapshots::add, 3_600_000_000_000L));

        assertEquals(0, snapshots.size());
    }
}
