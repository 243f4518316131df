package io.greentrain.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.testsupport.LocalSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins that parameter-averaging training fits every example of the minibatch files exactly once
 * per epoch, as counted on the workers, whatever the file count is relative to
 * {@code workers x averagingFrequency} and with a short last file.
 */
class EveryExampleOncePerEpochTest {

    private static final int BATCH = 4;
    private static final int EPOCHS = 2;
    private static final long SEED = 11;

    private static JavaSparkContext sc;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.context("greentrain-training-tests");
    }

    /**
     * Writes {@code fullFiles} files of {@link #BATCH} examples of {@code y = x1 - x2}, plus one
     * file of {@code lastFileExamples} when that is positive, and returns their URIs.
     */
    private static List<String> writeFiles(String name, int fullFiles, int lastFileExamples) throws IOException {
        return LinearMinibatchFiles.write(dir.resolve(name), SEED, 1f, -1f,
                LinearMinibatchFiles.sizes(fullFiles, BATCH, lastFileExamples));
    }

    @ParameterizedTest(name = "{0} workers, averaging every {1}, {2} full files + one of {3}")
    @CsvSource({
        "2, 4, 32, 0",  // a multiple of workers x averagingFrequency
        "2, 5, 62, 1",  // the Ames shape: 63 files, the last one short
        "2, 4, 22, 3",  // 23 files
        "3, 2, 13, 0",  // 13 files, fewer in the last round than workers x averagingFrequency
        "2, 3, 1, 2",   // fewer files than one round holds
        "1, 3, 7, 0",
    })
    void fitsEveryExampleExactlyOncePerEpoch(int workers, int averagingFrequency, int fullFiles, int lastFileExamples)
            throws IOException {
        List<String> files = writeFiles(workers + "x" + averagingFrequency + "-" + fullFiles + "-" + lastFileExamples,
                fullFiles, lastFileExamples);
        long examples = (long) fullFiles * BATCH + lastFileExamples;
        MultiLayerNetwork network = RegressionNetworks.build(new NetworkSpec(List.of(4), "relu", 0.01, 0, 3), 2);
        TrainerSettings settings = new TrainerSettings(EPOCHS, workers, BATCH, averagingFrequency, 0, true);

        List<EpochStats> epochs = new ParameterAveragingTrainer(sc, settings, SEED)
                .fit(network, sc.parallelize(files, Math.min(workers, files.size())), examples, (stats, net) -> { })
                .epochs();

        assertThat(epochs).hasSize(EPOCHS).allSatisfy(epoch -> {
            assertThat(epoch.examples()).as("examples fitted in %s", epoch).isEqualTo(examples);
            assertThat(epoch.iterations()).as("minibatches fitted in %s", epoch).isEqualTo(files.size());
            assertThat(epoch.trainLoss()).as("loss of %s", epoch).isFinite().isNotNegative();
        });
    }
}
