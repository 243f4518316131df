package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.ledger.CorrectionRecord;
import io.greentrain.energy.ledger.LedgerCodec;
import io.greentrain.energy.ledger.LedgerEntry;
import io.greentrain.energy.ledger.LedgerRecord;
import io.greentrain.energy.ledger.LedgerWriter;
import io.greentrain.energy.ledger.SealRecord;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's two engines ({@link ReportEngine}) write the same report: the same numbers in every file, the same
 * Parquet tables as Spark reads them, the same page. The fixture has every kind of line (energy, work, gap,
 * correction, seal), two applications in one run (the second a re-run that did nothing), measured and estimated
 * entries, and three ledgers of four runs, one with its {@code summary.json}.
 *
 * <p>Sums of doubles are added in input order by the local engine and in Spark's hash order by Spark, so exact
 * figures may differ in their last bits: numbers are compared to 1e-12 of their size, everything else exactly.
 */
class ReportEnginesTest {

    private static final double RELATIVE = 1e-12;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A number as written in the CSV, JSON or the page's {@code data-value}. */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    @TempDir
    static Path dir;

    private static List<String> ledgers;
    private static ReportResult local;
    private static ReportResult spark;
    private static SparkSession session;

    @BeforeAll
    static void writeBothReports() throws IOException {
        ledgers = List.of(writeMixedRun(dir.resolve("mixed/ledger")).toString(),
                HandWrittenLedger.writeTwoRuns(dir.resolve("two/ledger")).toString(),
                HandWrittenLedger.writeTrainingRun(dir.resolve("training"), 12, true).toString());
        local = LedgerReport.writeLocal(ledgers, dir.resolve("local").toString(), false, new Configuration(),
                Map.of());
        session = LocalSpark.session("greentrain-report-engines-tests");
        spark = LedgerReport.write(session, ledgers, dir.resolve("spark").toString(), false);
    }

    @AfterAll
    static void stopSpark() {
        session.stop();
    }

    /**
     * Run {@code run-m}: application {@code app-1} with a measured and an estimated executor over two windows, a gap
     * line, a correction of the first window, work lines and two event lines (target reached, stopped early), sealed; then, ten minutes later, {@code app-2}, a re-run
     * whose steps were all up to date: a few seconds of idle driver energy, sealed.
     */
    static Path writeMixedRun(Path ledger) throws IOException {
        HandWrittenLedger.Grid grid = HandWrittenLedger.RUN_A_GRID;
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(ledger.toUri());
        try (LedgerWriter writer = LedgerWriter.open(fs, path, "run-m", Duration.ofDays(1))) {
            String t0 = "2024-06-01T09:00:00Z";
            String t1 = "2024-06-01T09:00:10Z";
            String t2 = "2024-06-01T09:00:20Z";
            LedgerEntry late = (LedgerEntry) record(HandWrittenLedger.entry("run-m", "app-1", 0, "1", "host-a",
                    "cpu-package", "train/epoch-1", t0, t1, 90, 10, "counter", grid));
            writer.append(List.of(
                    record(HandWrittenLedger.entry("run-m", "app-1", 0, "driver", "host-a", "cpu-estimated", "clean",
                            t0, t1, 300, 20, "estimated", grid)),
                    record(HandWrittenLedger.entry("run-m", "app-1", 0, "1", "host-a", "cpu-package", "clean",
                            t0, t1, 1000, 50, "counter", grid)),
                    record(HandWrittenLedger.entry("run-m", "app-1", 0, "1", "host-a", "dram", "clean", t0, t1,
                            200, 5, "counter", grid)),
                    record(HandWrittenLedger.work("run-m", "app-1", 0, "clean", "rows", 2930, t1)),
                    record(gap("run-m", "app-1", "1", "host-a", t1, t2)),
                    record(HandWrittenLedger.entry("run-m", "app-1", 0, "1", "host-a", "cpu-package",
                            "train/epoch-1", t1, t2, 2000, 0, "counter", grid)),
                    record(HandWrittenLedger.entry("run-m", "app-1", 0, "2", "host-b", "cpu-estimated",
                            "train/epoch-1", t1, t2, 700, 30, "estimated", grid)),
                    record(HandWrittenLedger.work("run-m", "app-1", 0, "train/epoch-1", "examples", 2344, t2)),
                    record(HandWrittenLedger.work("run-m", "app-1", 0, "train/epoch-1", "target-reached", 1, t2)),
                    record(HandWrittenLedger.work("run-m", "app-1", 0, "train/epoch-1", "early-stop-plateau", 1, t2)),
                    CorrectionRecord.of(late, "1 sample of executor 1 arrived after its window was written")));
            writer.seal("app-1", SealRecord.COMPLETED, Instant.parse(t2), null);
            String r0 = "2024-06-01T09:10:20Z";
            String r1 = "2024-06-01T09:10:23Z";
            writer.append(List.of(
                    record(HandWrittenLedger.entry("run-m", "app-2", 0, "driver", "host-a", "cpu-estimated",
                            "idle", r0, r1, 0, 12, "estimated", grid)),
                    record(HandWrittenLedger.entry("run-m", "app-2", 0, "driver", "host-a", "memory-estimated",
                            "idle", r0, r1, 0, 3, "estimated", grid))));
            writer.seal("app-2", SealRecord.COMPLETED, Instant.parse(r1), null);
        }
        return ledger;
    }

