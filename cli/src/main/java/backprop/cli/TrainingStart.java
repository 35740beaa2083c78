package backprop.cli;

import backprop.data.Dataset;
import backprop.io.SavedModel;
import backprop.nn.Network;
import backprop.nn.Shape;
import backprop.run.RunException;
import backprop.run.Setting;
import backprop.run.TrainingRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a {@code train} run starts from: its first network, its training data, and how both are described. */
final class TrainingStart {
    private TrainingStart() {
    }

    /** A new network for the data, or the {@code --from} model (its layers checked against any typed). */
    static Network startingNetwork(TrainingRun settings, SavedModel fromModel, Path from, Dataset training) {
        try {
            if (fromModel == null) {
                Shape shape = training.isImages() ? new Shape(1, training.imageRows(), training.imageColumns())
                        : Shape.vector(training.inputSize());
                Network network = settings.initialNetwork(shape);
                settings.checkFits(network, training, null);
                return network;
            }
            Network network = fromModel.network();
            if (settings.given(Setting.LAYERS) && !sameShapes(settings.initialNetwork(network.inputShape()), network)) {
                throw new UserError("--layers " + settings.layers() + " does not match the layers of " + from
                        + " (" + InspectCommand.notation(network) + ")");
            }
            network = settings.cost() == null ? network : network.withCost(settings.cost());
            settings.checkNetwork(network);
            settings.checkFits(network, training, from.toString());
            return network;
        } catch (RunException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** Whether two networks have the same kinds of layers with the same shapes, whatever their parameters. */
    static boolean sameShapes(Network a, Network b) {
        if (a.depth() != b.depth() || !a.inputShape().equals(b.inputShape())) {
            return false;
        }
        for (int l = 0; l < a.depth(); l++) {
            if (a.layer(l).getClass() != b.layer(l).getClass()
                    || !a.layer(l).outputShape().equals(b.layer(l).outputShape())) {
                return false;
            }
        }
        return true;
    }

    /** The training data with the copies {@code --augment} asks for. */
    static Dataset augmented(TrainingRun settings, Dataset original) {
        try {
            settings.checkAugmentation(original);
        } catch (RunException e) {
            throw new UserError(e.getMessage(), e);
        }
        return settings.augment().apply(original, settings.seed());
    }

    /** E.g. "50 tiny training examples", or with copies "250 examples: 50 tiny training examples and ...". */
    static String describeTraining(TrainingRun settings, Dataset original, Dataset training) {
        String examples = original.size() + " " + original.name() + " examples";
        return training == original ? examples
                : training.size() + " examples: " + examples + " and " + settings.augment().describeCopies();
    }

    static String describe(Network network) {
        List<String> activations = new ArrayList<>();
        for (var layer : network.layers()) {
            String id = switch (layer) {
                case backprop.nn.FullyConnected fc -> fc.activation().id();
                case backprop.nn.Convolution conv -> conv.activation().id();
                case backprop.nn.MaxPooling pool -> null;
            };
            if (id != null && !activations.contains(id)) {
                activations.add(id);
            }
        }
        return InspectCommand.notation(network) + " (" + String.join(", ", activations) + "; "
                + network.cost().id() + " cost)";
    }
}
