package backprop.cli;

import backprop.train.EpochResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The {@code --json} output of {@code train} and {@code predict}: one JSON object per line, each with an
 * {@code "event"} saying what it reports, for scripts ({@code jq}, pandas' {@code read_json(lines=True)}).
 */
final class JsonLines {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Set up on first use: an ObjectMapper takes a tenth of a second to start, which a run without --json never pays. */
    private static final class Writer {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private JsonLines() {
    }

    static ObjectNode event(String event) {
        return NODES.objectNode().put("event", event);
    }

    static void print(PrintWriter out, ObjectNode line) {
        try {
            out.println(Writer.JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values is always JSON", e);
        }
        out.flush();
    }

    /**
     * One epoch: {@code {"event":"epoch","epoch":0,"seconds":1.5,"learningRate":3.0,"training":{"size":50000},
     * "evaluation":{"size":10000,"correct":9012,"accuracy":0.9012}}}, with costs and training accuracy when
     * measured ({@code --monitor}, {@code --plot}).
     */
    static ObjectNode epoch(EpochResult r) {
        ObjectNode line = event("epoch").put("epoch", r.epoch()).put("seconds", r.trainingSeconds())
                .put("learningRate", r.learningRate());
        line.set("training", measured(r.trainingSize(), r.trainingCorrect(), r.trainingAccuracy(), r.trainingCost()));
        if (r.evaluationSize() > 0) {
            line.set("evaluation", measured(r.evaluationSize(), r.evaluationCorrect(), r.evaluationAccuracy(),
                    r.evaluationCost()));
        }
        return line;
    }

    private static ObjectNode measured(int size, OptionalInt correct, OptionalDouble accuracy, OptionalDouble cost) {
        ObjectNode node = NODES.objectNode().put("size", size);
        correct.ifPresent(c -> node.put("correct", c));
        accuracy.ifPresent(a -> node.put("accuracy", a));
        cost.ifPresent(c -> node.put("cost", c));
        return node;
    }

    /** {@code {"correct":9500,"size":10000,"accuracy":0.95}}. */
    static ObjectNode accuracy(int correct, int size) {
        return NODES.objectNode().put("correct", correct).put("size", size)
                .put("accuracy", size == 0 ? 0.0 : (double) correct / size);
    }
}
