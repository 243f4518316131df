package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/** Reads and writes small JSON and text files on any Hadoop file system. */
public final class JsonFiles {

    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /**
     * Writes {@code json} to {@code path}: first to a hidden temporary file beside it, then renamed,
     * so a reader never sees half a file.
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
     * its own, then one rename that replaces the old file (atomic on HDFS and on a local disk), so a
     * reader sees the old file or the new one, never none or half of one.
     */
    public static void writeText(String text, String path, Configuration conf) {
        Path target = new Path(path);
        Path temporary = new Path(target.getParent(), "." + target.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
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

    /** Reads the JSON at {@code path}. */
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

    /** Reads the JSON object at {@code path}, or an empty object when there is no such file. */
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
