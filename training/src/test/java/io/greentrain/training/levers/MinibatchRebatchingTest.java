package io.greentrain.training.levers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.formats.MinibatchFolder;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class MinibatchRebatchingTest {

    @TempDir
    Path work;

    /** Examples numbered from {@code first}: features (n, n + 0.5), label n. */
    private static DataSet numbered(int first, int count) {
        float[][] features = new float[count][2];
        float[][] labels = new float[count][1];
        for (int i = 0; i < count; i++) {
            features[i][0] = first + i;
            features[i][1] = first + i + 0.5f;
            labels[i][0] = first + i;
        }
        return new DataSet(Nd4j.create(features).castTo(DataType.FLOAT), Nd4j.create(labels).castTo(DataType.FLOAT));
    }

    private static List<Float> labels(List<DataSet> batches) {
        return batches.stream().flatMap(b -> {
            float[] values = b.getLabels().dup().data().asFloat();
            List<Float> list = new java.util.ArrayList<>();
            for (float v : values) {
                list.add(v);
            }
            return list.stream();
        }).toList();
    }

    @Test
    void cutsTheExamplesInOrderIntoTheAskedSizeWithOnlyTheLastBatchSmaller() {
        List<DataSet> convert = List.of(numbered(0, 4), numbered(4, 4), numbered(8, 2));

        List<DataSet> cut = MinibatchRebatching.cut(convert, 3);

        assertThat(cut).extracting(DataSet::numExamples).containsExactly(3, 3, 3, 1);
        assertThat(labels(cut)).containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
        assertThat(cut.get(1).getFeatures().getFloat(0, 1)).isEqualTo(3.5f);
    }

    @Test
    void writesTheNewFilesUnderTheConvertNamesAndReadsThemBackAsWritten() throws Exception {
        Configuration conf = new Configuration();
        String from = work.resolve("train").toString();
        java.nio.file.Files.createDirectories(work.resolve("train"));
        List<DataSet> convert = List.of(numbered(0, 4), numbered(4, 4), numbered(8, 2));
        for (int i = 0; i < convert.size(); i++) {
            try (var out = java.nio.file.Files.newOutputStream(Path.of(MinibatchFolder.filePath(from, i)))) {
                convert.get(i).save(out);
            }
        }
        String to = work.resolve("rebatched").toString();

        MinibatchRebatching.Result result = MinibatchRebatching.rebatch(from, to, 6, conf);

        assertThat(result.examples()).isEqualTo(10);
        assertThat(result.files()).hasSize(2);
        assertThat(MinibatchFolder.list(to, conf)).hasSize(2);
        List<DataSet> read = MinibatchRebatching.read(to, conf);
        assertThat(read).extracting(DataSet::numExamples).containsExactly(6, 4);
        assertThat(labels(read)).containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
    }

    @Test
    void anEmptyFolderOrABatchSizeBelowOneIsOneClearError() {
        Configuration conf = new Configuration();
        String empty = work.resolve("none").toString();
        assertThatThrownBy(() -> MinibatchRebatching.rebatch(empty, work.resolve("x").toString(), 8, conf))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no minibatch files at " + empty);
        assertThatThrownBy(() -> MinibatchRebatching.cut(List.of(numbered(0, 2)), 0))
                .hasMessageContaining("batch size must be at least 1");
    }
}
