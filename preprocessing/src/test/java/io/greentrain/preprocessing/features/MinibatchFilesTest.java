package io.greentrain.preprocessing.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.testsupport.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class MinibatchFilesTest {

    private static final int EXAMPLES = 100;
    private static final int WIDTH = 3;
    private static final int BATCH = 32;

    private static SparkSession spark;
    private static Dataset<Row> examples;

    @TempDir
    Path dir;

    /** Example {@code i} has target {@code i} and features {@code [i, 2i, -i]}, so every example is recognisable. */
    @BeforeAll
    static void createExamples() {
        spark = LocalSpark.session("greentrain-preprocessing-tests");
        StructType schema = new StructType()
                .add("_source_file", DataTypes.StringType)
                .add("_source_offset", DataTypes.LongType)
                .add("features", SQLDataTypes.VectorType())
                .add("target", DataTypes.DoubleType);
        List<Row> rows = IntStream.range(0, EXAMPLES).mapToObj(i -> RowFactory.create(
                "part-" + (i % 2) + ".csv", (long) i * 17, Vectors.dense(i, 2.0 * i, -i), (double) i)).toList();
        examples = spark.createDataFrame(rows, schema).repartition(3);
    }

    private MinibatchFiles.Written write(Dataset<Row> input, long seed, Path folder) {
        return MinibatchFiles.write(spark, input, "features", "target", FeatureConverter.shuffleKey(seed),
                folder.toUri().toString(), BATCH);
    }

    private static DataSet load(Path file) {
        DataSet batch = new DataSet();
        batch.load(file.toFile());
        return batch;
    }

    private static List<String> fileNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static List<Integer> targetsOf(Path file) {
        INDArray labels = load(file).getLabels();
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < labels.rows(); i++) {
            targets.add((int) labels.getDouble(i, 0));
        }
        return targets;
    }

    @Test
    void cutsExamplesIntoFullBatchesAndOneSmallerLastBatch() throws IOException {
        Path out = dir.resolve("batches");

        MinibatchFiles.Written written = write(examples, 7, out);

        assertThat(written.examples()).isEqualTo(EXAMPLES);
        assertThat(written.paths()).map(p -> new org.apache.hadoop.fs.Path(p).getName())
                .containsExactly("batch-000000.bin", "batch-000001.bin", "batch-000002.bin", "batch-000003.bin");
        assertThat(fileNames(out)).containsExactly("batch-000000.bin", "batch-000001.bin", "batch-000002.bin", "batch-000003.bin");
        List<Integer> sizes = fileNames(out).stream().map(n -> load(out.resolve(n)).numExamples()).toList();
        assertThat(sizes).containsExactly(32, 32, 32, 4);
    }

    @Test
    void writesEveryExampleExactlyOnceWithItsOwnFeatures() throws IOException {
        Path out = dir.resolve("batches");
        write(examples, 7, out);

        List<Integer> targets = new ArrayList<>();
        for (String name : fileNames(out)) {
            DataSet batch = load(out.resolve(name));
            assertThat(batch.getFeatures().columns()).isEqualTo(WIDTH);
            for (int i = 0; i < batch.numExamples(); i++) {
                double id = batch.getLabels().getDouble(i, 0);
                assertThat(batch.getFeatures().getRow(i).toDoubleVector()).containsExactly(new double[] {id, 2 * id, -id}, within(1e-9));
                targets.add((int) id);
            }
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(IntStream.range(0, EXAMPLES).boxed().toList());
    }

    @Test
    void shufflesExamplesByTheSeededKey() {
        Path seven = dir.resolve("seven");
        Path eight = dir.resolve("eight");
        write(examples, 7, seven);
        write(examples, 8, eight);

        List<Integer> first = targetsOf(seven.resolve("batch-000000.bin"));
        assertThat(first).isNotEqualTo(IntStream.range(0, BATCH).boxed().toList());
        assertThat(first).isNotEqualTo(targetsOf(eight.resolve("batch-000000.bin")));
    }

    @Test
    void theSameShuffleKeyWritesByteIdenticalFilesWhateverThePartitioning() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        write(examples, 7, first);
        write(examples.repartition(5), 7, second);

        assertThat(fileNames(second)).isEqualTo(fileNames(first));
        for (String name : fileNames(first)) {
            assertThat(Files.readAllBytes(second.resolve(name))).as(name).isEqualTo(Files.readAllBytes(first.resolve(name)));
        }
    }

    @Test
    void replacesWhateverTheFolderHeldBefore() throws IOException {
        Path out = dir.resolve("batches");
        Files.createDirectories(out);
        Files.writeString(out.resolve("batch-000009.bin"), "stale");

        write(examples, 7, out);

        assertThat(out.resolve("batch-000009.bin")).doesNotExist();
        assertThat(fileNames(out)).hasSize(4);
    }

    /** The examples with a split: targets below 60 train, 60 to 79 validation, 80 and above test. */
    private static Dataset<Row> examplesWithSplits() {
        return examples.withColumn("split", when(col("target").lt(60), lit("train"))
                .when(col("target").lt(80), lit("validation")).otherwise(lit("test")));
    }

    private MinibatchFiles.SplitsWritten writeSplits(Path folder, boolean onDriver) {
        Map<String, String> folders = new LinkedHashMap<>();
        folders.put("train", folder.resolve("train").toUri().toString());
        folders.put("validation", folder.resolve("validation").toUri().toString());
        return MinibatchFiles.writeSplits(spark, examplesWithSplits(), "split", "features", "target",
                FeatureConverter.shuffleKey(7), folders, BATCH, onDriver);
    }

    @Test
    void theDriverWritesEverySplitByteForByteAsTheExecutorsDo() throws IOException {
        Path executors = dir.resolve("executors");
        Path driver = dir.resolve("driver");

        MinibatchFiles.SplitsWritten byExecutors = writeSplits(executors, false);
        MinibatchFiles.SplitsWritten byDriver = writeSplits(driver, true);

        assertThat(byExecutors.writtenByDriver()).isFalse();
        assertThat(byDriver.writtenByDriver()).isTrue();
        assertThat(byDriver.rowsPerSplit()).containsExactlyInAnyOrderEntriesOf(Map.of("train", 60L, "validation", 20L, "test", 20L))
                .isEqualTo(byExecutors.rowsPerSplit());
        assertThat(byDriver.filesPerSplit()).containsOnlyKeys("train", "validation");
        assertThat(byDriver.filesPerSplit().get("train").examples()).isEqualTo(60);
        assertThat(byDriver.filesPerSplit().get("validation").examples()).isEqualTo(20);
        for (String split : List.of("train", "validation")) {
            assertThat(byDriver.filesPerSplit().get(split).paths()).map(p -> new org.apache.hadoop.fs.Path(p).getName())
                    .isEqualTo(fileNames(executors.resolve(split)))
                    .isEqualTo(fileNames(driver.resolve(split)));
            for (String name : fileNames(executors.resolve(split))) {
                assertThat(Files.readAllBytes(driver.resolve(split).resolve(name))).as(split + "/" + name)
                        .isEqualTo(Files.readAllBytes(executors.resolve(split).resolve(name)));
            }
        }
        assertThat(fileNames(driver.resolve("train"))).containsExactly("batch-000000.bin", "batch-000001.bin");
        assertThat(targetsOf(driver.resolve("validation").resolve("batch-000000.bin")))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(60, 80).boxed().toList());
    }

    @Test
    void writesSmallExamplesFromTheDriverAndLargeOnesFromTheExecutors() {
        Map<String, String> folders = Map.of("train", dir.resolve("train").toUri().toString());
        long valuesPerExample = WIDTH + 1;
        long mostExamplesOnTheDriver = MinibatchFiles.DRIVER_WRITE_LIMIT_BYTES / (valuesPerExample * Double.BYTES);

        MinibatchFiles.SplitsWritten small = MinibatchFiles.writeSplits(spark, examplesWithSplits(), "split", "features",
                "target", FeatureConverter.shuffleKey(7), folders, BATCH, mostExamplesOnTheDriver, WIDTH);
        MinibatchFiles.SplitsWritten large = MinibatchFiles.writeSplits(spark, examplesWithSplits(), "split", "features",
                "target", FeatureConverter.shuffleKey(7), folders, BATCH, mostExamplesOnTheDriver + 1, WIDTH);

        assertThat(small.writtenByDriver()).isTrue();
        assertThat(large.writtenByDriver()).isFalse();
        assertThat(large.rowsPerSplit()).isEqualTo(small.rowsPerSplit());
    }
}
