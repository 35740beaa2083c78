package backprop.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Activations' derivatives against finite differences, and the names flags and model files use. */
class NamesAndDerivativesTest {
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SIGMOID", "TANH", "RELU", "LEAKY_RELU"})
    void eachDerivativeMatchesFiniteDifferencesAwayFromZero(Activation activation) {
        double h = 1e-6;
        for (double z : new double[] {-3, -0.7, -0.01, 0.01, 0.5, 2.5}) {
            double slope = (activation.value(z + h) - activation.value(z - h)) / (2 * h);
            assertEquals(slope, activation.derivative(z), 1e-8, activation + " at " + z);
        }
    }

    @Test
    void atZeroTheRectifiersTakeTheLeftSlopeAsPyTorchDoes() {
        assertEquals(0.0, Activation.RELU.value(0.0));
        assertEquals(0.0, Activation.RELU.derivative(0.0));
        assertEquals(0.01, Activation.LEAKY_RELU.derivative(0.0));
        assertEquals(-0.02, Activation.LEAKY_RELU.value(-2.0), 1e-15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CrossEntropyCost", "cross-entropy", "cross_entropy", " Cross-Entropy "})
    void aCostIsFoundByItsNetwork2ClassNameOrItsFlag(String name) {
        assertSame(Cost.CROSS_ENTROPY, Cost.parse(name));
        assertEquals("cross-entropy", Cost.CROSS_ENTROPY.id());
    }

    @Test
    void anUnknownCostOrInitializerListsTheKnownOnes() {
        assertEquals("unknown cost 'hinge' (expected one of [quadratic, cross-entropy, log-likelihood])",
                assertThrows(IllegalArgumentException.class, () -> Cost.parse("hinge")).getMessage());
        assertEquals("unknown initializer 'zeros' (expected one of [large, scaled, xavier, he, network3])",
                assertThrows(IllegalArgumentException.class, () -> Initializer.parse("zeros")).getMessage());
    }

    @Test
    void initializersAreFoundByNameAndGlorotIsXavier() {
        assertSame(Initializer.HE, Initializer.parse(" He "));
        assertSame(Initializer.XAVIER, Initializer.parse("glorot"));
        assertSame(Initializer.SCALED, Initializer.parse("scaled"));
        assertEquals("scaled", Initializer.SCALED.id());
    }
}
