package backprop.web;

import backprop.data.Dataset;
import backprop.nn.Network;
import backprop.nn.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * For every unit the diagram shows, the test examples that excite it most: one forward pass over the
 * test set, kept per model. A neuron's excitation is its activation; a map's is its mean activation.
 */
final class TestSetExcitation {
    /** Examples kept per unit. */
    static final int TOP = 8;
    /**
     * The pass looks at as many test examples as fit in about this many parameter uses (all 10,000 of
     * MNIST for the book's network, 2,000 for a small convolutional one) and at least {@link #MIN_EXAMPLES}:
     * it runs when a learner first points at a unit, and should answer within a second or two.
     */
    static final long WORK = 300_000_000L;
    static final int MIN_EXAMPLES = 1000;

    /** One test example and how strongly it excites the unit. */
    record Excited(int index, int label, float activation) {
    }

    private final long version;
    private final String architecture;
    private final long computedNanos;
    private final int examined;
    /** {@code top[l][u]}: the examples of layer l's unit u, most exciting first. */
    private final List<List<List<Excited>>> top;

    private TestSetExcitation(long version, String architecture, int examined, List<List<List<Excited>>> top) {
        this.version = version;
        this.examined = examined;
        this.architecture = architecture;
        this.computedNanos = System.nanoTime();
        this.top = top;
    }

    static TestSetExcitation of(ServedModel model, Dataset test) {
        Network network = model.network();
        if (test.inputSize() != network.inputSize()) {
            throw ApiError.conflict("the model takes " + network.inputSize() + " inputs but " + test.name()
                    + " has " + test.inputSize());
        }
        int depth = network.depth();
        long uses = Math.max(1, PlaygroundLimits.parameterUses(network.architecture()));
        int n = (int) Math.min(test.size(), Math.max(MIN_EXAMPLES, WORK / uses));
        int[] shown = new int[depth];
        for (int l = 0; l < depth; l++) {
            shown[l] = Math.min(network.layer(l).outputShape().channels(), NetworkDiagram.MAX_SHOWN);
        }
        // excitation[l][u][i], only for the units the page can point at.
        float[][][] excitation = new float[depth][][];
        for (int l = 0; l < depth; l++) {
            excitation[l] = new float[shown[l]][n];
        }
        List<Shape> shapes = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            shapes.add(network.layer(l).outputShape());
        }
        IntStream.range(0, n).parallel().forEach(i -> {
            List<double[]> outputs = network.activationsOf(test.input(i));
            for (int l = 0; l < depth; l++) {
                double[] a = outputs.get(l);
                int area = shapes.get(l).height() * shapes.get(l).width();
                for (int u = 0; u < shown[l]; u++) {
                    double sum = 0;
                    for (int k = u * area; k < (u + 1) * area; k++) {
                        sum += a[k];
                    }
                    excitation[l][u][i] = (float) (sum / area);
                }
            }
        });
        List<List<List<Excited>>> top = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            List<List<Excited>> units = new ArrayList<>();
            for (int u = 0; u < shown[l]; u++) {
                float[] values = excitation[l][u];
                units.add(IntStream.range(0, n).boxed()
                        .sorted((a, b) -> Float.compare(values[b], values[a]))
                        .limit(TOP)
                        .map(i -> new Excited(i, test.label(i), values[i]))
                        .toList());
            }
            top.add(units);
        }
        return new TestSetExcitation(model.version(), network.architecture().notation(), n, top);
    }

    /** How many test examples were looked at: the first this many. */
    int examined() {
        return examined;
    }

    /** The examples of layer {@code l}'s unit {@code u}, or null when the diagram does not show it. */
    List<Excited> top(int l, int u) {
        return u < top.get(l).size() ? top.get(l).get(u) : null;
    }

    long version() {
        return version;
    }

    /**
     * Whether this answers for {@code model}: computed for it, or, while training replaces the model
     * every second or so, for the same architecture moments ago (a pass over the test set each time
     * would compete with the training for the cores).
     */
    boolean answersFor(ServedModel model, long maxAgeNanos) {
        return version == model.version() || (architecture.equals(model.network().architecture().notation())
                && System.nanoTime() - computedNanos < maxAgeNanos);
    }
}
