package backprop.cli;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.data.Standardization;
import backprop.io.Provenance;
import backprop.run.TrainingRun;
import backprop.train.EpochResult;
import backprop.train.TrainingOptions;

import java.util.List;

/** How a {@code train} run's model was made, as its saved file records it (Tribuo's provenance). */
final class RunProvenance {
    private RunProvenance() {
    }

    /** How the model of a run that has done the epochs of {@code history} was made, for the saved file. */
    static Provenance of(TrainingRun settings, DataSelection data, TrainOutputs outputs, int engineThreads,
                         Standardization standardization, Dataset training, List<EpochResult> history) {
        TrainingOptions options = settings.options();
        Provenance provenance = Provenance.now()
                .withData(data.data, training.size())
                .withSeed(options.seed())
                .withEngine(outputs.engine.id())
                .withHyperParameters(options.epochs(), options.miniBatchSize(), options.learningRate(),
                        options.lambda(), outputs.from != null ? "from " + outputs.from.getFileName() : settings.init().id(),
                        options.shuffle());
        if (outputs.engine == Engine.FAST) {
            // The fast engine's sums, and so its results, depend on how many threads share them.
            provenance = provenance.withExtra("threads", Integer.toString(engineThreads));
        }
        for (var setting : settings.settingsBeyondTheBook().entrySet()) {
            provenance = provenance.withExtra(setting.getKey(), setting.getValue());
        }
        if (data.labels() != null) {
            // What a CSV model's outputs stand for, and how its inputs were scaled: needed to use it on other files.
            provenance = provenance.withExtra(ModelData.LABEL_COLUMN, data.labelColumnName())
                    .withExtra(ModelData.CLASSES, data.labels().describe());
        }
        if (standardization != null) {
            provenance = provenance.withExtra(ModelData.STANDARDIZE_MEANS, standardization.describeMeans())
                    .withExtra(ModelData.STANDARDIZE_DEVIATIONS, standardization.describeDeviations());
        }
        Double accuracy = history.isEmpty() ? null : history.getLast().evaluationAccuracy().isPresent()
                ? history.getLast().evaluationAccuracy().getAsDouble() : null;
        return provenance.withResult(history.size(), accuracy);
    }
}
