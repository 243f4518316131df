package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Ames pipeline in local[2], as {@code run-example.sh} runs it, then {@code predict} on
 * raw rows of the test split. The pipeline runs once; each test checks one promise of its output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AmesPipelineEndToEndTest {

    static final String AMES_CSV = "../data/ames/ames_housing.csv";
    static final String AMES_CONF = "../data/ames/ames-housing.conf";

    @TempDir
    static Path work;

    static SparkSession spark;
    static JsonNode summary;
    static String pipelineOutput;

    @BeforeAll
    static void runPipeline() {
        Path output = work.resolve("run");
        RunLayout layout = new RunLayout(output.toString());
        spark = LocalSpark.session("greentrain-jobs-tests", Map.of(
                "spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName(),
                io.greentrain.energy.EnergyConf.LEDGER_PATH.key(), layout.ledger(),
                io.greentrain.energy.EnergyConf.LEDGER_RUN_ID.key(), layout.runId()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        int exit = JobRunner.run(Job.fromCliName("pipeline"), new String[] {"--config", AMES_CONF, "--input", AMES_CSV, "--output", output.toString(),
                        "--set", "greentrain.train.forecast-after-epochs=2"},
                new PrintStream(progress, true, StandardCharsets.UTF_8), System.err);
        pipelineOutput = progress.toString(StandardCharsets.UTF_8);
        System.out.print(pipelineOutput);
        assertThat(exit).as("pipeline exit code").isEqualTo(JobRunner.OK);
        summary = JsonFiles.read(output.resolve("summary.json").toString(), new Configuration());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    @Order(1)
    void cleaningReconcilesEveryInputRow() {
        JsonNode clean = summary.path("clean");
        assertThat(clean.path("rowsIn").asLong()).isEqualTo(2930);
        assertThat(clean.path("rowsIn").asLong()).isEqualTo(clean.path("rowsKept").asLong()
                + clean.path("rowsQuarantined").asLong() + clean.path("rowsDuplicate").asLong());
        // De Cock's five houses over 4,000 sq ft are the only rows the example config rejects.
        assertThat(clean.path("quarantinedByReason").path("outlier").asLong()).isEqualTo(5);
        assertThat(clean.path("rowsQuarantined").asLong()).isEqualTo(5);
        assertThat(spark.read().parquet(summary.path("paths").path("quarantine").asText()).count()).isEqualTo(5);
        assertThat(spark.read().parquet(summary.path("paths").path("cleaned").asText()).count())
                .isEqualTo(clean.path("rowsKept").asLong());
    }

    @Test
    @Order(2)
    void testSplitR2MeetsTheBarInDollars() {
        JsonNode test = summary.path("test");
        assertThat(test.path("r2").asDouble()).isGreaterThanOrEqualTo(0.85);
        assertThat(test.path("rmse").asDouble()).isBetween(1_000.0, 60_000.0);
        assertThat(test.path("mae").asDouble()).isLessThan(test.path("rmse").asDouble());
        assertThat(test.path("rows").asLong()).isEqualTo(summary.path("convert").path("splitRows").path("test").asLong());
    }

    @Test
    @Order(3)
    void summaryHasTheStableKeysAndAnEpochHistory() {
        assertThat(summary.path("train").path("epochs").asInt()).isEqualTo(60);
        assertThat(summary.path("train").path("workers").asInt()).isEqualTo(2);
        assertThat(summary.path("train").path("history")).hasSize(60);
        for (JsonNode epoch : summary.path("train").path("history")) {
            assertThat(epoch.path("trainLoss").asDouble()).isFinite();
            assertThat(epoch.path("validation").path("r2").isNumber()).isTrue();
            assertThat(epoch.path("examplesPerSecond").asDouble()).isPositive();
        }
        JsonNode splits = summary.path("convert").path("splitRows");
        assertThat(splits.path("train").asLong() + splits.path("validation").asLong() + splits.path("test").asLong())
                .isEqualTo(summary.path("clean").path("rowsKept").asLong());
        assertThat(pipelineOutput).contains("train: epoch 60/60").contains("examples/s").contains("test");
    }

    @Test
    @Order(4)
    void modelFolderHoldsNetworkFeaturePipelineAndMetadata() {
        JsonNode paths = summary.path("paths");
        assertThat(Path.of(paths.path("network").asText())).isRegularFile();
        assertThat(Path.of(paths.path("featurePipeline").asText(), "metadata")).isDirectory();
        assertThat(Path.of(paths.path("jobConfig").asText())).isRegularFile();
        JsonNode metadata = JsonFiles.read(paths.path("metadata").asText(), new Configuration());
        assertThat(metadata.path("inputSha256").asText()).matches("[0-9a-f]{64}");
        assertThat(metadata.path("versions").path("spark").asText()).startsWith("3.5");
        assertThat(metadata.path("versions").path("dl4j").asText()).isEqualTo("1.0.0-M2");
        assertThat(metadata.path("features").path("labelTransform").path("kind").asText()).isEqualTo("log");
    }

    @Test
    @Order(5)
    void summaryHoldsEnergyPerStepExecutorAndDomainWithMethodsLabelled() {
        JsonNode energy = summary.path("energy");
        assertThat(energy.path("joules").asDouble()).isPositive();
        assertThat(energy.path("kwh").asDouble()).isCloseTo(energy.path("joules").asDouble() / 3.6e6, within(1e-12));
        assertThat(energy.path("byStep").fieldNames()).toIterable().contains("clean", "convert", "train", "evaluate");
        assertThat(energy.path("byPhase").has("train/epoch-60")).isTrue();
        assertThat(energy.path("byExecutor").has("driver")).isTrue();
        assertThat(energy.path("byDomain").size()).isPositive();
        double byDomain = 0;
        for (JsonNode domain : energy.path("byDomain")) {
            assertThat(domain.path("method").asText()).isIn("counter", "power-integration", "estimated");
            assertThat(domain.path("provenance").asText()).isNotBlank();
            byDomain += domain.path("joules").asDouble();
        }
        double byStep = 0;
        for (JsonNode step : energy.path("byStep")) {
            byStep += step.path("joules").asDouble();
        }
        assertThat(byDomain).isCloseTo(energy.path("joules").asDouble(), within(1e-6 * byDomain));
        assertThat(byStep).isCloseTo(energy.path("joules").asDouble(), within(1e-6 * byStep));
        assertThat(energy.path("sequenceGaps").asLong()).isZero();
        // Examples are counted by a listener on the workers: every train row, once per epoch.
        long trainRows = summary.path("convert").path("splitRows").path("train").asLong();
        long counted = 0;
        for (JsonNode epoch : summary.path("train").path("history")) {
            assertThat(epoch.path("examples").asLong()).as("examples fitted in %s", epoch).isEqualTo(trainRows);
            counted += epoch.path("examples").asLong();
        }
        assertThat(summary.path("train").path("examplesTrained").asLong()).isEqualTo(counted).isEqualTo(60 * trainRows);
        assertThat(energy.path("joulesPerTrainingExample").asDouble()).isPositive();
    }

    @Test
    @Order(4)
    void forecastsAfterTheSecondEpochFromTheEpochsEnergyAndComparesItWithTheActualTotal() {
        JsonNode train = summary.path("train");
        JsonNode forecast = train.path("forecast");
        JsonNode history = train.path("history");
        double first = history.get(0).path("joules").asDouble();
        double second = history.get(1).path("joules").asDouble();
        // The second epoch less what the JIT compiler took from it: what another epoch is expected to repeat.
        double secondRepeatable = history.get(1).path("repeatableSeconds").asDouble()
                / history.get(1).path("seconds").asDouble();
        double actual = 0;
        for (JsonNode epoch : history) {
            assertThat(epoch.path("joules").asDouble()).as("energy of epoch %s", epoch.path("epoch")).isPositive();
            assertThat(epoch.path("compileSeconds").asDouble()).as("compiling in epoch %s", epoch.path("epoch"))
                    .isNotNegative();
            assertThat(epoch.path("cpuSeconds").asDouble()).isPositive();
            assertThat(epoch.path("repeatableSeconds").asDouble()).isPositive()
                    .isLessThanOrEqualTo(epoch.path("seconds").asDouble());
            actual += epoch.path("joules").asDouble();
        }

        assertThat(forecast.path("afterEpochs").asInt()).isEqualTo(2);
        assertThat(secondRepeatable).isGreaterThan(0).isLessThanOrEqualTo(1);
        // What ran so far, plus the second epoch's repeatable energy for each of the 58 epochs left.
        assertThat(forecast.path("joules").asDouble()).isCloseTo(first + second + 58 * second * secondRepeatable,
                within(1e-6));
        assertThat(forecast.path("actual").path("joules").asDouble()).isCloseTo(actual, within(1e-6));
        assertThat(forecast.path("relativeError").path("kwh").asDouble())
                .isCloseTo((forecast.path("joules").asDouble() - actual) / actual, within(1e-9));
        assertThat(train.path("energyEstimated").asBoolean()).isTrue();
        assertThat(pipelineOutput).contains("train: forecast after 2 epochs: 60 epochs take")
                .contains("(energy estimated)");
    }

    @Test
    @Order(6)
    void writesACarbonLedgerThatVerifiesAndReports() {
        JsonNode carbon = summary.path("carbon");
        double kwh = summary.path("energy").path("kwh").asDouble();
        assertThat(carbon.path("kgco2e").path("location").asDouble()).isPositive();
        assertThat(carbon.path("kgco2e").path("market").asDouble()).isPositive();
        assertThat(carbon.path("embodiedKg").asDouble()).isPositive();
        assertThat(carbon.path("pue").asDouble()).isEqualTo(1.56);
        assertThat(carbon.path("intensitySource").asText()).contains("Ember");
        // kWh x PUE x the intensity of the bundled WORLD average: between 100 and 1000 g/kWh.
        double gramsPerKwh = carbon.path("kgco2e").path("location").asDouble() * 1000 / (kwh * 1.56);
        assertThat(gramsPerKwh).isBetween(100.0, 1000.0);
        String ledger = summary.path("paths").path("ledger").asText();
        assertThat(carbon.path("ledger").asText()).contains("run=run");

        ByteArrayOutputStream verifyOut = new ByteArrayOutputStream();
        int verified = JobRunner.run(Job.LEDGER, new String[] {"verify", ledger},
                new PrintStream(verifyOut, true, StandardCharsets.UTF_8), System.err);
        assertThat(verified).isZero();
        assertThat(verifyOut.toString(StandardCharsets.UTF_8)).contains("intact");

        Path report = work.resolve("ledger-report");
        int reported = JobRunner.run(Job.LEDGER, new String[] {"report", ledger, "--out", report.toString()},
                System.out, System.err);
        assertThat(reported).isZero();
        assertThat(report.resolve("emissions.csv")).isRegularFile();
        assertThat(report.resolve("report.html")).isRegularFile();
        var entries = spark.read().parquet(report.resolve("entries").toString());
        assertThat(entries.count()).isEqualTo(carbon.path("ledgerEntries").asLong());
        // Entries of task phases name the Spark stages whose tasks ran in their window.
        assertThat(entries.filter("phase like 'train/%' and stage = ''").count()).isZero();
        assertThat(entries.filter("phase like 'train/%'").count()).isPositive();
    }

    @Test
    @Order(6)
    void ledgerHoldsTheExamplesOfEveryEpochAndTheReportDividesEnergyByThem() throws IOException {
        JsonNode train = summary.path("train");
        String ledger = summary.path("paths").path("ledger").asText();
        org.apache.hadoop.fs.Path ledgerPath = new org.apache.hadoop.fs.Path(ledger);
        List<io.greentrain.energy.ledger.WorkRecord> recorded;
        try (var records = new io.greentrain.energy.ledger.LedgerReader(
                ledgerPath.getFileSystem(new Configuration()), ledgerPath).records()) {
            recorded = records.filter(io.greentrain.energy.ledger.WorkRecord.class::isInstance)
                    .map(io.greentrain.energy.ledger.WorkRecord.class::cast).toList();
        }
        List<String> expected = new ArrayList<>();
        for (JsonNode epoch : train.path("history")) {
            expected.add("train/epoch-" + epoch.path("epoch").asInt() + " examples " + epoch.path("examples").asLong());
        }
        assertThat(expected).hasSize(train.path("epochs").asInt());
        List<io.greentrain.energy.ledger.WorkRecord> examples = recorded.stream()
                .filter(w -> w.unit().equals("examples")).toList();
        assertThat(examples).extracting(w -> w.phase() + " " + w.unit() + " " + w.amount())
                .containsExactlyElementsOf(expected);
        assertThat(examples.stream().mapToLong(io.greentrain.energy.ledger.WorkRecord::amount).sum())
                .isEqualTo(train.path("examplesTrained").asLong());
        // The SCI section's other functional units: the model's parameters once, and ~ 6 x parameters x examples
        // training FLOPs per epoch.
        List<io.greentrain.energy.ledger.WorkRecord> parameters = recorded.stream()
                .filter(w -> w.unit().equals("parameters")).toList();
        assertThat(parameters).hasSize(1);
        assertThat(parameters.get(0).amount()).isPositive();
        assertThat(recorded.stream().filter(w -> w.unit().equals("flops")))
                .extracting(io.greentrain.energy.ledger.WorkRecord::amount)
                .containsExactlyElementsOf(examples.stream().map(w -> 6 * parameters.get(0).amount() * w.amount())
                        .toList());

        Path report = work.resolve("ledger-report-per-unit");
        int reported = JobRunner.run(Job.LEDGER, new String[] {"report", ledger, "--out", report.toString()},
                System.out, System.err);
        assertThat(reported).isZero();
        JsonNode perUnit = JsonFiles.read(report.resolve("per_unit.json").toString(), new Configuration())
                .path("perUnit");
        JsonNode trainExamples = null;
        for (JsonNode row : perUnit) {
            if ("train".equals(row.path("phaseGroup").asText(null)) && "examples".equals(row.path("unit").asText())) {
                trainExamples = row;
            }
        }
        assertThat(trainExamples).as("per-unit row of train examples in %s", perUnit).isNotNull();
        assertThat(trainExamples.path("amount").asLong()).isEqualTo(train.path("examplesTrained").asLong());
        assertThat(trainExamples.path("itJoulesPerUnit").asDouble()).isPositive().isCloseTo(
                trainExamples.path("itJoules").asDouble() / train.path("examplesTrained").asLong(), within(1e-12));
        assertThat(trainExamples.path("gco2ePerMillionUnits").asDouble()).isPositive();
        JsonNode sci = JsonFiles.read(report.resolve("sci.json").toString(), new Configuration()).path("runs").get(0);
        assertThat(sci.path("boundary").toString()).contains("clean", "train", "evaluate");
        assertThat(sci.path("functionalUnits").findValuesAsText("unit")).contains("examples", "flops", "parameters");
    }

    @Test
    @Order(7)
    void predictOnRawTestRowsReproducesTheEvaluationPredictions() throws IOException {
        List<Row> evaluated = spark.read().parquet(summary.path("paths").path("testPredictions").asText())
                .orderBy("_source_offset").collectAsList();
        Path rawRows = work.resolve("raw-test-rows.csv");
        List<String> lines = new ArrayList<>();
        lines.add(Files.readAllLines(Path.of(AMES_CSV), StandardCharsets.UTF_8).get(0));
        for (Row row : evaluated) {
            lines.add(lineAt(row.getLong(row.fieldIndex("_source_offset"))));
        }
        lines.add("this,line,is,not,a,house");
        Files.write(rawRows, lines, StandardCharsets.UTF_8);
        Path output = work.resolve("predicted");

        int exit = JobRunner.run(Job.PREDICT, new String[] {"--model", summary.path("paths").path("model").asText(),
                "--input", rawRows.toString(), "--output", output.toString()}, System.out, System.err);

        assertThat(exit).isEqualTo(JobRunner.OK);
        List<Row> predicted = spark.read().parquet(output.resolve("predictions").toString())
                .orderBy("_source_offset").collectAsList();
        assertThat(predicted).hasSameSizeAs(evaluated);
        for (int i = 0; i < evaluated.size(); i++) {
            double expected = evaluated.get(i).getDouble(evaluated.get(i).fieldIndex("prediction"));
            double actual = predicted.get(i).getDouble(predicted.get(i).fieldIndex("predicted_Sale_Price"));
            assertThat(actual).as("row %d", i).isCloseTo(expected, within(Math.abs(expected) * 1e-6));
        }
        JsonNode report = JsonFiles.read(output.resolve("report.json").toString(), new Configuration());
        assertThat(report.path("rowsQuarantined").asLong()).isEqualTo(1);
        assertThat(report.path("quarantinedByReason").path("malformed_row").asLong()).isEqualTo(1);
        assertThat(report.path("rowsScored").asLong()).isEqualTo(evaluated.size());
        // What the job cost per prediction, from its energy phase (estimated here: no meter).
        JsonNode inference = report.path("inference");
        assertThat(inference.path("predictions").asLong()).isEqualTo(evaluated.size());
        assertThat(inference.path("seconds").asDouble()).isPositive();
        assertThat(inference.path("joules").asDouble()).isPositive();
        assertThat(inference.path("predictionsPerJoule").asDouble())
                .isCloseTo(evaluated.size() / inference.path("joules").asDouble(), within(1e-6));
        assertThat(inference.path("energyEstimated").isBoolean()).isTrue();
    }

    /** The line of the Ames file that starts at byte {@code offset}. */
    private static String lineAt(long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(AMES_CSV, "r")) {
            file.seek(offset);
            return new String(file.readLine().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }
}
