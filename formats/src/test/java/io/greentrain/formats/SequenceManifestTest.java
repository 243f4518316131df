package io.greentrain.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceManifestTest {

    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    /** Two files of 4-token sequences, 3 and 2 of them, over a stream of 2 documents and 23 tokens. */
    private SequenceManifest writeSplit() throws Exception {
        String folder = dir.toUri().toString();
        List<String> paths = List.of(MinibatchFolder.filePath(folder, 0), MinibatchFolder.filePath(folder, 1));
        for (int i = 0; i < paths.size(); i++) {
            Files.writeString(dir.resolve(MinibatchFolder.fileName(i)), "batch " + i);
        }
        SequenceManifest manifest = new SequenceManifest(folder, paths, 4, 3, 10, 2, 23, 1, 5,
                new long[] {0, 1, 2, 7, 10});
        manifest.write(CONF);
        return manifest;
    }

    @Test
    void reconcilesTheStreamsTokensWithThoseTheSequencesCover() {
        SequenceManifest manifest = new SequenceManifest("out", List.of(), 4, 3, 10, 2, 23, 1, 5, new long[] {20});

        assertThat(manifest.predictedTokens()).isEqualTo(20);
        // 5 sequences of 4 predicted tokens read 21 tokens of the stream; 2 are left over.
        assertThat(manifest.droppedTokens()).isEqualTo(2);
        assertThat(manifest.unknownShare()).isEqualTo(1.0 / 23);
        assertThat(new SequenceManifest("out", List.of(), 4, 3, 10, 1, 3, 0, 0, new long[0]).droppedTokens()).isEqualTo(3);
    }

    @Test
    void readsBackWithItsMinibatchFilesListedInBatchOrder() throws Exception {
        SequenceManifest written = writeSplit();

        SequenceManifest read = SequenceManifest.read(dir.toUri().toString(), CONF);

        assertThat(read.paths()).hasSize(2).allSatisfy(path -> assertThat(path).contains("batch-00000"));
        assertThat(read.paths().get(0)).endsWith(MinibatchFolder.fileName(0));
        assertThat(read.toJson()).isEqualTo(written.toJson());
        assertThat(read.labelTokenCounts()).containsExactly(0, 1, 2, 7, 10);
        assertThat(Files.readString(dir.resolve(SequenceManifest.MANIFEST))).contains("\"format\"").endsWith("}\n");
    }

    @Test
    void readingAFolderWithoutManifestFailsClearly() {
        assertThatThrownBy(() -> SequenceManifest.read(dir.resolve("nothing-here").toUri().toString(), CONF))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SequenceManifest.MANIFEST);
    }

    @Test
    void readingAFolderThatLostAMinibatchFileFailsNamingBothCounts() throws Exception {
        writeSplit();
        Files.delete(dir.resolve(MinibatchFolder.fileName(1)));

        assertThatThrownBy(() -> SequenceManifest.read(dir.toUri().toString(), CONF))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 1 minibatch files")
                .hasMessageContaining("lists 2");
    }

    @Test
    void readingAnotherKindOfJsonFailsNamingTheFormat() throws Exception {
        Files.writeString(dir.resolve(SequenceManifest.MANIFEST), "{\"format\": \"greentrain-char-vocabulary/1\"}");

        assertThatThrownBy(() -> SequenceManifest.read(dir.toUri().toString(), CONF))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("greentrain-char-sequences/1");
    }
}
