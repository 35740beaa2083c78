package backprop.cli;

import backprop.nn.Network;
import backprop.io.onnx.OnnxExport;
import backprop.io.safetensors.SafetensorsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backprop export}: a model in the formats other tools read. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a model as ONNX (for ONNX Runtime, PyTorch and other ONNX tools) and/or as safetensors "
                + "(its tensors, for numpy and PyTorch, with the architecture in the header).",
                "ONNX: input 'input' [batch, n] or [batch, channels, height, width], output 'output' "
                        + "[batch, classes], opset " + OnnxExport.OPSET + "; see docs/ONNX.md."},
        footer = {"", "Examples:",
                "  backprop export --model model.json --onnx model.onnx",
                "  backprop export --model model.json --safetensors model.safetensors",
                "  backprop evaluate --model model.onnx          every command reads both formats back"})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "Model file to export (JSON, ONNX or safetensors).")
    Path model;

    @Option(names = "--onnx", paramLabel = "FILE.onnx", description = "Write the model as ONNX to this file.")
    Path onnx;

    @Option(names = "--safetensors", paramLabel = "FILE.safetensors",
            description = "Write the model's tensors as safetensors to this file.")
    Path safetensors;

    @Override
    public Integer call() throws IOException {
        if (onnx == null && safetensors == null) {
            throw new UserError("export needs --onnx FILE.onnx or --safetensors FILE.safetensors (or both)");
        }
        new CommandFiles().reads("--model", model).writes("--onnx", onnx, "model.onnx")
                .writes("--safetensors", safetensors, "model.safetensors").check();
        Network network = UserFiles.loadModel(model).network();
        PrintWriter out = spec.commandLine().getOut();
        if (onnx != null) {
            OnnxExport.save(network, onnx);
            out.println("Wrote " + onnx + " (ONNX, opset " + OnnxExport.OPSET + "): " + network.architecture().notation());
        }
        if (safetensors != null) {
            SafetensorsFile.save(network, safetensors);
            out.println("Wrote " + safetensors + " (safetensors): " + network.architecture().notation());
        }
        return 0;
    }
}
