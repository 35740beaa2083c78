package backprop.data;

import backprop.FileSignature;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST is published in, raw or gzipped, checking every promise the header makes.
 *
 * <p>The IDX format (LeCun, "THE MNIST DATABASE", file formats section): a 4-byte big-endian magic
 * number {@code 0x0000TTDD}, where {@code TT} is the element type ({@code 0x08} = unsigned byte, the only
 * one MNIST uses) and {@code DD} the number of dimensions; then one 4-byte big-endian size per dimension;
 * then the elements, last dimension fastest. Images are {@code 0x00000803} (count, rows, columns),
 * labels {@code 0x00000801} (count). A file whose size disagrees with its header is rejected: a truncated
 * download must not train quietly on fewer examples.
 */
public final class IdxReader {
    /** IDX type code for unsigned bytes. */
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Enough of a file's start for {@link FileSignature} to recognise every format it knows. */
    private static final int SIGNATURE_BYTES = 512;

    private IdxReader() {
    }

    /** Reads an image file (magic {@code 0x00000803}) of any {@code rows x columns}. */
    public static IdxImages readImages(Path file) throws IOException {
        Contents contents = read(file, "image", new String[]{"image count", "rows", "columns"}, "pixels");
        int[] dimensions = contents.dimensions();
        return new IdxImages(dimensions[0], dimensions[1], dimensions[2], contents.data());
    }

