package backprop.cli;

import backprop.io.AtomicFile;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A picture the command line draws (a training plot, a confusion heat map, weight tiles, a grid of
 * mistakes), written as PNG or, for a file name ending in {@code .svg}, as SVG. Written atomically
 * ({@link AtomicFile}): an existing picture is replaced only by a whole one. Where it goes is checked
 * before the work that makes it, with the command's other files ({@link CommandFiles#writesPicture}).
 */
final class PictureFile {
    /** Draws the picture on a white canvas of the size given. */
    @FunctionalInterface
    interface Drawing {
        void draw(Graphics2D g, int width, int height);
    }

    private PictureFile() {
    }

    /** {@code png} or {@code svg}, by the file name's extension; null for anything else. */
    static String format(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") ? "png" : lower.endsWith(".svg") ? "svg" : null;
    }

    static void write(Path file, int width, int height, Drawing drawing) throws IOException {
        if ("svg".equals(format(file))) {
            VectorGraphics2D g = new VectorGraphics2D();
            paint(g, width, height, drawing);
            AtomicFile.write(file, out -> Processors.get("svg")
                    .getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out));
            return;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paint(g, width, height, drawing);
        } finally {
            g.dispose();
        }
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static void paint(Graphics2D g, int width, int height, Drawing drawing) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        drawing.draw(g, width, height);
    }
}
