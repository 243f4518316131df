package io.greentrain.preprocessing.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.testsupport.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularCleanerTest {

    private static SparkSession spark;

    @TempDir
    Path dir;

    private static final CleaningSpec SPEC = new CleaningSpec(List.of(
            new ColumnSpec("area", ColumnType.DOUBLE, true, 0.0, 10_000.0, List.of()),
            new ColumnSpec("rooms", ColumnType.LONG, true, 1.0, null, List.of()),
            new ColumnSpec("zone", ColumnType.STRING, true, null, null, List.of("A", "B ")),
            new ColumnSpec("note", ColumnType.STRING, false, null, null, List.of()),
            new ColumnSpec("price", ColumnType.DOUBLE, true, 1.0, null, List.of())),
            ',', '"', List.of("", "NA"), List.of(), true);

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("greentrain-preprocessing-tests");
    }

    private String csv(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file.toString();
    }

    private static Map<String, String> reasonsByLine(CleaningResult result) {
        return result.quarantine().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("raw_line")), r -> r.getString(r.fieldIndex("reason"))));
    }

    @Test
    void quarantinesEachKindOfBadRowWithItsReasonAndRawLine() throws IOException {
        String input = csv("houses.csv",
                "area,rooms,zone,note,price",
                "100.5,3,A,,200000",
                "abc,3,A,,1",
                "100,2.5,A,,1",
                "100,NA,A,,1",
                "-5,3,A,,1",
                "100,3,C,,1",
                "100,3,A,,1,extra",
                "100,3,\"B \",quoted,5");

        CleaningResult result = TabularCleaner.clean(spark, List.of(input), SPEC);

        assertThat(reasonsByLine(result)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "abc,3,A,,1", "invalid_type",
                "100,2.5,A,,1", "invalid_type",
                "100,NA,A,,1", "missing_required",
                "-5,3,A,,1", "out_of_range",
                "100,3,C,,1", "unknown_category",
                "100,3,A,,1,extra", "malformed_row"));
        CleaningReport report = result.report();
        assertThat(report.rowsIn()).isEqualTo(8);
        assertThat(report.rowsKept()).isEqualTo(2);
        assertThat(report.rowsQuarantined()).isEqualTo(6);
        assertThat(report.quarantinedByReason()).containsEntry("invalid_type", 2L).containsEntry("outlier", 0L);
        List<Row> kept = result.kept().orderBy("_source_offset").collectAsList();
        assertThat(kept.get(0).<Object>getAs("note")).isNull();
        assertThat(kept.get(1).<String>getAs("zone")).isEqualTo("B ");
        assertThat(kept.get(1).<Long>getAs("rooms")).isEqualTo(3L);
    }

    @Test
    void theSmallerOutputsReadACheckpointOfTheRowsNotKeptAndTheCountsStillAddUp() throws IOException {
        String input = csv("mixed.csv",
                "area,rooms,zone,note,price",
                "100,3,A,,10",
                "101,3,A,,10",
                "100,3,A,,10",
                "abc,3,A,,1",
                "",
                "102,3,A,,10");

        CleaningResult result = TabularCleaner.clean(spark, List.of(input), SPEC);

        // All six lines are classified; the quarantine and duplicates read only the three that are not kept.
        assertThat(checkpointedRows(result.kept())).isEqualTo(6);
        assertThat(checkpointedRows(result.quarantine())).isEqualTo(3);
        assertThat(checkpointedRows(result.duplicates())).isEqualTo(3);
        CleaningReport report = result.report();
        assertThat(List.of(report.rowsIn(), report.rowsKept(), report.rowsQuarantined(), report.rowsDuplicate(),
                report.blankLines())).containsExactly(5L, 3L, 1L, 1L, 1L);
        assertThat(result.kept().count()).isEqualTo(3);
        assertThat(result.quarantine().count()).isEqualTo(1);
        assertThat(result.duplicates().count()).isEqualTo(1);
    }

    /** The rows of the one checkpoint that {@code output} reads. */
    private static long checkpointedRows(Dataset<Row> output) {
        List<Long> rows = new java.util.ArrayList<>();
        output.queryExecution().analyzed().collectLeaves().foreach(leaf -> {
            if (leaf instanceof LogicalRDD checkpoint) {
                rows.add(checkpoint.rdd().count());
            }
            return null;
        });
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void detailNamesTheColumnAndValue() throws IOException {
        String input = csv("d.csv", "area,rooms,zone,note,price", "100,3,A,,oops");

        Row row = TabularCleaner.clean(spark, List.of(input), SPEC).quarantine().first();

        assertThat(row.<String>getAs("detail")).isEqualTo("price = 'oops' is not a double");
        assertThat(row.<Long>getAs("_source_offset")).isEqualTo(27L);
    }

    @Test
    void removesExactDuplicatesKeepingTheFirstAndRecordingWhichItCopies() throws IOException {
        String input = csv("dups.csv",
                "area,rooms,zone,note,price",
                "100,3,A,,10",
                "100,3,A,,10",
                "100.0,3,A,NA,10",
                "100,3,A,x,10");

        CleaningResult result = TabularCleaner.clean(spark, List.of(input), SPEC);

        assertThat(result.report().rowsDuplicate()).isEqualTo(2);
        assertThat(result.report().rowsKept()).isEqualTo(2);
        List<Row> duplicates = result.duplicates().collectAsList();
        assertThat(duplicates).allSatisfy(d -> assertThat(d.<Long>getAs("duplicate_of_offset")).isEqualTo(27L));
    }

    @Test
    void rowsThatShareTheRowHashButDifferInAValueAreNeverDuplicates() throws IOException {
        String input = csv("collisions.csv",
                "area,rooms,zone,note,price",
                "100,3,A,,10",
                "100,3,A,,11",
                "100,3,\"B \",,10",
                "100,3,A,,10",
                "100,3,A,x,10",
                "100,3,A,,11",
                "100,4,A,,10");
        // Every kept row gets the same hash: only the exact comparison of the values can tell them apart.
        Function<Column[], Column> collidingHash = values -> functions.lit(7L);

        CleaningResult result = TabularCleaner.clean(spark, List.of(input), SPEC, collidingHash);

        assertThat(result.report().rowsKept()).isEqualTo(5);
        assertThat(result.report().rowsDuplicate()).isEqualTo(2);
        assertThat(result.kept().collectAsList()).extracting(r -> r.<Long>getAs("_source_offset"))
                .containsExactlyInAnyOrder(27L, 39L, 51L, 78L, 103L);
        assertThat(result.duplicates().collectAsList())
                .extracting(d -> d.<Long>getAs("_source_offset") + " of " + d.<Long>getAs("duplicate_of_offset"))
                .containsExactlyInAnyOrder("66 of 27", "91 of 39");
    }

    @Test
    void theDuplicatesFoundDoNotDependOnTheRowHash() throws IOException {
        String input = csv("hash.csv",
                "area,rooms,zone,note,price",
                "0,3,A,,10",
                "-0,3,A,,10",
                "0.0,3,A,NA,10",
                "100,3,A,,10",
                "100,3,A,,10.0",
                "100,3,A,,10.5",
                "1e2,3,A,,10");
        Function<Column[], Column> collidingHash = values -> functions.lit(7L);

        List<String> byDefault = duplicatePairs(TabularCleaner.clean(spark, List.of(input), SPEC));
        List<String> colliding = duplicatePairs(TabularCleaner.clean(spark, List.of(input), SPEC, collidingHash));

        assertThat(byDefault).isEqualTo(colliding).hasSize(4);
    }

    private static List<String> duplicatePairs(CleaningResult result) {
        return result.duplicates().collectAsList().stream()
                .map(d -> d.<Long>getAs("_source_offset") + " of " + d.<Long>getAs("duplicate_of_offset"))
                .sorted().toList();
    }

    @Test
    void aSmallTableIsGroupedInOnePartitionWhateverTheShufflePartitionsSay() throws IOException {
        String input = csv("small.csv", "area,rooms,zone,note,price", "100,3,A,,10", "100,3,A,,10", "101,3,A,,10");
        String configured = spark.conf().get("spark.sql.shuffle.partitions");
        spark.conf().set("spark.sql.shuffle.partitions", "200");
        try {
            CleaningResult result = TabularCleaner.clean(spark, List.of(input), SPEC);

            assertThat(result.kept().rdd().getNumPartitions()).isLessThanOrEqualTo(2);
            assertThat(result.report().rowsKept()).isEqualTo(2);
            assertThat(result.report().rowsDuplicate()).isEqualTo(1);
        } finally {
            spark.conf().set("spark.sql.shuffle.partitions", configured);
        }
    }

    @Test
    void theDuplicateSearchTakesOnePartitionPer64MegabytesUpToTheShufflePartitions() {
        assertThat(TabularCleaner.duplicateSearchPartitions(0, 200)).isEqualTo(1);
        assertThat(TabularCleaner.duplicateSearchPartitions(3_000_000, 200)).isEqualTo(1);
        assertThat(TabularCleaner.duplicateSearchPartitions(500L << 20, 200)).isEqualTo(8);
        assertThat(TabularCleaner.duplicateSearchPartitions(1L << 40, 200)).isEqualTo(200);
        assertThat(TabularCleaner.duplicateSearchPartitions(1L << 40, 0)).isEqualTo(1);
    }

    @Test
    void readsFilesWhoseColumnsAreOrderedDifferentlyAndReportsUndeclaredColumns() throws IOException {
        String first = csv("a.csv", "area,rooms,zone,note,price", "100,3,A,,10");
        String second = csv("b.csv", "price,extra,zone,rooms,area,note", "20,zzz,A,4,150,", "", "21,zzz,A,4,160,");

        CleaningResult result = TabularCleaner.clean(spark, List.of(first, second), SPEC);

        assertThat(result.report().rowsKept()).isEqualTo(3);
        assertThat(result.report().blankLines()).isEqualTo(1);
        assertThat(result.report().rowsIn()).isEqualTo(3);
        assertThat(result.report().undeclaredColumns()).containsExactly("extra");
        assertThat(result.kept().filter("price = 20").first().<Double>getAs("area")).isEqualTo(150.0);
    }

    @Test
    void readsEveryFileOfADirectory() throws IOException {
        csv("part-1.csv", "area,rooms,zone,note,price", "100,3,A,,10");
        csv("part-2.csv", "area,rooms,zone,note,price", "101,3,A,,10");
        csv("_SUCCESS");

        CleaningResult result = TabularCleaner.clean(spark, List.of(dir.toString()), SPEC);

        assertThat(result.report().inputFiles()).hasSize(2);
        assertThat(result.report().rowsKept()).isEqualTo(2);
    }

    @Test
    void rejectsAHeaderThatLacksADeclaredColumn() throws IOException {
        String input = csv("short.csv", "area,rooms,zone,price", "1,1,A,1");

        assertThatThrownBy(() -> TabularCleaner.clean(spark, List.of(input), SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks declared column 'note'");
    }

    @Test
    void rejectsAnInputPathThatDoesNotExist() {
        assertThatThrownBy(() -> TabularCleaner.clean(spark, List.of(dir.resolve("nope.csv").toString()), SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void quarantinesRowsOutsideARangeOutlierRule() throws IOException {
        CleaningSpec spec = withOutliers(new OutlierRule("area", OutlierRule.Method.RANGE, null, 4000.0, 1.5,
                OutlierRule.Action.QUARANTINE));
        String input = csv("o.csv", "area,rooms,zone,note,price", "100,3,A,,10", "4500,3,A,,10");

        CleaningResult result = TabularCleaner.clean(spark, List.of(input), spec);

        assertThat(result.report().quarantinedByReason()).containsEntry("outlier", 1L);
        assertThat(result.quarantine().first().<String>getAs("detail"))
                .isEqualTo("area = 4500.0 is outside [-inf, 4000] (range rule)");
    }

    @Test
    void clipsValuesBeyondTukeyFencesAndCountsClippedRows() throws IOException {
        CleaningSpec spec = withOutliers(new OutlierRule("rooms", OutlierRule.Method.IQR, null, null, 1.5,
                OutlierRule.Action.CLIP));
        String input = csv("iqr.csv", "area,rooms,zone,note,price",
                "1,2,A,,1", "2,3,A,,1", "3,3,A,,1", "4,4,A,,1", "5,4,A,,1", "6,5,A,,1", "7,3,A,,1", "8,60,A,,1");

        CleaningResult result = TabularCleaner.clean(spark, List.of(input), spec);

        // Q1 = 3, Q3 = 4, IQR = 1: fences [1.5, 5.5] become [2, 5] for a whole-number column.
        assertThat(result.report().rowsClipped()).isEqualTo(1);
        assertThat(result.report().rowsKept()).isEqualTo(8);
        assertThat(result.kept().filter("area = 8").first().<Long>getAs("rooms")).isEqualTo(5L);
    }

    private static CleaningSpec withOutliers(OutlierRule rule) {
        return new CleaningSpec(SPEC.columns(), ',', '"', SPEC.nullTokens(), List.of(rule), true);
    }
}
