package backprop.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Recognises gzip by its magic bytes (RFC 1952: {@code 1f 8b}) rather than by a ".gz" name, since
 * data sets are often renamed, and downloads and Debian packages disagree on suffixes.
 */
final class Gzip {
    private static final int BUFFER_SIZE = 1 << 16;

    private Gzip() {
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return startsWithMagic(in.readNBytes(2));
        }
    }

    /** {@code in}, decompressed if it starts with the gzip magic bytes, buffered either way. */
    static InputStream decompressing(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_SIZE);
        buffered.mark(2);
        byte[] start = buffered.readNBytes(2);
        buffered.reset();
        return startsWithMagic(start) ? new GZIPInputStream(buffered, BUFFER_SIZE) : buffered;
    }

    static InputStream openDecompressed(Path file) throws IOException {
        return decompressing(Files.newInputStream(file));
    }

    private static boolean startsWithMagic(byte[] start) {
        return start.length == 2 && (start[0] & 0xFF) == 0x1F && (start[1] & 0xFF) == 0x8B;
    }
}
