package backprop.cli;

import backprop.nn.Convolution;
import backprop.nn.FullyConnected;
import backprop.nn.Layer;
import backprop.nn.Network;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * {@code inspect --weights FILE}: the first layer's weights as pictures, so one can see which pixels push
 * a neuron up (red) or down (blue). A fully connected first layer gives one tile per neuron, laid out
 * like the input (28 x 28 for MNIST); a convolution gives one tile per filter, its kernel (the book's
 * figure of its 20 learned 5x5 filters), the first input channel's when there are several. Each tile has
 * its own scale, its largest weight at full colour: the patterns matter, not how strong one is next to
 * another.
 */
final class WeightTiles {
    private static final int GAP = 4;
    private static final int MARGIN = 16;
    private static final int TITLE_HEIGHT = 44;
    /** How wide the tiles may get together, in pixels, before they are drawn smaller. */
    private static final int TARGET_WIDTH = 1000;

    private final double[][] weights;
    private final int tileRows;
    private final int tileColumns;
    private final int gridColumns;
    private final int gridRows;
    private final int scale;
    private final String title;
    private final String legend;

    private WeightTiles(double[][] weights, int tileRows, int tileColumns, int largestScale, String title,
                        String legend) {
        this.weights = weights;
        this.tileRows = tileRows;
        this.tileColumns = tileColumns;
        this.gridColumns = (int) Math.ceil(Math.sqrt(weights.length));
        this.gridRows = (weights.length + gridColumns - 1) / gridColumns;
        this.scale = Math.clamp(TARGET_WIDTH / ((long) gridColumns * (tileColumns + GAP)), 1, largestScale);
        this.title = title;
        this.legend = legend;
    }

    /** The tiles of {@code network}'s first layer (a fully connected layer or a convolution). */
    static WeightTiles of(Network network, String title) {
        Layer first = network.layer(0);
        return switch (first) {
            case FullyConnected fc -> {
                double[][] weights = fc.weightMatrix();
                int[] shape = network.inputShape().height() > 1 && network.inputShape().channels() == 1
                        ? new int[] {network.inputShape().height(), network.inputShape().width()}
                        : tileShape(network.inputSize());
                yield new WeightTiles(weights, shape[0], shape[1], 8, title, weights.length
                        + " neurons, one tile each; red: positive weight, blue: negative, each tile scaled to its "
                        + "largest weight");
            }
            case Convolution conv -> {
                int kernel = conv.kernelHeight() * conv.kernelWidth();
                double[][] filters = new double[conv.filters()][kernel];
                for (int f = 0; f < filters.length; f++) {
                    for (int k = 0; k < kernel; k++) {
                        filters[f][k] = conv.weight(f, 0, k / conv.kernelWidth(), k % conv.kernelWidth());
                    }
                }
                String channel = network.inputShape().channels() > 1 ? " (input channel 1 of "
                        + network.inputShape().channels() + ")" : "";
                yield new WeightTiles(filters, conv.kernelHeight(), conv.kernelWidth(), 40, title, filters.length
                        + " filters of " + conv.kernelHeight() + "x" + conv.kernelWidth() + channel
                        + ", one tile each; red: positive weight, blue: negative, each tile scaled to its largest");
            }
            default -> throw new UserError("the first layer (" + first.notation() + ") has no weights to draw");
        };
    }

    /**
     * Rows and columns of a tile for {@code inputs} values: square when it is a square (784 = 28 x 28),
     * else the most nearly square rectangle (12 = 3 x 4), else one row.
     */
    static int[] tileShape(int inputs) {
        int rows = (int) Math.floor(Math.sqrt(inputs));
        while (inputs % rows != 0) {
            rows--;
        }
        return new int[] {rows, inputs / rows};
    }

    int width() {
        return Math.max(2 * MARGIN + gridColumns * (tileColumns * scale + GAP) - GAP, 420);
    }

    int height() {
        return TITLE_HEIGHT + MARGIN + gridRows * (tileRows * scale + GAP) - GAP;
    }

    void draw(Graphics2D g, int width, int height) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, MARGIN, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(legend, MARGIN, 36);
        g.drawImage(tiles(), MARGIN, TITLE_HEIGHT, null);
    }

    /** Every tile in one image, each weight a {@code scale x scale} square, light gray between tiles. */
    private BufferedImage tiles() {
        int tileWidth = tileColumns * scale;
        int tileHeight = tileRows * scale;
        BufferedImage image = new BufferedImage(gridColumns * (tileWidth + GAP) - GAP,
                gridRows * (tileHeight + GAP) - GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.dispose();
        for (int j = 0; j < weights.length; j++) {
            int left = (j % gridColumns) * (tileWidth + GAP);
            int top = (j / gridColumns) * (tileHeight + GAP);
            double largest = 0;
            for (double w : weights[j]) {
                largest = Math.max(largest, Math.abs(w));
            }
            for (int k = 0; k < weights[j].length; k++) {
                int rgb = diverging(largest == 0 ? 0 : weights[j][k] / largest);
                int x0 = left + (k % tileColumns) * scale;
                int y0 = top + (k / tileColumns) * scale;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(x0 + dx, y0 + dy, rgb);
                    }
                }
            }
        }
        return image;
    }

    /** Blue for -1, white for 0, red for 1 (ColorBrewer's RdBu ends), linearly between. */
    static int diverging(double value) {
        double v = Math.clamp(value, -1.0, 1.0);
        int[] end = v < 0 ? new int[] {0x21, 0x66, 0xAC} : new int[] {0xB2, 0x18, 0x2B};
        double t = Math.abs(v);
        int r = (int) Math.round(255 + t * (end[0] - 255));
        int gr = (int) Math.round(255 + t * (end[1] - 255));
        int b = (int) Math.round(255 + t * (end[2] - 255));
        return (r << 16) | (gr << 8) | b;
    }
}
