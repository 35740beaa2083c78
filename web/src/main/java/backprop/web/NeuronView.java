package backprop.web;

import backprop.nn.Convolution;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.MaxPooling;
import backprop.nn.Network;
import backprop.nn.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * One unit of the diagram up close: its incoming weights as pictures (a first-layer neuron's 784
 * weights as a 28 x 28 tile, a filter's weights per input map), its bias, and the test digits that
 * excite it most.
 *
 * @param layer        the layer, 0 being the first after the input
 * @param weights      one picture per input map (for a neuron after a vector, one row of its weights)
 * @param mostExcited  from {@link TestSetExcitation}, the most exciting first
 */
record NeuronView(long version, int layer, int unit, String kind, String notation, Double bias,
                  List<Picture> weights, String weightsNote, List<TestSetExcitation.Excited> mostExcited,
                  String excitedData) {

    /** {@code values} row by row, {@code height x width} of them. */
    record Picture(String label, int width, int height, float[] values) {
    }

    static NeuronView of(ServedModel model, int l, int unit, TestSetExcitation excitation, String testData) {
        Network network = model.network();
        Layer layer = network.layer(l);
        Shape in = l == 0 ? NetworkDiagram.picture(layer.inputShape()) : layer.inputShape();
        List<Picture> pictures = new ArrayList<>();
        Double bias = null;
        String note;
        switch (layer) {
            case FullyConnected fc -> {
                bias = fc.bias(unit);
                int area = in.height() * in.width();
                if (in.isVector()) {
                    pictures.add(picture("from each neuron of the layer before", in.size(), 1,
                            k -> fc.weight(unit, k), 0));
                    note = "one weight per neuron of the layer before, left to right";
                } else {
                    for (int c = 0; c < Math.min(in.channels(), NetworkDiagram.MAX_SHOWN); c++) {
                        pictures.add(picture(in.channels() == 1 ? "from the input" : "from map " + c, in.width(),
                                in.height(), k -> fc.weight(unit, k), c * area));
                    }
                    note = "one weight per pixel" + (in.channels() == 1 ? "" : " of each map")
                            + ", laid out as the input: red pushes the neuron up, blue down";
                }
            }
            case Convolution conv -> {
                bias = conv.bias(unit);
                int kh = conv.kernelHeight();
                int kw = conv.kernelWidth();
                for (int c = 0; c < Math.min(in.channels(), NetworkDiagram.MAX_SHOWN); c++) {
                    int channel = c;
                    pictures.add(picture(in.channels() == 1 ? "the filter" : "on map " + c, kw, kh,
                            k -> conv.weight(unit, channel, k / kw, k % kw), 0));
                }
                note = "the " + kh + "x" + kw + " filter this map slides over its input, shared by every position";
            }
            case MaxPooling pool -> note = "no weights: each value is the largest of a " + pool.poolHeight() + "x"
                    + pool.poolWidth() + " window of map " + unit + " of the layer before";
        }
        return new NeuronView(model.version(), l, unit, NetworkDiagram.kind(layer), layer.notation(), bias,
                List.copyOf(pictures), note, excitation == null ? null : excitation.top(l, unit), testData);
    }

    private interface WeightAt {
        double at(int k);
    }

    private static Picture picture(String label, int width, int height, WeightAt weight, int offset) {
        float[] values = new float[width * height];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) weight.at(offset + k);
        }
        return new Picture(label, width, height, values);
    }
}
