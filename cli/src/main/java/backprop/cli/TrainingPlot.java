package backprop.cli;

import backprop.train.EpochResult;
import backprop.train.TrainingControl;
import backprop.train.TrainingListener;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * {@code train --plot FILE}: cost and accuracy per epoch, on the training and the evaluation data, as
 * two charts side by side. Rewritten after every epoch, so that a run stopped early (Ctrl-C, a crash)
 * still leaves the picture of what it did; a resumed run's picture starts with the epochs before it.
 */
final class TrainingPlot implements TrainingListener {
    static final int WIDTH = 1000;
    static final int HEIGHT = 420;
    private static final Color TRAINING = new Color(0x1F77B4);
    private static final Color EVALUATION = new Color(0xD62728);

    private final Path file;
    private final String title;
    private final String evaluationName;
    private final List<EpochResult> epochs = new ArrayList<>();
    private boolean written;

    /**
     * @param title          what was trained on what, e.g. {@code 784,30,10 on mnist}
     * @param evaluationName what the evaluation data is, for the legend: {@code test} or {@code validation}
     */
    TrainingPlot(Path file, String title, String evaluationName) {
        this.file = file;
        this.title = title;
        this.evaluationName = evaluationName;
    }

    @Override
    public void resumed(List<EpochResult> history) {
        epochs.clear();
        epochs.addAll(history);
    }

    @Override
    public void epochFinished(EpochResult result, TrainingControl control) {
        epochs.add(result);
        try {
            write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the picture unless an epoch already has (a run of no epochs still gets its empty charts). */
    void writeIfNotWritten() throws IOException {
        if (!written) {
            write();
        }
    }

    void write() throws IOException {
        PictureFile.write(file, WIDTH, HEIGHT, this::draw);
        written = true;
    }

    private void draw(Graphics2D g, int width, int height) {
        // Costs fall and accuracies rise: each legend goes in the corner the lines leave free.
        XYChart cost = chart("Cost", "cost per example", width / 2, height, Styler.LegendPosition.InsideNE);
        addSeries(cost, "training", TRAINING, EpochResult::trainingCost);
        addSeries(cost, evaluationName, EVALUATION, EpochResult::evaluationCost);
        XYChart accuracy = chart("Accuracy", "% classified right", width - width / 2, height,
                Styler.LegendPosition.InsideSE);
        addSeries(accuracy, "training", TRAINING, e -> percent(e.trainingAccuracy()));
        addSeries(accuracy, evaluationName, EVALUATION, e -> percent(e.evaluationAccuracy()));
        paint(g, cost, 0, width / 2, height);
        paint(g, accuracy, width / 2, width - width / 2, height);
    }

    private XYChart chart(String name, String yAxis, int width, int height, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(name + ": " + title)
                .xAxisTitle("epoch").yAxisTitle(yAxis).build();
        chart.getStyler().setLegendPosition(legend)
                .setChartBackgroundColor(Color.WHITE)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14))
                .setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisDecimalPattern("#");
        return chart;
    }

    /** One line of {@code value} per epoch, leaving out the epochs that did not measure it (or measured NaN). */
    private void addSeries(XYChart chart, String name, Color color, Function<EpochResult, OptionalDouble> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochResult epoch : epochs) {
            OptionalDouble v = value.apply(epoch);
            if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
                x.add((double) epoch.epoch());
                y.add(v.getAsDouble());
            }
        }
        if (!x.isEmpty()) {
            XYSeries series = chart.addSeries(name, x, y);
            series.setLineColor(color);
            series.setMarkerColor(color);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
    }

    private static OptionalDouble percent(OptionalDouble fraction) {
        return fraction.isPresent() ? OptionalDouble.of(100 * fraction.getAsDouble()) : OptionalDouble.empty();
    }

    private static void paint(Graphics2D g, XYChart chart, int x, int width, int height) {
        Graphics2D part = (Graphics2D) g.create(x, 0, width, height);
        try {
            if (chart.getSeriesMap().isEmpty()) {
                part.setColor(Color.DARK_GRAY);
                part.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
                part.drawString(chart.getTitle() + ": nothing measured yet", 20, height / 2);
            } else {
                chart.paint(part, width, height);
            }
        } finally {
            part.dispose();
        }
    }
}
