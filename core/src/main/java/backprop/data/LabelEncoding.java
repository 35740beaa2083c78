package backprop.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the labels of a CSV file become the classes {@code 0..K-1} a network's outputs stand for: whole
 * numbers are the classes themselves ({@code K} is the largest plus one), and any other labels (names,
 * such as {@code setosa}) are numbered in the order they first appear. A model trained on named labels
 * records the names ({@link #describe}), so that its outputs can be read, and other files encoded the same way.
 *
 * @param names the class names in class order, or empty when the labels are whole numbers
 */
public record LabelEncoding(int classCount, List<String> names) {
    /** More classes than this is taken to be a mistake (an ID or a measurement in the label column). */
    public static final int MAX_CLASSES = 10_000;
    private static final Pattern NUMBERED = Pattern.compile("0\\.\\.(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    public LabelEncoding {
        names = List.copyOf(names);
        if (classCount < 1 || (!names.isEmpty() && names.size() != classCount)) {
            throw new IllegalArgumentException(classCount + " classes with " + names.size() + " names");
        }
    }

    /** Classes numbered {@code 0..classCount-1} as the labels are written. */
    public static LabelEncoding numbered(int classCount) {
        return new LabelEncoding(classCount, List.of());
    }

    /** Classes named, in class order. */
    public static LabelEncoding named(List<String> names) {
        return new LabelEncoding(names.size(), names);
    }

    /** The classes of {@code table}'s labels: whole numbers if they all are, else names in order of appearance. */
    public static LabelEncoding of(CsvTable table) throws CsvFormatException {
        List<String> labels = table.labels();
        boolean allNumbers = labels.stream().allMatch(CsvReader::isNumber);
        if (allNumbers) {
            int largest = 0;
            for (int i = 0; i < labels.size(); i++) {
                largest = Math.max(largest, classNumber(table, i, MAX_CLASSES));
            }
            return numbered(largest + 1);
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String label : labels) {
            seen.putIfAbsent(label, seen.size());
        }
        if (seen.size() > MAX_CLASSES) {
            throw new CsvFormatException(table.file(), "the labels in " + table.labelColumnName() + " have "
                    + seen.size() + " different values, more than " + MAX_CLASSES + " classes; is it the right column?");
        }
        return named(new ArrayList<>(seen.keySet()));
    }

    /** The class of each of {@code table}'s rows. */
    public int[] encode(CsvTable table) throws CsvFormatException {
        int[] classes = new int[table.size()];
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            byName.put(names.get(c), c);
        }
        for (int i = 0; i < classes.length; i++) {
            if (names.isEmpty()) {
                classes[i] = classNumber(table, i, classCount);
            } else {
                Integer known = byName.get(table.labels().get(i));
                if (known == null) {
                    throw new CsvFormatException(table.file(), "line " + table.lines()[i] + ": the label '"
                            + table.labels().get(i) + "' is not one of the classes " + describeNames());
                }
                classes[i] = known;
            }
        }
        return classes;
    }

    /** Row {@code i}'s label as a class number below {@code limit}, with a message naming the line when it is not one. */
    private static int classNumber(CsvTable table, int i, int limit) throws CsvFormatException {
        String label = table.labels().get(i);
        String where = "line " + table.lines()[i] + ": the label " + label;
        if (!CsvReader.isNumber(label)) {
            throw new CsvFormatException(table.file(), where + " is not a class number; the classes are 0.." + (limit - 1));
        }
        double value = Double.parseDouble(label);
        if (value != Math.rint(value)) {
            throw new CsvFormatException(table.file(), where + " is not a whole number; number labels must be "
                    + "classes 0, 1, 2, ... (or use names)");
        }
        if (value < 0 || value >= limit) {
            throw new CsvFormatException(table.file(), where + " is out of range: the classes are 0.." + (limit - 1)
                    + (limit == MAX_CLASSES ? " at most" : ""));
        }
        return (int) value;
    }

    /** The name of class {@code c}: its label as written. */
    public String name(int c) {
        return names.isEmpty() ? Integer.toString(c) : names.get(c);
    }

    /** For the provenance: {@code 0..9} for numbered classes, else the names as a JSON list. */
    public String describe() {
        return names.isEmpty() ? "0.." + (classCount - 1) : describeNames();
    }

    private String describeNames() {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    /** Reads what {@link #describe} wrote; empty when {@code text} is not such a description. */
    public static Optional<LabelEncoding> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher numbered = NUMBERED.matcher(text.trim());
        if (numbered.matches()) {
            try {
                return Optional.of(numbered(Integer.parseInt(numbered.group(1)) + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            String[] parsed = JSON.readValue(text, String[].class);
            return parsed.length == 0 ? Optional.empty() : Optional.of(named(List.of(parsed)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
