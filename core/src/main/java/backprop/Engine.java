package backprop;

import backprop.data.Dataset;
import backprop.engine.FastBackprop;
import backprop.engine.LayeredBackprop;
import backprop.nn.Network;
import backprop.reference.ReferenceBackprop;
import backprop.train.Backprop;
import backprop.train.BackpropFactory;
import backprop.train.TrainingOptions;

import java.util.Arrays;
import java.util.Locale;

/** The training engines a user can choose with {@code --engine}. */
public enum Engine implements BackpropFactory {
    /** Double precision, one example at a time: the book's code, equation by equation. */
    REFERENCE("reference") {
        @Override
        public Backprop create(Network start, Dataset training, TrainingOptions options) {
            return new ReferenceBackprop(start, training, options, ReferenceBackprop.Form.PER_EXAMPLE);
        }
    },
    /** Float, batched, SIMD and both cores: the default (fully connected networks have an engine of their own). */
    FAST("fast") {
        @Override
        public Backprop create(Network start, Dataset training, TrainingOptions options) {
            return LayeredBackprop.create(start, training, options, FastBackprop.defaultThreads());
        }
    },
    /** Double precision, each mini-batch as one matrix. */
    MATRIX("matrix") {
        @Override
        public Backprop create(Network start, Dataset training, TrainingOptions options) {
            return new ReferenceBackprop(start, training, options, ReferenceBackprop.Form.MATRIX);
        }
    };

    private final String id;

    Engine(String id) {
        this.id = id;
    }

    /** The name {@code --engine} takes: {@code reference}, {@code fast} or {@code matrix}. */
    public String id() {
        return id;
    }

    /** This engine, with {@code threads} threads where the engine can use several. */
    public BackpropFactory withThreads(int threads) {
        if (this != FAST) {
            return this;
        }
        return (start, training, options) -> LayeredBackprop.create(start, training, options, threads);
    }

    /** The threads the fast engine takes unless told: the cores, at most 2 (see FastBackprop). */
    public static int defaultThreads() {
        return FastBackprop.defaultThreads();
    }

    /**
     * The engine named {@code name} (its {@link #id()}, in any case); an {@link IllegalArgumentException} naming
     * the choices otherwise.
     */
    public static Engine parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Engine engine : values()) {
            if (engine.id.equals(wanted)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Engine::id).toList() + ")");
    }
}
