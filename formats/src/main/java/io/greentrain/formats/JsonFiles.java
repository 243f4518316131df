package io.greentrain.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
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
 * Small JSON and text files (manifests, vocabularies, metadata, summaries) on any Hadoop file
 * system. Every write goes to a hidden temporary file beside the target and is then renamed over
 * it, so a reader sees the old file or the new one, never none or half of one. JSON is indented
 * for people and ends with a line feed.
 */
public final class JsonFiles {

    /** The mapper every file here is written and read with: indented output. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    /** A new, empty JSON object made by {@link #MAPPER}. */
    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /**
     * Writes {@code json} to {@code path} by write-then-rename (see {@link #writeText}).
     *
     * @throws UncheckedIOException naming the path when the file cannot be written
     */
    public static void write(JsonNode json, String path, Configuration conf) {
        try {
            writeText(MAPPER.writeValueAsString(json) + "\n", path, conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode JSON for " + path, e);
        }
    }

    /**
     * Writes {@code text} (UTF-8) to {@code path} by write-then-rename: a hidden temporary file of
     * its own, then one rename that replaces the old file (atomic on HDFS and on a local disk). The
     * temporary file is deleted when the rename fails.
     *
     * @throws UncheckedIOException naming the path when the file cannot be written
     */
    public static void writeText(String text, String path, Configuration conf) {
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

    /**
     * Reads the JSON at {@code path}.
     *
     * @throws UncheckedIOException naming the path when the file is missing, unreadable or not JSON
     */
    public static JsonNode read(String path, Configuration conf) {
        Path source = new Path(path);
        try {
            FileSystem fs = source.getFileSystem(conf);
            try (InputStream in = fs.open(source)) {
                return MAPPER.readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Reads the JSON object at {@code path}, or an empty object when there is no such file or it
     * holds something other than an object.
     *
     * @throws UncheckedIOException naming the path when the file exists but cannot be read
     */
    public static ObjectNode readObjectIfExists(String path, Configuration conf) {
        Path source = new Path(path);
        try {
            if (!source.getFileSystem(conf).exists(source)) {
                return newObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
        JsonNode node = read(path, conf);
        return node instanceof ObjectNode object ? object : newObject();
    }
}
