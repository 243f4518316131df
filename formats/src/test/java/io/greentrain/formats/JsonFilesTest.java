package io.greentrain.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFilesTest {

    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    private String uri(String name) {
        return dir.resolve(name).toUri().toString();
    }

    @Test
    void replacesAFileByRenameLeavingNoTemporaryFileBehind() throws Exception {
        ObjectNode first = JsonFiles.newObject().put("run", 1);
        ObjectNode second = JsonFiles.newObject().put("run", 2);

        JsonFiles.write(first, uri("summary.json"), CONF);
        JsonFiles.write(second, uri("summary.json"), CONF);

        assertThat(JsonFiles.read(uri("summary.json"), CONF)).isEqualTo(second);
        assertThat(Files.readString(dir.resolve("summary.json"))).isEqualTo("{\n  \"run\" : 2\n}\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> !name.endsWith(".crc")))
                    .containsExactly("summary.json");
        }
    }

    @Test
    void writesTextAsUtf8() throws Exception {
        JsonFiles.writeText("greentrain.energy = \u00e9t\u00e9\n", uri("job.conf"), CONF);

        assertThat(Files.readString(dir.resolve("job.conf"))).isEqualTo("greentrain.energy = \u00e9t\u00e9\n");
    }

    @Test
    void readsAMissingOrNonObjectFileAsAnEmptyObject() throws Exception {
        Files.writeString(dir.resolve("list.json"), "[1, 2]");
        Files.writeString(dir.resolve("object.json"), "{\"a\": 1}");

        assertThat(JsonFiles.readObjectIfExists(uri("absent.json"), CONF)).isEmpty();
        assertThat(JsonFiles.readObjectIfExists(uri("list.json"), CONF)).isEmpty();
        assertThat(JsonFiles.readObjectIfExists(uri("object.json"), CONF).path("a").asInt()).isEqualTo(1);
    }

    @Test
    void failsNamingThePathOfAFileThatIsMissingOrNotJson() throws Exception {
        Files.writeString(dir.resolve("broken.json"), "{\"a\": ");

        assertThatThrownBy(() -> JsonFiles.read(uri("absent.json"), CONF))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent.json");
        assertThatThrownBy(() -> JsonFiles.read(uri("broken.json"), CONF))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("broken.json");
    }

    @Test
    void failsNamingThePathWhenTheFolderCannotBeWritten() throws Exception {
        Files.writeString(dir.resolve("a-file"), "not a folder");

        assertThatThrownBy(() -> JsonFiles.write(JsonFiles.newObject(), uri("a-file") + "/summary.json", CONF))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("summary.json");
    }
}
