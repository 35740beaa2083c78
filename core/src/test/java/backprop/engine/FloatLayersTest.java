package backprop.engine;

import backprop.nn.Activation;
import backprop.nn.Cost;
import org.junit.jupiter.api.Test;

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
}
