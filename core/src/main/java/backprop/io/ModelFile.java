package backprop.io;

import backprop.nn.Network;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Saves and loads networks as JSON in the layout of Nielsen's network2.py, so models move both ways
 * between Backprop and the book's code.
 *
 * <p>network2.py's {@code save} writes {@code sizes}, {@code weights} (each matrix a list of rows),
 * {@code biases} (each a numpy column vector, {@code [[b0], [b1], ...]}) and {@code cost} (the cost
 * class name). We write exactly those, plus {@code activations} (one name per layer after the input)
 * and {@code backprop} (the {@link Provenance}), which network2's {@code load} ignores. Doubles are
 * written as the shortest decimal that reads back to the same bits, in Java and in Python.
 *
 * <p>Saving is atomic: the model is written to a temporary file beside the target, forced to disk
 * and renamed over it, so a crash leaves either the old file or the complete new one.
 */
public final class ModelFile {
    private static final JsonFactory JSON = JsonFactory.builder()
            // Python's json module writes NaN and Infinity as bare words; we read them to refuse them clearly.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private static final ObjectMapper TREES = JsonMapper.builder(JSON).build();

    private ModelFile() {
    }

    /**
     * Writes {@code network} to {@code file}, replacing it only once the new model is complete on disk,
     * and creating missing parent directories.
     *
     * @param provenance how the model was made, or null to write network2's fields and activations only
     * @throws IllegalArgumentException when the network has NaN or infinite parameters (training diverged);
     *                                  nothing is written then
     */
    public static void save(Network network, Provenance provenance, Path file) throws IOException {
        Objects.requireNonNull(network, "network");
        Path target = file.toAbsolutePath();
        if (!network.isFinite()) {
            throw new IllegalArgumentException("refusing to save " + file
                    + ": the network has NaN or infinite parameters (training diverged?)");
        }
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve("." + target.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // CREATE_NEW rather than Files.createTempFile, whose owner-only permissions the model would keep.
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                ModelWriter.write(network, provenance, out, JSON);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        forceDirectory(directory);
    }

    /**
     * Makes the rename itself survive a crash. Best effort: some systems (Windows) cannot open a
     * directory for this, and the model file itself is complete on disk by now either way.
     */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // This system cannot sync a directory; the rename has happened all the same.
        }
    }

    /**
     * Reads a model written by {@link #save} or by network2.py. A file without {@code activations} is
     * all sigmoid, as network2's networks are.
     *
     * @throws ModelFormatException when the file is not a valid model, with one message naming the file
     *                              and the problem (truncated, missing field, wrong shape, unknown cost,
     *                              NaN or infinite parameters)
     * @throws IOException          when the file cannot be read at all (missing, unreadable)
     */
    public static SavedModel load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             JsonParser parser = JSON.createParser(in)) {
            return new ModelReader(file, parser, TREES).read();
        } catch (StreamReadException e) {
            // Jackson reports some cut-short inputs as plain parse errors ("Unexpected end-of-input within...").
            if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                throw new ModelFormatException(file, "unexpected end of input (truncated?)", e);
            }
            throw new ModelFormatException(file, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(file, String.valueOf(e.getOriginalMessage()), e);
        }
    }
}
