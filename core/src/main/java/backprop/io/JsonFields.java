package backprop.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The typed fields of one small JSON object read as a tree (the provenance, an epoch of a checkpoint's
 * history), each checked with a message that names it by its path, e.g. {@code backprop.seed must be
 * a whole number that fits in 64 bits, found "one"}. An absent field and JSON {@code null} both read as
 * null, meaning unknown, unless the field is required.
 */
final class JsonFields {
    private final JsonNode node;
    private final String path;
    private final JsonCursor cursor;

    /** @param path how the object is named in messages, e.g. {@code backprop} or {@code checkpoint.history[2]} */
    JsonFields(JsonNode node, String path, JsonCursor cursor) {
        this.node = node;
        this.path = path;
        this.cursor = cursor;
    }

    /** The field's value, or null when it is absent or JSON null: unknown. */
    JsonNode known(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    String text(String name) throws ModelFormatException {
        return value(name, JsonNode::isTextual, "a string", JsonNode::textValue);
    }

    Instant instant(String name) throws ModelFormatException {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw cursor.problem(path + "." + name + " must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, "
                    + "found \"" + text + "\"");
        }
    }

    Integer wholeNumber(String name) throws ModelFormatException {
        return value(name, v -> v.isIntegralNumber() && v.canConvertToInt(), "a whole number", JsonNode::intValue);
    }

    Long longNumber(String name) throws ModelFormatException {
        return value(name, v -> v.isIntegralNumber() && v.canConvertToLong(), "a whole number that fits in 64 bits",
                JsonNode::longValue);
    }

    Double number(String name) throws ModelFormatException {
        return value(name, JsonNode::isNumber, "a number", JsonNode::doubleValue);
    }

    Boolean bool(String name) throws ModelFormatException {
        return value(name, JsonNode::isBoolean, "true or false", JsonNode::booleanValue);
    }

    /** The field's value read by {@code read} when it is known and {@code fits}; null when it is unknown. */
    private <T> T value(String name, Predicate<JsonNode> fits, String expected, Function<JsonNode, T> read)
            throws ModelFormatException {
        JsonNode value = known(name);
        if (value == null) {
            return null;
        }
        if (!fits.test(value)) {
            throw wrong(name, expected, value);
        }
        return read.apply(value);
    }

    /** A whole number that must be there and be at least 0. */
    int count(String name) throws ModelFormatException {
        Integer value = wholeNumber(name);
        if (value == null) {
            throw missing(name);
        }
        if (value < 0) {
            throw wrong(name, "0 or more", node.get(name));
        }
        return value;
    }

    /** A number that must be there. */
    double requiredNumber(String name) throws ModelFormatException {
        Double value = number(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    ModelFormatException missing(String name) {
        return cursor.problem(path + " lacks the field \"" + name + "\"");
    }

    ModelFormatException wrong(String name, String expected, JsonNode found) {
        return cursor.problem(path + "." + name + " must be " + expected + ", found " + found);
    }
}
