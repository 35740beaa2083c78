package backprop.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backprop export}, and the ONNX and safetensors files it writes read back by every command. */
class ExportCommandTest {
    @TempDir
    Path temp;

    private String data;
    private Path model;

    @BeforeEach
    void trainAModel() {
        data = IdxFiles.tiny(temp.resolve("tiny")).toString();
        model = temp.resolve("model.json");
        CliRun.run("train", "--data", data, "--layers", "16,8,10", "--epochs", "2", "--batch", "5",
                "--engine", "reference", "--save", model.toString()).assertSuccess();
    }

    @Test
    void exportedModelsEvaluateAsTheOriginalDoes() {
        Path onnx = temp.resolve("out/model.onnx");
        Path safetensors = temp.resolve("out/model.safetensors");

        CliRun export = CliRun.run("export", "--model", model.toString(), "--onnx", onnx.toString(),
                "--safetensors", safetensors.toString()).assertSuccess();

        assertEquals(2, export.outLines().size(), export::toString);
        assertTrue(export.outLines().getFirst().startsWith("Wrote " + onnx + " (ONNX, opset 17): 16,fc:8:sigmoid"),
                export::toString);
        String original = CliRun.run("evaluate", "--model", model.toString(), "--data", data).assertSuccess().out();
        assertEquals(original, CliRun.run("evaluate", "--model", onnx.toString(), "--data", data).assertSuccess().out());
        assertEquals(original,
                CliRun.run("evaluate", "--model", safetensors.toString(), "--data", data).assertSuccess().out());
    }

    @Test
    void anOnnxModelCanBeInspectedAndFineTuned() {
        Path onnx = temp.resolve("model.onnx");
        CliRun.run("export", "--model", model.toString(), "--onnx", onnx.toString()).assertSuccess();

        CliRun inspect = CliRun.run("inspect", "--model", onnx.toString()).assertSuccess();
        CliRun tuned = CliRun.run("train", "--data", data, "--from", onnx.toString(), "--epochs", "1", "--batch", "5",
                "--engine", "reference", "--save", temp.resolve("tuned.json").toString()).assertSuccess();

        assertTrue(inspect.out().contains("2      fc:10:sigmoid  10              90  10 x 8   10"), inspect::toString);
        assertTrue(Files.exists(temp.resolve("tuned.json")), tuned::toString);
    }

    @Test
    void exportNeedsAFormat() {
        CliRun.run("export", "--model", model.toString()).assertUserError("--onnx", "--safetensors");
    }

    @Test
    void anOnnxGraphWeCannotMapIsOneLineNamingTheNode() throws IOException {
        Path elu = temp.resolve("elu.onnx");
        try (InputStream in = getClass().getResourceAsStream("/onnx/pytorch/unsupported-elu.onnx")) {
            Files.copy(in, elu);
        }

        CliRun.run("evaluate", "--model", elu.toString(), "--data", data)
                .assertUserError(elu + " is not a valid model file: node 2 (Elu", "no counterpart among our layers");
    }
}
