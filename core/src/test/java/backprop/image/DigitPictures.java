package backprop.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Digits drawn with Java2D for tests: shapes on a unit square, scaled to any picture size and colours. */
final class DigitPictures {
    enum Shape { ONE, SEVEN, ZERO }

    private DigitPictures() {
    }

    /**
     * {@code shape} drawn antialiased on a {@code size x size} picture.
     *
     * @param stroke pen width as a fraction of the picture's size
     */
    static BufferedImage draw(Shape shape, int size, double stroke, Color ink, Color paper) {
        BufferedImage picture = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        if (paper != null) {
            g.setColor(paper);
            g.fillRect(0, 0, size, size);
        }
        g.scale(size, size);
        g.setColor(ink);
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(outline(shape));
        g.dispose();
        return picture;
    }

    static BufferedImage draw(Shape shape, int size, Color ink, Color paper) {
        return draw(shape, size, 0.06, ink, paper);
    }

    static java.awt.Shape outline(Shape shape) {
        return switch (shape) {
            case ONE -> {
                Path2D.Double path = new Path2D.Double();
                path.moveTo(0.45, 0.3);
                path.lineTo(0.55, 0.2);
                path.lineTo(0.55, 0.8);
                yield path;
            }
            case SEVEN -> {
                Path2D.Double path = new Path2D.Double();
                path.moveTo(0.3, 0.22);
                path.lineTo(0.7, 0.22);
                path.lineTo(0.45, 0.8);
                yield path;
            }
            case ZERO -> new Ellipse2D.Double(0.32, 0.2, 0.36, 0.6);
        };
    }

    static byte[] encode(BufferedImage picture, String format) {
        BufferedImage toWrite = picture;
        if (!format.equals("png")) {
            // JPEG and BMP writers take no alpha channel.
            toWrite = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = toWrite.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
            g.drawImage(picture, 0, 0, null);
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(toWrite, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static double meanAbsoluteDifference(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** Centre of mass in pixel indices, {x, y}: MNIST's convention, centred at (14, 14). */
    static double[] centreOfMass(double[] pixels) {
        double total = 0;
        double x = 0;
        double y = 0;
        for (int i = 0; i < pixels.length; i++) {
            total += pixels[i];
            x += pixels[i] * (i % 28);
            y += pixels[i] * (i / 28);
        }
        return new double[] {x / total, y / total};
    }
}
