package backprop.engine;

import backprop.nn.Activation;
import backprop.nn.Cost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FloatLayersTest {
    @Test
    void errorsTooSmallForANormalFloatAreZero() {
        // Saturated sigmoid outputs: σ'(z) = a(1-a) is about a, and 0.5 * 1e-38 is subnormal.
        float[] a = {1e-38f, 1e-30f, 0.5f};
        float[] g = {0.5f, 0.5f, 0.5f};
        FloatLayers.multiplyByDerivative(Activation.SIGMOID, a, g, 1, 3, 0, 3, 0);
        assertEquals(0f, g[0], 0f);
        assertEquals(0.5f * 1e-30f, g[1], 1e-36f);
        assertEquals(0.125f, g[2], 0f);
    }

    @Test
    void aSaturatedOutputNeuronsErrorIsZeroRatherThanSubnormal() {
        float[] a = new float[16];
        a[0] = 2e-38f;
        a[1] = 0.25f;
        float[] delta = new float[16];
        FloatLayers.outputDelta(Cost.QUADRATIC, Activation.SIGMOID, new float[16], a, new int[] {1}, delta, 1, 16, 2,
                0, 2, new float[48], 0);
        assertEquals(0f, delta[0], 0f);
        assertEquals((0.25f - 1f) * (0.25f * 0.75f), delta[1], 0f);
    }

    @Test
    void softmaxOutputsTooSmallForANormalFloatAreZero() {
        float[] z = {0f, -100f, -50f};
        float[] a = new float[3];
        FloatLayers.activate(Activation.SOFTMAX, new ScalarKernels(), z, a, 1, 3, 3, 0, 3);
        assertEquals(0f, a[1], 0f);
        assertEquals(Math.exp(-50), a[2], 1e-3 * Math.exp(-50));
    }

    @Test
    void normalValuesPassUnchanged() {
        assertEquals(Float.MIN_NORMAL, FloatLayers.flushed(Float.MIN_NORMAL), 0f);
        assertEquals(-Float.MIN_NORMAL, FloatLayers.flushed(-Float.MIN_NORMAL), 0f);
        assertEquals(0f, FloatLayers.flushed(Float.MIN_VALUE), 0f);
        assertEquals(0f, FloatLayers.flushed(-Float.MIN_NORMAL / 2), 0f);
    }

    @ParameterizedTest(name = "{0} cost, {1} output")
    @CsvSource({"CROSS_ENTROPY, SOFTMAX", "LOG_LIKELIHOOD, SOFTMAX", "CROSS_ENTROPY, SIGMOID", "LOG_LIKELIHOOD, SIGMOID"})
    void aLogarithmicCostOfSaturatedFloatOutputsIsTheReferencesCost(Cost cost, Activation output) {
        // Outputs 20 apart: in float the softmax's larger one is exactly 1 and a sigmoid of -20 or 20
        // is 1 - 0 or 2e-9; the reference's costs, in double, are some 40, not the largest double.
        float[] z = {-20f, 20f, 0f};
        float[] a = new float[3];
        FloatLayers.activate(output, new ScalarKernels(), z, a, 1, 3, 3, 0, 3);
        double[] exact = new double[3];
        output.apply(new double[] {-20, 20, 0}, exact);
        double[] y = {1, 0, 0};

        double sum = FloatLayers.costSum(cost, output, z, a, new int[] {0}, 1, 3, 3, 0);

        assertEquals(cost.value(exact, y), sum, 1e-6 * cost.value(exact, y));
    }

    @Test
    void crossEntropyOnASaturatedSoftmaxHasTheReferencesErrorAndStaysFinite() {
        // In float the second output is exactly 1: the reference's form divides by 1 - a = 0.
        double[] z = {-9, 20, 0, 1};
        float[] zf = {-9f, 20f, 0f, 1f};
        float[] a = new float[4];
        FloatLayers.activate(Activation.SOFTMAX, new ScalarKernels(), zf, a, 1, 4, 4, 0, 4);
        double[] exactA = new double[4];
        Activation.SOFTMAX.apply(z, exactA);
        double[] expected = new double[4];
        Cost.CROSS_ENTROPY.outputDelta(Activation.SOFTMAX, z, exactA, new double[] {1, 0, 0, 0}, expected);
        float[] delta = new float[4];

        FloatLayers.outputDelta(Cost.CROSS_ENTROPY, Activation.SOFTMAX, zf, a, new int[] {0}, delta, 1, 4, 4, 0, 4,
                new float[12], 0);

        for (int j = 0; j < 4; j++) {
            assertEquals(expected[j], delta[j], 1e-5 * Math.abs(expected[j]) + 1e-7, "neuron " + j);
        }
    }
}
