package backprop.web;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Digits drawn as the page's pad draws them: black strokes, 20 pixels wide, on a white 280 x 280 canvas. */
final class Drawings {
    private Drawings() {
    }

    /** A "1": one vertical stroke. */
    static byte[] onePng() {
        return png(new int[][] {{140, 50, 140, 230}});
    }

    /** A "7": a bar across the top and a stroke down to the lower left. */
    static byte[] sevenPng() {
        return png(new int[][] {{80, 60, 200, 60}, {200, 60, 115, 235}});
    }

    static byte[] blankPng() {
        return png(new int[0][]);
    }

    static byte[] png(int[][] strokes) {
        BufferedImage canvas = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(20, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int[] s : strokes) {
            g.drawLine(s[0], s[1], s[2], s[3]);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(canvas, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
