package io.greentrain.training.levers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.formats.MinibatchFolder;
import io.greentrain.testsupport.LocalSpark;
import io.greentrain.training.NetworkFiles;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class CompressionTaskTest {

    private static JavaSparkContext jsc;

    @TempDir
    Path work;

    @BeforeAll
    static void startSpark() {
        jsc = LocalSpark.context("greentrain-compression-tests");
    }

    @AfterAll
    static void stopSpark() {
        jsc.stop();
    }

    @Test
    void prunesFineTunesAndQuantisesTheSavedNetworkIntoANewFileLeavingTheOriginalAsItWas() throws Exception {
        Configuration conf = new Configuration();
        MultiLayerNetwork trained = RegressionNetworks.build(new NetworkSpec(List.of(16, 8), "relu", 0.01, 0, 3), 5);
        String original = work.resolve("network.zip").toString();
        NetworkFiles.save(trained, original, true, conf);
        Path minibatches = Files.createDirectories(work.resolve("train"));
        for (int i = 0; i < 2; i++) {
            try (var out = Files.newOutputStream(Path.of(MinibatchFolder.filePath(minibatches.toString(), i)))) {
                new DataSet(Nd4j.rand(16, 5), Nd4j.rand(16, 1)).save(out);
            }
        }
        String compressed = work.resolve("compressed/network.zip").toString();

        CompressionTask.Outcome outcome = CompressionTask.run(jsc, original, compressed, minibatches.toString(),
                new CompressionTask.Request(0.5, 2, true));

        assertThat(outcome.pruning().examplesFitted()).isEqualTo(2 * 32);
        assertThat(outcome.pruning().pruned().sparsity()).isCloseTo(0.5, within(0.01));
        assertThat(outcome.quantization().maxErrorInSteps()).isLessThanOrEqualTo(0.5 + 1e-6);
        MultiLayerNetwork result = NetworkFiles.load(compressed, conf);
        assertThat(MagnitudePruning.countZeros(result)).isEqualTo(outcome.zeros());
        assertThat(outcome.sparsity()).isGreaterThanOrEqualTo(0.5 - 0.01);
        assertThat(NetworkFiles.load(original, conf).params()).isEqualTo(trained.params());
        // int8: every weight matrix holds at most 255 distinct values (levels -127..127 times its scale).
        for (var weight : WeightTensors.of(result)) {
            java.util.Set<Float> distinct = new java.util.HashSet<>();
            for (float value : weight.dup().data().asFloat()) {
                distinct.add(value);
            }
            assertThat(distinct).hasSizeLessThanOrEqualTo(255);
        }
    }

    @Test
    void aSparsityOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new CompressionTask.Request(1.0, 2, false)).hasMessageContaining("[0, 1)");
        assertThat(new CompressionTask.Request(0, 2, false).compresses()).isFalse();
    }
}
