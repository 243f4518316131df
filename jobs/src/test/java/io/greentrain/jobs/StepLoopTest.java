package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.config.GreentrainKeys;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a step is one {@link Step} class and one line in a {@link Pipeline}: the generic loop of
 * {@link JobRunner} then stages and commits its outputs, writes and honours its marker, hashes the
 * configuration it depends on, chains it to its upstream and merges its sections into
 * {@code summary.json}. Two tiny steps that count the lines of a file and multiply the count.
 */
class StepLoopTest {

    /** First step: counts the input file's lines. */
    static final class CountLines implements Step {

        @Override
        public String name() {
            return "count-lines";
        }

        @Override
        public String description() {
            return "count the lines of the input files";
        }

        @Override
        public List<String> outputs() {
            return List.of("count/report.json");
        }

        @Override
        public List<KeyGroup> keyGroups() {
            return List.of(KeyGroup.section("greentrain.input"));
        }

        @Override
        public List<String> summarySections() {
            return List.of("lines");
        }

        @Override
        public String sourceFingerprint(JobContext ctx) {
            return InputFingerprint.sha256(ctx.jsc(), ctx.config().requireInputPaths());
        }

        @Override
        public ObjectNode run(JobContext ctx, RunLayout staging, String input) {
            ObjectNode lines = JsonFiles.newObject();
            lines.put("count", ctx.spark().read().textFile(ctx.config().requireInputPaths().get(0)).count());
            lines.put("phase", io.greentrain.energy.Phases.current(ctx.spark().sparkContext()));
            JsonFiles.write(lines, staging.outputDir() + "/count/report.json", ctx.hadoopConf());
            ObjectNode sections = JsonFiles.newObject();
            sections.set("lines", lines);
            return sections;
        }

        @Override
        public void printSummary(JsonNode summary, PrintStream out) {
            out.printf("  lines     %d%n", summary.path("lines").path("count").asLong());
        }
    }

    /** Second step: the upstream's count times {@code greentrain.train.epochs}. */
    static final class MultiplyCount implements Step {

        @Override
        public String name() {
            return "multiply";
        }

        @Override
        public String description() {
            return "multiply the line count by the number of epochs";
        }

        @Override
        public List<String> outputs() {
            return List.of("multiply/value.json");
        }

        @Override
        public List<KeyGroup> keyGroups() {
            return List.of(KeyGroup.of(GreentrainKeys.TRAIN_EPOCHS));
        }

        @Override
        public List<String> summarySections() {
            return List.of("product");
        }

        @Override
        public ObjectNode run(JobContext ctx, RunLayout staging, String input) {
            long count = JsonFiles.read(ctx.layout().outputDir() + "/count/report.json", ctx.hadoopConf())
                    .path("count").asLong();
            ObjectNode product = JsonFiles.newObject();
            product.put("value", count * ctx.config().get(GreentrainKeys.TRAIN_EPOCHS));
            product.put("input", input);
            JsonFiles.write(product, staging.outputDir() + "/multiply/value.json", ctx.hadoopConf());
            ObjectNode sections = JsonFiles.newObject();
            sections.set("product", product);
            return sections;
        }

        @Override
        public void printSummary(JsonNode summary, PrintStream out) {
            out.printf("  product   %d%n", summary.path("product").path("value").asLong());
        }
    }

    static final Pipeline TINY = new Pipeline("tiny", "count, then multiply",
            List.of(new CountLines(), new MultiplyCount()),
            layout -> JsonFiles.newObject().put("output", layout.outputDir()));

    @TempDir
    static Path work;

    static SparkSession spark;
    static Path input;

