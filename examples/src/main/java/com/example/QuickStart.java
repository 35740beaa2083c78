package com.example;

import backprop.Engine;
import backprop.data.Dataset;
import backprop.io.ModelFile;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import backprop.predict.Predictor;
import backprop.train.MiniBatchSgd;
import backprop.train.TrainingOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * README's "Use it in your project": train a network, save it, load it and predict with a {@link Predictor}.
 * The data: points of the unit square, labelled 1 above the diagonal {@code y = x} and 0 below it.
 */
public final class QuickStart {
    private QuickStart() {
    }

    /** Trains on {@code points} (x, y, x, y, ...), saves the network to {@code file}, and asks the loaded one about (0.2, 0.9). */
    public static int trainSaveLoadPredict(float[] points, int[] labels, Path file) throws IOException {
        Dataset data = Dataset.ofFeatures("diagonal", points, 2, labels, 2);
        int split = data.size() * 4 / 5;                  // train on the first 80%, evaluate on the rest
        Network start = Network.initialize(new int[] {2, 10, 2}, Cost.CROSS_ENTROPY, Initializer.SCALED, new SeededRandom(1));
        TrainingOptions options = TrainingOptions.book().withEpochs(30).withLearningRate(0.5);
        Network trained = new MiniBatchSgd(options)
                .train(start, data.slice(0, split), data.slice(split, data.size()), Engine.FAST).network();
        ModelFile.save(trained, null, file);
        Predictor predictor = Predictor.of(ModelFile.load(file).network());
        return predictor.predict(new float[] {0.2f, 0.9f});  // 1: (0.2, 0.9) lies above the diagonal
    }

    /** {@code count} points drawn uniformly from the unit square, as x, y pairs. */
    public static float[] randomPoints(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] points = new float[2 * count];
        for (int i = 0; i < points.length; i++) {
            points[i] = (float) random.nextDouble();
        }
        return points;
    }

    /** 1 for each point above the diagonal {@code y = x}, 0 for each one on or below it. */
    public static int[] sidesOfTheDiagonal(float[] points) {
        int[] labels = new int[points.length / 2];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = points[2 * i + 1] > points[2 * i] ? 1 : 0;
        }
        return labels;
    }

    /** Runs the example, saving the model to the file given as the argument (default {@code diagonal.json}). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "diagonal.json");
        float[] points = randomPoints(2000, 1);
        int label = trainSaveLoadPredict(points, sidesOfTheDiagonal(points), file);
        System.out.println("(0.2, 0.9) is " + (label == 1 ? "above" : "below") + " the diagonal; the model is in " + file);
    }
}
