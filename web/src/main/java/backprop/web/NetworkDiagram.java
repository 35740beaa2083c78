package backprop.web;

import backprop.nn.Convolution;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.MaxPooling;
import backprop.nn.Network;
import backprop.nn.Shape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The network as the page draws it: a column per layer, the input first, and the strongest weights
 * between neighbouring columns. A column's units are what a learner points at: a fully connected
 * layer's neurons, a convolution's or a pooling layer's feature maps.
 *
 * <p>Between two columns of maps there is no single weight from one map to another: a filter has
 * {@code k x k} of them per input map, and a neuron after a convolution one per position. Their sum
 * stands in for them, the net push of the whole map on the unit, which is what a learner looks for
 * in an edge's colour.
 *
 * @param columns the input (index 0), then one per layer
 * @param edges   {@code edges.get(c)} go from column {@code c - 1} into column {@code c}; none into the
 *                input or out of it (the input is one picture, and its weights are each unit's picture)
 *                and none through a pooling layer, whose map {@code c} simply takes map {@code c}
 */
record NetworkDiagram(long version, String architecture, List<Column> columns, List<List<Edge>> edges) {
    /** Columns show at most this many units; the page says how many more there are. */
    static final int MAX_SHOWN = 64;
    /** Edges kept into each shown unit: its strongest inputs. */
    static final int EDGES_PER_UNIT = 4;

    /**
     * @param kind   input, fc, conv or pool
     * @param units  neurons (fc) or maps (input, conv, pool); a vector input is one picture when square
     * @param height of each unit's picture: a map's height, 1 for a neuron
     */
    record Column(String kind, String notation, String activation, int units, int shown, int height, int width) {
    }

    /** From unit {@code from} of the column before to unit {@code to}. */
    record Edge(int from, int to, float weight) {
    }

    static NetworkDiagram of(ServedModel model) {
        Network network = model.network();
        List<Column> columns = new ArrayList<>();
        List<List<Edge>> edges = new ArrayList<>();
        Shape input = network.inputShape();
        Shape picture = picture(input);
        columns.add(new Column("input", input.toString(), null, picture.channels(), picture.channels(),
                picture.height(), picture.width()));
        edges.add(List.of());
        List<Layer> layers = network.layers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            Shape out = layer.outputShape();
            int units = out.channels();
            String activation = switch (layer) {
                case FullyConnected fc -> fc.activation().id();
                case Convolution conv -> conv.activation().id();
                case MaxPooling pool -> "max";
            };
            columns.add(new Column(kind(layer), layer.notation(), activation, units, Math.min(units, MAX_SHOWN),
                    out.height(), out.width()));
            edges.add(l == 0 ? List.of() : strongest(layer, columns.get(l).shown(), Math.min(units, MAX_SHOWN)));
        }
        return new NetworkDiagram(model.version(), network.architecture().notation(), List.copyOf(columns),
                List.copyOf(edges));
    }

    static String kind(Layer layer) {
        return switch (layer) {
            case FullyConnected fc -> "fc";
            case Convolution conv -> "conv";
            case MaxPooling pool -> "pool";
        };
    }

    /** A vector input of a square size is a one-channel image (MNIST's 784 are 28 x 28). */
    static Shape picture(Shape input) {
        if (input.isVector()) {
            int side = (int) Math.round(Math.sqrt(input.size()));
            return side * side == input.size() ? new Shape(1, side, side) : new Shape(1, 1, input.size());
        }
        return input;
    }

    /** Each shown unit's {@link #EDGES_PER_UNIT} largest unit-to-unit weights by magnitude, from shown units. */
    private static List<Edge> strongest(Layer layer, int fromShown, int toShown) {
        if (layer instanceof MaxPooling) {
            return List.of();
        }
        List<Edge> kept = new ArrayList<>();
        for (int to = 0; to < toShown; to++) {
            List<Edge> into = new ArrayList<>(fromShown);
            for (int from = 0; from < fromShown; from++) {
                into.add(new Edge(from, to, (float) unitWeight(layer, from, to)));
            }
            into.sort(Comparator.comparingDouble((Edge e) -> -Math.abs(e.weight())));
            kept.addAll(into.subList(0, Math.min(EDGES_PER_UNIT, into.size())));
        }
        return kept;
    }

    /** The weight from unit {@code from} of the layer's input to its unit {@code to}: see the class comment. */
    static double unitWeight(Layer layer, int from, int to) {
        Shape in = layer.inputShape();
        return switch (layer) {
            case FullyConnected fc -> {
                if (in.isVector()) {
                    yield fc.weight(to, from);
                }
                int area = in.height() * in.width();
                double sum = 0;
                for (int k = from * area; k < (from + 1) * area; k++) {
                    sum += fc.weight(to, k);
                }
                yield sum;
            }
            case Convolution conv -> {
                double sum = 0;
                for (int i = 0; i < conv.kernelHeight(); i++) {
                    for (int j = 0; j < conv.kernelWidth(); j++) {
                        sum += conv.weight(to, from, i, j);
                    }
                }
                yield sum;
            }
            case MaxPooling pool -> from == to ? 1 : 0;
        };
    }
}
