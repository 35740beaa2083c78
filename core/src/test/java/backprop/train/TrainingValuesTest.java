package backprop.train;

import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value types of training: options, optimizers, schedules, results and checkpoints, at their edges. */
class TrainingValuesTest {
    private static final Network NETWORK = Network.initialize(new int[] {2, 2}, Activation.SIGMOID, Activation.SIGMOID,
            Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(1));

    @Test
    void eachWithReplacesOneOptionAndKeepsTheRest() {
        TrainingOptions base = new TrainingOptions(7, 3, 0.5, 0.25, 0.125, Optimizer.momentum(0.8), 0.3, false, 42);

        assertEquals(new TrainingOptions(9, 3, 0.5, 0.25, 0.125, Optimizer.momentum(0.8), 0.3, false, 42), base.withEpochs(9));
        assertEquals(new TrainingOptions(7, 5, 0.5, 0.25, 0.125, Optimizer.momentum(0.8), 0.3, false, 42), base.withMiniBatchSize(5));
        assertEquals(new TrainingOptions(7, 3, 0.1, 0.25, 0.125, Optimizer.momentum(0.8), 0.3, false, 42), base.withLearningRate(0.1));
        assertEquals(new TrainingOptions(7, 3, 0.5, 2.0, 0.125, Optimizer.momentum(0.8), 0.3, false, 42), base.withLambda(2.0));
        assertEquals(new TrainingOptions(7, 3, 0.5, 0.25, 0.0, Optimizer.momentum(0.8), 0.3, false, 42), base.withL1(0.0));
        assertEquals(new TrainingOptions(7, 3, 0.5, 0.25, 0.125, Optimizer.adam(), 0.3, false, 42), base.withOptimizer(Optimizer.adam()));
        assertEquals(new TrainingOptions(7, 3, 0.5, 0.25, 0.125, Optimizer.momentum(0.8), 0.0, false, 42), base.withDropout(0.0));
        assertEquals(new TrainingOptions(7, 3, 0.5, 0.25, 0.125, Optimizer.momentum(0.8), 0.3, true, 42), base.withShuffle(true));
    }

    @Test
    void theBooksRunIsThirtyEpochsOfTenAtEtaThree() {
        TrainingOptions book = TrainingOptions.book();

        assertEquals(new TrainingOptions(30, 10, 3.0, 0.0, true, 1L), book);
        assertTrue(book.isPlainSgd());
    }

    @Test
    void onlySgdWithoutL1OrDropoutIsPlainSgd() {
        TrainingOptions plain = new TrainingOptions(1, 10, 3.0, 5.0, true, 1);

        assertTrue(plain.isPlainSgd(), "L2 is part of network2.py's rule");
        assertFalse(plain.withL1(0.1).isPlainSgd());
        assertFalse(plain.withDropout(0.5).isPlainSgd());
        assertFalse(plain.withOptimizer(Optimizer.momentum(0.9)).isPlainSgd());
        assertFalse(plain.withOptimizer(Optimizer.adam()).isPlainSgd());
    }

