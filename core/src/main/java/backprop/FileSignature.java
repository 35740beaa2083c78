package backprop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a file is when its first bytes say so: the magic numbers of the formats people hand a reader by
 * mistake (a gzipped model, a PNG given as a CSV file, an IDX file given as a model), so that a reader
 * can say "this is a zip archive" instead of a parser's complaint about its first byte.
 *
 * <p>Only signatures that text never starts with are recognised: a CSV or JSON file is never taken for
 * one of these.
 *
 * @param description what the file is, as it reads after "it is": {@code gzip-compressed data},
 *                    {@code a PNG image}
 * @param compressed  whether it is a compressed or archived form of some other file, which decompressing
 *                    or unpacking may turn into the file wanted
 */
public record FileSignature(String description, boolean compressed) {
    /** Enough for every signature below; a tar archive's "ustar" is the farthest, at offset 257. */
    public static final int BYTES_NEEDED = 263;

    /** What the first bytes of {@code file} say it is; empty when they match no signature known here. */
    public static Optional<FileSignature> of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in.readNBytes(BYTES_NEEDED));
        }
    }

    /** What a file starting with {@code start} is; empty when no signature known here matches. */
    public static Optional<FileSignature> of(byte[] start) {
        if (startsWith(start, 0x1F, 0x8B)) {
            return compressed("gzip-compressed data");
        }
        if (startsWith(start, 'P', 'K', 3, 4) || startsWith(start, 'P', 'K', 5, 6)) {
            return compressed("a zip archive");
        }
        if (startsWith(start, 'B', 'Z', 'h') && start.length >= 10 && start[3] >= '1' && start[3] <= '9'
                && matchesAt(start, 4, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)) {
            return compressed("bzip2-compressed data");
        }
        if (startsWith(start, 0xFD, '7', 'z', 'X', 'Z', 0)) {
            return compressed("xz-compressed data");
        }
        if (startsWith(start, 0x28, 0xB5, 0x2F, 0xFD)) {
            return compressed("zstd-compressed data");
        }
        if (startsWith(start, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
            return compressed("a 7z archive");
        }
        if (matchesAt(start, 257, 'u', 's', 't', 'a', 'r')) {
            return compressed("a tar archive");
        }
        if (startsWith(start, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return plain("a PNG image");
        }
        if (startsWith(start, 0xFF, 0xD8, 0xFF)) {
            return plain("a JPEG image");
        }
        if (startsWith(start, 'G', 'I', 'F', '8') && start.length >= 6 && (start[4] == '7' || start[4] == '9')
                && start[5] == 'a') {
            return plain("a GIF image");
        }
        if (startsWith(start, '%', 'P', 'D', 'F', '-')) {
            return plain("a PDF document");
        }
        if (startsWith(start, 0x89, 'H', 'D', 'F', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return plain("an HDF5 file (as Keras saves models)");
        }
        if (startsWith(start, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return plain("a NumPy array (.npy)");
        }
        if (start.length >= 2 && (start[0] & 0xFF) == 0x80 && start[1] >= 2 && start[1] <= 5) {
            return plain("a Python pickle");
        }
        if (start.length >= 4 && start[0] == 0 && start[1] == 0 && isIdxType(start[2] & 0xFF)
                && start[3] >= 1 && start[3] <= 4) {
            return plain(switch (start[3]) {
                case 1 -> "an IDX label file (MNIST's data format)";
                case 3 -> "an IDX image file (MNIST's data format)";
                default -> "an IDX file (MNIST's data format)";
            });
        }
        if (startsWith(start, 0x7F, 'E', 'L', 'F') || startsWith(start, 'M', 'Z', 0x90, 0)
                || startsWith(start, 0xCA, 0xFE, 0xBA, 0xBE)) {
            return plain("a compiled program");
        }
        return Optional.empty();
    }

    /** Whether {@code start} holds a NUL byte, which no text file in UTF-8 does: the mark of binary data. */
    public static boolean hasNulByte(byte[] start) {
        for (byte b : start) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** E.g. {@code gzip-compressed data (decompress it first)}: the description and, when it helps, what to do. */
    public String describe() {
        return compressed ? description + " (decompress or unpack it first)" : description;
    }

    private static boolean isIdxType(int type) {
        return type == 0x08 || type == 0x09 || (type >= 0x0B && type <= 0x0E);
    }

    private static Optional<FileSignature> compressed(String description) {
        return Optional.of(new FileSignature(description, true));
    }

    private static Optional<FileSignature> plain(String description) {
        return Optional.of(new FileSignature(description, false));
    }

    private static boolean startsWith(byte[] bytes, int... expected) {
        return matchesAt(bytes, 0, expected);
    }

    private static boolean matchesAt(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
