package backprop.web;

import backprop.io.Provenance;
import backprop.nn.Network;

import java.util.Objects;

/**
 * The network that answers predictions, with where it came from. A value: training publishes a new
 * one at each epoch's end, and a request keeps the one it started with.
 *
 * @param source     for people, e.g. "model.json" or "trained on the page (job 2, epoch 5 of 10)"
 * @param provenance how it was trained, when known (written into saved files)
 * @param version    increases with every model served, so results computed for one can be cached
 */
record ServedModel(Network network, String source, Provenance provenance, long version) {
    ServedModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(source, "source");
    }
}
