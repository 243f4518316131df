package io.greentrain.preprocessing.text.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.greentrain.preprocessing.text.RemovalReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One document of a labelled evaluation set of the quality filters: what a reader decided about it.
 *
 * @param id     a stable name
 * @param group  where it comes from, e.g. {@code zh-poem} or {@code en-junk}
 * @param keep   whether the filters should keep it
 * @param reason for a document to remove, the reason the filters should give; null for one to keep
 * @param text   the normalised text
 */
public record LabelledDocument(String id, String group, boolean keep, RemovalReason reason, String text) {

    public LabelledDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(text, "text");
        if (keep == (reason != null)) {
            throw new IllegalArgumentException(id + ": a document to keep has no reason, one to remove needs one");
        }
    }

    /**
     * Reads a JSON Lines file of {@code {"id", "group", "label": "keep"|"remove", "reason", "text"}} objects.
     *
     * @throws IllegalArgumentException naming the line when a line is not such an object or names an unknown reason
     */
    public static List<LabelledDocument> readJsonLines(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        List<LabelledDocument> documents = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = mapper.readTree(lines.get(i));
                    String label = node.path("label").asText();
                    if (!label.equals("keep") && !label.equals("remove")) {
                        throw new IllegalArgumentException("label must be keep or remove, got '" + label + "'");
                    }
                    JsonNode reason = node.path("reason");
                    documents.add(new LabelledDocument(node.path("id").asText(), node.path("group").asText(),
                            label.equals("keep"), reason.isTextual() ? RemovalReason.ofCode(reason.asText()) : null,
                            node.path("text").asText()));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return List.copyOf(documents);
    }
}
