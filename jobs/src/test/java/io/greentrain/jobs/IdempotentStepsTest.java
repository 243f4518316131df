package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.testsupport.LocalSpark;
import io.greentrain.training.NetworkFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pipeline's steps run again as a scheduler would after a failure (see {@link RunLayout}): a
 * finished step is skipped, an unfinished one starts over and reproduces its outputs exactly, and a
 * step run alone needs its upstream marker. The first 600 Ames rows, two epochs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdempotentStepsTest {

    @TempDir
    static Path work;

    static SparkSession spark;
    static Path output;
    static String[] pipelineArgs;
    static Snapshot first;

    @BeforeAll
    static void runPipelineOnce() throws IOException {
        Path sample = work.resolve("ames-sample.csv");
        try (Stream<String> lines = Files.lines(Path.of(AmesPipelineEndToEndTest.AMES_CSV))) {
            Files.write(sample, lines.limit(601).toList());
        }
        output = work.resolve("run");
        RunLayout layout = new RunLayout(output.toString());
        spark = LocalSpark.session("greentrain-jobs-tests", Map.of(
                "spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName(),
                io.greentrain.energy.EnergyConf.LEDGER_PATH.key(), layout.ledger(),
                io.greentrain.energy.EnergyConf.LEDGER_RUN_ID.key(), layout.runId()));
        pipelineArgs = new String[] {"--config", AmesPipelineEndToEndTest.AMES_CONF, "--input", sample.toString(),
            "--output", output.toString(), "--set", "greentrain.train.epochs=2"};
        assertThat(run(Job.fromCliName("pipeline"), pipelineArgs).exit).isZero();
        first = Snapshot.of(output);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    record Outcome(int exit, String out, String err) {
    }

    static Outcome run(Job job, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = JobRunner.run(job, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        System.err.print(err.toString(StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static JsonNode marker(String step) {
        return JsonFiles.read(new RunLayout(output.toString()).marker(step), new Configuration());
    }

    /** Everything the steps wrote, in a form that compares content rather than file names. */
    record Snapshot(List<String> cleaned, List<String> quarantine, List<String> examples, Map<String, String> minibatches,
                    String cleanReport, String features, String evaluationReport, String metadataWithoutTimes,
                    List<String> testPredictions, INDArray parameters) {

        static Snapshot of(Path run) throws IOException {
            RunLayout layout = new RunLayout(run.toString());
            ObjectNode metadata = (ObjectNode) JsonFiles.read(layout.model().metadata(), new Configuration());
            // Wall-clock facts differ from run to run; everything else must not.
            metadata.remove("createdAt");
            ((ObjectNode) metadata.path("training")).remove("seconds");
            return new Snapshot(rows(layout.cleaned()), rows(layout.quarantine()), rows(layout.examples()),
                    fileHashes(Path.of(layout.minibatches("train")), Path.of(layout.minibatches("validation"))),
                    Files.readString(Path.of(layout.cleanReport())), Files.readString(Path.of(layout.model().features())),
                    Files.readString(Path.of(layout.evaluationReport())), metadata.toString(),
                    rows(layout.testPredictions()),
                    NetworkFiles.load(layout.model().network(), new Configuration()).params().dup());
        }

        static List<String> rows(String parquet) {
            return spark.read().parquet(parquet).collectAsList().stream().map(Row::toString).sorted().toList();
        }

        static Map<String, String> fileHashes(Path... dirs) throws IOException {
            Map<String, String> hashes = new TreeMap<>();
            for (Path dir : dirs) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                        hashes.put(dir.getFileName() + "/" + file.getFileName(), sha256(Files.readAllBytes(file)));
                    }
                }
            }
            return hashes;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void aRetryOfAFinishedPipelineSkipsEveryStep() throws IOException {
        JsonNode summaryBefore = JsonFiles.read(output.resolve("summary.json").toString(), new Configuration());
        Map<String, String> commits = new TreeMap<>();
        Pipelines.TABULAR.steps().forEach(step -> commits.put(step.name(), marker(step.name()).path("commitId").asText()));
        long networkModified = Files.getLastModifiedTime(output.resolve("model/network.zip")).toMillis();

        Outcome retry = run(Job.fromCliName("pipeline"), pipelineArgs);

        assertThat(retry.exit).isZero();
        for (Step step : Pipelines.TABULAR.steps()) {
            assertThat(retry.out).contains(step.name() + ": skipped");
            assertThat(marker(step.name()).path("commitId").asText()).isEqualTo(commits.get(step.name()));
        }
        assertThat(Files.getLastModifiedTime(output.resolve("model/network.zip")).toMillis()).isEqualTo(networkModified);
        JsonNode summary = JsonFiles.read(output.resolve("summary.json").toString(), new Configuration());
        for (String section : List.of("clean", "convert", "train", "validation", "test")) {
            assertThat(summary.path(section)).as(section).isEqualTo(summaryBefore.path(section));
        }
        // The energy of the run is not replaced by the no-op's: the figures of the training stay.
        JsonNode energy = summary.path("energy");
        assertThat(energy.path("joules").asDouble()).isGreaterThanOrEqualTo(summaryBefore.path("energy").path("joules").asDouble());
        assertThat(energy.path("joulesPerTrainingExample").asDouble()).isPositive();
        assertThat(energy.path("applications")).isNotEmpty();
        assertThat(energy.path("applications").get(energy.path("applications").size() - 1).path("stepsSkipped"))
                .hasSize(Pipelines.TABULAR.steps().size());
    }

    @Test
    @Order(2)
    void aStepWithoutMarkerStartsOverAndReproducesItsOutputsExactly() throws IOException {
        String cleanCommit = marker("clean").path("commitId").asText();
        String trainCommit = marker("train").path("commitId").asText();
        // convert crashed on a second attempt: its marker is gone, a temporary file is left in its
        // staging folder and a stray file in a final folder it had begun to replace.
        Files.delete(output.resolve("_markers/convert.json"));
        Path staged = Files.createDirectories(output.resolve("_staging/convert/minibatches/train"));
        Files.writeString(staged.resolve("batch-000999.bin"), "half a minibatch");
        Files.writeString(output.resolve("minibatches/train/batch-000999.bin"), "half a minibatch");
        Files.writeString(output.resolve("features/examples/part-99999-crashed.parquet"), "not parquet");

        Outcome rerun = run(Job.fromCliName("pipeline"), pipelineArgs);

        assertThat(rerun.exit).isZero();
        assertThat(rerun.out).contains("clean: skipped").doesNotContain("convert: skipped")
                .doesNotContain("train: skipped").doesNotContain("evaluate: skipped");
        assertThat(marker("clean").path("commitId").asText()).isEqualTo(cleanCommit);
        assertThat(marker("train").path("commitId").asText()).as("train ran again after convert")
                .isNotEqualTo(trainCommit);
        assertThat(output.resolve("_staging/convert")).doesNotExist();

        Snapshot second = Snapshot.of(output);
        assertThat(second.cleaned()).isEqualTo(first.cleaned());
        assertThat(second.quarantine()).isEqualTo(first.quarantine());
        assertThat(second.examples()).isEqualTo(first.examples());
        assertThat(second.minibatches()).isEqualTo(first.minibatches()).doesNotContainKey("train/batch-000999.bin");
        assertThat(second.cleanReport()).isEqualTo(first.cleanReport());
        assertThat(second.features()).isEqualTo(first.features());
        // Two workers, fixed seeds, the same files in the same partitions: DL4J's training is
        // deterministic, and averaging two workers' parameters does not depend on which finished first.
        assertThat(second.parameters()).isEqualTo(first.parameters());
        assertThat(second.metadataWithoutTimes()).isEqualTo(first.metadataWithoutTimes());
        assertThat(second.testPredictions()).isEqualTo(first.testPredictions());
        assertThat(second.evaluationReport()).isEqualTo(first.evaluationReport());
    }

    @Test
    @Order(3)
    void forceRunsAFinishedStepAgain() {
        String evaluateCommit = marker("evaluate").path("commitId").asText();

        Outcome forced = run(Job.fromCliName("evaluate"), "--config", AmesPipelineEndToEndTest.AMES_CONF, "--output",
                output.toString(), "--force");

        assertThat(forced.exit).isZero();
        assertThat(forced.out).doesNotContain("skipped");
        assertThat(marker("evaluate").path("commitId").asText()).isNotEqualTo(evaluateCommit);
        JsonNode summary = JsonFiles.read(output.resolve("summary.json").toString(), new Configuration());
        assertThat(summary.path("test").path("r2").asDouble()).isEqualTo(marker("evaluate").path("summary")
                .path("test").path("r2").asDouble());
        assertThat(summary.path("train").isObject()).as("earlier steps' sections are kept").isTrue();
    }

    @Test
    @Order(4)
    void aStepRunAloneNeedsTheMarkerOfTheStepBeforeIt() throws IOException {
        Files.delete(output.resolve("_markers/train.json"));

        Outcome evaluate = run(Job.fromCliName("evaluate"), "--config", AmesPipelineEndToEndTest.AMES_CONF, "--output",
                output.toString());

        assertThat(evaluate.exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(evaluate.err).contains("evaluate needs the finished output of train")
                .contains("_markers/train.json").contains("run train (or pipeline) first");
    }
}
