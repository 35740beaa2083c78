package backprop.cli;

import backprop.data.LabelEncoding;
import backprop.data.Standardization;
import backprop.io.Provenance;
import backprop.io.SavedModel;

import java.util.Map;
import java.util.Optional;

/**
 * What a model trained on a CSV file records about its data, under the provenance's {@code extra}
 * names below, so that {@code evaluate} reads other files the same way: which column held the labels,
 * which class each output stands for, and how the features were standardized.
 */
final class ModelData {
    static final String LABEL_COLUMN = "label-column";
    static final String CLASSES = "classes";
    static final String STANDARDIZE_MEANS = "standardize-means";
    static final String STANDARDIZE_DEVIATIONS = "standardize-deviations";

    private ModelData() {
    }

    private static Map<String, String> extra(SavedModel model) {
        return model.provenance().map(Provenance::extra).orElse(Map.of());
    }

    /** The classes of the labels the model was trained on, if it was trained on CSV data. */
    static Optional<LabelEncoding> classes(SavedModel model) {
        return LabelEncoding.parse(extra(model).get(CLASSES));
    }

    /** The standardization its inputs need, if it was trained with {@code --standardize}. */
    static Optional<Standardization> standardization(SavedModel model) {
        Map<String, String> extra = extra(model);
        return Standardization.parse(extra.get(STANDARDIZE_MEANS), extra.get(STANDARDIZE_DEVIATIONS));
    }
}
