package backprop.web;

import backprop.io.Provenance;
import backprop.nn.Network;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which model the server answers with. {@link Network} is immutable, so swapping the reference is the
 * whole of the thread safety: predictions never see a half-updated network, and never wait for training.
 */
final class CurrentModel {
    private final AtomicReference<ServedModel> served = new AtomicReference<>();
    private final AtomicLong versions = new AtomicLong();

    Optional<ServedModel> get() {
        return Optional.ofNullable(served.get());
    }

    /** The model, or a 409 telling the user how to get one. */
    ServedModel require() {
        ServedModel model = served.get();
        if (model == null) {
            throw ApiError.conflict("no model yet: train a model first (Train tab or POST /api/train), "
                    + "load a saved one, or start the server with --model FILE");
        }
        return model;
    }

    ServedModel set(Network network, String source, Provenance provenance) {
        ServedModel model = new ServedModel(network, source, provenance, versions.incrementAndGet());
        served.set(model);
        return model;
    }
}
