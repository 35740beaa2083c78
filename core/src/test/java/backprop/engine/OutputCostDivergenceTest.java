package backprop.engine;

import backprop.data.Dataset;
import backprop.nn.Activation;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.reference.ReferenceBackprop;
import backprop.train.TrainingOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a learning rate large enough to drive outputs into saturation (η 3.0, N(0,1) weights, as
 * {@code backprop train --output softmax --cost cross-entropy --eta 3.0} ran), the fast engine stays
 * finite wherever the double-precision reference does, for every cost and output activation that
 * training accepts. Float outputs saturate to exactly 0 or 1 long before double ones do, and
 * cross-entropy on softmax, taken through the reference's form, then divided by zero.
 */
class OutputCostDivergenceTest {
    private static final int STEPS = 200;
    private static final int BATCH = 10;

    /** Every pair of cost and output activation that training accepts: the logarithmic costs need outputs in (0, 1). */
    static Stream<Arguments> costsAndOutputs() {
        return Arrays.stream(Cost.values()).flatMap(cost -> Arrays.stream(Activation.values())
                .filter(output -> cost == Cost.QUADRATIC || output == Activation.SIGMOID || output == Activation.SOFTMAX)
                .map(output -> Arguments.of(cost, output)));
    }

    @ParameterizedTest(name = "{0} cost, {1} output")
    @MethodSource("costsAndOutputs")
    void theFastEngineDivergesOnlyWhereTheReferenceDoes(Cost cost, Activation output) {
        Network start = Network.initialize(new int[] {196, 30, 10}, Activation.SIGMOID, output, cost,
                Initializer.LARGE, new SeededRandom(21));
        Dataset data = StrokeImages.create(STEPS * BATCH, 14, 10, 22);
        TrainingOptions options = new TrainingOptions(1, BATCH, 3.0, 0.0, false, 1);
        int[] order = new int[data.size()];
        Arrays.setAll(order, i -> i);
        ReferenceBackprop reference = new ReferenceBackprop(start, data, options, ReferenceBackprop.Form.MATRIX);
        for (String kernels : new String[] {"vector", "scalar"}) {
            Kernels chosen = kernels.equals("scalar") ? new ScalarKernels() : Kernels.best();
            try (FastBackprop fast = new FastBackprop(start, data, options, 1, chosen)) {
                for (int step = 0; step < STEPS; step++) {
                    fast.step(order, step * BATCH, (step + 1) * BATCH);
                    if (kernels.equals("vector")) {
                        reference.step(order, step * BATCH, (step + 1) * BATCH);
                    }
                }
                assertTrue(fast.parametersFinite() || !reference.parametersFinite(),
                        kernels + " kernels: the fast engine diverged, the reference did not");
            }
        }
    }
}
