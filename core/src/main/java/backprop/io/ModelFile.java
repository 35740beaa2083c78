package backprop.io;

import backprop.FileSignature;
import backprop.nn.Network;
import backprop.io.onnx.OnnxImport;
import backprop.io.safetensors.SafetensorsFile;
import backprop.train.Checkpoint;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * <p>A checkpoint ({@link #saveCheckpoint}) is a model file with one more field, {@code checkpoint}:
 * the training state to resume from, laid out as {@link CheckpointSection} describes.
 *
 * <p>Saving is atomic ({@link AtomicFile}): the model is written to a temporary file beside the target,
 * forced to disk and renamed over it, so a crash leaves either the old file or the complete new one.
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
    private static final String MODEL_IS_JSON = "a model file is JSON text, as network2.py and backprop save models";

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
        refuseNotFinite(network, file);
        AtomicFile.write(file, out -> ModelWriter.write(network, provenance, null, out, JSON));
    }

    /**
     * Writes a checkpoint: a model file of {@code checkpoint.network()}, which loads as a model anywhere
     * (network2.py included), with the training state under an extra {@code "checkpoint"} field. Atomic,
     * as {@link #save}.
     *
     * @param arguments  the settings of the run, to resume it with (the command line's {@code train}
     *                   arguments); written as they are
     * @throws IllegalArgumentException when the network or the optimizer state has NaN or infinite numbers;
     *                                  nothing is written then
     */
    public static void saveCheckpoint(Checkpoint checkpoint, Provenance provenance, List<String> arguments, Path file)
            throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        List<String> settings = List.copyOf(arguments);
        refuseNotFinite(checkpoint.network(), file);
        if (!CheckpointSection.isFinite(checkpoint.optimizer())) {
            throw new IllegalArgumentException("refusing to save " + file
                    + ": the optimizer state has NaN or infinite numbers (training diverged?)");
        }
        AtomicFile.write(file, out -> ModelWriter.write(checkpoint.network(), provenance,
                new CheckpointSection(checkpoint, settings), out, JSON));
    }

    private static void refuseNotFinite(Network network, Path file) {
        if (!network.isFinite()) {
            throw new IllegalArgumentException("refusing to save " + file
                    + ": the network has NaN or infinite parameters (training diverged?)");
        }
    }

    /**
     * Reads a model written by {@link #save} or by network2.py. A file without {@code activations} is
     * all sigmoid, as network2's networks are. A file named {@code *.onnx} is read by {@link OnnxImport},
     * one named {@code *.safetensors} by {@link SafetensorsFile}; they carry no provenance.
     *
     * @throws ModelFormatException when the file is not a valid model, with one message naming the file
     *                              and the problem (truncated, missing field, wrong shape, unknown cost,
     *                              NaN or infinite parameters)
     * @throws IOException          when the file cannot be read at all (missing, unreadable)
     */
    public static SavedModel load(Path file) throws IOException {
        if (OnnxImport.isNamed(file)) {
            return new SavedModel(OnnxImport.load(file), Optional.empty());
        }
        if (SafetensorsFile.isNamed(file)) {
            return new SavedModel(SafetensorsFile.load(file), Optional.empty());
        }
        return read(file, false).model();
    }

    /**
     * Reads a checkpoint written by {@link #saveCheckpoint}: the model and the training state to resume.
     *
     * @return empty when {@code file} is a valid model without a {@code "checkpoint"} field (a model,
     *         not a checkpoint)
     * @throws ModelFormatException when the file is not a valid model, or its checkpoint is damaged
     *                              (a missing field, a shape that does not match the network, ...)
     */
    public static Optional<SavedCheckpoint> loadCheckpoint(Path file) throws IOException {
        if (OnnxImport.isNamed(file) || SafetensorsFile.isNamed(file)) {
            load(file);
            return Optional.empty(); // these formats hold a model, never training state
        }
        return read(file, true).checkpoint();
    }

    /**
     * Whether Jackson's parse error is a cut-short input it reports as something else: "Unexpected
     * end-of-input within...", or a number or word that the end of the file cut off ("Decimal point
     * not followed by a digit" after "0.", "Unrecognized token 'tr'"), found in the file's last bytes.
     */
    private static boolean cutShort(Path file, StreamReadException e) throws IOException {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("end-of-input")) {
            return true;
        }
        boolean partialToken = message.contains("Unrecognized token") || message.contains("numeric value");
        return partialToken && e.getLocation() != null
                && e.getLocation().getByteOffset() >= Files.size(file) - "false".length();
    }

    private static ModelReader.Result read(Path file, boolean withCheckpoint) throws IOException {
        byte[] start = firstBytes(file);
        Optional<FileSignature> signature = FileSignature.of(start);
        if (signature.isPresent()) {
            throw new ModelFormatException(file, "it is " + signature.get().describe() + ", not JSON; "
                    + MODEL_IS_JSON);
        }
        try (InputStream in = Files.newInputStream(file);
             JsonParser parser = JSON.createParser(in)) {
            try {
                return new ModelReader(file, parser, TREES, withCheckpoint).read();
            } catch (StreamConstraintsException e) {
                throw new ModelFormatException(file, beyondLimits(e, parser.currentLocation()), e);
            }
        } catch (StreamReadException e) {
            if (e instanceof JsonEOFException || cutShort(file, e)) {
                throw new ModelFormatException(file, "unexpected end of input (truncated?)", e);
            }
            if (startsLikeBinary(start)) {
                throw new ModelFormatException(file, String.format("it holds binary data (its first byte is 0x%02X), "
                        + "not JSON text; %s", start[0] & 0xFF, MODEL_IS_JSON), e);
            }
            throw new ModelFormatException(file, "not valid JSON: " + e.getOriginalMessage() + where(e.getLocation()), e);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(file, String.valueOf(e.getOriginalMessage()), e);
        } catch (CharConversionException e) {
            // Jackson takes a file that starts with NUL bytes for UTF-32 (or UCS-4) text, then meets bytes
            // that are no such character: binary data.
            throw new ModelFormatException(file, "it holds binary data, not JSON text (its bytes are not UTF-8, "
                    + "UTF-16 or UTF-32 characters); " + MODEL_IS_JSON, e);
        }
    }

    private static byte[] firstBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(FileSignature.BYTES_NEEDED);
        }
    }

    /**
     * Whether the file starts with a byte no JSON text starts with: a control character, or a byte above
     * ASCII that is not the start of a byte order mark. (A NUL is left to the parser: UTF-16 and UTF-32
     * text starts with one, and Jackson reads those.)
     */
    private static boolean startsLikeBinary(byte[] start) {
        if (start.length == 0) {
            return false;
        }
        int first = start[0] & 0xFF;
        boolean control = first > 0 && first < 0x20 && first != '\t' && first != '\n' && first != '\r';
        boolean beyondAscii = first >= 0x7F && first != 0xEF && first != 0xFE && first != 0xFF;
        return control || beyondAscii;
    }

    /**
     * One of the parser's limits, said without its internals (StreamReadConstraints): the limits keep a
     * hostile file from taking the reader's stack or memory, and no model file comes near them.
     */
    private static String beyondLimits(StreamConstraintsException e, JsonLocation location) {
        String message = String.valueOf(e.getOriginalMessage());
        StreamReadConstraints limits = JSON.streamReadConstraints();
        if (message.contains("nesting depth")) {
            return "lists and objects are nested more than " + limits.getMaxNestingDepth() + " deep" + where(location)
                    + "; a model file nests them a few levels deep";
        }
        if (message.contains("Number value length")) {
            return "a number is longer than " + limits.getMaxNumberLength() + " characters" + where(location)
                    + "; a model file's numbers are at most about 25";
        }
        if (message.contains("String value length")) {
            return "a string is longer than " + limits.getMaxStringLength() + " characters" + where(location);
        }
        if (message.contains("Name length")) {
            return "a field name is longer than " + limits.getMaxNameLength() + " characters" + where(location);
        }
        int internals = message.indexOf(" (");
        return "the file is beyond the JSON reader's limits: "
                + (internals > 0 ? message.substring(0, internals) : message) + where(location);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