    /** Reads a label file (magic {@code 0x00000801}): one unsigned byte per example. */
    public static int[] readLabels(Path file) throws IOException {
        byte[] bytes = read(file, "label", new String[]{"label count"}, "labels").data();
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            labels[i] = bytes[i] & 0xFF;
        }
        return labels;
    }

    /**
     * Reads a pair of image and label files as one data set, pixels kept as bytes and read as [0, 1].
     *
     * @param classCount number of classes; every label must lie in {@code [0, classCount)}
     */
    public static Dataset readDataset(String name, Path images, Path labels, int classCount) throws IOException {
        return toDataset(name, readImages(images), images, readLabels(labels), labels, classCount, null);
    }

    /**
     * @param classesFrom where {@code classCount} comes from, for the message about a label beyond it (e.g.
     *                    {@code the classes of the training labels in FILE}), or null when it was given
     */
    static Dataset toDataset(String name, IdxImages images, Path imagesFile, int[] labels, Path labelsFile,
                             int classCount, String classesFrom) throws IdxFormatException {
        if (classCount <= 0) {
            throw new IllegalArgumentException("class count must be positive, got " + classCount);
        }
        if (images.count() != labels.length) {
            throw new IdxFormatException(labelsFile, "holds " + labels.length + " labels but " + imagesFile
                    + " holds " + images.count() + " images; they must match one to one");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classCount) {
                throw new IdxFormatException(labelsFile, "label " + labels[i] + " of example " + i
                        + " is outside 0.." + (classCount - 1) + (classesFrom == null
                        ? " (" + classCount + " classes)" : ", " + classesFrom));
            }
        }
        return Dataset.ofImages(name, images.pixels(), images.rows(), images.columns(), labels, classCount);
    }

    private record Contents(int[] dimensions, byte[] data) {
    }

    /** Header and elements of an unsigned-byte IDX file with {@code dimensionNames.length} dimensions. */
    private static Contents read(Path file, String kind, String[] dimensionNames, String elements)
            throws IOException {
        int expectedDimensions = dimensionNames.length;
        boolean gzip = Gzip.isGzip(file);
        try (InputStream in = gzip ? Gzip.openDecompressed(file) : Files.newInputStream(file)) {
            int[] dimensions = readHeader(file, in, expectedDimensions, kind, dimensionNames);
            long expected = 1;
            for (int size : dimensions) {
                expected *= size;
                if (expected > MAX_ARRAY_LENGTH) {
                    throw new IdxFormatException(file, "header promises " + Arrays.stream(dimensions)
                            .mapToObj(Integer::toString).collect(Collectors.joining(" x ")) + " bytes of " + elements
                            + ", more than one array can hold");
                }
            }
            int length = (int) expected;
            long headerLength = 4L + 4L * expectedDimensions;
            if (!gzip) {
                long found = Files.size(file) - headerLength;
                if (found != length) {
                    throw sizeMismatch(file, elements, length, found);
                }
                byte[] data = new byte[length];
                int read = in.readNBytes(data, 0, length);
                if (read != length) {
                    throw sizeMismatch(file, elements, length, read);
                }
                return new Contents(dimensions, data);
            }
            byte[] data = in.readNBytes(length);
            if (data.length != length) {
                throw sizeMismatch(file, elements, length, data.length);
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra != 0) {
                throw sizeMismatch(file, elements, length, length + extra);
            }
            return new Contents(dimensions, data);
        } catch (ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (EOFException e) {
            throw new IdxFormatException(file, "gzip data ends early: the file is truncated");
        }
    }

    private static IdxFormatException sizeMismatch(Path file, String elements, long expected, long found) {
        if (found < expected) {
            return new IdxFormatException(file, "truncated: expected " + expected + " bytes of " + elements
                    + " after the header, found " + found);
        }
        return new IdxFormatException(file, "expected " + expected + " bytes of " + elements
                + " after the header, found " + found + " (" + (found - expected) + " extra bytes at the end)");
    }

    private static int[] readHeader(Path file, InputStream in, int expectedDimensions, String kind,
                                    String[] dimensionNames) throws IOException {
        byte[] magicBytes = in.readNBytes(4);
        if (magicBytes.length == 0) {
            throw new IdxFormatException(file, "empty file, expected an IDX " + kind + " file");
        }
        int expectedMagic = UNSIGNED_BYTE << 8 | expectedDimensions;
        int headerLength = 4 + 4 * expectedDimensions;
        if (magicBytes.length < 4) {
            throw new IdxFormatException(file, "truncated header: expected " + headerLength + " bytes, found "
                    + magicBytes.length);
        }
        int magic = ByteBuffer.wrap(magicBytes).getInt();
        if (magicBytes[0] != 0 || magicBytes[1] != 0) {
            Optional<FileSignature> signature = signature(file);
            if (signature.isPresent()) {
                throw new IdxFormatException(file, "not an IDX " + kind + " file: it is "
                        + signature.get().describe());
            }
            throw new IdxFormatException(file, String.format(
                    "not an IDX file: magic number 0x%08X should be 0x%08X (two zero bytes, type, dimensions)",
                    magic, expectedMagic));
        }
        int type = magicBytes[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new IdxFormatException(file, String.format(
                    "IDX element type 0x%02X (%s) is not supported, only unsigned bytes (0x08); magic number 0x%08X",
                    type, typeName(type), magic));
        }
        int dimensionCount = magicBytes[3] & 0xFF;
        if (dimensionCount != expectedDimensions) {
            String guess = switch (dimensionCount) {
                case 1 -> "; is this a label file?";
                case 3 -> "; is this an image file?";
                default -> "";
            };
            throw new IdxFormatException(file, String.format(
                    "expected an IDX %s file with %d dimension%s (magic 0x%08X), found %d dimension%s (magic 0x%08X)%s",
                    kind, expectedDimensions, plural(expectedDimensions), expectedMagic, dimensionCount,
                    plural(dimensionCount), magic, guess));
        }
        byte[] sizes = in.readNBytes(4 * expectedDimensions);
        if (sizes.length < 4 * expectedDimensions) {
            throw new IdxFormatException(file, "truncated header: expected " + headerLength + " bytes, found "
                    + (4 + sizes.length));
        }
        ByteBuffer buffer = ByteBuffer.wrap(sizes);
        int[] dimensions = new int[expectedDimensions];
        for (int d = 0; d < expectedDimensions; d++) {
            dimensions[d] = buffer.getInt();
            if (dimensions[d] <= 0) {
                throw new IdxFormatException(file, dimensionNames[d] + " is " + Integer.toUnsignedString(dimensions[d])
                        + " in the header; must be positive");
            }
        }
        return dimensions;
    }

    /** What the file (decompressed, if it is gzipped) is when its first bytes say so. */
    private static Optional<FileSignature> signature(Path file) {
        try (InputStream in = Gzip.openDecompressed(file)) {
            return FileSignature.of(in.readNBytes(SIGNATURE_BYTES));
        } catch (IOException e) {
            // Corrupt further on: the magic number is what the message reports then.
            return Optional.empty();
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "16-bit integer";
            case 0x0C -> "32-bit integer";
            case 0x0D -> "32-bit float";
            case 0x0E -> "64-bit float";
            default -> "unknown";
        };
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
