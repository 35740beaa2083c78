package backprop.nn;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnsembleTest {
    @Test
    void theMajorityWins() {
        assertEquals(2, Ensemble.vote(new double[][] {
                {0.9, 0.0, 0.1}, {0.1, 0.0, 0.8}, {0.0, 0.1, 0.7}}));
    }

    @Test
    void aTieGoesToTheLargerSummedOutputWhateverTheOrder() {
        double[] forZero = {0.6, 0.5, 0.0};
        double[] forOne = {0.1, 0.9, 0.0};
        // Two votes each way: class 1's outputs sum to 1.4+1.4, class 0's to 0.7+0.7.
        assertEquals(1, Ensemble.vote(new double[][] {forZero, forOne, forZero, forOne}));
        assertEquals(1, Ensemble.vote(new double[][] {forOne, forZero, forOne, forZero}));
    }

    @Test
    void oneNetworkVotesAsItPredicts() {
        Network network = Network.initialize(new int[] {4, 5, 3}, Cost.QUADRATIC, Initializer.LARGE,
                new SeededRandom(3));
        Ensemble alone = new Ensemble(List.of(network));
        double[] x = {0.1, 0.9, 0.3, 0.0};
        assertEquals(network.predict(x), alone.predict(x));
    }

    @Test
    void networksOfDifferentShapesCannotVoteTogether() {
        Network a = Network.initialize(new int[] {4, 3}, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(1));
        Network b = Network.initialize(new int[] {5, 3}, Cost.QUADRATIC, Initializer.LARGE, new SeededRandom(1));
        assertThrows(IllegalArgumentException.class, () -> new Ensemble(List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> new Ensemble(List.of()));
    }
}
