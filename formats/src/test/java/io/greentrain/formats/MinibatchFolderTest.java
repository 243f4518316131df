package io.greentrain.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinibatchFolderTest {

    @TempDir
    Path dir;

    @Test
    void namesFilesByTheirZeroPaddedIndexSoThatNameOrderIsBatchOrder() {
        assertThat(MinibatchFolder.fileName(0)).isEqualTo("batch-000000.bin");
        assertThat(MinibatchFolder.fileName(42)).isEqualTo("batch-000042.bin");
        assertThat(MinibatchFolder.filePath("hdfs://nn:8020/out/train", 7)).isEqualTo("hdfs://nn:8020/out/train/batch-000007.bin");
        assertThatThrownBy(() -> MinibatchFolder.fileName(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsOnlyTheMinibatchFilesInBatchOrder() throws Exception {
        for (int index : new int[] {2, 0, 10, 1}) {
            Files.writeString(dir.resolve(MinibatchFolder.fileName(index)), "batch " + index);
        }
        Files.writeString(dir.resolve(SequenceManifest.MANIFEST), "{}");
        Files.writeString(dir.resolve("notes.bin"), "not a minibatch");
        Files.createDirectory(dir.resolve("batch-999999.bin"));

        List<String> listed = MinibatchFolder.list(dir.toUri().toString(), new Configuration());

        assertThat(listed).extracting(path -> path.substring(path.lastIndexOf('/') + 1))
                .containsExactly("batch-000000.bin", "batch-000001.bin", "batch-000002.bin", "batch-000010.bin");
        assertThat(listed).allSatisfy(path -> assertThat(path).startsWith("file:"));
    }

    @Test
    void listsNothingForAMissingOrEmptyFolder() {
        Configuration conf = new Configuration();

        assertThat(MinibatchFolder.list(dir.toUri().toString(), conf)).isEmpty();
        assertThat(MinibatchFolder.list(dir.resolve("absent").toUri().toString(), conf)).isEmpty();
    }
}
