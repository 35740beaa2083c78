package backprop.engine;

/** Picks the kernels once per JVM: the Vector API when its module is loaded, unless told otherwise. */
final class KernelSelection {
    /** {@code -Dbackprop.kernels=scalar} forces the scalar twin (for comparisons and old CPUs). */
    static final Kernels BEST = choose(System.getProperty("backprop.kernels", "auto"));

    private KernelSelection() {
    }

    static Kernels choose(String wanted) {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (wanted.equals("scalar") || !vectorModule) {
            return new ScalarKernels();
        }
        try {
            return new VectorKernels();
        } catch (LinkageError | RuntimeException e) {
            return new ScalarKernels();
        }
    }

    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
