package backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/**
 * The readers' messages about files that are not what they should be, as a user sees them: one line
 * naming the file and what it is, through the command line (the readers' own tests pin the wording).
 */
class UntrustedFileMessagesTest {
    /** A valid 16,10 model: one matrix of ten rows of sixteen zeros, ten biases. */
    private static final String MODEL = "{\"sizes\": [16, 10], \"weights\": [["
            + String.join(", ", Collections.nCopies(10, "[" + "0, ".repeat(15) + "0]"))
            + "]], \"biases\": [[" + "0, ".repeat(9) + "0]], \"cost\": \"QuadraticCost\"}";

    @TempDir
    Path temp;

    @Test
    void aBinaryFileGivenAsCsvIsNotATextCsvFile() throws IOException {
        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        Path binary = Files.write(temp.resolve("binary.csv"), everyByte);

        CliRun.run("train", "--data", binary.toString(), "--epochs", "1")
                .assertUserError(binary + ": not a text CSV file");
    }

    @Test
    void aBadLabelInTheTestFileIsBlamedOnTheTestFile() {
        Path data = IdxFiles.tiny(temp.resolve("data"));
        byte[] labels = IdxFiles.labels(20);
        labels[8 + 3] = 12;
        IdxFiles.write(data.resolve(IdxFiles.TEST_LABELS), labels, false);

        CliRun.run("train", "--data", data.toString(), "--layers", "16,8,10", "--epochs", "1")
                .assertUserError(data.resolve(IdxFiles.TEST_LABELS) + ": label 12 of example 3 is outside 0..9");
    }

    @Test
    void aModelNestedTooDeepOrWithAHugeNumberIsOneLineWithoutTheParsersInternals() throws IOException {
        Path deep = Files.writeString(temp.resolve("deep.json"), "{\"x\": " + "[".repeat(2000) + "]".repeat(2000) + "}");
        Path digits = Files.writeString(temp.resolve("digits.json"), MODEL.replaceFirst("0,", "1".repeat(2000) + ","));

        CliRun.run("inspect", "--model", deep.toString())
                .assertUserError(deep + " is not a valid model file: lists and objects are nested more than 1000 deep");
        CliRun.run("inspect", "--model", digits.toString())
                .assertUserError(digits + " is not a valid model file: a number is longer than 1000 characters");
    }

    @Test
    void aGzippedModelIsNamedAsGzipData() throws IOException {
        Path model = Files.write(temp.resolve("model.json.gz"),
                IdxFiles.gzipped(MODEL.getBytes(StandardCharsets.UTF_8)));

        CliRun.run("evaluate", "--model", model.toString(), "--data", IdxFiles.tiny(temp.resolve("data")).toString())
                .assertUserError(model + " is not a valid model file: it is gzip-compressed data");
    }

    @Test
    void anIdxFileGivenAsAModelIsNamedAsOne() {
        Path data = IdxFiles.tiny(temp.resolve("data"));

        CliRun.run("inspect", "--model", data.resolve(IdxFiles.TRAIN_IMAGES).toString())
                .assertUserError("is not a valid model file: it is an IDX image file (MNIST's data format), not JSON");
    }
}
