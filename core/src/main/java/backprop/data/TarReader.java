package backprop.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.ZipException;

/**
 * Extracts regular files from a tar archive, so an npm package ({@code .tgz}) can be unpacked without
 * a dependency or an external {@code tar}.
 *
 * <p>The format (POSIX.1-1988 ustar, with the pax and GNU long-name extensions): 512-byte blocks; each
 * entry is a header block followed by its contents padded to a whole block; two zero blocks end the
 * archive. Header fields used: name (offset 0, 100 bytes), size (124, 12, octal or GNU base-256),
 * checksum (148, 8), type flag (156), magic "ustar" (257) and name prefix (345, 155).
 */
final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    /**
     * Copies each regular file for which {@code destination} gives a path (it returns {@code null} to
     * skip one) and returns the names of the entries copied. The stream may be gzipped.
     */
    static List<String> extract(InputStream archive, Function<String, Path> destination) throws IOException {
        try {
            return extractEntries(Gzip.decompressing(archive), destination);
        } catch (ZipException e) {
            throw new IOException("corrupt gzip data in the tar archive (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            // GZIPInputStream's, often without a message: the gzip stream stops before its end.
            throw new IOException("the tar archive's gzip data ends early: it is truncated", e);
        }
    }

    private static List<String> extractEntries(InputStream in, Function<String, Path> destination) throws IOException {
        List<String> extracted = new ArrayList<>();
        String longName = null;
        for (int entry = 0; ; entry++) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length == 0 || isZero(header)) {
                return extracted;
            }
            if (header.length < BLOCK) {
                throw new IOException("tar archive is truncated: header " + entry + " has only " + header.length
                        + " of " + BLOCK + " bytes");
            }
            checkChecksum(header, entry);
            long size = number(header, 124, 12);
            char type = (char) header[156];
            String name = longName != null ? longName : headerName(header);
            longName = null;
            switch (type) {
                case 'x', 'L' -> {
                    String value = readLongName(in, size, type, name);
                    longName = value.isEmpty() ? null : value;
                }
                case '0', '\0' -> {
                    Path target = destination.apply(name);
                    if (target != null) {
                        copy(in, size, target, name);
                        skipPadding(in, size, name);
                        extracted.add(name);
                    } else {
                        skip(in, size, name);
                    }
                }
                default -> skip(in, size, name);
            }
        }
    }

    private static String headerName(byte[] header) {
        String name = text(header, 0, 100);
        boolean ustar = text(header, 257, 5).equals("ustar");
        String prefix = ustar ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** A pax header's {@code path} record ('x') or a GNU long name ('L'); "" if there is none. */
    private static String readLongName(InputStream in, long size, char type, String entryName) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar entry " + entryName + ": extended header of " + size + " bytes is implausible");
        }
        byte[] content = readFully(in, (int) size, entryName);
        skipPadding(in, size, entryName);
        if (type == 'L') {
            return text(content, 0, content.length);
        }
        // pax records: "<length> <key>=<value>\n", the decimal length counting the record's bytes
        int at = 0;
        while (at < content.length) {
            int space = at;
            while (space < content.length && content[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(content, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("tar entry " + entryName + ": malformed pax header", e);
            }
            if (length < space - at + 2 || at + length > content.length) {
                throw new IOException("tar entry " + entryName + ": malformed pax header");
            }
            String keyValue = new String(content, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            if (keyValue.startsWith("path=")) {
                return keyValue.substring("path=".length());
            }
            at += length;
        }
        return "";
    }

    private static void copy(InputStream in, long size, Path target, String name) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long remaining = size;
        try (OutputStream out = Files.newOutputStream(target)) {
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException("tar entry " + name + " is truncated: expected " + size + " bytes, found "
                            + (size - remaining));
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
        }
    }

    private static void skip(InputStream in, long size, String name) throws IOException {
        try {
            in.skipNBytes(size + padding(size));
        } catch (EOFException e) {
            throw new IOException("tar entry " + name + " is truncated", e);
        }
    }

    private static void skipPadding(InputStream in, long size, String name) throws IOException {
        try {
            in.skipNBytes(padding(size));
        } catch (EOFException e) {
            throw new IOException("tar entry " + name + " is truncated", e);
        }
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static byte[] readFully(InputStream in, int size, String name) throws IOException {
        byte[] content = in.readNBytes(size);
        if (content.length != size) {
            throw new IOException("tar entry " + name + " is truncated");
        }
        return content;
    }

    private static void checkChecksum(byte[] header, int entry) throws IOException {
        long stored = number(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        }
        if (sum != stored) {
            throw new IOException("not a tar archive: header " + entry + " has checksum " + stored + ", computed "
                    + sum);
        }
    }

    /** An octal field (NUL- or space-terminated), or GNU base-256 when the high bit of the first byte is set. */
    private static long number(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7F;
            for (int i = offset + 1; i < offset + length; i++) {
                if (value > Long.MAX_VALUE >>> 8) {
                    throw new IOException("not a tar archive: a header's base-256 number is beyond 2^63");
                }
                value = value << 8 | (header[i] & 0xFF);
            }
            return value;
        }
        String digits = text(header, offset, length).trim();
        if (digits.isEmpty()) {
            return 0;
        }
        // Only digits: Long.parseLong would take a sign, and a negative size would read backwards.
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IOException("not a tar archive: header field '" + digits + "' is not an octal number");
        }
        try {
            return Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive: header field '" + digits + "' is beyond 2^63", e);
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
