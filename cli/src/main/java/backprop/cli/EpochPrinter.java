package backprop.cli;

import backprop.train.EpochResult;
import backprop.train.TrainingControl;
import backprop.train.TrainingListener;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Prints each epoch as network.py does, {@code Epoch 0: 9026 / 10000}, followed by the percentage
 * and the epoch's training time; with monitoring, network2.py's cost and accuracy lines after it.
 * When a schedule changes {@code η} as the run goes, each epoch line ends with the {@code η} it ran at.
 */
final class EpochPrinter implements TrainingListener {
    private final PrintWriter out;
    private final boolean monitor;
    private final boolean showLearningRate;

    EpochPrinter(PrintWriter out, boolean monitor, boolean showLearningRate) {
        this.out = out;
        this.monitor = monitor;
        this.showLearningRate = showLearningRate;
    }

    /**
     * Four significant digits without trailing zeros: 3, 0.5, 0.0002467, and beyond a million or below a
     * ten-thousandth with an exponent as one would type it (3e300, 1.235e-12), never hundreds of digits.
     */
    static String learningRate(double eta) {
        if (!Double.isFinite(eta)) {
            return Double.toString(eta);
        }
        BigDecimal rounded = new BigDecimal(eta).round(new MathContext(4)).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (rounded.signum() == 0 || (exponent >= -4 && exponent <= 6)) {
            return rounded.toPlainString();
        }
        return rounded.toString().replace("E+", "e").replace("E", "e");
    }

    static String percent(int correct, int total) {
        return String.format(Locale.ROOT, "%.2f%%", total == 0 ? 0.0 : 100.0 * correct / total);
    }

    static String epochLine(EpochResult r) {
        String time = String.format(Locale.ROOT, "%.3f s", r.trainingSeconds());
        if (r.evaluationCorrect().isPresent()) {
            int correct = r.evaluationCorrect().getAsInt();
            return "Epoch " + r.epoch() + ": " + correct + " / " + r.evaluationSize()
                    + " (" + percent(correct, r.evaluationSize()) + ") " + time;
        }
        return "Epoch " + r.epoch() + " complete " + time;
    }

    @Override
    public void epochFinished(EpochResult r, TrainingControl control) {
        out.println(epochLine(r) + (showLearningRate ? ", eta " + learningRate(r.learningRate()) : ""));
        if (monitor) {
            r.trainingCost().ifPresent(c -> out.println("Cost on training data: " + c));
            r.trainingCorrect().ifPresent(c -> out.println("Accuracy on training data: " + c + " / " + r.trainingSize()));
            r.evaluationCost().ifPresent(c -> out.println("Cost on evaluation data: " + c));
            r.evaluationCorrect().ifPresent(c -> out.println("Accuracy on evaluation data: " + c + " / " + r.evaluationSize()));
        }
        out.flush();
    }
}
