package backprop.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KernelSelectionTest {

    /**
     * The build runs the tests with objects aligned to 64 bytes, as the launcher runs the engine: a
     * float array's elements then start 16 bytes into a cache line, and the twelfth is the first at
     * the start of one. Without that alignment no index is known to be aligned, and matrices start at 0.
     */
    @Test
    void matricesStartOnACacheLineWhenTheJvmAlignsObjectsTo64Bytes() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        int alignment = Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
        boolean usualHeader = !Boolean.parseBoolean(vm.getVMOption("UseCompactObjectHeaders").getValue())
                && Boolean.parseBoolean(vm.getVMOption("UseCompressedClassPointers").getValue());
        assumeTrue(usualHeader, "a float array's elements start 16 bytes into the object");
        assertEquals(alignment >= 64 ? 12 : 0, KernelSelection.origin());
        assertEquals(KernelSelection.origin(), Kernels.best().origin());
    }
}
