package io.greentrain.preprocessing.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.preprocessing.text.read.ReaderSpec;
import io.greentrain.preprocessing.text.read.TextFormat;
import io.greentrain.testsupport.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import io.greentrain.preprocessing.text.read.TextCorpusReader;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusCleanerTest {

    private static final Path SAMPLES = Paths.get("..", "data", "text").toAbsolutePath().normalize();

    private final SparkSession spark = LocalSpark.session("greentrain-preprocessing-tests");

    @TempDir
    Path out;

    @Test
    void spamSampleReconcilesWithSeveralRemovalReasons() {
        TextCleaningReport report = TextCorpusCleaner.clean(spark, TextCleaningSpec.defaults(TextFormat.EMAIL),
                List.of(SAMPLES.resolve("spam-assassin-sample/*/*.eml").toString()), out.toString());
        System.out.println(report.toMap());

        assertThat(report.inputFiles()).isEqualTo(report.docsIn()).isGreaterThan(100);
        assertThat(report.docsIn()).isEqualTo(report.docsKept() + report.docsRemoved());
        assertThat(report.docsKept()).isGreaterThan(report.docsIn() / 4);
        assertThat(report.removedByReason().get("exact_duplicate")).isPositive();
        assertThat(nonZeroReasons(report)).hasSizeGreaterThanOrEqualTo(4);
        assertThat(report.attachmentsDropped()).isPositive();
        assertRemovedLayout(report);
    }

    @Test
    void poetrySampleReconcilesAndKeepsShortPoems() {
        ReaderSpec reader = ReaderSpec.json("paragraphs");
        TextCleaningReport report = TextCorpusCleaner.clean(spark, TextCleaningSpec.defaults(reader),
                List.of(SAMPLES.resolve("chinese-poetry-sample").resolve("*.json").toString()), out.toString());
        System.out.println(report.toMap());

        assertThat(report.docsIn()).isEqualTo(report.docsKept() + report.docsRemoved());
        assertThat(report.keptByScript().get("unspaced")).isEqualTo(report.docsKept());
        assertThat(report.docsKept()).isGreaterThan(report.docsIn() * 3 / 4);
        assertThat(report.removedByReason().get("exact_duplicate")).isPositive();
        assertThat(report.removedByReason().get("near_duplicate")).isPositive();
        assertThat(report.clusters()).isPositive();
        assertThat(report.verifiedPairs()).isPositive().isLessThanOrEqualTo(report.candidatePairs());
        assertRemovedLayout(report);
    }

    private static Set<String> nonZeroReasons(TextCleaningReport report) {
        return report.removedByReason().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private void assertRemovedLayout(TextCleaningReport report) {
        assertThat(spark.read().parquet(out.resolve("kept").toString()).count()).isEqualTo(report.docsKept());
        for (String reason : nonZeroReasons(report)) {
            Dataset<Row> removed = spark.read().parquet(out.resolve("removed").resolve(reason).toString());
            assertThat(removed.count()).isEqualTo(report.removedByReason().get(reason));
            assertThat(removed.filter(removed.col("reason").notEqual(reason)).count()).isZero();
            assertThat(removed.filter(removed.col("detail").isNull()).count()).isZero();
        }
        try (var folders = Files.list(out.resolve("removed"))) {
            assertThat(folders.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                    .isEqualTo(nonZeroReasons(report));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void exactDuplicatesAfterNormalisationKeepTheSmallestIdAndPointToIt() {
        String text = "The committee met on Tuesday to discuss the budget for the coming year, and the members agreed "
                + "that the library needs new computers and that the park should have better lighting at night. After a "
                + "long debate the chair proposed a compromise with a smaller increase, to be reviewed in the spring by "
                + "the whole council. Several residents spoke about traffic on the main road and asked for a lower limit.";
        List<Row> raw = List.of(rawRow("d3", text), rawRow("d1", "  " + text.replace(" ", "  ") + "\n"),
                rawRow("d2", text), rawRow("d4", "{\"broken"), rawRow("d5", "Too short to keep."));
        Dataset<Row> input = spark.createDataFrame(raw, TextCorpusReader.SCHEMA)
                .withColumn("read_error", functions.when(functions.col("doc_id").equalTo("d4"),
                        functions.lit("invalid JSON line")));

        TextCorpusCleaner.Annotated annotated = TextCorpusCleaner.annotate(spark,
                TextCleaningSpec.defaults(TextFormat.JSON), input);
        Map<String, Row> byId = annotated.documents().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs("doc_id"), r -> r));

        assertThat(byId).hasSize(5);
        assertThat(byId.get("d1").<String>getAs("reason")).isNull();
        assertThat(byId.get("d2").<String>getAs("reason")).isEqualTo("exact_duplicate");
        assertThat(byId.get("d2").<String>getAs("duplicate_of")).isEqualTo("d1");
        assertThat(byId.get("d3").<String>getAs("duplicate_of")).isEqualTo("d1");
        assertThat(byId.get("d3").<String>getAs("detail")).startsWith("same sha256 ");
        assertThat(byId.get("d4").<String>getAs("reason")).isEqualTo("unreadable");
        assertThat(byId.get("d4").<String>getAs("text")).isEqualTo("{\"broken");
        assertThat(byId.get("d5").<String>getAs("reason")).isEqualTo("too_few_words");
        assertThat(byId.get("d5").<String>getAs("detail")).isEqualTo("words 4 < 50");
    }

    private static Row rawRow(String id, String text) {
        return RowFactory.create(id, "mem:" + id, 0L, null, text, 0, 0, null);
    }

    @Test
    void refusesAnOutputThatAlreadyHoldsResults() throws Exception {
        Files.createDirectories(out.resolve("kept"));
        assertThatThrownBy(() -> TextCorpusCleaner.clean(spark, TextCleaningSpec.defaults(TextFormat.EMAIL),
                List.of(SAMPLES.resolve("spam-assassin-sample/*/*.eml").toString()), out.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
    }
}
