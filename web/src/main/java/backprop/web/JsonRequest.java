package backprop.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

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
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiError.badRequest("unknown field '" + name + "' (expected " + String.join(", ", known.stream().sorted().toList()) + ")");
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

    double number(String field, double min, double max) {
        JsonNode node = require(field);
        if (!node.isNumber()) {
            throw ApiError.badRequest("'" + field + "' must be a number, got " + Json.describe(node));
        }
        double value = node.asDouble();
        if (!(value >= min && value <= max)) {
            throw ApiError.badRequest("'" + field + "' must be between " + min + " and " + max + ", got " + node);
        }
        return value;
    }

    double number(String field, double min, double max, double fallback) {
        return has(field) ? number(field, min, max) : fallback;
    }

    long integer(String field, long min, long max) {
        JsonNode node = require(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiError.badRequest("'" + field + "' must be a whole number, got " + node);
        }
        long value = node.asLong();
        if (value < min || value > max) {
            throw ApiError.badRequest("'" + field + "' must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    long integer(String field, long min, long max, long fallback) {
        return has(field) ? integer(field, min, max) : fallback;
    }

    List<Integer> integers(String field, int minLength, int maxLength, int min, int max) {
        JsonNode node = require(field);
        if (!node.isArray()) {
            throw ApiError.badRequest("'" + field + "' must be an array of whole numbers, got " + Json.describe(node));
        }
        if (node.size() < minLength || node.size() > maxLength) {
            throw ApiError.badRequest("'" + field + "' must have " + minLength + " to " + maxLength + " entries, got "
                    + node.size());
        }
        List<Integer> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isIntegralNumber() || !element.canConvertToInt()
                    || element.asInt() < min || element.asInt() > max) {
                throw ApiError.badRequest("'" + field + "' entries must be whole numbers from " + min + " to " + max
                        + ", got " + element);
            }
            values.add(element.asInt());
        }
        return values;
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
