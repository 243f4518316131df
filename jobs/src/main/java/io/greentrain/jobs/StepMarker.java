package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The success marker of a finished step, {@code OUTPUT/_markers/<step>.json} (see {@link RunLayout}):
 * written after the step's outputs are committed, so its presence means they are complete.
 *
 * @param step             the step, e.g. {@code clean}
 * @param inputFingerprint what the step read: for {@code clean} the SHA-256 of the input files'
 *                         contents, for later steps {@code <upstream step>:<upstream commitId>}
 * @param configHash       SHA-256 of the configuration keys the step depends on
 * @param commitId         unique per commit; later steps' input fingerprints name it
 * @param committedAt      when the outputs were committed (ISO-8601)
 * @param sparkApplicationId the application that ran the step
 * @param summary          the step's sections of {@code summary.json}, restored when the step is skipped
 */
public record StepMarker(String step, String inputFingerprint, String configHash, String commitId, String committedAt,
                         String sparkApplicationId, ObjectNode summary) {

    /** Whether this marker records a run of the step on the same input and configuration. */
    public boolean matches(String inputFingerprint, String configHash) {
        return this.inputFingerprint.equals(inputFingerprint) && this.configHash.equals(configHash);
    }

    /** Writes the marker to {@code path} (write-then-rename). */
    public void write(String path, Configuration conf) {
        ObjectNode json = JsonFiles.newObject();
        json.put("step", step);
        json.put("inputFingerprint", inputFingerprint);
        json.put("configHash", configHash);
        json.put("commitId", commitId);
        json.put("committedAt", committedAt);
        json.put("sparkApplicationId", sparkApplicationId);
        ObjectNode redacted = summary.deepCopy();
        io.greentrain.energy.config.UriRedaction.redactTextValues(redacted);
        json.set("summary", redacted);
        JsonFiles.write(json, path, conf);
    }

    /** The marker at {@code path}, or empty when there is none or it cannot be parsed (treated as absent). */
    public static Optional<StepMarker> read(String path, Configuration conf) {
        Path file = new Path(path);
        try {
            if (!file.getFileSystem(conf).exists(file)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
        JsonNode json;
        try {
            json = JsonFiles.read(path, conf);
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
        if (!json.path("summary").isObject() || !json.path("commitId").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new StepMarker(json.path("step").asText(), json.path("inputFingerprint").asText(),
                json.path("configHash").asText(), json.path("commitId").asText(), json.path("committedAt").asText(),
                json.path("sparkApplicationId").asText(), (ObjectNode) json.path("summary")));
    }

    /** Removes the marker at {@code path}, if any. */
    public static void delete(String path, Configuration conf) {
        Path file = new Path(path);
        try {
            file.getFileSystem(conf).delete(file, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path, e);
        }
    }
}
