package backprop.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

/**
 * Images an attacker would send, written byte by byte: small files that declare huge or costly
 * pictures (PNG with any bit depth and colour type, compressed rows of zeros), chunks that inflate
 * to gigabytes, and formats the decoder must refuse. Shared with the web module's tests.
 */
public final class HostileImages {
    public static final int GRAY = 0;
    public static final int RGB = 2;
    public static final int PALETTE = 3;
    public static final int RGBA = 6;

    private HostileImages() {
    }

    /**
     * A valid PNG of {@code width x height} pixels, every row zero (black, or transparent), whose
     * compressed size is about a thousandth of its decoded size.
     *
     * @param colorType {@link #GRAY}, {@link #RGB}, {@link #PALETTE} or {@link #RGBA}
     */
    public static byte[] zeroPng(int width, int height, int bitDepth, int colorType) {
        return png(width, height, bitDepth, colorType, new byte[0][]);
    }

    /**
     * A PNG of zero rows with extra chunks between the header (and palette) and the image data, each
     * given as its four-letter type followed by its content.
     */
    public static byte[] png(int width, int height, int bitDepth, int colorType, byte[][] extraChunks) {
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            h.writeInt(width);
            h.writeInt(height);
            h.writeByte(bitDepth);
            h.writeByte(colorType);
            h.writeByte(0);
            h.writeByte(0);
            h.writeByte(0);
            chunk(file, "IHDR", header.toByteArray());
            if (colorType == PALETTE) {
                chunk(file, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
            }
            for (byte[] extra : extraChunks) {
                chunk(file, new String(extra, 0, 4, StandardCharsets.ISO_8859_1),
                        java.util.Arrays.copyOfRange(extra, 4, extra.length));
            }
            chunk(file, "IDAT", zeroRows(width, height, bitDepth, colorType));
            chunk(file, "IEND", new byte[0]);
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chunk for {@link #png(int, int, int, int, byte[][])}: its type and content. */
    public static byte[] chunkOf(String type, byte[] content) {
        byte[] chunk = new byte[4 + content.length];
        System.arraycopy(type.getBytes(StandardCharsets.ISO_8859_1), 0, chunk, 0, 4);
        System.arraycopy(content, 0, chunk, 4, content.length);
        return chunk;
    }

    /** A zTXt chunk whose text inflates to {@code inflatedBytes} spaces: a bomb for readers that read text. */
    public static byte[] compressedTextBomb(long inflatedBytes) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes("Comment".getBytes(StandardCharsets.ISO_8859_1));
        content.write(0);
        content.write(0);
        content.writeBytes(deflateRepeated((byte) ' ', inflatedBytes));
        return chunkOf("zTXt", content.toByteArray());
    }

    private static byte[] zeroRows(int width, int height, int bitDepth, int colorType) {
        int channels = switch (colorType) {
            case GRAY, PALETTE -> 1;
            case RGB -> 3;
            case 4 -> 2;
            case RGBA -> 4;
            default -> throw new IllegalArgumentException("colour type " + colorType);
        };
        long rowBytes = 1 + ((long) width * channels * bitDepth + 7) / 8;
        return deflateRepeated((byte) 0, rowBytes * height);
    }

    /**
     * {@code count} copies of {@code value}, zlib-compressed. A megabyte is compressed once, with a
     * full flush so that it refers to nothing before it, and its compressed bytes repeated: a
     * gigabyte takes a second, not a minute.
     */
    static byte[] deflateRepeated(byte value, long count) {
        int blockSize = 1 << 20;
        byte[] block = new byte[blockSize];
        java.util.Arrays.fill(block, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0xDA);
        byte[] whole = rawDeflate(block, blockSize);
        Adler32 checksum = new Adler32();
        long left = count;
        for (; left >= blockSize; left -= blockSize) {
            out.writeBytes(whole);
            checksum.update(block, 0, blockSize);
        }
        if (left > 0) {
            out.writeBytes(rawDeflate(block, (int) left));
            checksum.update(block, 0, (int) left);
        }
        // The final block: empty, fixed Huffman codes.
        out.write(0x03);
        out.write(0x00);
        long adler = checksum.getValue();
        out.write((int) (adler >>> 24));
        out.write((int) (adler >>> 16));
        out.write((int) (adler >>> 8));
        out.write((int) adler);
        return out.toByteArray();
    }

    private static byte[] rawDeflate(byte[] data, int length) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data, 0, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length || !deflater.needsInput());
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(OutputStream file, String type, byte[] content) throws IOException {
        DataOutputStream out = new DataOutputStream(file);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeInt(content.length);
        out.write(typeBytes);
        out.write(content);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(content);
        out.writeInt((int) crc.getValue());
    }

    /** A picture encoded by ImageIO in {@code format} ("png", "jpeg", "gif", "bmp", "tiff"). */
    public static byte[] encode(BufferedImage picture, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(picture, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A progressive JPEG: its picture arrives in several scans, each a pass over the whole image. */
    public static byte[] progressiveJpeg(BufferedImage picture) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(picture, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gray picture with a bright diagonal bar: something to find ink in, at any size. */
    public static BufferedImage bar(int width, int height) {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var raster = picture.getRaster();
        int thickness = Math.max(1, Math.min(width, height) / 10);
        for (int y = 0; y < height; y++) {
            int centre = (int) ((long) y * width / height);
            for (int x = Math.max(0, centre - thickness); x < Math.min(width, centre + thickness); x++) {
                raster.setSample(x, y, 0, 255);
            }
        }
        return picture;
    }
}
