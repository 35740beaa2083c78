package backprop.cli;

import backprop.data.Dataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.List;

/**
 * {@code evaluate --mistakes FILE}: the images a model got wrong, in a grid, each labelled with what the
 * model said and what it should have said, dark ink on white as the book shows them.
 */
final class MistakeGrid {
    /** One misclassified example: its index in the data set, and the class the model gave it. */
    record Mistake(int index, int predicted) {
    }

    private static final int SCALE = 3;
    private static final int GAP = 10;
    private static final int MARGIN = 16;
    private static final int TITLE_HEIGHT = 44;
    private static final int LABEL_HEIGHT = 16;
    private static final int COLUMNS = 10;

    private final Dataset data;
    private final List<Mistake> mistakes;
    private final List<String> classNames;
    private final String title;
    private final int cellWidth;
    private final int cellHeight;

    MistakeGrid(Dataset data, List<Mistake> mistakes, List<String> classNames, String title) {
        this.data = data;
        this.mistakes = List.copyOf(mistakes);
        this.classNames = List.copyOf(classNames);
        this.title = title;
        this.cellWidth = Math.max(data.imageColumns() * SCALE, 76);
        this.cellHeight = data.imageRows() * SCALE + LABEL_HEIGHT;
    }

    private int columns() {
        return Math.max(1, Math.min(COLUMNS, mistakes.size()));
    }

    private int rows() {
        return Math.max(1, (mistakes.size() + COLUMNS - 1) / COLUMNS);
    }

    int width() {
        return Math.max(2 * MARGIN + columns() * (cellWidth + GAP) - GAP, 460);
    }

    int height() {
        return TITLE_HEIGHT + MARGIN + rows() * (cellHeight + GAP) - GAP;
    }

    void draw(Graphics2D g, int width, int height) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, MARGIN, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(mistakes.isEmpty() ? "no mistakes" : "under each image: what the model predicted, and (in gray) "
                + "the true class", MARGIN, 36);
        FontMetrics metrics = g.getFontMetrics();
        for (int m = 0; m < mistakes.size(); m++) {
            Mistake mistake = mistakes.get(m);
            int left = MARGIN + (m % COLUMNS) * (cellWidth + GAP);
            int top = TITLE_HEIGHT + (m / COLUMNS) * (cellHeight + GAP);
            int imageLeft = left + (cellWidth - data.imageColumns() * SCALE) / 2;
            g.drawImage(DigitPicture.image(data, mistake.index(), SCALE), imageLeft, top, null);
            g.setColor(new Color(0xB0B0B0));
            g.drawRect(imageLeft - 1, top - 1, data.imageColumns() * SCALE + 1, data.imageRows() * SCALE + 1);
            String predicted = classNames.get(mistake.predicted());
            String actual = " (" + classNames.get(data.label(mistake.index())) + ")";
            int textWidth = metrics.stringWidth(predicted) + metrics.stringWidth(actual);
            int x = left + Math.max(0, (cellWidth - textWidth) / 2);
            int y = top + data.imageRows() * SCALE + LABEL_HEIGHT - 3;
            g.setColor(new Color(0xB2182B));
            g.drawString(predicted, x, y);
            g.setColor(Color.GRAY);
            g.drawString(actual, x + metrics.stringWidth(predicted), y);
        }
    }
}
