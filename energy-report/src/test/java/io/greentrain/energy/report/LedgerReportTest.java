package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.greentrain.testsupport.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a hand-written ledger (see {@link HandWrittenLedger} for the arithmetic behind every number). */
class LedgerReportTest {

    /** CodeCarbon 2.x {@code EmissionsData} fields, in order (v2.7.0 to v3.0.7). */
    private static final String CODECARBON_HEADER = "timestamp,project_name,run_id,experiment_id,duration,emissions,"
            + "emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
            + "water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,"
            + "codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,"
            + "tracking_mode,cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,ram_used_gb,"
            + "on_cloud,pue,wue";

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path ledger;
    private static ReportResult result;

    @BeforeAll
    static void writeReport() {
        spark = LocalSpark.session("greentrain-ledger-report-tests");
        ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        result = LedgerReport.write(spark, List.of(ledger.toString()), dir.resolve("report").toString());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    private static List<Map<String, String>> csvRows() throws IOException {
        List<String> lines = read(result.emissionsCsv()).lines().toList();
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        return lines.subList(1, lines.size()).stream().map(line -> {
            String[] values = line.split(",", -1);
            assertThat(values).as(line).hasSize(header.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                row.put(header.get(i), values[i]);
            }
            return row;
        }).toList();
    }

    private static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void emissionsCsvHeaderIsCodeCarbonsExactly() throws IOException {
        assertThat(read(result.emissionsCsv()).lines().findFirst()).hasValue(CODECARBON_HEADER);
        assertThat(String.join(",", CodeCarbonCsv.COLUMNS)).isEqualTo(CODECARBON_HEADER);
    }

    @Test
    void emissionsCsvHasOneRowPerRunInKwhKgWattsAndSeconds() throws IOException {
        List<Map<String, String>> rows = csvRows();
        assertThat(rows).extracting(row -> row.get("run_id")).containsExactly("run-a", "run-b");

        Map<String, String> a = rows.get(0);
        assertThat(a.get("timestamp")).isEqualTo("2024-05-01T10:00:20");
        assertThat(a.get("project_name")).isEqualTo("greentrain");
        assertThat(number(a, "duration")).isEqualTo(20.0);
        assertThat(number(a, "emissions")).isCloseTo(0.0021, withinPercentage(1e-9));
        assertThat(number(a, "emissions_rate")).isCloseTo(0.0021 / 20, withinPercentage(1e-9));
        assertThat(number(a, "cpu_power")).isCloseTo(234, withinPercentage(1e-9));
        assertThat(number(a, "gpu_power")).isCloseTo(342, withinPercentage(1e-9));
        assertThat(number(a, "ram_power")).isCloseTo(54, withinPercentage(1e-9));
        assertThat(number(a, "cpu_energy")).isCloseTo(0.00195, withinPercentage(1e-9));
        assertThat(number(a, "gpu_energy")).isCloseTo(0.00285, withinPercentage(1e-9));
        assertThat(number(a, "ram_energy")).isCloseTo(0.00045, withinPercentage(1e-9));
        assertThat(number(a, "energy_consumed")).isCloseTo(0.00525, withinPercentage(1e-9));
        assertThat(a.get("country_name")).isEqualTo("Germany");
        assertThat(a.get("country_iso_code")).isEqualTo("DEU");
        assertThat(a.get("gpu_count")).isEqualTo("1");
        assertThat(a.get("tracking_mode")).isEqualTo("process");
        assertThat(number(a, "pue")).isCloseTo(1.5, withinPercentage(1e-9));
        for (String unknown : List.of("experiment_id", "region", "cloud_provider", "cloud_region", "os",
                "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_model", "longitude",
                "latitude", "ram_total_size", "on_cloud")) {
            assertThat(a.get(unknown)).as(unknown).isEmpty();
        }

        Map<String, String> b = rows.get(1);
        assertThat(b.get("timestamp")).isEqualTo("2024-05-02T08:00:30");
        assertThat(number(b, "duration")).isEqualTo(30.0);
        assertThat(number(b, "emissions")).isCloseTo(0.000108, withinPercentage(1e-9));
        assertThat(number(b, "cpu_power")).isCloseTo(180, withinPercentage(1e-9));
        assertThat(number(b, "gpu_power")).isZero();
        assertThat(number(b, "ram_power")).isCloseTo(36, withinPercentage(1e-9));
        assertThat(number(b, "energy_consumed")).isCloseTo(0.00216, withinPercentage(1e-9));
        assertThat(b.get("country_iso_code")).isEqualTo("FRA");
        assertThat(b.get("gpu_count")).isEqualTo("0");
        assertThat(b.get("tracking_mode")).isEqualTo("machine");
        assertThat(number(b, "pue")).isCloseTo(1.2, withinPercentage(1e-9));
    }

    @Test
    void totalsMatchHandComputedKwhAndKg() {
        ReportResult.Totals totals = result.totals();
        assertThat(totals.itKwh()).isCloseTo(0.0035 + 0.0018, withinPercentage(1e-9));
        assertThat(totals.facilityKwh()).isCloseTo(0.00525 + 0.00216, withinPercentage(1e-9));
        assertThat(totals.co2eLocationKg()).isCloseTo(0.0021 + 0.000108, withinPercentage(1e-9));
        assertThat(totals.co2eMarketKg()).isCloseTo(0.0013125 + 0.0000648, withinPercentage(1e-9));
        assertThat(totals.embodiedKg()).isCloseTo(13 * HandWrittenLedger.EMBODIED_GRAMS / 1000, withinPercentage(1e-9));
        assertThat(totals.measuredShare()).isCloseTo((11160.0 + 6480) / (12600 + 6480), withinPercentage(1e-9));
    }

    @Test
    void readsOnlySegmentsSkippingHiddenUnderscoreAndTemporaryFiles() {
        assertThat(result.segments()).isEqualTo(3);
        assertThat(result.entryRows()).isEqualTo(13);
        assertThat(result.runs()).isEqualTo(2);
    }

    @Test
    void writesReadableParquetTables() {
        Dataset<Row> entries = spark.read().parquet(result.entries());
        assertThat(entries.columns()).containsExactly(LedgerEntries.SCHEMA.fieldNames());
        assertThat(entries.count()).isEqualTo(13);
        assertThat(entries.filter("phase = '" + HandWrittenLedger.SCRIPT_PHASE.replace("\"", "\\\"") + "'").count())
                .isEqualTo(2);

        Dataset<Row> byPhase = spark.read().parquet(result.byPhase());
        assertThat(byPhase.count()).isEqualTo(result.byPhaseRows()).isEqualTo(5);
        Row train = byPhase.filter("run_id = 'run-a' AND phase = 'train/epoch-1'").first();
        assertThat(train.<Double>getAs("it_kwh")).isCloseTo(10800 / 3.6e6, withinPercentage(1e-9));
        assertThat(train.<Double>getAs("co2e_location_kg"))
                .isCloseTo(10800 / 3.6e6 * 1.5 * 400 / 1000, withinPercentage(1e-9));
        Row idle = byPhase.filter("run_id = 'run-a' AND phase = 'idle'").first();
        assertThat(idle.<Double>getAs("idle_it_kwh")).isCloseTo(900 / 3.6e6, withinPercentage(1e-9));
        assertThat(idle.<Double>getAs("estimated_it_kwh")).isCloseTo(540 / 3.6e6, withinPercentage(1e-9));

        Dataset<Row> byExecutor = spark.read().parquet(result.byExecutor());
        assertThat(byExecutor.count()).isEqualTo(result.byExecutorRows()).isEqualTo(3);
        Row gpuExecutor = byExecutor.filter("run_id = 'run-a' AND executor_id = '1'").first();
        assertThat(gpuExecutor.<Double>getAs("mean_it_power_w")).isCloseTo(11160 / 20.0, withinPercentage(1e-9));
        assertThat(gpuExecutor.getList(gpuExecutor.fieldIndex("devices")))
                .containsExactly("cpu-package", "dram", "gpu-GPU-0f3c");
        Row estimated = byExecutor.filter("run_id = 'run-a' AND executor_id = '2'").first();
        assertThat(estimated.<Double>getAs("measured_it_kwh")).isZero();
        assertThat(estimated.<String>getAs("host")).isEqualTo("host-b");
    }

    @Test
    void keepsWorkRecordsApartFromTheEnergyEntries() {
        Dataset<Row> work = spark.read().parquet(result.work());
        assertThat(work.columns()).containsExactly(LedgerEntries.WORK_SCHEMA.fieldNames());
        assertThat(work.orderBy("runId", "sequence").collectAsList())
                .extracting(r -> r.getAs("runId") + "/" + r.getAs("sequence") + " " + r.getAs("phase") + " "
                        + r.getAs("amount") + " " + r.getAs("unit"))
                .containsExactly("run-a/11 train/epoch-1 400 examples", "run-a/12 train/epoch-1 500 examples",
                        "run-a/13 train/epoch-1 3600 tokens", "run-b/2 train/epoch-1 450 examples",
                        "run-b/3 evaluate 0 examples");
        assertThat(spark.read().parquet(result.entries()).filter("sequence >= 11 AND runId = 'run-a'").count())
                .isZero();
    }

    @Test
    void computesEnergyAndCo2ePerUnitOfWorkPerPhaseGroupAndPerRun() {
        List<WorkIntensity> rows = result.perUnitRows();

        assertThat(rows).extracting(r -> r.runId() + " " + r.scope() + " " + r.unit() + " " + r.amount() + " "
                        + r.workRecords() + " " + r.itJoules() + " " + r.facilityJoules())
                .containsExactly(
                        "run-a train examples 900 2 10800.0 16200.0",
                        "run-a train tokens 3600 1 10800.0 16200.0",
                        "run-a whole run examples 900 2 12600.0 18900.0",
                        "run-a whole run tokens 3600 1 12600.0 18900.0",
                        "run-b evaluate examples 0 1 0.0 0.0",
                        "run-b train examples 450 1 5400.0 6480.0",
                        "run-b whole run examples 450 2 6480.0 7776.0");
        WorkIntensity aExamples = rows.get(0);
        assertThat(aExamples.itJoulesPerUnit()).isEqualTo(12.0);
        assertThat(aExamples.facilityJoulesPerUnit()).isEqualTo(18.0);
        assertThat(aExamples.facilityKwhPerUnit()).isCloseTo(5e-6, withinPercentage(1e-9));
        assertThat(aExamples.locationGrams()).isCloseTo(1.8, withinPercentage(1e-9));
        assertThat(aExamples.gco2ePerUnit()).isCloseTo(0.002, withinPercentage(1e-9));
        assertThat(aExamples.gco2ePerMillionUnits()).isCloseTo(2000, withinPercentage(1e-9));
        WorkIntensity aTokens = rows.get(1);
        assertThat(aTokens.itJoulesPerUnit()).isEqualTo(3.0);
        assertThat(aTokens.gco2ePerMillionUnits()).isCloseTo(500, withinPercentage(1e-9));
        WorkIntensity aRunTokens = rows.get(3);
        assertThat(aRunTokens.itJoulesPerUnit()).isEqualTo(3.5);
        assertThat(aRunTokens.gco2ePerUnit()).isCloseTo(2.1 / 3600, withinPercentage(1e-9));
        WorkIntensity bEvaluate = rows.get(4);
        assertThat(bEvaluate.itJoulesPerUnit()).isNaN();
        assertThat(bEvaluate.gco2ePerUnit()).isNaN();
        WorkIntensity bTrain = rows.get(5);
        assertThat(bTrain.itJoulesPerUnit()).isEqualTo(12.0);
        assertThat(bTrain.facilityJoulesPerUnit()).isCloseTo(14.4, withinPercentage(1e-9));
        assertThat(bTrain.gco2ePerUnit()).isCloseTo(0.0002, withinPercentage(1e-9));
        WorkIntensity bRun = rows.get(6);
        assertThat(bRun.itJoulesPerUnit()).isCloseTo(14.4, withinPercentage(1e-9));
        assertThat(bRun.gco2ePerMillionUnits()).isCloseTo(240, withinPercentage(1e-9));
    }

    @Test
    void writesThePerUnitFiguresAsParquetAndJson() throws IOException {
        Dataset<Row> table = spark.read().parquet(result.perUnit());
        assertThat(table.columns()).containsExactly(WorkIntensity.schema().fieldNames());
        assertThat(table.count()).isEqualTo(7);
        Row aTrain = table.filter("run_id = 'run-a' AND phase_group = 'train' AND unit = 'examples'").first();
        assertThat(aTrain.<Double>getAs("it_joules_per_unit")).isEqualTo(12.0);
        assertThat(aTrain.<Double>getAs("co2e_location_grams_per_million_units")).isCloseTo(2000,
                withinPercentage(1e-9));
        Row bRun = table.filter("run_id = 'run-b' AND phase_group IS NULL").first();
        assertThat(bRun.<Long>getAs("amount")).isEqualTo(450);
        assertThat(bRun.<Double>getAs("facility_kwh_per_unit")).isCloseTo(7776 / 3.6e6 / 450, withinPercentage(1e-9));
        Row bEvaluate = table.filter("phase_group = 'evaluate'").first();
        assertThat(bEvaluate.isNullAt(bEvaluate.fieldIndex("it_joules_per_unit"))).isTrue();

        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(read(result.perUnitJson()))
                .path("perUnit");
        assertThat(json).hasSize(7);
        assertThat(json.get(0).path("phaseGroup").asText()).isEqualTo("train");
        assertThat(json.get(0).path("itJoulesPerUnit").asDouble()).isEqualTo(12.0);
        assertThat(json.get(0).path("gco2ePerMillionUnits").asDouble()).isCloseTo(2000, withinPercentage(1e-9));
        assertThat(json.get(2).path("phaseGroup").isNull()).isTrue();
        assertThat(json.get(4).path("gco2ePerUnit").isNull()).isTrue();
    }

    @Test
    void htmlShowsThePerUnitTable() throws IOException {
        String html = read(result.reportHtml());
        assertThat(html).contains("<table id=\"per-unit\">", "<td>whole run</td><td>tokens</td>",
                "<td class=\"number\">3,600</td><td class=\"number\">972.2 \u00b5Wh</td>");
    }

    @Test
    void rejectsAWorkRecordWithANegativeAmountOrABlankKind() {
        // Hand-edited lines: past the verification (--allow-broken), the report names what is wrong itself.
        Path negative = dir.resolve("negative-work");
        HandWrittenLedger.write(negative.resolve("run=run-b/segment-0-0.jsonl"), HandWrittenLedger.chain(List.of(
                HandWrittenLedger.work("run-b", "app-b", 0, HandWrittenLedger.TRAIN, "tokens", -5,
                        "2024-05-02T08:00:30Z"))));
        assertThatThrownBy(() -> LedgerReport.write(spark, List.of(negative.toString()),
                dir.resolve("report-negative").toString(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid work record run-b/0: amount is negative");

        Path unknown = dir.resolve("unknown-kind");
        HandWrittenLedger.write(unknown.resolve("run=run-b/segment-0-0.jsonl"), List.of(
                HandWrittenLedger.runB().get(0).replace("{\"applicationId\"", "{\"kind\":\" \",\"applicationId\"")));
        assertThatThrownBy(() -> LedgerReport.write(spark, List.of(unknown.toString()),
                dir.resolve("report-unknown").toString(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid entry run-b/0: blank kind");
    }

    @Test
    void powerIsEachWindowsJoulesOverItsLengthPerExecutorSinceItsRunsStart() {
        Dataset<Row> entries = LedgerEntries.withDerivedColumns(spark.read().parquet(result.entries()));
        ChartData charts = ChartData.collect(entries, spark.read().parquet(result.byPhase()),
                spark.read().parquet(result.byExecutor()), LedgerAggregates.runSummaries(entries));

        assertThat(charts.timeAxis()).isEqualTo(SvgCharts.TimeAxis.ELAPSED);
        assertThat(charts.power()).extracting(SvgCharts.Series::name).containsExactly(
                "run-a \u00b7 executor 1 @ host-a", "run-a \u00b7 executor 2 @ host-b", "run-b \u00b7 executor 1 @ host-c");
        SvgCharts.Series gpuExecutor = charts.power().get(0);
        assertThat(gpuExecutor.x()).containsExactly(0, 10, 10, 20);
        assertThat(gpuExecutor.y()).containsExactly(new double[] {612, 612, 504, 504}, within(1e-9));
        assertThat(charts.power().get(1).y()).containsExactly(new double[] {90, 90, 54, 54}, within(1e-9));
        assertThat(charts.power().get(2).x()).containsExactly(0, 30);
        assertThat(charts.power().get(2).y()).containsExactly(new double[] {216, 216}, within(1e-9));
        // The pipeline's order: training, then another application's phase, then idle.
        assertThat(charts.phases()).containsExactly(HandWrittenLedger.TRAIN, HandWrittenLedger.SCRIPT_PHASE,
                HandWrittenLedger.IDLE);
    }

    @Test
    void htmlHasTheFourChartsEachAnSvgWithATitle() throws IOException {
        String html = read(result.reportHtml());
        for (String id : List.of("chart-power", "chart-phase", "chart-executor", "chart-intensity")) {
            assertThat(Pattern.compile("<svg [^>]*id=\"" + id + "\"[^>]*><title[ >]").matcher(html).find())
                    .as(id).isTrue();
        }
        assertThat(html).contains("<table id=\"summary\">", "<table id=\"sources\">",
                "run-a \u00b7 executor 1 @ host-a", "DE location-based", "FR market-based",
                "Ember yearly DE 2023", "site survey 2023", "vendor PCF / 4 years");
        assertThat(html).doesNotContain("no data");
    }

    @Test
    void htmlEscapesAPhaseNamedLikeAScriptTag() throws IOException {
        String html = read(result.reportHtml());
        assertThat(html).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
        assertThat(html.toLowerCase()).doesNotContain("<script");
    }

    @Test
    void htmlLoadsNothingFromOutside() throws IOException {
        String html = read(result.reportHtml());
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                .doesNotContain("http:", "https:", "//", " src=", " href=", "<link", "url(", "@import");
    }

    @Test
    void readsLinesOfFormatVersionOneAsTheUnversionedLinesTheyExtend() {
        Path versioned = dir.resolve("versioned");
        HandWrittenLedger.write(versioned.resolve("run=run-b/segment-0-3.jsonl"), HandWrittenLedger.runB().stream()
                .map(line -> line.replaceFirst("^\\{", "{\"v\":1,")).toList());
        Path unversioned = dir.resolve("unversioned");
        HandWrittenLedger.write(unversioned.resolve("run=run-b/segment-0-3.jsonl"), HandWrittenLedger.runB());

        // Adding "v":1 changes every line's hash: past the verification, the report reads both alike.
        ReportResult fromVersioned = LedgerReport.write(spark, List.of(versioned.toString()),
                dir.resolve("report-versioned").toString(), true);
        ReportResult fromUnversioned = LedgerReport.write(spark, List.of(unversioned.toString()),
                dir.resolve("report-unversioned").toString(), true);

        assertThat(fromVersioned.entryRows()).isEqualTo(2);
        assertThat(fromVersioned.totals()).isEqualTo(fromUnversioned.totals());
        assertThat(fromVersioned.perUnitRows()).isEqualTo(fromUnversioned.perUnitRows());
        assertThat(spark.read().parquet(fromVersioned.entries()).columns())
                .containsExactly(spark.read().parquet(fromUnversioned.entries()).columns());
    }

    @Test
    void rejectsALineOfAnUnknownFormatVersion() {
        // Hand-edited lines: past the verification (--allow-broken), the report names what is wrong itself.
        Path future = dir.resolve("future");
        HandWrittenLedger.write(future.resolve("run=run-b/segment-0-0.jsonl"), List.of(
                HandWrittenLedger.runB().get(0).replaceFirst("^\\{", "{\"v\":2,")));

        assertThatThrownBy(() -> LedgerReport.write(spark, List.of(future.toString()),
                dir.resolve("report-future").toString(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid entry run-b/0: unknown format version 2");
    }

    @Test
    void classifiesDevicesAndGroupsPhasesInSparkAsTheEnergyApiDoes() {
        List<String> devices = List.of("cpu-package", "cpu-estimated", "dram", "memory-estimated", "gpu-GPU-1",
                "psys", "gpu", "cpu");
        List<String> phases = List.of("train/epoch-1", "train", "idle", "text-prepare/split/a");
        Dataset<Row> rows = spark.createDataset(devices, org.apache.spark.sql.Encoders.STRING()).toDF("device");
        Dataset<Row> phaseRows = spark.createDataset(phases, org.apache.spark.sql.Encoders.STRING()).toDF("phase");

        List<Row> classified = rows.select(org.apache.spark.sql.functions.col("device"),
                LedgerEntries.deviceClass(org.apache.spark.sql.functions.col("device"))).collectAsList();
        List<Row> grouped = phaseRows.select(org.apache.spark.sql.functions.col("phase"),
                WorkIntensity.phaseGroupOf(org.apache.spark.sql.functions.col("phase"))).collectAsList();

        assertThat(classified).hasSize(devices.size()).allSatisfy(row -> assertThat(row.getString(1))
                .isEqualTo(io.greentrain.energy.api.DeviceClass.of(row.getString(0)).code()));
        assertThat(grouped).hasSize(phases.size()).allSatisfy(row -> assertThat(row.getString(1))
                .isEqualTo(io.greentrain.energy.api.Phases.group(row.getString(0))));
    }

    @Test
    void countsALineRepeatedInAnotherLedgerOnce() {
        Path copy = dir.resolve("copy");
        HandWrittenLedger.write(copy.resolve("run=run-b/segment-0-3.jsonl"), HandWrittenLedger.runB());

        ReportResult both = LedgerReport.write(spark, List.of(ledger.toString(), copy.toString()),
                dir.resolve("report-both").toString());

        assertThat(both.segments()).isEqualTo(4);
        assertThat(both.entryRows()).isEqualTo(13);
        assertThat(both.totals().facilityKwh()).isCloseTo(result.totals().facilityKwh(), withinPercentage(1e-9));
        assertThat(both.totals().co2eLocationKg()).isCloseTo(result.totals().co2eLocationKg(), withinPercentage(1e-9));
        assertThat(both.perUnitRows()).extracting(WorkIntensity::amount)
                .containsExactlyElementsOf(result.perUnitRows().stream().map(WorkIntensity::amount).toList());
    }

    @Test
    void rejectsTwoDifferentEntriesWithOneSequenceNumber() {
        Path other = dir.resolve("conflict");
        List<String> changed = HandWrittenLedger.chain(List.of(HandWrittenLedger.entry("run-b", "app-b", 0, "1", "host-c",
                "cpu-package", HandWrittenLedger.TRAIN, "2024-05-02T08:00:00Z", "2024-05-02T08:00:30Z", 9999, 0,
                "counter", HandWrittenLedger.RUN_B_GRID)));
        HandWrittenLedger.write(other.resolve("run=run-b/segment-0-0.jsonl"), changed);

        assertThatThrownBy(() -> LedgerReport.write(spark, List.of(ledger.toString(), other.toString()),
                dir.resolve("report-conflict").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run run-b has 2 different entries with sequence 0")
                .hasMessageContaining("segment-0-0.jsonl");
    }

    @Test
    void rejectsALineThatIsNotAnEntryNamingTheFileAndLine() {
        // Hand-edited lines: past the verification (--allow-broken), the report names what is wrong itself.
        Path broken = dir.resolve("broken");
        HandWrittenLedger.write(broken.resolve("run=run-c/segment-0-1.jsonl"), List.of(HandWrittenLedger.runB().get(0), "{oops"));

        assertThatThrownBy(() -> LedgerReport.write(spark, List.of(broken.toString()),
                dir.resolve("report-broken").toString(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run=run-c/segment-0-1.jsonl")
                .hasMessageContaining("invalid line '{oops'");
    }

    @Test
    void rejectsAnEntryWithoutWindowEndNamingTheField() {
        // Hand-edited lines: past the verification (--allow-broken), the report names what is wrong itself.
        Path broken = dir.resolve("no-end");
        String line = HandWrittenLedger.runB().get(0).replaceAll(",\"windowEnd\":\"[^\"]*\"", "");
        HandWrittenLedger.write(broken.resolve("run=run-b/segment-0-0.jsonl"), List.of(line));

        assertThatThrownBy(() -> LedgerReport.write(spark, List.of(broken.toString()),
                dir.resolve("report-no-end").toString(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid entry run-b/0: missing windowEnd");
    }

    @Test
    void rejectsALedgerPathWithoutSegmentsNamingIt() {
        Path empty = dir.resolve("empty-ledger");
        HandWrittenLedger.write(empty.resolve("run=run-a/segment-0-0.jsonl.tmp"), HandWrittenLedger.runB());

        assertThatThrownBy(() -> LedgerReport.write(spark, List.of(empty.toString()),
                dir.resolve("report-empty").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no ledger segments in " + empty);
    }
}
