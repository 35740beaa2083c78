package backprop.io;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How a saved model was made, so that a result can be traced and reproduced (as Tribuo records with
 * every model): which Backprop version, when, on what data, with which seed, engine and
 * hyper-parameters, and how it ended. Stored under the {@code "backprop"} key of the model file,
 * which network2.py ignores.
 *
 * <p>Every component but {@code extra} may be null, meaning unknown: a model can be saved before
 * training, or by a tool that knows only part of the story. {@code extra} holds later additions
 * (an optimizer, a learning-rate schedule) without changing the file format.
 *
 * @param version            the Backprop version that wrote the model
 * @param created            when the model was saved
 * @param data               the training data, e.g. {@code "mnist"} or a file name
 * @param trainingExamples   how many examples the network was trained on
 * @param seed               the seed of every random choice of the run
 * @param engine             the engine that computed the gradients, e.g. {@code "reference"}
 * @param epochs             the epochs asked for
 * @param miniBatchSize      examples per gradient step
 * @param learningRate       the step size {@code η}
 * @param lambda             the L2 regularization parameter {@code λ}
 * @param initializer        how the weights started, e.g. {@code "scaled"}
 * @param shuffle            whether the training data was shuffled each epoch
 * @param epochsCompleted    the epochs actually run (fewer than asked when stopped early)
 * @param evaluationAccuracy the fraction of evaluation examples classified right after the last epoch
 * @param extra              anything else worth recording, name to value
 */
public record Provenance(String version, Instant created,
                         String data, Integer trainingExamples, Long seed, String engine,
                         Integer epochs, Integer miniBatchSize, Double learningRate, Double lambda,
                         String initializer, Boolean shuffle,
                         Integer epochsCompleted, Double evaluationAccuracy,
                         Map<String, String> extra) {

    public Provenance {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        if (extra != null) {
            extra.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "extra key"),
                    Objects.requireNonNull(value, () -> "extra value of " + key)));
        }
        extra = Collections.unmodifiableMap(copy);
    }

    /** How much of one {@code extra} value {@link #summary()} shows. */
    private static final int SUMMARY_VALUE_LENGTH = 60;

    /** This Backprop version, saving now; everything else unknown until the {@code with} methods add it. */
    public static Provenance now() {
        return new Provenance(backpropVersion(), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                null, null, null, null, null, null, null, null, null, null, null, null, Map.of());
    }

    /** This provenance with the data set's name and the number of training examples. */
    public Provenance withData(String newData, int newTrainingExamples) {
        return new Provenance(version, created, newData, newTrainingExamples, seed, engine, epochs, miniBatchSize,
                learningRate, lambda, initializer, shuffle, epochsCompleted, evaluationAccuracy, extra);
    }

    /** This provenance with the run's seed. */
    public Provenance withSeed(long newSeed) {
        return new Provenance(version, created, data, trainingExamples, newSeed, engine, epochs, miniBatchSize,
                learningRate, lambda, initializer, shuffle, epochsCompleted, evaluationAccuracy, extra);
    }

    /** This provenance with the engine's name ({@link backprop.Engine#id()}). */
    public Provenance withEngine(String newEngine) {
        return new Provenance(version, created, data, trainingExamples, seed, newEngine, epochs, miniBatchSize,
                learningRate, lambda, initializer, shuffle, epochsCompleted, evaluationAccuracy, extra);
    }

    /** This provenance with the run's hyper-parameters. */
    public Provenance withHyperParameters(int newEpochs, int newMiniBatchSize, double newLearningRate,
                                          double newLambda, String newInitializer, boolean newShuffle) {
        return new Provenance(version, created, data, trainingExamples, seed, engine, newEpochs, newMiniBatchSize,
                newLearningRate, newLambda, newInitializer, newShuffle, epochsCompleted, evaluationAccuracy, extra);
    }

    /** @param newEvaluationAccuracy in [0, 1], or null when the run had no evaluation data */
    public Provenance withResult(int newEpochsCompleted, Double newEvaluationAccuracy) {
        return new Provenance(version, created, data, trainingExamples, seed, engine, epochs, miniBatchSize,
                learningRate, lambda, initializer, shuffle, newEpochsCompleted, newEvaluationAccuracy, extra);
    }

    /** This provenance with one more free-form field, replacing one of the same key. */
    public Provenance withExtra(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new Provenance(version, created, data, trainingExamples, seed, engine, epochs, miniBatchSize,
                learningRate, lambda, initializer, shuffle, epochsCompleted, evaluationAccuracy, more);
    }

    /** One line for people, e.g. "backprop 0.1.0 on mnist (50000 examples), seed 1, fast engine, ...". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add("backprop " + (version == null ? "?" : version) + (created == null ? "" : " at " + created));
        if (data != null) {
            parts.add("on " + data + (trainingExamples == null ? "" : " (" + trainingExamples + " examples)"));
        }
        if (seed != null) {
            parts.add("seed " + seed);
        }
        if (engine != null) {
            parts.add(engine + " engine");
        }
        if (epochs != null) {
            parts.add(epochs + " epochs");
        }
        if (miniBatchSize != null) {
            parts.add("mini-batch " + miniBatchSize);
        }
        if (learningRate != null) {
            parts.add("eta " + learningRate);
        }
        if (lambda != null) {
            parts.add("lambda " + lambda);
        }
        if (initializer != null) {
            parts.add("init " + initializer);
        }
        if (shuffle != null && !shuffle) {
            parts.add("no shuffle");
        }
        extra.forEach((key, value) -> parts.add(key + " " + shortened(value)));
        String line = String.join(", ", parts);
        if (evaluationAccuracy != null) {
            line += String.format(Locale.ROOT, "; %.2f%% after %s epochs", 100 * evaluationAccuracy,
                    epochsCompleted == null ? "?" : epochsCompleted);
        }
        return line;
    }

    /** A value as a summary line shows it: a long one (a CSV model's per-feature means) cut to its start. */
    private static String shortened(String value) {
        return value.length() <= SUMMARY_VALUE_LENGTH ? value : value.substring(0, SUMMARY_VALUE_LENGTH - 3) + "...";
    }

    /** The running Backprop's version, from the build; {@code "dev"} when run from unbuilt sources. */
    public static String backpropVersion() {
        return BuildVersion.VALUE;
    }

    private static final class BuildVersion {
        static final String VALUE = read();

        private static String read() {
            try (InputStream in = Provenance.class.getResourceAsStream("/backprop/version.properties")) {
                if (in == null) {
                    return "dev";
                }
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "").trim();
                // An unfiltered resource (an IDE run without Maven) still says ${project.version}.
                return version.isEmpty() || version.startsWith("${") ? "dev" : version;
            } catch (IOException e) {
                return "dev";
            }
        }
    }
}