    @BeforeAll
    static void startSpark() throws IOException {
        input = Files.writeString(work.resolve("three-lines.txt"), "a\nb\nc\n");
        RunLayout ledgerHome = new RunLayout(work.resolve("ledger-home").toString());
        spark = LocalSpark.session("greentrain-jobs-tests", Map.of(
                "spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName(),
                io.greentrain.energy.EnergyConf.LEDGER_PATH.key(), ledgerHome.ledger(),
                io.greentrain.energy.EnergyConf.LEDGER_RUN_ID.key(), ledgerHome.runId()));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    record Outcome(int exit, String out, String err) {
    }

    static Outcome run(Job job, Path output, String... overrides) {
        List<String> args = new java.util.ArrayList<>(List.of("--input", input.toString(), "--output", output.toString()));
        for (String override : overrides) {
            args.addAll(List.of("--set", override));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = JobRunner.run(job, args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static JsonNode read(Path file) {
        return JsonFiles.read(file.toString(), new Configuration());
    }

    static String commitOf(Path output, String step) {
        return read(Path.of(new RunLayout(output.toString()).marker(step))).path("commitId").asText();
    }

    @Test
    void runsEveryStepCommitsItsOutputsWritesItsMarkerAndMergesItsSections() throws IOException {
        Path output = work.resolve("first");
        Files.createDirectories(output);
        Files.writeString(output.resolve("summary.json"), "{\"note\":\"kept\"}");

        Outcome outcome = run(Job.of(TINY), output, "greentrain.train.epochs=4");

        assertThat(outcome.exit).as(outcome.err).isZero();
        assertThat(read(output.resolve("count/report.json")).path("count").asLong()).isEqualTo(3);
        assertThat(read(output.resolve("multiply/value.json")).path("value").asLong()).isEqualTo(12);
        assertThat(output.resolve("_staging/count-lines")).doesNotExist();
        JsonNode summary = read(output.resolve("summary.json"));
        assertThat(summary.path("note").asText()).as("sections of other jobs are kept").isEqualTo("kept");
        assertThat(summary.path("lines").path("count").asLong()).isEqualTo(3);
        assertThat(summary.path("lines").path("phase").asText()).as("the energy phase is the step's name")
                .isEqualTo("count-lines");
        assertThat(summary.path("product").path("value").asLong()).isEqualTo(12);
        assertThat(summary.path("product").path("input").asText())
                .isEqualTo("count-lines:" + commitOf(output, "count-lines"));
        assertThat(summary.path("job").asText()).isEqualTo("tiny");
        assertThat(summary.path("paths").path("output").asText()).isEqualTo(output.toString());
        assertThat(summary.path("stepSeconds").fieldNames()).toIterable().containsExactly("count-lines", "multiply");
        double stepsTogether = summary.path("stepSeconds").path("count-lines").asDouble()
                + summary.path("stepSeconds").path("multiply").asDouble();
        assertThat(summary.path("stepSeconds").path("count-lines").asDouble()).isPositive();
        assertThat(stepsTogether).isLessThanOrEqualTo(summary.path("durationSeconds").asDouble());
        assertThat(outcome.out).contains("greentrain tiny finished", "  lines     3", "  product   12");
    }

    @Test
    void skipsFinishedStepsAndRunsOnlyThoseWhoseConfigurationChanged() {
        Path output = work.resolve("again");
        assertThat(run(Job.of(TINY), output, "greentrain.train.epochs=2").exit).isZero();
        String countCommit = commitOf(output, "count-lines");
        String multiplyCommit = commitOf(output, "multiply");

        Outcome same = run(Job.of(TINY), output, "greentrain.train.epochs=2", "greentrain.output.dir=\"ignored\"");
        assertThat(same.out).contains("count-lines: skipped", "multiply: skipped");
        assertThat(commitOf(output, "multiply")).isEqualTo(multiplyCommit);
        assertThat(read(output.resolve("summary.json")).path("product").path("value").asLong())
                .as("sections restored from the markers").isEqualTo(6);
        assertThat(read(output.resolve("summary.json")).path("stepSeconds").size()).as("no step ran").isZero();

        Outcome changed = run(Job.of(TINY), output, "greentrain.train.epochs=5");
        assertThat(changed.exit).isZero();
        assertThat(changed.out).contains("count-lines: skipped").doesNotContain("multiply: skipped");
        assertThat(commitOf(output, "count-lines")).isEqualTo(countCommit);
        assertThat(commitOf(output, "multiply")).isNotEqualTo(multiplyCommit);
        assertThat(read(output.resolve("summary.json")).path("product").path("value").asLong()).isEqualTo(15);
        assertThat(read(output.resolve("summary.json")).path("stepSeconds").fieldNames()).toIterable()
                .containsExactly("multiply");
    }

    @Test
    void aStepRunAloneNeedsItsUpstreamsMarker() {
        Outcome alone = run(Job.of(TINY, TINY.steps().get(1)), work.resolve("empty"));

        assertThat(alone.exit).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(alone.err).contains("multiply needs the finished output of count-lines")
                .contains("run count-lines (or tiny) first");
    }
}
