package backprop.cli;

import backprop.data.Dataset;

import java.awt.image.BufferedImage;

/** An image example drawn for people: Unicode shading in the terminal, or a scaled-up grayscale picture. */
final class DigitPicture {
    /** From no ink to full ink; each pixel is drawn two characters wide so the digit keeps its aspect. */
    private static final char[] SHADES = {' ', '░', '▒', '▓', '█'};

    private DigitPicture() {
    }

    static String text(Dataset data, int index) {
        int rows = data.imageRows();
        int columns = data.imageColumns();
        StringBuilder text = new StringBuilder();
        String border = "+" + "-".repeat(2 * columns) + "+";
        text.append(border).append('\n');
        for (int r = 0; r < rows; r++) {
            text.append('|');
            for (int c = 0; c < columns; c++) {
                char shade = shade(data.pixel(index, r * columns + c));
                text.append(shade).append(shade);
            }
            text.append("|\n");
        }
        text.append(border).append('\n');
        return text.toString();
    }

    private static char shade(int value) {
        return SHADES[Math.min(SHADES.length - 1, (value * SHADES.length + 128) / 256)];
    }

    /** Dark ink on white, as the book shows digits, each pixel a {@code scale x scale} square. */
    static BufferedImage image(Dataset data, int index, int scale) {
        int rows = data.imageRows();
        int columns = data.imageColumns();
        BufferedImage image = new BufferedImage(columns * scale, rows * scale, BufferedImage.TYPE_BYTE_GRAY);
        var raster = image.getRaster();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int gray = 255 - data.pixel(index, r * columns + c);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        raster.setSample(c * scale + dx, r * scale + dy, 0, gray);
                    }
                }
            }
        }
        return image;
    }
}
