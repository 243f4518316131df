package io.greentrain.preprocessing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Small JSON files (manifests, vocabularies, metadata) on any Hadoop file system, indented for people. */
public final class HadoopJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HadoopJson() {
    }

    /**
     * Writes {@code json} to {@code path}, replacing the file.
     *
     * @throws UncheckedIOException naming the path when the file cannot be written
     */
    public static void write(JsonNode json, Path path, Configuration conf) {
        try (OutputStream out = path.getFileSystem(conf).create(path, true)) {
            MAPPER.writeValue(out, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /**
     * Reads the JSON at {@code path}.
     *
     * @throws UncheckedIOException naming the path when the file is missing, unreadable or not JSON
     */
    public static JsonNode read(Path path, Configuration conf) {
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
