package backprop.cli;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often each class was taken for each other: {@code counts[t][p]} examples of true class {@code t}
 * were predicted as {@code p}. The diagonal holds the right answers; a large number off it names a
 * confusion worth looking at (a 4 read as 9).
 */
final class ConfusionMatrix {
    /** White for none to a blue for the most, light enough throughout for the black counts to be read. */
    private static final Color[] SEQUENTIAL = {new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6),
            new Color(0x3A8AC4)};

    private final int[][] counts;
    private final List<String> names;

    /** @param names each class's name, in class order (for numbered classes, the numbers) */
    ConfusionMatrix(List<String> names) {
        this.names = List.copyOf(names);
        this.counts = new int[names.size()][names.size()];
    }

    void add(int trueClass, int predicted) {
        counts[trueClass][predicted]++;
    }

    int count(int trueClass, int predicted) {
        return counts[trueClass][predicted];
    }

    /**
     * The matrix as text: one row per true class, one column per predicted class, and each row's share
     * right (its recall) at the end, e.g. for MNIST a 10 x 10 table of counts.
     */
    String text() {
        int classes = names.size();
        int width = 5;
        for (int t = 0; t < classes; t++) {
            width = Math.max(width, names.get(t).length() + 1);
            for (int p = 0; p < classes; p++) {
                width = Math.max(width, Integer.toString(counts[t][p]).length() + 1);
            }
        }
        int labelWidth = Math.max("true \\ predicted".length(), names.stream().mapToInt(String::length).max().orElse(1));
        StringBuilder text = new StringBuilder();
        text.append("Confusion matrix (rows: true class, columns: predicted class)\n");
        text.append(pad("true \\ predicted", labelWidth, false));
        for (String name : names) {
            text.append(pad(name, width, true));
        }
        text.append("   right\n");
        for (int t = 0; t < classes; t++) {
            text.append(pad(names.get(t), labelWidth, false));
            int total = 0;
            for (int p = 0; p < classes; p++) {
                text.append(pad(Integer.toString(counts[t][p]), width, true));
                total += counts[t][p];
            }
            text.append(total == 0 ? "       -" : String.format(Locale.ROOT, " %6.1f%%", 100.0 * counts[t][t] / total));
            text.append('\n');
        }
        return text.toString();
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    /** The matrix as a heat map (xchart), true classes down, predicted across, each cell with its count. */
    void draw(Graphics2D g, int width, int height, String title) {
        int classes = names.size();
        List<String> predicted = new ArrayList<>(names);
        // Rows from the top in class order: the heat map's y axis grows upwards, so list them reversed.
        List<String> actual = new ArrayList<>(names).reversed();
        List<Number[]> cells = new ArrayList<>();
        int most = 1;
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                cells.add(new Number[] {p, classes - 1 - t, counts[t][p]});
                most = Math.max(most, counts[t][p]);
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        chart.getStyler().setShowValue(true).setRangeColors(SEQUENTIAL).setMin(0).setMax(most)
                .setHeatMapValueDecimalPattern("#")
                .setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, classes > 20 ? 8 : 12))
                .setValueFontColor(Color.BLACK)
                .setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE);
        chart.addSeries("examples", predicted, actual, cells);
        chart.paint(g, width, height);
    }
}
