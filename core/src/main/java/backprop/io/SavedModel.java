package backprop.io;

import backprop.nn.Network;

import java.util.Objects;
import java.util.Optional;

/**
 * What a model file holds: the network, and how it was made when the file says so. Files written
 * by network2.py carry no provenance.
 */
public record SavedModel(Network network, Optional<Provenance> provenance) {

    /** Both are required; a model without provenance has an empty one. */
    public SavedModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(provenance, "provenance");
    }
}
