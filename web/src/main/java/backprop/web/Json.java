package backprop.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Locale;

/** The server's JSON: one mapper, request bodies parsed with one clear 400 for malformed input. */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Strict JSON: NaN and Infinity are not numbers a client may send (the default), and a body
            // is one value: text after it means the client sent something other than it thinks.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        // Nesting deeper than any request we accept is a malformed (or hostile) body.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The body as a JSON object, or a 400 saying what is wrong with it. */
    static JsonRequest parseObject(byte[] body) {
        if (body.length == 0) {
            throw ApiError.badRequest("the request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("bad JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiError.badRequest("bad JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("expected a JSON object, got " + (node == null ? "nothing" : describe(node)));
        }
        return new JsonRequest(node);
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
