package com.example;

import backprop.io.ModelFile;
import backprop.predict.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickStartTest {
    @TempDir
    Path directory;

    @Test
    void theSavedNetworkLoadsAndTellsWhichSideOfTheDiagonalAPointLies() throws IOException {
        Path file = directory.resolve("diagonal.json");
        float[] points = QuickStart.randomPoints(2000, 1);
        assertEquals(1, QuickStart.trainSaveLoadPredict(points, QuickStart.sidesOfTheDiagonal(points), file));

        Predictor loaded = Predictor.of(ModelFile.load(file).network());
        assertEquals(0, loaded.predict(new float[] {0.9f, 0.2f}));
        float[] unseen = QuickStart.randomPoints(1000, 2);
        int[] truth = QuickStart.sidesOfTheDiagonal(unseen);
        float[][] batch = new float[truth.length][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = new float[] {unseen[2 * i], unseen[2 * i + 1]};
        }
        int[] predicted = loaded.predictBatch(batch);
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += predicted[i] == truth[i] ? 1 : 0;
        }
        assertTrue(correct >= 950, correct + " of 1000 unseen points on the right side");
    }

    @Test
    void readmeShowsTheExampleAsItIsHere() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Use it in your project");
        assertTrue(section >= 0, "README.md has no section 'Use it in your project'");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        List<String> shown = readme.substring(start, end).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertTrue(shown.size() >= 10, "the README's example: " + shown);
        String source = Files.readString(Path.of("src", "main", "java", "com", "example", "QuickStart.java"));
        for (String line : shown) {
            assertTrue(source.contains(line), "README.md shows a line QuickStart.java does not have: " + line);
        }
    }
}
