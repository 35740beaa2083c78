package backprop.io.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one protobuf message in the wire format (varints, length-delimited fields, fixed 32-bit
 * floats): the little that ONNX's messages need, so that core does not depend on protobuf-java and
 * generated classes for a dozen message types. Nested messages are written into their own writer and
 * added with {@link #message}, which prefixes their length.
 */
final class ProtobufWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ProtobufWriter varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** One value per field entry, as proto2's unpacked {@code repeated int64} is written. */
    ProtobufWriter varints(int field, long... values) {
        for (long value : values) {
            varint(field, value);
        }
        return this;
    }

    ProtobufWriter fixed32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int shift = 0; shift < 32; shift += 8) {
            bytes.write(bits >>> shift);
        }
        return this;
    }

    ProtobufWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtobufWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        bytes.writeBytes(value);
        return this;
    }

    ProtobufWriter message(int field, ProtobufWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private void tag(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
    }

    private void rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            bytes.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes.write((int) value);
    }
}
