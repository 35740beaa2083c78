package backprop.cli;

import backprop.data.Dataset;
import backprop.nn.Network;
import backprop.reference.LayerLearningSpeed;
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

/**
 * {@code train --plot-gradients FILE}: the book's chapter 5 figure, each hidden layer's speed of
 * learning ({@link LayerLearningSpeed}: ||∂C/∂b^l|| over the first 1,000 training examples) before
 * training and after every epoch, on a logarithmic scale. Rewritten after every epoch, as
 * {@link TrainingPlot} is.
 */
final class GradientPlot implements TrainingListener {
    static final int WIDTH = 800;
    static final int HEIGHT = 480;
    private static final Color[] COLORS = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
            new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B)};

    private final Path file;
    private final String title;
    private final LayerLearningSpeed speed;
    /** {@code speeds.get(e)}: before any training for e = 0, after epoch e - 1 otherwise. */
    private final List<double[]> speeds = new ArrayList<>();

    GradientPlot(Path file, String title, Dataset training, Network start) {
        this.file = file;
        this.title = title;
        this.speed = new LayerLearningSpeed(training);
        speeds.add(speed.of(start));
    }

    @Override
    public void epochFinished(EpochResult result, TrainingControl control) {
        Network network = control.network();
        if (network.isFinite()) {
            speeds.add(speed.of(network));
        }
        try {
            write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write() throws IOException {
        PictureFile.write(file, WIDTH, HEIGHT, this::draw);
    }

    /** The speeds measured so far: the start, then one per epoch. */
    List<double[]> speeds() {
        return List.copyOf(speeds);
    }

    private void draw(Graphics2D g, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title("Speed of learning: " + title).xAxisTitle("epoch").yAxisTitle("||dC/db|| of the layer").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE)
                .setChartBackgroundColor(Color.WHITE)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14))
                .setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisDecimalPattern("#");
        int layers = speeds.getFirst().length;
        for (int l = 0; l < layers; l++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int e = 0; e < speeds.size(); e++) {
                double v = speeds.get(e)[l];
                // A logarithmic axis has no place for 0 (or for NaN, a pooling layer's).
                if (v > 0 && Double.isFinite(v)) {
                    x.add((double) e);
                    y.add(v);
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries("hidden layer " + (l + 1), x, y);
                series.setLineColor(COLORS[l % COLORS.length]);
                series.setMarkerColor(COLORS[l % COLORS.length]);
                series.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.drawString("No hidden layer to measure: the network has none", 20, height / 2);
        } else {
            chart.paint(g, width, height);
        }
    }
}
