package backprop.cli;

import backprop.data.LabelEncoding;
import backprop.io.ModelFile;
import backprop.io.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --data FILE.csv}: training, evaluating and their errors on CSV files the tests write. */
class CsvTrainingTest {
    @TempDir
    Path temp;

    private static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

    /**
     * Flowers of three species in four measurements, one of them (the weight) a hundred times larger than the
     * others, the species apart in every measurement; rows in a fixed, mixed order.
     */
    private Path flowers(String name, int rows, int offset) throws IOException {
        List<String> lines = new ArrayList<>(List.of("length,width,height,weight,species"));
        for (int i = offset; i < offset + rows; i++) {
            int species = (i * 7) % 3;
            double noise = ((i * 37) % 11 - 5) / 20.0;
            lines.add(String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%.1f,%s", 1 + species + noise, 2 + species - noise,
                    3 + 2 * species + noise, 100 * (1 + species) + 30 * noise, SPECIES.get(species)));
        }
        return Files.write(temp.resolve(name), lines);
    }

    /** {@code train --data CSV --layers 4,8,3 --epochs 20 --eta 1.0 --batch 4}, those that {@code more} does not give. */
    private CliRun train(Path csv, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString()));
        args.addAll(List.of(more));
        List<String> defaults = List.of("--layers", "4,8,3", "--epochs", "20", "--eta", "1.0", "--batch", "4");
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!args.contains(defaults.get(i))) {
                args.addAll(defaults.subList(i, i + 2));
            }
        }
        return CliRun.run(args.toArray(String[]::new));
    }

    private static int correct(String epochLine) {
        return Integer.parseInt(epochLine.replaceAll("^Epoch \\d+: (\\d+) / .*$", "$1"));
    }

    @Test
    void aCsvFileWithNamedLabelsTrainsAndEvaluatesOnItsLastSixth() throws IOException {
        CliRun run = train(flowers("flowers.csv", 120, 0), "--standardize").assertSuccess();

        assertTrue(run.outLines().getFirst().startsWith("Training 4,8,3 (sigmoid; quadratic cost) on 100 flowers "
                + "training examples, evaluating on 20 flowers validation examples"), run::toString);
        assertTrue(correct(run.outLinesStartingWith("Epoch ").getLast()) >= 18, () -> "separable species\n" + run);
        assertEquals(List.of(), run.outLinesStartingWith("Test: "), "no test data to report on\n" + run);
    }

    @Test
    void theSavedModelRecordsTheClassesTheLabelColumnAndTheStandardization() throws IOException {
        Path model = temp.resolve("flowers.json");
        train(flowers("flowers.csv", 120, 0), "--standardize", "--save", model.toString()).assertSuccess();

        Provenance provenance = ModelFile.load(model).provenance().orElseThrow();
        assertEquals(LabelEncoding.named(SPECIES), LabelEncoding.parse(provenance.extra().get("classes")).orElseThrow());
        assertEquals("species", provenance.extra().get("label-column"));
        assertTrue(provenance.extra().get("standardize-means").startsWith("["), provenance::toString);
        assertTrue(provenance.extra().get("standardize-deviations").startsWith("["), provenance::toString);
        assertTrue(provenance.data().endsWith("flowers.csv"), provenance::toString);
    }

    @Test
    void evaluateReadsACsvFileWithTheModelsClassesAndStandardization() throws IOException {
        Path model = temp.resolve("flowers.json");
        Path csv = flowers("flowers.csv", 120, 0);
        CliRun training = train(csv, "--standardize", "--save", model.toString()).assertSuccess();
        // Another file whose species appear in another order: the model's classes still name its outputs.
        Path reordered = Files.write(temp.resolve("reordered.csv"), List.of("length,width,height,weight,species",
                "3.0,2.0,7.0,300,virginica", "1.0,2.0,3.0,100,setosa", "2.0,3.0,5.0,200,versicolor",
                "3.1,1.9,7.1,301,virginica", "1.1,2.1,3.1,101,setosa", "2.1,2.9,5.1,199,versicolor"));

        CliRun same = CliRun.run("evaluate", "--model", model.toString(), "--data", csv.toString()).assertSuccess();
        String last = training.outLinesStartingWith("Epoch ").getLast().replaceAll("^Epoch \\d+: ", "")
                .replaceAll(" \\d+\\.\\d{3} s$", "");
        assertEquals(last + " on flowers validation", same.outLines().getFirst(), () -> training + "\n" + same);

        CliRun other = CliRun.run("evaluate", "--model", model.toString(), "--data", reordered.toString(),
                "--split", "training", "--matrix").assertSuccess();
        assertEquals("5 / 5 (100.00%) on reordered training", other.outLines().getFirst(), other::toString);
        assertTrue(other.outLines().get(2).matches("true \\\\ predicted +setosa +versicolor +virginica +right"),
                other::toString);
    }

    @Test
    void aTestFileIsEvaluatedAfterAValidationRun() throws IOException {
        CliRun run = train(flowers("train.csv", 120, 0), "--test", flowers("test.csv", 30, 500).toString(),
                "--eval", "validation", "--standardize").assertSuccess();

        assertTrue(run.outLines().getLast().matches("Test: \\d+ / 30 \\(\\d+\\.\\d\\d%\\)"), run::toString);
    }

    @Test
    void withATestFileTheTestDataIsEvaluatedAfterEachEpoch() throws IOException {
        CliRun run = train(flowers("train.csv", 60, 0), "--test", flowers("test.csv", 30, 500).toString())
                .assertSuccess();

        assertTrue(run.outLines().getFirst().endsWith("evaluating on 30 test examples"), "named after its file\n" + run);
    }

    @Test
    void askingForTestDataThatIsNotThereIsAUserError() throws IOException {
        Path csv = flowers("flowers.csv", 30, 0);
        CliRun run = train(csv, "--eval", "test").assertUserError("--eval test", "no test data", "--test FILE.csv",
                "--eval validation");
        assertEquals(1, run.errLines().size(), () -> "rejected before reading the file\n" + run);
    }

    @Test
    void evaluateOfACsvFileWithoutTestDataUsesItsValidationSplitUnlessTestIsAskedFor() throws IOException {
        Path model = temp.resolve("flowers.json");
        Path csv = flowers("flowers.csv", 60, 0);
        train(csv, "--save", model.toString()).assertSuccess();

        CliRun.run("evaluate", "--model", model.toString(), "--data", csv.toString()).assertSuccess();
        CliRun.run("evaluate", "--model", model.toString(), "--data", csv.toString(), "--split", "test")
                .assertUserError("has no test data", "--test FILE.csv");
    }

    @Test
    void aLabelColumnByNameOrNumber() throws IOException {
        Path csv = Files.write(temp.resolve("first.csv"), List.of("kind,a,b", "0,0.1,0.9", "1,0.9,0.1", "0,0.2,0.8",
                "1,0.8,0.2", "0,0.1,0.7", "1,0.7,0.3", "0,0.2,0.9"));
        for (String column : List.of("kind", "1")) {
            CliRun run = CliRun.run("train", "--data", csv.toString(), "--label-column", column, "--layers", "2,4,2",
                    "--epochs", "1").assertSuccess();
            assertTrue(run.outLines().getFirst().startsWith("Training 2,4,2 "), run::toString);
        }
    }

    @Test
    void aNetworkOfTheWrongInputSizeIsToldTheLayersThatFit() throws IOException {
        CliRun.run("train", "--data", flowers("flowers.csv", 30, 0).toString())
                .assertUserError("flowers training has 4 inputs per example", "--layers 4,30,3");
    }

    @Test
    void csvProblemsAreOneLineWithTheLineNumber() throws IOException {
        Path ragged = Files.write(temp.resolve("ragged.csv"), List.of("1,2,0", "3,4,1", "5,0"));
        CliRun.run("train", "--data", ragged.toString(), "--layers", "2,3,2")
                .assertUserError(ragged + ": line 3 has 2 fields, expected 3");
        Path words = Files.write(temp.resolve("words.csv"), List.of("a,b,label", "1,2,0", "3,four,1"));
        CliRun.run("train", "--data", words.toString(), "--layers", "2,3,2")
                .assertUserError(words + ": line 3, column 2 (b): 'four' is not a number");
        Path nan = Files.write(temp.resolve("nan.csv"), List.of("1,NaN,0", "3,4,1", "5,6,0"));
        CliRun.run("train", "--data", nan.toString(), "--layers", "2,3,2")
                .assertUserError("line 1, column 2: NaN is not allowed");
        Path empty = Files.write(temp.resolve("empty.csv"), List.of());
        CliRun.run("train", "--data", empty.toString()).assertUserError(empty + ": the file is empty");
        Path negative = Files.write(temp.resolve("negative.csv"), List.of("1,2,0", "3,4,-1"));
        CliRun.run("train", "--data", negative.toString(), "--layers", "2,3,2")
                .assertUserError("line 2: the label -1 is out of range");
        CliRun.run("train", "--data", temp.resolve("missing.csv").toString())
                .assertUserError("no such file: " + temp.resolve("missing.csv"));
    }

    @Test
    void aDirectoryWhereACsvFileShouldBeIsNamedAsOne() throws IOException {
        Path directory = Files.createDirectory(temp.resolve("iris.csv"));
        Path flowers = flowers("flowers.csv", 30, 0);

        CliRun data = CliRun.run("train", "--data", directory.toString(), "--layers", "4,3");
        CliRun test = CliRun.run("train", "--data", flowers.toString(), "--test", temp.toString(), "--layers", "4,3");
        CliRun evaluate = CliRun.run("evaluate", "--model", "m.json", "--data", directory.toString());

        String dataError = "error: --data " + directory + " is a directory, not a CSV file; name the .csv file to "
                + "read, or for IDX files a directory whose name does not end in .csv";
        assertEquals(dataError, data.assertUserError().errorLine());
        assertEquals("error: --test " + temp + " is a directory, not a CSV file; name the .csv file of test "
                + "examples", test.assertUserError().errorLine());
        assertEquals(dataError, evaluate.assertUserError().errorLine());
    }

    @Test
    void csvOptionsWithOtherDataAreUserErrors() {
        String idx = IdxFiles.tiny(temp.resolve("tiny")).toString();
        CliRun.run("train", "--data", idx, "--standardize").assertUserError("--standardize", "FILE.csv");
        CliRun.run("train", "--data", idx, "--label-column", "3").assertUserError("--label-column", "FILE.csv");
        CliRun.run("train", "--data", idx, "--test", "t.csv").assertUserError("--test", "FILE.csv");
        CliRun.run("evaluate", "--model", "m.json", "--data", idx, "--test", "t.csv").assertUserError("--test");
    }

    @Test
    void aCsvRunResumesToTheSameWeights() throws IOException {
        Path csv = flowers("flowers.csv", 60, 0);
        Path straight = temp.resolve("straight.json");
        Path checkpoint = temp.resolve("checkpoint.json");
        train(csv, "--standardize", "--save", straight.toString()).assertSuccess();
        train(csv, "--standardize", "--epochs", "7", "--save", checkpoint.toString(), "--checkpoint-every", "7")
                .assertSuccess();

        CliRun.run("train", "--resume", checkpoint.toString(), "--epochs", "20").assertSuccess();

        assertEquals(ModelFile.load(straight).network(), ModelFile.load(checkpoint).network());
    }
}
