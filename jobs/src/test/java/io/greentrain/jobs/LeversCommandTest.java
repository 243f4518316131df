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

/** The levers job on the first 600 Ames rows, a grid of two settings, two epochs each. */
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
                "  { name = narrow-sgd, set { greentrain.model.hidden-layers = [8], greentrain.model.optimizer = sgd-momentum } }",
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
                    "--grid", grid.toString(), "--set", "greentrain.train.epochs=2",
                    "--set", "greentrain.train.target=\"r2 >= -100\"");
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            spark.stop();
        }

        JsonNode summary = JsonFiles.read(output.resolve("levers/summary.json").toString(), new Configuration());
        JsonNode rows = summary.path("settings");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("name").asText()).isEqualTo("default");
        assertThat(rows.get(1).path("overrides").toString()).contains("greentrain.model.optimizer=\\\"sgd-momentum\\\"");
        for (JsonNode row : rows) {
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
        }
        assertThat(rows.get(1).path("parameters").asLong()).isLessThan(rows.get(0).path("parameters").asLong());
        assertThat(summary.path("recommended").asText()).isIn("default", "narrow-sgd");
        assertThat(Path.of(output.resolve("levers/narrow-sgd/model/network.zip").toString())).isRegularFile();
        assertThat(Files.readString(output.resolve("levers/table.md"))).contains("| default").contains("| narrow-sgd");
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
}
