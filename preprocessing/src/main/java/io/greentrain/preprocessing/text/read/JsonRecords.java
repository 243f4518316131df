package io.greentrain.preprocessing.text.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Records of a JSON file: a file whose first non-blank character is {@code [} is one JSON array of records;
 * otherwise it is JSON Lines, one record per non-blank line. A line (or array file) that does not parse still yields
 * a record, with its raw text and the parse error, so nothing is lost silently. Parsing is strict: a line holds
 * exactly one JSON value, so a second object on the same line, or any trailing garbage, makes the line such a record
 * rather than being dropped unseen.
 */
public final class JsonRecords {

    private static final Map<Integer, ObjectMapper> MAPPERS = new ConcurrentHashMap<>();

    /** One record: its index in the file, its text, an optional id, and a parse error (null when it parsed). */
    public record Record(long index, String text, String sourceId, String error) {
    }

    private JsonRecords() {
    }

    /** Calls {@code sink} with every record of {@code content}, in file order, with Jackson's default size limits. */
    public static void forEach(String content, List<String> textFields, String idField, Consumer<Record> sink) {
        forEach(content, textFields, idField, ReaderSpec.JSON_MAX_STRING_LENGTH_DEFAULT, sink);
    }

    /**
     * Calls {@code sink} with every record of {@code content}, in file order. A string value longer than
     * {@code maxStringLength} characters makes its line (or array file) a record whose error says so.
     */
    public static void forEach(String content, List<String> textFields, String idField, int maxStringLength,
                               Consumer<Record> sink) {
        ObjectMapper mapper = MAPPERS.computeIfAbsent(maxStringLength, JsonRecords::strictMapper);
        String trimmed = content.stripLeading();
        if (trimmed.startsWith("[")) {
            JsonNode root;
            try {
                root = mapper.readTree(trimmed);
            } catch (JsonProcessingException e) {
                sink.accept(new Record(0, content, null, "invalid JSON array: " + problem(e, maxStringLength)));
                return;
            }
            long index = 0;
            for (JsonNode element : root) {
                sink.accept(record(index++, element, textFields, idField));
            }
            return;
        }
        long index = 0;
        for (String line : content.split("\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                sink.accept(record(index, mapper.readTree(line), textFields, idField));
            } catch (JsonProcessingException e) {
                sink.accept(new Record(index, line, null, "invalid JSON line: " + problem(e, maxStringLength)));
            }
            index++;
        }
    }

    /** A parser that reads exactly one value per line and allows strings up to {@code maxStringLength} characters. */
    private static ObjectMapper strictMapper(int maxStringLength) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxStringLength).build())
                .build();
        return JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    private static String problem(JsonProcessingException e, int maxStringLength) {
        if (e instanceof StreamConstraintsException) {
            return "a value is over the size limit (" + e.getOriginalMessage() + "; the string limit is "
                    + maxStringLength + " characters, set by greentrain.text.json.max-string-length)";
        }
        return e.getOriginalMessage();
    }

    private static Record record(long index, JsonNode node, List<String> textFields, String idField) {
        if (!node.isObject()) {
            return new Record(index, node.toString(), null, "record is not a JSON object");
        }
        List<String> pieces = new ArrayList<>();
        for (String field : textFields) {
            JsonNode value = at(node, field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
                pieces.add(String.join("\n", items));
            } else {
                pieces.add(value.isTextual() ? value.asText() : value.toString());
            }
        }
        JsonNode id = idField == null ? null : at(node, idField);
        String sourceId = id == null || id.isNull() ? null : id.asText();
        return new Record(index, String.join("\n", pieces), sourceId, null);
    }

    private static JsonNode at(JsonNode node, String dottedField) {
        JsonNode current = node;
        for (String part : dottedField.split("\\.")) {
            current = current == null ? null : current.get(part);
        }
        return current;
    }
}
