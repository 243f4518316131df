package io.greentrain.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/** The versions of what produced a model, for its metadata; the build writes them into the jar. */
final class Versions {

    private static final String BUILD_PROPERTIES = "/greentrain-build.properties";

    private Versions() {
    }

    static ObjectNode asJson(SparkSession spark) {
        Properties build = buildProperties();
        ObjectNode versions = JsonFiles.newObject();
        versions.put("greentrain", build.getProperty("version"));
        versions.put("spark", spark.version());
        versions.put("dl4j", build.getProperty("dl4j.version"));
        versions.put("nd4jBackend", org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(BUILD_PROPERTIES + " is missing from the classpath: rebuild the jobs module");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_PROPERTIES, e);
        }
        return properties;
    }
}
