package backprop.cli;

import backprop.io.ModelFile;
import backprop.nn.Cost;
import backprop.nn.Initializer;
import backprop.nn.Network;
import backprop.nn.SeededRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything a user can get wrong ends the same way: exit code 2, one line on stderr starting with
 * {@code error:} that says what is wrong, and no stack trace unless {@code --debug} asks for one.
 */
class UserErrorTest {
    @TempDir
    Path temp;

    private String tiny() {
        return IdxFiles.tiny(temp.resolve("tiny")).toString();
    }

    /** {@code train} on the tiny data with small settings, {@code flag} set to {@code value} instead. */
    private CliRun trainWith(String flag, String value) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--data", tiny());
        options.put("--layers", "16,8,10");
        options.put("--epochs", "1");
        options.put("--batch", "5");
        options.put(flag, value);
        List<String> args = new ArrayList<>(List.of("train"));
        options.forEach((name, v) -> args.addAll(List.of(name, v)));
        return CliRun.run(args.toArray(String[]::new));
    }

    private Path savedModel() {
        Path model = temp.resolve("model.json");
        CliRun.run("train", "--data", tiny(), "--layers", "16,8,10", "--epochs", "1", "--batch", "5",
                "--save", model.toString()).assertSuccess();
        return model;
    }

    @ParameterizedTest(name = "train {0} {1} is a user error naming {2}")
    @CsvSource(delimiter = '|', value = {
            "--layers           | 784,x,10      | 784,x,10",
            "--layers           | 5             | at least an input and an output layer",
            "--layers           | 0,3           | positive",
            "--layers           | 16,-8,10      | positive",
            "--layers           | 16,8,10,      | 16,8,10,",
            "--layers           | ',16,8,10'    | ',16,8,10'",
            "--layers           | 16,,10        | 16,,10",
            "--epochs           | -1            | --epochs",
            "--epochs           | many          | --epochs",
            "--batch            | 0             | --batch",
            "--batch            | -5            | --batch",
            "--eta              | 0             | --eta",
            "--eta              | -1            | --eta",
            "--eta              | NaN           | --eta",
            "--eta              | Infinity      | --eta",
            "--lambda           | -1            | --lambda",
            "--cost             | cubic         | cubic",
            "--init             | zeros         | zeros",
            "--engine           | gpu           | gpu",
            "--threads          | 0             | --threads",
            "--threads          | 1000          | --threads",
            "--eval             | nonsense      | nonsense",
            "--train-size       | 0             | --train-size",
            "--train-size       | -3            | --train-size",
            "--activation       | swish         | swish",
            "--output           | bogus         | bogus",
            "--optimizer        | rmsprop       | rmsprop",
            "--momentum         | 1             | --momentum",
            "--momentum         | -0.1          | --momentum",
            "--l1               | -1            | --l1",
            "--l1               | NaN           | --l1",
            "--dropout          | 1             | --dropout",
            "--dropout          | -0.1          | --dropout",
            "--early-stop       | 0             | --early-stop",
            "--halve-on-plateau | -1            | --halve-on-plateau",
            "--schedule         | step          | step:10:0.5",
            "--schedule         | step:0:0.5    | at least 1",
            "--schedule         | step:x:0.5    | step:EPOCHS:FACTOR",
            "--schedule         | step:3:0      | positive",
            "--schedule         | linear        | linear",
            "--schedule         | cosine:3      | --min-eta",
            "--augment          | rotate        | rotate",
            "--augment          | elastic:0     | COPIES",
            "--augment          | elastic:x     | COPIES",
            "--augment          | elastic:1000  | COPIES",
            "--recipe           | nope          | nope",
    })
    void badTrainFlagIsAUserError(String flag, String value, String mentioned) {
        CliRun run = trainWith(flag, value).assertUserError(mentioned);

        assertEquals(1, run.errLines().size(), () -> "rejected before any data is loaded\n" + run);
    }

    @ParameterizedTest(name = "train --cost {0} lists the known costs")
    @CsvSource({"cost, quadratic", "init, scaled", "engine, reference", "activation, leaky-relu", "optimizer, nesterov",
            "augment, elastic", "recipe, network2"})
    void unknownNamedValueListsTheKnownOnes(String flag, String known) {
        trainWith("--" + flag, "nope").assertUserError("nope", known);
    }

    @Test
    void unknownOptionIsAUserErrorPointingToHelp() {
        CliRun.run("train", "--data", tiny(), "--bogus").assertUserError("--bogus", "backprop train --help");
    }

    @Test
    void unknownCommandIsAUserError() {
        CliRun.run("trian").assertUserError("trian");
    }

    @Test
    void unknownCommandSuggestsTheClosestOne() {
        CliRun run = CliRun.run("trian", "--epochs", "3");

        assertEquals("error: unknown command 'trian'; did you mean 'train'? (see 'backprop --help')",
                run.assertUserError().errorLine());
    }

    @Test
    void unknownCommandWithNothingCloseSuggestsNothing() {
        CliRun run = CliRun.run("zzz");

        assertEquals("error: unknown command 'zzz' (see 'backprop --help')", run.assertUserError().errorLine());
    }

    @Test
    void unknownSubcommandSuggestsTheClosestOne() {
        CliRun.run("data", "fecth", "mnist")
                .assertUserError("unknown command 'fecth'", "did you mean 'fetch'?", "backprop data --help");
    }

    @Test
    void unknownOptionSuggestsTheClosestOne() {
        CliRun run = CliRun.run("train", "--data", tiny(), "--epoch", "3");

        assertEquals("error: unknown option '--epoch'; did you mean '--epochs'? (see 'backprop train --help')",
                run.assertUserError().errorLine());
    }

    @Test
    void unexpectedArgumentIsAUserError() {
        CliRun.run("inspect", "--model", "model.json", "extra.json")
                .assertUserError("unexpected argument 'extra.json'", "backprop inspect --help");
    }

    @Test
    void missingRequiredOptionIsAUserError() {
        CliRun.run("evaluate", "--data", tiny()).assertUserError("--model");
        CliRun.run("show", "--data", tiny()).assertUserError("--index");
        CliRun.run("inspect").assertUserError("--model");
    }

    @Test
    void unknownSplitIsAUserError() {
        CliRun.run("evaluate", "--model", savedModel().toString(), "--data", tiny(), "--split", "holdout")
                .assertUserError("--split", "holdout");
    }

    @Test
    void unknownSplitOrEvalListsTheValuesInLowerCaseAsTheHelpDoes() {
        CliRun show = CliRun.run("show", "--data", tiny(), "--index", "0", "--split", "bogus")
                .assertUserError("--split", "'bogus'", "training, validation, test");
        CliRun train = trainWith("--eval", "bogus").assertUserError("--eval", "'bogus'", "test, validation, none");

        for (CliRun run : List.of(show, train)) {
            assertFalse(run.errorLine().contains("TEST") || run.errorLine().contains("VALIDATION"), run::toString);
        }
    }

    @Test
    void emptyDataIsAUserErrorBeforeAnythingIsRead() throws IOException {
        Path model = modelWithInputs(16);
        List<CliRun> runs = List.of(
                CliRun.run("train", "--data", ""),
                CliRun.run("evaluate", "--model", model.toString(), "--data", " "),
                CliRun.run("show", "--data", "", "--index", "0"));

        for (CliRun run : runs) {
            run.assertUserError("--data", "mnist");
            assertEquals(1, run.errLines().size(), run::toString);
        }
    }

    /** 5 training images: the book's split leaves 5 for training and 5 / 6 = 0 for validation. */
    private String withoutValidation() {
        return IdxFiles.mnistLayout(temp.resolve("five"), 5, 20, 4, 4, false).toString();
    }

    @Test
    void evaluatingOnAnEmptyValidationSplitIsAUserError() throws IOException {
        String data = withoutValidation();

        trainWith("--data", data).assertSuccess();
        CliRun.run("train", "--data", data, "--layers", "16,8,10", "--eval", "validation")
                .assertUserError("the validation split of " + data + " is empty");
        CliRun.run("evaluate", "--model", modelWithInputs(16).toString(), "--data", data, "--split", "validation")
                .assertUserError("the validation split of " + data + " is empty");
        CliRun.run("show", "--data", data, "--index", "0", "--split", "validation")
                .assertUserError("the validation split of " + data + " is empty");
    }

    @Test
    void optionGivenTwiceIsAUserError() {
        CliRun.run("train", "--data", tiny(), "--layers", "16,8,10", "--layers", "16,9,10").assertUserError("--layers");
    }

    @Test
    void nonexistentDataDirectoryIsAUserError() {
        CliRun.run("train", "--data", "/nonexistent/dir", "--layers", "16,8,10")
                .assertUserError("/nonexistent/dir", "mnist", "train-images-idx3-ubyte");
    }

    @Test
    void dataDirectoryWithATruncatedImageFileIsAUserError() {
        Path data = IdxFiles.tiny(temp.resolve("cut"));
        IdxFiles.write(data.resolve(IdxFiles.TRAIN_IMAGES),
                IdxFiles.truncated(IdxFiles.images(60, 4, 4), 16 + 30 * 16), false);

        CliRun.run("train", "--data", data.toString(), "--layers", "16,8,10")
                .assertUserError(IdxFiles.TRAIN_IMAGES, "truncated");
    }

    @Test
    void dataDirectoryWithATruncatedGzippedFileIsAUserError() throws IOException {
        Path data = IdxFiles.mnistLayout(temp.resolve("cutgz"), 60, 20, 4, 4, true);
        Path labels = data.resolve(IdxFiles.TEST_LABELS + ".gz");
        byte[] gzipped = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(gzipped, gzipped.length / 2));

        CliRun.run("evaluate", "--model", savedModel().toString(), "--data", data.toString())
                .assertUserError(IdxFiles.TEST_LABELS, "truncated");
    }

    @Test
    void dataDirectoryWithATruncatedHeaderIsAUserError() {
        Path data = IdxFiles.tiny(temp.resolve("header"));
        IdxFiles.write(data.resolve(IdxFiles.TRAIN_LABELS), IdxFiles.truncated(IdxFiles.labels(60), 6), false);

        CliRun.run("train", "--data", data.toString(), "--layers", "16,8,10")
                .assertUserError(IdxFiles.TRAIN_LABELS, "header");
    }

    @Test
    void dataDirectoryWithoutALabelsFileIsAUserError() throws IOException {
        Path data = IdxFiles.tiny(temp.resolve("nolabels"));
        Files.delete(data.resolve(IdxFiles.TEST_LABELS));

        CliRun.run("train", "--data", data.toString(), "--layers", "16,8,10")
                .assertUserError("missing", IdxFiles.TEST_LABELS);
    }

    @Test
    void labelFileGivenForImagesIsAUserError() {
        Path data = IdxFiles.tiny(temp.resolve("swapped"));
        IdxFiles.write(data.resolve(IdxFiles.TRAIN_IMAGES), IdxFiles.labels(60), false);

        CliRun.run("train", "--data", data.toString(), "--layers", "16,8,10")
                .assertUserError(IdxFiles.TRAIN_IMAGES, "label file");
    }

    @Test
    void fewerLabelsThanImagesIsAUserError() {
        Path data = IdxFiles.tiny(temp.resolve("short"));
        IdxFiles.write(data.resolve(IdxFiles.TRAIN_LABELS), IdxFiles.labels(59), false);

        CliRun.run("train", "--data", data.toString(), "--layers", "16,8,10")
                .assertUserError(IdxFiles.TRAIN_LABELS, "59 labels", "60 images");
    }

    @Test
    void testImagesOfAnotherSizeThanTrainingImagesIsAUserError() {
        Path data = IdxFiles.tiny(temp.resolve("sizes"));
        IdxFiles.write(data.resolve(IdxFiles.TEST_IMAGES), IdxFiles.images(20, 5, 5), false);

        CliRun.run("train", "--data", data.toString(), "--layers", "16,8,10")
                .assertUserError(IdxFiles.TEST_IMAGES, "5 x 5", "4 x 4");
    }

    @Test
    void inputLayerThatDoesNotMatchTheImagesIsAUserError() {
        trainWith("--layers", "10,5,10").assertUserError("16 inputs", "10 neurons", "--layers 16,");
    }

    @Test
    void theBooksDefaultLayersOnSmallImagesSuggestTheRightInputSize() {
        CliRun.run("train", "--data", tiny()).assertUserError("784", "--layers 16,");
    }

    @Test
    void outputLayerSmallerThanTheClassCountIsAUserError() {
        trainWith("--layers", "16,8,5").assertUserError("10 classes", "5 neurons");
    }

    @Test
    void evaluateWithAMissingModelFileIsAUserError() {
        Path missing = temp.resolve("missing.json");

        CliRun.run("evaluate", "--model", missing.toString(), "--data", tiny())
                .assertUserError("no such file", missing.toString());
    }

    @Test
    void inspectWithAMissingModelFileIsAUserError() {
        Path missing = temp.resolve("missing.json");

        CliRun.run("inspect", "--model", missing.toString()).assertUserError("no such file", missing.toString());
    }

    @Test
    void trainFromAMissingModelFileIsAUserError() {
        Path missing = temp.resolve("missing.json");

        trainWith("--from", missing.toString()).assertUserError("no such file", missing.toString());
    }

    @Test
    void modelFileThatIsNotJsonIsAUserError() throws IOException {
        Path model = Files.writeString(temp.resolve("model.json"), "this is not a model\n");

        CliRun.run("evaluate", "--model", model.toString(), "--data", tiny())
                .assertUserError(model.toString(), "not a valid model file");
        CliRun.run("inspect", "--model", model.toString()).assertUserError(model.toString(), "not a valid model file");
        trainWith("--from", model.toString()).assertUserError(model.toString(), "not a valid model file");
    }

    @Test
    void truncatedModelFileIsAUserError() throws IOException {
        Path model = savedModel();
        String json = Files.readString(model);
        Files.writeString(model, json.substring(0, json.length() / 2));

        CliRun.run("evaluate", "--model", model.toString(), "--data", tiny())
                .assertUserError(model.toString(), "truncated");
        CliRun.run("inspect", "--model", model.toString()).assertUserError(model.toString(), "truncated");
    }

    @Test
    void emptyModelFileIsAUserError() throws IOException {
        Path model = Files.writeString(temp.resolve("empty.json"), "");

        CliRun.run("inspect", "--model", model.toString()).assertUserError(model.toString());
    }

    @Test
    void jsonThatIsNotAModelIsAUserError() throws IOException {
        Path model = Files.writeString(temp.resolve("other.json"), "{\"sizes\": [16, 10]}\n");

        CliRun.run("inspect", "--model", model.toString()).assertUserError(model.toString(), "weights");
    }

    private Path modelWithInputs(int inputs) throws IOException {
        Path model = temp.resolve("inputs-" + inputs + ".json");
        Network network = Network.initialize(new int[]{inputs, 8, 10}, Cost.QUADRATIC, Initializer.LARGE,
                new SeededRandom(1));
        ModelFile.save(network, null, model);
        return model;
    }

    @Test
    void evaluateWithAModelOfTheWrongInputSizeIsAUserError() throws IOException {
        Path model = modelWithInputs(9);

        CliRun.run("evaluate", "--model", model.toString(), "--data", tiny())
                .assertUserError(model.toString(), "expects 9 inputs", "16 inputs per example");
    }

    @Test
    void showWithAModelOfTheWrongInputSizeIsAUserError() throws IOException {
        Path model = modelWithInputs(9);

        CliRun.run("show", "--data", tiny(), "--index", "0", "--model", model.toString())
                .assertUserError(model.toString(), "expects 9 inputs", "16 inputs per example");
    }

    @Test
    void evaluateWithAModelOfTheWrongInputSizeDoesNotSuggestAnOptionItLacks() throws IOException {
        Path model = modelWithInputs(9);

        CliRun run = CliRun.run("evaluate", "--model", model.toString(), "--data", tiny()).assertUserError("16 inputs");
        assertFalse(run.errorLine().contains("--layers"), run::toString);
    }

    @ParameterizedTest(name = "show --index {0} is a user error")
    @CsvSource({"999", "-1", "20"})
    void showIndexOutsideTheSplitIsAUserError(String index) {
        CliRun.run("show", "--data", tiny(), "--index", index).assertUserError("--index", "between 0 and 19", index);
    }

    @ParameterizedTest(name = "show --scale {0} is a user error")
    @CsvSource({"0", "-2", "101"})
    void showScaleOutOfRangeIsAUserError(String scale) {
        CliRun.run("show", "--data", tiny(), "--index", "0", "--png", temp.resolve("x.png").toString(), "--scale", scale)
                .assertUserError("--scale");
        assertFalse(Files.exists(temp.resolve("x.png")));
    }

    @Test
    void dataFetchOfAnUnknownDataSetIsAUserError() {
        CliRun.run("data", "fetch", "cifar-10").assertUserError("cifar-10", "mnist", "fashion-mnist");
        CliRun.run("data", "fetch", "cifar-10", "--dir", temp.resolve("cifar").toString())
                .assertUserError("cifar-10", "mnist", "fashion-mnist");
        assertFalse(Files.exists(temp.resolve("cifar")), "nothing created for an unknown data set");
    }

    @Test
    void dataFetchWithoutANameIsAUserError() {
        CliRun.run("data", "fetch").assertUserError("mnist|fashion-mnist");
    }

    @Test
    void debugPrintsTheStackTraceOfAUserErrorAndStillExitsWithTwo() {
        CliRun run = trainWith("--eta", "-1");
        CliRun debug = CliRun.run("train", "--data", tiny(), "--layers", "16,8,10", "--eta", "-1", "--debug");

        assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error:")).count(), run::toString);
        assertEquals(Main.USER_ERROR, debug.exitCode(), debug::toString);
        assertEquals(run.errorLine(), debug.errorLine());
        assertTrue(debug.errLines().stream().anyMatch(l -> l.startsWith("\tat backprop.cli.")), debug::toString);
        assertTrue(debug.err().contains("UserError"), debug::toString);
    }

    @Test
    void debugBeforeTheCommandAlsoPrintsTheStackTrace() {
        CliRun debug = CliRun.run("--debug", "evaluate", "--model", temp.resolve("missing.json").toString(),
                "--data", tiny());

        assertEquals(Main.USER_ERROR, debug.exitCode(), debug::toString);
        assertTrue(debug.err().contains("NoSuchFileException"), debug::toString);
    }

    @Test
    void debugPrintsTheStackTraceOfABadOption() {
        CliRun debug = CliRun.run("train", "--data", tiny(), "--bogus", "--debug");

        assertEquals(Main.USER_ERROR, debug.exitCode(), debug::toString);
        assertTrue(debug.errLines().getFirst().startsWith("error: "), debug::toString);
        assertTrue(debug.errLines().stream().anyMatch(l -> l.startsWith("\tat picocli.")), debug::toString);
    }

    @Test
    void trainSavingOntoADirectoryIsAUserError() {
        trainWith("--save", temp.toString()).assertUserError(temp.toString());
    }

    @Test
    void trainSavingOntoADirectoryDoesNotMentionTheTemporaryFile() {
        CliRun run = trainWith("--save", temp.toString()).assertUserError(temp.toString());

        assertFalse(run.errorLine().contains(".tmp"), run::toString);
    }

    @Test
    void savingUnderARegularFileSaysThatItIsNotADirectory() throws IOException {
        Path file = Files.writeString(temp.resolve("afile"), "x");
        String target = file.resolve("model.json").toString();

        CliRun save = trainWith("--save", target).assertUserError(file.toString());
        CliRun png = CliRun.run("show", "--data", tiny(), "--index", "0", "--png", file.resolve("x.png").toString())
                .assertUserError(file.toString());

        assertEquals("error: --save " + target + ": " + file + " is a file, not a directory", save.errorLine());
        assertEquals("error: --png " + file.resolve("x.png") + ": " + file + " is a file, not a directory",
                png.errorLine());
    }

    @Test
    void savingUnderARegularFileIsAUserError() throws IOException {
        Path file = Files.writeString(temp.resolve("afile"), "x");

        trainWith("--save", file.resolve("model.json").toString()).assertUserError(file.toString());
        CliRun.run("show", "--data", tiny(), "--index", "0", "--png", file.resolve("x.png").toString())
                .assertUserError(file.toString());
    }

    @Test
    void modelThatIsADirectoryIsAUserErrorNamingIt() throws IOException {
        Path directory = Files.createDirectory(temp.resolve("models"));

        CliRun.run("inspect", "--model", directory.toString()).assertUserError(directory.toString());
        CliRun.run("evaluate", "--model", directory.toString(), "--data", tiny()).assertUserError(directory.toString());
    }

    @Test
    void modelThatIsADirectoryIsAUserErrorSayingSo() throws IOException {
        Path directory = Files.createDirectory(temp.resolve("models"));
        String expected = "error: " + directory + ": is a directory, not a model file";

        assertEquals(expected, CliRun.run("inspect", "--model", directory.toString()).assertUserError().errorLine());
        assertEquals(expected, CliRun.run("evaluate", "--model", directory.toString(), "--data", tiny())
                .assertUserError().errorLine());
        assertEquals(expected, CliRun.run("show", "--model", directory.toString(), "--data", tiny(), "--index", "0")
                .assertUserError().errorLine());
        assertEquals(expected, trainWith("--from", directory.toString()).assertUserError().errorLine());
    }

    @Test
    void pngOntoADirectoryIsAUserErrorBeforeAnythingIsDrawn() {
        CliRun run = CliRun.run("show", "--data", tiny(), "--index", "0", "--png", temp.toString())
                .assertUserError("--png", temp.toString(), "is a directory");

        assertEquals("", run.out(), run::toString);
    }

    @Test
    void savingDeepUnderARegularFileNamesThatFileBeforeTraining() throws IOException {
        Path file = Files.writeString(temp.resolve("afile"), "x");

        CliRun run = trainWith("--save", file.resolve("more/models/model.json").toString())
                .assertUserError(file + " is a file, not a directory");

        assertEquals("", run.out(), () -> "nothing trained\n" + run);
        assertEquals(1, run.errLines().size(), () -> "rejected before any data is loaded\n" + run);
        assertEquals("x", Files.readString(file), "the file in the way is left alone");
    }

    @Test
    void savingIntoADirectoryWithoutWritePermissionIsAUserErrorBeforeTraining() throws IOException {
        Path locked = Files.createDirectory(temp.resolve("locked"));
        try {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions here");
        }
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "this user can write anywhere (root)");

            CliRun run = trainWith("--save", locked.resolve("model.json").toString())
                    .assertUserError("--save", locked.toString(), "permission denied");
            assertEquals("", run.out(), run::toString);
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void savingToANewDirectoryStillCreatesIt() throws IOException {
        Path model = temp.resolve("new/deeper/model.json");

        trainWith("--save", model.toString()).assertSuccess();

        assertTrue(Files.isRegularFile(model));
    }

    @Test
    void modelThatIsADirectoryIsAUserError() throws IOException {
        Path directory = Files.createDirectory(temp.resolve("models"));

        CliRun.run("inspect", "--model", directory.toString()).assertUserError();
    }

    @ParameterizedTest(name = "train {0} {1} is rejected before any data is loaded")
    @CsvSource(delimiter = '|', value = {
            "--eta        | 0",
            "--batch      | 0",
            "--threads    | 0",
    })
    void flagErrorsAreReportedBeforeLoadingData(String flag, String value) {
        CliRun run = trainWith(flag, value).assertUserError(flag);

        assertEquals(1, run.errLines().size(), run::toString);
    }

    @ParameterizedTest(name = "train {0} {1} is rejected before any data is loaded")
    @CsvSource(delimiter = '|', value = {
            "--eval       | nonsense",
            "--train-size | 0",
    })
    void evalAndTrainSizeErrorsAreReportedBeforeLoadingData(String flag, String value) {
        CliRun run = trainWith(flag, value).assertUserError(flag);

        assertEquals(1, run.errLines().size(), run::toString);
    }
}