    private static ObjectNode gap(String run, String application, String executor, String host, String start,
                                  String end) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", "gap");
        node.put("applicationId", application);
        node.put("runId", run);
        node.put("sequence", 0);
        node.put("executorId", executor);
        node.put("host", host);
        node.put("firstMissingSample", 4);
        node.put("lastMissingSample", 5);
        node.put("windowStart", start);
        node.put("windowEnd", end);
        node.put("handling", "not counted: the samples never arrived");
        return node;
    }

    /** {@code node} as the codec reads it: the line's record, which the writer chains again. */
    private static LedgerRecord record(ObjectNode node) {
        try {
            return LedgerCodec.decode(HandWrittenLedger.line(node, LedgerEntry.GENESIS_HASH));
        } catch (io.greentrain.energy.ledger.LedgerFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bothEnginesCountTheSameRunsEntriesAndRows() {
        assertThat(local.runs()).isEqualTo(spark.runs()).isEqualTo(4);
        assertThat(local.segments()).isEqualTo(spark.segments());
        // run-m: 7 energy lines and 1 correction; run-a 11, run-b 2, run-t 13 (12 epochs and clean).
        assertThat(local.entryRows()).isEqualTo(spark.entryRows()).isEqualTo(8 + 11 + 2 + 13);
        assertThat(local.byPhaseRows()).isEqualTo(spark.byPhaseRows());
        assertThat(local.byExecutorRows()).isEqualTo(spark.byExecutorRows());
        assertThat(local.verifications()).isEqualTo(spark.verifications());
        assertThat(local.verificationLine()).isEqualTo(spark.verificationLine());
        assertNumbersEqual(String.valueOf(local.totals()), String.valueOf(spark.totals()));
        assertNumbersEqual(String.valueOf(local.perUnitRows()), String.valueOf(spark.perUnitRows()));
        assertNumbersEqual(String.valueOf(local.sci()), String.valueOf(spark.sci()));
    }

    @Test
    void theCorrectionLinesEnergyIsCountedByBoth() {
        // run-m's IT energy: 320 + 1050 + 205 + 2000 + 730 (app-1) + 100 (correction) + 15 (app-2) J.
        double kwh = (320 + 1050 + 205 + 2000 + 730 + 100 + 15) / 3.6e6;
        assertThat(local.totals().itKwh()).isCloseTo(spark.totals().itKwh(),
                org.assertj.core.api.Assertions.withinPercentage(1e-9));
        assertThat(csvCell(local.emissionsCsv(), "run-m", "energy_consumed"))
                .isCloseTo(kwh * HandWrittenLedger.RUN_A_GRID.pue(), org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void emissionsCsvSciAndPerUnitJsonHoldTheSameFigures() throws IOException {
        assertNumbersEqual(read(local.emissionsCsv()), read(spark.emissionsCsv()));
        assertNumbersEqual(read(local.perUnitJson()), read(spark.perUnitJson()));
        assertNumbersEqual(read(dir.resolve("local/sci.json").toString()), read(dir.resolve("spark/sci.json").toString()));
    }

    @Test
    void eventLinesAreNeitherUnitsOfWorkNorFunctionalUnitsInEitherEngine() throws IOException {
        for (ReportResult result : List.of(local, spark)) {
            assertThat(result.perUnitRows()).extracting(WorkIntensity::unit)
                    .contains("examples", "rows").doesNotContain("target-reached", "early-stop-plateau");
            String sci = read(dir.resolve((result == local ? "local" : "spark") + "/sci.json").toString());
            assertThat(sci).contains("\"examples\"").doesNotContain("target-reached", "early-stop");
            String page = read(result.reportHtml());
            assertThat(page).doesNotContain("per target-reached", "per early-stop");
        }
        // The events stay in the ledger's work table: the report drops nothing the ledger holds.
        assertThat(session.read().parquet(dir.resolve("local/" + LedgerReport.WORK).toString())
                .filter("unit = 'target-reached' or unit = 'early-stop-plateau'").count()).isEqualTo(2);
    }

    @Test
    void thePageIsTheSameButForTheTimeItWasGenerated() throws IOException {
        String generated = "generated [0-9: -]+ UTC";
        assertNumbersEqual(read(local.reportHtml()).replaceAll(generated, "generated"),
                read(spark.reportHtml()).replaceAll(generated, "generated"));
    }

    @Test
    void aReRunThatDidNothingIsLabelledSoAndTheMinutesNothingWasMeteredAreABreakInTheTimeAxis() throws IOException {
        String html = read(local.reportHtml());
        assertThat(html).contains("app-2 (nothing to do) \u00b7 driver @ host-a", "1 with nothing to do: app-2");
        assertThat(html).doesNotContain("app-1 (nothing to do)");
        String power = html.substring(html.indexOf("id=\"chart-power\""), html.indexOf("</svg>",
                html.indexOf("id=\"chart-power\"")));
        assertThat(power).contains("class=\"axis-breaks\"", "\u2026 8 min 10 s \u2026");
    }

    @Test
    void everyParquetTableHasTheSameColumnsAndRowsAsSparkReadsThem() {
        for (String table : List.of(LedgerReport.ENTRIES, LedgerReport.WORK, LedgerReport.BY_PHASE,
                LedgerReport.BY_EXECUTOR, LedgerReport.PER_UNIT)) {
            var fromLocal = session.read().parquet(dir.resolve("local").resolve(table).toString());
            var fromSpark = session.read().parquet(dir.resolve("spark").resolve(table).toString());
            assertThat(fromLocal.schema().toDDL()).as(table).isEqualTo(fromSpark.schema().toDDL());
            assertThat(Arrays.asList(fromLocal.schema().fields())).extracting(f -> f.nullable())
                    .as(table + " nullability")
                    .isEqualTo(Arrays.stream(fromSpark.schema().fields()).map(f -> f.nullable()).toList());
            // entries/ may be several files from Spark; its rows are compared in run and sequence order.
            boolean sorted = table.equals(LedgerReport.ENTRIES) || table.equals(LedgerReport.WORK);
            List<Row> localRows = sorted ? fromLocal.orderBy("runId", "sequence").collectAsList()
                    : fromLocal.collectAsList();
            List<Row> sparkRows = sorted ? fromSpark.orderBy("runId", "sequence").collectAsList()
                    : fromSpark.collectAsList();
            assertThat(localRows).as(table).hasSameSizeAs(sparkRows).isNotEmpty();
            assertNumbersEqual(localRows.toString(), sparkRows.toString());
        }
    }

    @Test
    void theLocalEngineRunsWithoutSparkItselfOnTheClasspath() throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> {
                    String name = Path.of(entry).getFileName().toString();
                    // Spark's small Java utilities parse the byte and time sizes of the energy module's settings.
                    return name.startsWith("spark-common-utils") || !name.startsWith("spark-")
                            && !name.startsWith("scala-");
                })
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        // The test's own class path lists Spark's jars one by one, so leaving them out means something.
        assertThat(System.getProperty("java.class.path")).contains("spark-core", "spark-sql", "scala-library");
        assertThat(classpath).contains("parquet-hadoop", "hadoop-client")
                .doesNotContain("spark-core", "spark-sql", "spark-catalyst", "scala-library");
        Path out = dir.resolve("no-spark");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classpath, LedgerReportMain.class.getName(), "report"));
        command.addAll(ledgers);
        command.addAll(List.of("--out", out.toString(), "--engine", "local"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("engine: local", "ledger report: 4 runs");
        assertNumbersEqual(read(out.resolve(LedgerReport.EMISSIONS_CSV).toString()), read(local.emissionsCsv()));
    }

    @Test
    void autoChoosesTheLocalEngineForSmallLedgersAndSparkAboveTheLimit() {
        assertThat(ReportEngine.AUTO.resolve(5_000_000)).isEqualTo(ReportEngine.LOCAL);
        assertThat(ReportEngine.AUTO.resolve(ReportEngine.LOCAL_LIMIT_BYTES)).isEqualTo(ReportEngine.LOCAL);
        assertThat(ReportEngine.AUTO.resolve(ReportEngine.LOCAL_LIMIT_BYTES + 1)).isEqualTo(ReportEngine.SPARK);
        assertThat(ReportEngine.SPARK.resolve(1)).isEqualTo(ReportEngine.SPARK);
        assertThat(ReportEngine.LOCAL.resolve(Long.MAX_VALUE)).isEqualTo(ReportEngine.LOCAL);
    }

    @Test
    void engineIsChosenOnTheCommandLineAndABadOneIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LedgerReportMain.run(new String[] {"report", ledgers.get(0), "--out", dir.resolve("x").toString(),
            "--engine", "duckdb"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(
                "error: --engine must be auto, local or spark, not 'duckdb'");
        assertThatThrownBy(() -> LedgerReportMain.ReportArguments.parse(List.of("L", "--out", "O", "--meter",
                "--engine", "local"))).hasMessageContaining("--meter");
        assertThat(LedgerReportMain.ReportArguments.parse(List.of("L", "--out", "O")).engine())
                .isEqualTo(ReportEngine.AUTO);
        assertThat(LedgerReportMain.ReportArguments.parse(List.of("L", "--out", "O", "--meter")).engine())
                .isEqualTo(ReportEngine.SPARK);
    }

    @Test
    void theLocalEngineRefusesTheSameBadLinesAsSpark() {
        Path conflict = dir.resolve("conflict");
        List<String> runB = HandWrittenLedger.runB();
        HandWrittenLedger.write(conflict.resolve("one/run=run-b/segment-0-3.jsonl"), runB);
        HandWrittenLedger.write(conflict.resolve("two/run=run-b/segment-0-3.jsonl"),
                List.of(runB.get(0).replace("5400", "5401"), runB.get(1), runB.get(2), runB.get(3)));
        List<String> both = List.of(conflict.resolve("one").toString(), conflict.resolve("two").toString());
        assertThatThrownBy(() -> LedgerReport.writeLocal(both, dir.resolve("conflict-out").toString(), true,
                new Configuration(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run run-b has 2 different entries with sequence 0");

        Path missing = dir.resolve("missing-phase");
        HandWrittenLedger.write(missing.resolve("run=run-b/segment-0-0.jsonl"),
                List.of(runB.get(0).replace("\"phase\":\"train/epoch-1\"", "\"phase\":null")));
        assertThatThrownBy(() -> LedgerReport.writeLocal(List.of(missing.toString()),
                dir.resolve("missing-out").toString(), true, new Configuration(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid entry run-b/0: missing phase");
    }

    private static double csvCell(String csv, String run, String column) {
        try {
            List<String> lines = read(csv).lines().toList();
            List<String> header = Arrays.asList(lines.get(0).split(","));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (cells[header.indexOf("run_id")].equals(run)) {
                    return Double.parseDouble(cells[header.indexOf(column)]);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no row for " + run);
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    /**
     * {@code actual} is {@code expected} but for numbers, which must be within {@link #RELATIVE} of each other: the
     * text between numbers is equal, and so is the count of numbers.
     */
    static void assertNumbersEqual(String actual, String expected) {
        assertThat(NUMBER.matcher(actual).replaceAll("#")).isEqualTo(NUMBER.matcher(expected).replaceAll("#"));
        Iterator<Double> expectedNumbers = numbers(expected).iterator();
        for (double value : numbers(actual)) {
            double wanted = expectedNumbers.next();
            if (Double.compare(value, wanted) == 0) {
                continue;
            }
            assertThat(Math.abs(value - wanted)).as(value + " vs " + wanted)
                    .isLessThanOrEqualTo(RELATIVE * Math.max(Math.abs(value), Math.abs(wanted)));
        }
    }

    private static List<Double> numbers(String text) {
        List<Double> numbers = new ArrayList<>();
        Matcher matcher = NUMBER.matcher(text);
        while (matcher.find()) {
            numbers.add(Double.parseDouble(matcher.group()));
        }
        return numbers;
    }
}
