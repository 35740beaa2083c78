package backprop.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/**
 * The fields of a JSON request object, read with their types and ranges checked, each mistake a
 * 400 naming the field.
 */
final class JsonRequest {
    private final JsonNode object;

    JsonRequest(JsonNode object) {
        this.object = object;
    }

    boolean has(String field) {
        return object.has(field) && !object.get(field).isNull();
    }

    /** Refuses fields not in {@code known}: a misspelt option should not be silently ignored. */
    void rejectUnknown(Set<String> known) {
        rejectUnknown(known, name -> null);
    }

    /**
     * Refuses fields not in {@code known}, with {@code explained}'s message for a field it knows about
     * (or the list of known fields when it answers null).
     */
    void rejectUnknown(Set<String> known, Function<String, String> explained) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String explanation = explained.apply(name);
                throw ApiError.badRequest(explanation != null ? explanation : "unknown field '" + name + "' (expected "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    JsonNode require(String field) {
        if (!has(field)) {
            throw ApiError.badRequest("missing field '" + field + "'");
        }
        return object.get(field);
    }

    String string(String field) {
        JsonNode node = require(field);
        if (!node.isTextual()) {
            throw ApiError.badRequest("'" + field + "' must be a string, got " + Json.describe(node));
        }
        return node.asText();
    }

    String string(String field, String fallback) {
        return has(field) ? string(field) : fallback;
    }

    boolean bool(String field) {
        JsonNode node = require(field);
        if (!node.isBoolean()) {
            throw ApiError.badRequest("'" + field + "' must be true or false");
        }
        return node.asBoolean();
    }

    /**
     * An array of exactly {@code length} numbers in [0, 1], as pixels are.
     */
    double[] unitIntervalNumbers(String field, int length) {
        JsonNode node = require(field);
        if (!node.isArray()) {
            throw ApiError.badRequest("'" + field + "' must be an array of " + length + " numbers, got " + Json.describe(node));
        }
        if (node.size() != length) {
            throw ApiError.badRequest("'" + field + "' must have " + length + " values, got " + node.size());
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            JsonNode element = node.get(i);
            if (!element.isNumber()) {
                throw ApiError.badRequest("'" + field + "' value " + i + " must be a number, got " + element);
            }
            double value = element.asDouble();
            if (!(value >= 0 && value <= 1)) {
                throw ApiError.badRequest("'" + field + "' value " + i + " is " + element + ", outside 0..1");
            }
            values[i] = value;
        }
        return values;
    }
}
