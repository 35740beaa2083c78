package backprop.io.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One protobuf message read from the wire format without its schema: each field number with the raw
 * values it holds, in the order they came (a varint as a long, a length-delimited field as a slice of
 * the bytes, fixed-width fields as their bits). Callers know the schema (here ONNX's onnx.proto) and
 * ask for the field as what it is. Repeated scalar fields are read both packed and unpacked, as
 * protobuf requires of a parser.
 */
final class ProtobufMessage {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private record Field(int number, int wireType, long value, ByteBuffer bytes) {
    }

    private final List<Field> fields = new ArrayList<>();

    /** Thrown for bytes that are not a protobuf message; the message says where it went wrong. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private ProtobufMessage() {
    }

    static ProtobufMessage parse(ByteBuffer buffer) throws MalformedException {
        ByteBuffer in = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        ProtobufMessage message = new ProtobufMessage();
        while (in.hasRemaining()) {
            long tag = varint(in);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (number <= 0) {
                throw new MalformedException("field number " + number + " at byte " + in.position());
            }
            switch (wireType) {
                case VARINT -> message.fields.add(new Field(number, wireType, varint(in), null));
                case FIXED64 -> {
                    need(in, 8);
                    message.fields.add(new Field(number, wireType, in.getLong(), null));
                }
                case FIXED32 -> {
                    need(in, 4);
                    message.fields.add(new Field(number, wireType, in.getInt() & 0xFFFFFFFFL, null));
                }
                case LENGTH_DELIMITED -> {
                    long length = varint(in);
                    if (length < 0 || length > in.remaining()) {
                        throw new MalformedException("field " + number + " claims " + length + " bytes, "
                                + in.remaining() + " remain (truncated?)");
                    }
                    ByteBuffer slice = in.slice(in.position(), (int) length).order(ByteOrder.LITTLE_ENDIAN);
                    in.position(in.position() + (int) length);
                    message.fields.add(new Field(number, wireType, 0, slice));
                }
                default -> throw new MalformedException("wire type " + wireType + " of field " + number
                        + " at byte " + in.position());
            }
        }
        return message;
    }

    private static void need(ByteBuffer in, int count) throws MalformedException {
        if (in.remaining() < count) {
            throw new MalformedException("unexpected end of input (truncated?)");
        }
    }

    private static long varint(ByteBuffer in) throws MalformedException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(in, 1);
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedException("a varint longer than 10 bytes");
    }

    boolean has(int number) {
        return fields.stream().anyMatch(f -> f.number == number);
    }

    /** The last value of a varint field (protobuf's rule for a repeated optional field), or {@code absent}. */
    long varint(int number, long absent) {
        long value = absent;
        for (Field f : fields) {
            if (f.number == number && f.wireType == VARINT) {
                value = f.value;
            }
        }
        return value;
    }

    /** The last value of a 32-bit float field, or {@code absent}. */
    float float32(int number, float absent) {
        float value = absent;
        for (Field f : fields) {
            if (f.number == number && f.wireType == FIXED32) {
                value = Float.intBitsToFloat((int) f.value);
            }
        }
        return value;
    }

    String string(int number, String absent) {
        String value = absent;
        for (Field f : fields) {
            if (f.number == number && f.wireType == LENGTH_DELIMITED) {
                value = StandardCharsets.UTF_8.decode(f.bytes.duplicate()).toString();
            }
        }
        return value;
    }

    List<String> strings(int number) {
        List<String> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.number == number && f.wireType == LENGTH_DELIMITED) {
                values.add(StandardCharsets.UTF_8.decode(f.bytes.duplicate()).toString());
            }
        }
        return values;
    }

    /** The bytes of a length-delimited field, or null when absent. */
    ByteBuffer bytes(int number) {
        ByteBuffer value = null;
        for (Field f : fields) {
            if (f.number == number && f.wireType == LENGTH_DELIMITED) {
                value = f.bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return value;
    }

    ProtobufMessage message(int number) throws MalformedException {
        ByteBuffer bytes = bytes(number);
        return bytes == null ? null : parse(bytes);
    }

    List<ProtobufMessage> messages(int number) throws MalformedException {
        List<ProtobufMessage> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.number == number && f.wireType == LENGTH_DELIMITED) {
                values.add(parse(f.bytes));
            }
        }
        return values;
    }

    /** A repeated integer field (int32, int64), packed or not. */
    long[] varints(int number) throws MalformedException {
        List<Long> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.number != number) {
                continue;
            }
            if (f.wireType == VARINT) {
                values.add(f.value);
            } else if (f.wireType == LENGTH_DELIMITED) {
                ByteBuffer packed = f.bytes.duplicate();
                while (packed.hasRemaining()) {
                    values.add(varint(packed));
                }
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** A repeated float field, packed or not. */
    float[] floats(int number) {
        List<Float> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.number != number) {
                continue;
            }
            if (f.wireType == FIXED32) {
                values.add(Float.intBitsToFloat((int) f.value));
            } else if (f.wireType == LENGTH_DELIMITED) {
                ByteBuffer packed = f.bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                while (packed.remaining() >= 4) {
                    values.add(packed.getFloat());
                }
            }
        }
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    /** A repeated double field, packed or not. */
    double[] doubles(int number) {
        List<Double> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.number != number) {
                continue;
            }
            if (f.wireType == FIXED64) {
                values.add(Double.longBitsToDouble(f.value));
            } else if (f.wireType == LENGTH_DELIMITED) {
                ByteBuffer packed = f.bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                while (packed.remaining() >= 8) {
                    values.add(packed.getDouble());
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
