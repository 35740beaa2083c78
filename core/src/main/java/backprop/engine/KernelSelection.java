package backprop.engine;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/** Picks the kernels once per JVM: the Vector API when its module is loaded, unless told otherwise. */
final class KernelSelection {
    /** {@code -Dbackprop.kernels=scalar} forces the scalar twin (for comparisons and old CPUs). */
    static final Kernels BEST = choose(System.getProperty("backprop.kernels", "auto"));

    private KernelSelection() {
    }

    static Kernels choose(String wanted) {
        int origin = origin();
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (wanted.equals("scalar") || !vectorModule) {
            return new ScalarKernels(origin);
        }
        try {
            return new VectorKernels(origin);
        } catch (LinkageError | RuntimeException e) {
            return new ScalarKernels(origin);
        }
    }

    /**
     * Where the engine's matrices begin in their arrays (see {@link Kernels}): the first index whose
     * float lies at the start of a cache line, when this JVM aligns objects to 64 bytes or more (12
     * with HotSpot's usual 16-byte array header; the header is smaller with compact object headers and
     * larger without compressed class pointers); 0 otherwise, since no index is then known to be
     * aligned. {@code -Dbackprop.origin=N} sets it (for measurements).
     */
    static int origin() {
        Integer given = Integer.getInteger("backprop.origin");
        if (given != null) {
            return Math.max(0, given);
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            int alignment = Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
            if (alignment < CACHE_LINE) {
                return 0;
            }
            int header = flag(vm, "UseCompactObjectHeaders") ? 12 : flag(vm, "UseCompressedClassPointers") ? 16 : 20;
            return (CACHE_LINE - header % CACHE_LINE) % CACHE_LINE / Float.BYTES;
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    private static final int CACHE_LINE = 64;

    private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
        try {
            return Boolean.parseBoolean(vm.getVMOption(name).getValue());
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