    @Test
    void optionsAtTheEdgesOfTheirRanges() {
        assertDoesNotThrow(() -> new TrainingOptions(0, 1, Double.MIN_VALUE, 0, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(-1, 1, 1, 0, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(1, 0, 1, 0, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(1, 1, 0, 0, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(1, 1, 1, -0.001, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(1, 1, 1, 0, -0.001, Optimizer.sgd(), 0, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(1, 1, 1, 0, 0, Optimizer.sgd(), 1.0, true, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(1, 1, 1, 0, 0, Optimizer.sgd(), -0.001, true, 1));
        assertDoesNotThrow(() -> new TrainingOptions(1, 1, 1, 0, 0, Optimizer.sgd(), 0.999, true, 1));
    }

    @Test
    void optimizerParametersAtTheEdgesOfTheirRanges() {
        assertDoesNotThrow(() -> Optimizer.momentum(0));
        assertDoesNotThrow(() -> Optimizer.momentum(0.999));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.momentum(1));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.nesterov(-0.001));
        assertDoesNotThrow(() -> Optimizer.adam(0, 0, Double.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(1, 0.5, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(0.5, 1, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(-0.1, 0.5, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(0.5, -0.1, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(0.9, 0.999, 0));
    }

    @Test
    void anOptimizerDescribesItselfAsItsFlagsWouldRecreateIt() {
        assertEquals("sgd", Optimizer.sgd().describe());
        assertEquals("momentum(0.8)", Optimizer.momentum(0.8).describe());
        assertEquals("nesterov(0.95)", Optimizer.nesterov(0.95).describe());
        assertEquals("adam", Optimizer.adam().describe());
        assertEquals("adam(0.8, 0.999, 1.0E-8)", Optimizer.adam(0.8, 0.999, 1e-8).describe());
        assertEquals("adam(0.9, 0.99, 1.0E-8)", Optimizer.adam(0.9, 0.99, 1e-8).describe());
        assertEquals("adam(0.9, 0.999, 1.0E-7)", Optimizer.adam(0.9, 0.999, 1e-7).describe());
    }

    @Test
    void accuraciesAreSharesAndAbsentWithoutCountsOrExamples() {
        EpochResult measured = new EpochResult(0, 1.0, 0.5, OptionalDouble.of(0.2), OptionalInt.of(30), 40,
                OptionalDouble.of(0.3), OptionalInt.of(9), 12);
        EpochResult none = new EpochResult(0, 1.0, 0.5, OptionalDouble.empty(), OptionalInt.empty(), 40,
                OptionalDouble.empty(), OptionalInt.empty(), 12);
        EpochResult empty = new EpochResult(0, 1.0, 0.5, OptionalDouble.empty(), OptionalInt.of(0), 0,
                OptionalDouble.empty(), OptionalInt.of(0), 0);

        assertEquals(OptionalDouble.of(0.75), measured.trainingAccuracy());
        assertEquals(OptionalDouble.of(0.75), measured.evaluationAccuracy());
        assertEquals(OptionalDouble.empty(), none.trainingAccuracy());
        assertEquals(OptionalDouble.empty(), none.evaluationAccuracy());
        assertEquals(OptionalDouble.empty(), empty.trainingAccuracy());
        assertEquals(OptionalDouble.empty(), empty.evaluationAccuracy());
        assertEquals(0.25, new Evaluation(8, 2, Double.NaN).accuracy());
        assertEquals(0.0, new Evaluation(0, 0, Double.NaN).accuracy());
    }

    @Test
    void schedulesKeepTheirSettingsAndRefuseTheirEdges() {
        assertEquals(4, new StepSchedule(4, 0.5).everyEpochs());
        assertEquals(0.5, new StepSchedule(4, 0.5).factor());
        assertDoesNotThrow(() -> new StepSchedule(1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new StepSchedule(0, 0.5));
        CosineSchedule cosine = new CosineSchedule(1, 0.01);
        assertEquals(1, cosine.epochs());
        assertEquals(0.01, cosine.minimumLearningRate());
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0, 0.01));
        assertDoesNotThrow(() -> cosine.checkInitialLearningRate(0.01));
        assertThrows(IllegalArgumentException.class, () -> cosine.checkInitialLearningRate(0.0099));
        assertEquals(0.25, new PlateauHalving(3, 0.25).minimumFactor());
        assertEquals(3, new PlateauHalving(3, 0.25).patience());
        assertDoesNotThrow(() -> new PlateauHalving(1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new PlateauHalving(1, 1.001));
        assertThrows(IllegalArgumentException.class, () -> new PlateauHalving(1, 0));
    }

    @Test
    void aCheckpointIsMidEpochOnlyAfterSomeBatchesOfIt() {
        Checkpoint start = Checkpoint.start(NETWORK, 0.5);
        Checkpoint inside = new Checkpoint(NETWORK, OptimizerState.initial(), 0, 1, 0.5, List.of());

        assertFalse(start.midEpoch());
        assertTrue(inside.midEpoch());
        assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(NETWORK, OptimizerState.initial(), -1, 0, 0.5, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(NETWORK, OptimizerState.initial(), 0, -1, 0.5, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(NETWORK, OptimizerState.initial(), 0, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(NETWORK, OptimizerState.initial(), 2, 0,
                0.5, List.of(), new BestEpoch(2, 5, NETWORK)));
        assertDoesNotThrow(() -> new Checkpoint(NETWORK, OptimizerState.initial(), 2, 0, 0.5, List.of(),
                new BestEpoch(1, 5, NETWORK)));
        assertDoesNotThrow(() -> new BestEpoch(0, 0, NETWORK));
        assertThrows(IllegalArgumentException.class, () -> new BestEpoch(-1, 0, NETWORK));
        assertThrows(IllegalArgumentException.class, () -> new BestEpoch(0, -1, NETWORK));
    }

    @Test
    void momentsHaveTheSameShapeOnlyWhenEveryTensorMatches() {
        double[][][] a = {{new double[3], new double[2]}, {new double[4]}};

        assertTrue(OptimizerState.sameShape(a, new double[][][] {{new double[3], new double[2]}, {new double[4]}}));
        assertFalse(OptimizerState.sameShape(a, new double[][][] {{new double[3], new double[2]}}));
        assertFalse(OptimizerState.sameShape(a, new double[][][] {{new double[3]}, {new double[4]}}));
        assertFalse(OptimizerState.sameShape(a, new double[][][] {{new double[3], new double[2]}, {new double[5]}}));
    }
}
