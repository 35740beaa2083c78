package backprop.cli;

import backprop.image.BlankImageException;
import backprop.image.DigitImage;
import backprop.nn.Activation;
import backprop.nn.Network;
import backprop.predict.Predictor;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** {@code backprop predict}: what a model makes of pictures of digits. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read pictures of handwritten digits (PNG, JPEG, GIF or BMP, any size and colour) and print "
                + "the digit a model sees in each, with its three most likely digits.",
                "Each picture is made to look like MNIST's: grayscale, dark ink on light paper inverted, cropped to "
                        + "the digit, fitted into 20 x 20 pixels and centred by its centre of mass in 28 x 28.",
                "Probabilities are the outputs of a softmax output layer; for other output layers (the book's "
                        + "sigmoid) they are the outputs divided by their sum."},
        footer = {"", "Examples:",
                "  backprop predict --model model.json seven.png",
                "  backprop predict --model model.json scans/*.jpg --json",
                "", "A picture that cannot be read is reported on stderr and the others are still read; "
                + "the exit code is then 2."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (JSON), trained on "
            + "28 x 28 images such as MNIST's.")
    Path model;

    @Option(names = "--json", description = "Print one JSON object per picture: the prediction, every digit's "
            + "probability, and for a picture that cannot be read, the error.")
    boolean json;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Pictures of one digit each.")
    List<Path> images;

    /** How many of the most likely classes each line names. */
    static final int TOP = 3;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Network network = UserFiles.loadModel(model).network();
        if (network.inputSize() != DigitImage.PIXELS) {
            throw new UserError("the model " + model + " takes " + network.inputSize() + " inputs, but predict reads "
                    + "pictures as MNIST's 28 x 28 = " + DigitImage.PIXELS + " pixels");
        }
        Predictor predictor = Predictor.of(network);
        int failed = 0;
        for (Path image : images) {
            double[] pixels;
            try {
                pixels = DigitImage.read(image);
            } catch (IOException | BlankImageException e) {
                failed++;
                String message = describe(image, e);
                err.println("error: " + message);
                err.flush();
                if (json) {
                    ObjectNode line = JsonLines.event("error").put("image", image.toString()).put("error", message);
                    JsonLines.print(out, line);
                }
                continue;
            }
            double[] outputs = toDoubles(predictor.outputs(toFloats(pixels)));
            double[] probabilities = probabilities(network, outputs);
            List<Integer> ranked = ranked(outputs);
            if (json) {
                JsonLines.print(out, predictionLine(image, probabilities, ranked));
            } else {
                out.println(image + ": Prediction: " + ranked.getFirst() + " (" + String.join(", ", ranked.stream()
                        .limit(TOP).map(c -> String.format(Locale.ROOT, "%d: %.1f%%", c, 100 * probabilities[c]))
                        .toList()) + ")");
                out.flush();
            }
        }
        return failed == 0 ? 0 : Main.USER_ERROR;
    }

    /** One line naming the picture and what is wrong with it. */
    private static String describe(Path image, Exception e) {
        String message = Main.message(e);
        // The decoder's messages start with the file name; the file system's and "no ink found" do not.
        return message.contains(image.toString()) ? message : image + ": " + message;
    }

    /**
     * The outputs as probabilities that sum to 1: a softmax layer's as they are, others' (sigmoid, tanh, ReLU)
     * with negative outputs taken as 0 and the rest divided by their sum; all equal if every output is 0.
     */
    static double[] probabilities(Network network, double[] outputs) {
        if (network.outputLayer().activation() == Activation.SOFTMAX) {
            return outputs.clone();
        }
        double[] p = new double[outputs.length];
        double sum = 0;
        for (int j = 0; j < outputs.length; j++) {
            p[j] = Math.max(0, outputs[j]);
            sum += p[j];
        }
        for (int j = 0; j < p.length; j++) {
            p[j] = sum > 0 ? p[j] / sum : 1.0 / p.length;
        }
        return p;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            floats[k] = (float) values[k];
        }
        return floats;
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            doubles[k] = values[k];
        }
        return doubles;
    }

    /**
     * The classes from most to least likely, by the outputs themselves (so the first is {@link Network#predict}'s
     * choice even where negative outputs all read as probability 0); ties in class order, as argmax breaks them.
     */
    private static List<Integer> ranked(double[] outputs) {
        List<Integer> classes = new ArrayList<>(IntStream.range(0, outputs.length).boxed().toList());
        classes.sort(Comparator.comparingDouble((Integer c) -> outputs[c]).reversed());
        return classes;
    }

    private static ObjectNode predictionLine(Path image, double[] probabilities, List<Integer> ranked) {
        ObjectNode line = JsonLines.event("prediction").put("image", image.toString()).put("prediction", ranked.getFirst());
        ArrayNode all = line.putArray("probabilities");
        for (double p : probabilities) {
            all.add(p);
        }
        ArrayNode top = line.putArray("top");
        for (int c : ranked.subList(0, Math.min(TOP, ranked.size()))) {
            top.addObject().put("class", c).put("probability", probabilities[c]);
        }
        return line;
    }
}
