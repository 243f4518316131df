package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The levers job on the first 600 Ames rows, two epochs per setting: the default, a narrow network in
 * half precision re-batched to 64, a pruned and int8-quantised one, and one in a precision DL4J refuses; the
 * first setting runs once before them as an unreported warm-up.
 */
class LeversCommandTest {

    @TempDir
    Path work;

    private static int run(Job job, ByteArrayOutputStream out, String... args) {
        return JobRunner.run(job, args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    }

    @Test
    void aTinyGridWritesOneRowPerSettingWithEveryFigureAndMarksTheParetoFront() throws IOException {
        Path sample = work.resolve("ames-sample.csv");
        try (Stream<String> lines = Files.lines(Path.of(AmesPipelineEndToEndTest.AMES_CSV))) {
            Files.write(sample, lines.limit(601).toList());
        }
        Path grid = work.resolve("levers.conf");
        Files.writeString(grid, String.join("\n",
                "levers = [",
                "  { name = default }",
                "  { name = narrow-sgd, set { greentrain.model.hidden-layers = [8], greentrain.model.optimizer = sgd-momentum,",
                "                             greentrain.train.batch-size-per-worker = 64, greentrain.model.data-type = half } }",
                "  { name = pruned-int8, set { greentrain.levers.prune.sparsity = 0.5, greentrain.levers.prune.fine-tune-epochs = 1,",
                "                              greentrain.levers.quantize = int8 } }",
                "  { name = bfloat16, set { greentrain.model.data-type = bfloat16 } }",
                "]"));
        Path output = work.resolve("run");
        RunLayout layout = new RunLayout(output.toString());
        SparkSession spark = LocalSpark.session("greentrain-levers-test", Map.of(
                "spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName(),
                io.greentrain.energy.EnergyConf.LEDGER_PATH.key(), layout.ledger(),
                io.greentrain.energy.EnergyConf.LEDGER_RUN_ID.key(), layout.runId()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            String[] prepare = {"--config", AmesPipelineEndToEndTest.AMES_CONF, "--input", sample.toString(),
                "--output", output.toString()};
            assertThat(run(Job.fromCliName("clean"), out, prepare)).isZero();
            assertThat(run(Job.fromCliName("convert"), out, prepare)).isZero();

            int exit = run(Job.LEVERS, out, "--config", AmesPipelineEndToEndTest.AMES_CONF, "--output", output.toString(),
                    "--grid", grid.toString(), "--warm-up", "--set", "greentrain.train.epochs=2",
                    "--set", "greentrain.train.target=\"r2 >= -100\"");
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            spark.stop();
        }

        JsonNode summary = JsonFiles.read(output.resolve("levers/summary.json").toString(), new Configuration());
        JsonNode rows = summary.path("settings");
        assertThat(rows).hasSize(4);
        // The warm-up trained the first setting once in its own folder and is in no row.
        JsonNode warmUp = summary.path("warmUp");
        assertThat(warmUp.path("setting").asText()).isEqualTo("default");
        assertThat(warmUp.has("failed")).as(warmUp.path("failed").asText()).isFalse();
        assertThat(warmUp.path("epochsRun").asInt()).isEqualTo(2);
        assertThat(warmUp.path("joules").asDouble()).isPositive();
        assertThat(Path.of(output.resolve(LeversCommand.WARM_UP_FOLDER + "/model/network.zip").toString())).isRegularFile();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("warm-up: default, not reported");
        assertThat(rows.get(0).path("name").asText()).isEqualTo("default");
        assertThat(rows.get(1).path("overrides").toString()).contains("greentrain.model.optimizer=\\\"sgd-momentum\\\"");
        JsonNode failed = rows.get(3);
        assertThat(failed.path("name").asText()).isEqualTo("bfloat16");
        assertThat(failed.path("failed").asText()).startsWith("error: levers failed: ").contains("BFLOAT16");
        assertThat(failed.path("paretoFront").asBoolean()).isFalse();
        for (JsonNode row : List.of(rows.get(0), rows.get(1), rows.get(2))) {
            assertThat(row.has("failed")).as(row.path("failed").asText()).isFalse();
            assertThat(row.path("validation").path("r2").isNumber()).isTrue();
            assertThat(row.path("epochsRun").asInt()).isEqualTo(2);
            assertThat(row.path("joules").asDouble()).isPositive();
            assertThat(row.path("gco2e").asDouble()).isPositive();
            assertThat(row.path("seconds").asDouble()).isPositive();
            assertThat(row.path("target").path("reached").asBoolean()).isTrue();
            assertThat(row.path("examplesTrained").asLong()).isPositive();
            assertThat(row.path("trainingFlops").asDouble())
                    .isEqualTo(6.0 * row.path("parameters").asLong() * row.path("examplesTrained").asLong());
            assertThat(row.has("paretoFront")).isTrue();
            // The delivered network scored the validation rows in its own phase, at least once.
            JsonNode inference = row.path("inference");
            assertThat(inference.path("predictions").asLong()).isGreaterThanOrEqualTo(row.path("validation").path("rows").asLong())
                    .isPositive();
            assertThat(inference.path("joules").asDouble()).isPositive();
            assertThat(inference.path("predictionsPerJoule").asDouble())
                    .isCloseTo(inference.path("predictions").asDouble() / inference.path("joules").asDouble(),
                            org.assertj.core.api.Assertions.within(1e-6));
        }
        JsonNode rebatched = rows.get(1);
        assertThat(rebatched.path("rebatched").asBoolean()).isTrue();
        assertThat(rebatched.path("batchSizePerWorker").asInt()).isEqualTo(64);
        assertThat(rebatched.path("dataType").asText()).isEqualTo("half");
        assertThat(rebatched.path("examplesTrained").asLong()).isEqualTo(rows.get(0).path("examplesTrained").asLong());
        assertThat(rows.get(0).path("rebatched").asBoolean()).isFalse();
        assertThat(io.greentrain.formats.MinibatchFolder.list(output.resolve("levers/narrow-sgd/minibatches/train")
                .toString(), new Configuration())).hasSize((int) Math.ceil(rebatched.path("examplesTrained").asLong() / 2 / 64.0));
        JsonNode compression = rows.get(2).path("compression");
        assertThat(compression.path("sparsityReached").asDouble()).isGreaterThanOrEqualTo(0.49);
        assertThat(compression.path("fineTuneEpochs").asInt()).isEqualTo(1);
        assertThat(compression.path("quantize").asText()).isEqualTo("int8");
        assertThat(compression.path("int8MaxErrorInSteps").asDouble()).isLessThanOrEqualTo(0.5 + 1e-6);
        assertThat(compression.path("joules").asDouble()).isPositive();
        assertThat(compression.path("change").path("r2").asDouble()).isCloseTo(rows.get(2).path("validation").path("r2")
                .asDouble() - compression.path("validationBefore").path("r2").asDouble(),
                org.assertj.core.api.Assertions.within(1e-9));
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork compressed = io.greentrain.training.NetworkFiles.load(
                output.resolve("levers/pruned-int8/" + LeversCommand.COMPRESSED_MODEL).toString(), new Configuration());
        assertThat((double) io.greentrain.training.levers.MagnitudePruning.countZeros(compressed)
                / compression.path("weights").asLong()).isGreaterThanOrEqualTo(0.49);
        assertThat(rows.get(1).path("parameters").asLong()).isLessThan(rows.get(0).path("parameters").asLong());
        assertThat(summary.path("recommended").asText()).isIn("default", "narrow-sgd", "pruned-int8");
        assertThat(Path.of(output.resolve("levers/narrow-sgd/model/network.zip").toString())).isRegularFile();
        System.out.print(Files.readString(output.resolve("levers/table.md")));
        assertThat(Files.readString(output.resolve("levers/table.md"))).contains("| default").contains("| narrow-sgd")
                .contains("| bfloat16 |").contains("failed: ").contains("int8").contains("batch 64 (re-batched)");
    }

    @Test
    void aGridWithoutNamesOrWithADuplicateIsOneClearError() throws IOException {
        Path noName = work.resolve("no-name.conf");
        Files.writeString(noName, "levers = [ { set { greentrain.model.optimizer = adamw } } ]");
        Path twice = work.resolve("twice.conf");
        Files.writeString(twice, "levers = [ { name = a }, { name = a } ]");

        assertThatThrownBy(() -> LeversCommand.readGrid(noName.toString())).hasMessageContaining("levers[0] needs a name");
        assertThatThrownBy(() -> LeversCommand.readGrid(twice.toString())).hasMessageContaining("'a' is used twice");
        assertThatThrownBy(() -> LeversCommand.readGrid(work.resolve("missing.conf").toString()))
                .hasMessageContaining("--grid: no such file");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode scored(String name, double joules, double r2) {
        com.fasterxml.jackson.databind.node.ObjectNode row = JsonFiles.newObject();
        row.put("name", name);
        row.put("joules", joules);
        row.putObject("validation").put("r2", r2);
        return row;
    }

    @Test
    void aFailedOrDivergedSettingIsNeitherOnTheParetoFrontNorRecommended() {
        com.fasterxml.jackson.databind.node.ObjectNode summary = JsonFiles.newObject();
        com.fasterxml.jackson.databind.node.ArrayNode rows = summary.putArray("settings");
        rows.add(scored("default", 100, 0.80));
        rows.add(scored("cheap", 50, 0.70));
        rows.add(LeversCommand.failedRow(new LeversCommand.Setting("bfloat16", List.of()), "error: refused"));
        rows.add(scored("diverged", 10, Double.NaN));
        io.greentrain.jobs.config.JobConfig config = io.greentrain.jobs.config.JobConfig.load(null,
                List.of("greentrain.train.target=\"r2 >= 0.75\""), new Configuration());

        LeversCommand.markFrontAndRecommendation(summary, config);

        assertThat(rows).extracting(row -> row.path("paretoFront").asBoolean()).containsExactly(true, true, false, false);
        assertThat(summary.path("recommended").asText()).isEqualTo("default");
        assertThat(LeversCommand.table(summary)).contains("| bfloat16 | \u2013 | 0 |").contains("failed: error: refused");
    }

    @Test
    void theNotesSayWhatBatchSizePrecisionAndCompressionDid() {
        com.fasterxml.jackson.databind.node.ObjectNode row = scored("pruned", 10, 0.8);
        row.put("rebatched", true);
        row.put("batchSizePerWorker", 64);
        row.put("dataType", "half");
        com.fasterxml.jackson.databind.node.ObjectNode compression = row.putObject("compression");
        compression.put("pruneSparsity", 0.5);
        compression.put("sparsityReached", 0.5);
        compression.put("fineTuneEpochs", 2);
        compression.put("quantize", "int8");
        compression.putObject("change").put("r2", -0.0123);

        assertThat(LeversCommand.notes(row, "r2"))
                .isEqualTo("batch 64 (re-batched); half; pruned to 50.0% zeros, 2 fine-tuning epochs; int8; r2 change -0.0123");
    }
}
