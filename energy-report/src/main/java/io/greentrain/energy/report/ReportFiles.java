package io.greentrain.energy.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Writes the report's small files (CSV, HTML, JSON) on any Hadoop file system, each by write-then-rename so that a
 * reader sees the old file or the new one, never half of one. Indented JSON with a final newline, as the
 * application's other JSON files.
 */
final class ReportFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFiles() {
    }

    static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** Writes {@code json}, indented and with a final newline, to {@code path}; see {@link #writeText}. */
    static void writeJson(JsonNode json, String path, Configuration conf) {
        try {
            writeText(MAPPER.writeValueAsString(json) + "\n", path, conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode JSON for " + path, e);
        }
    }

    /**
     * Writes {@code text} (UTF-8) to {@code path}: a hidden temporary file of its own beside it, then one rename that
     * replaces the old file (atomic on HDFS and on a local disk).
     *
     * @throws UncheckedIOException naming {@code path} when the write or the rename fails; the temporary file is
     *                              removed
     */
    static void writeText(String text, String path, Configuration conf) {
        Path target = new Path(path);
        Path temporary = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            FileSystem fs = target.getFileSystem(conf);
            try (OutputStream out = fs.create(temporary, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            try {
                FileContext.getFileContext(fs.getUri(), conf).rename(fs.makeQualified(temporary),
                        fs.makeQualified(target), Options.Rename.OVERWRITE);
            } catch (IOException e) {
                fs.delete(temporary, false);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
