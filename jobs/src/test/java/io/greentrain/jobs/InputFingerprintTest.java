package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.testsupport.LocalSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input's fingerprint is the same whether the driver or the executors hash the files. */
class InputFingerprintTest {

    @TempDir
    Path dir;

    @Test
    void driverAndExecutorsGiveTheSameFingerprint() throws IOException {
        List<String> files = List.of(write("b.csv", "x,y\n1,2\n"), write("a.csv", "x,y\n3,4\n"), write("empty.csv", ""));
        JavaSparkContext sc = LocalSpark.context("greentrain-jobs-tests");
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());

        String onDriver = InputFingerprint.sha256OnDriver(files, conf);
        assertThat(onDriver).matches("[0-9a-f]{64}");
        assertThat(InputFingerprint.sha256OnExecutors(sc, files, conf)).isEqualTo(onDriver);
        assertThat(InputFingerprint.sha256(sc, files)).isEqualTo(onDriver);
        assertThat(InputFingerprint.sha256OnDriver(List.of(files.get(2), files.get(0), files.get(1)), conf))
                .as("independent of the files' order").isEqualTo(onDriver);
    }

    @Test
    void aChangedByteChangesTheFingerprint() throws IOException {
        String file = write("a.csv", "x,y\n3,4\n");
        SerializableConfiguration conf = new SerializableConfiguration(new Configuration());
        String before = InputFingerprint.sha256OnDriver(List.of(file), conf);
        write("a.csv", "x,y\n3,5\n");
        assertThat(InputFingerprint.sha256OnDriver(List.of(file), conf)).isNotEqualTo(before);
    }

    @Test
    void aFileThatCannotBeReadIsNamed() {
        String missing = dir.resolve("missing.csv").toUri().toString();
        assertThatThrownBy(() -> InputFingerprint.sha256OnDriver(List.of(missing),
                new SerializableConfiguration(new Configuration())))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.csv");
    }

    private String write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toUri().toString();
    }
}
