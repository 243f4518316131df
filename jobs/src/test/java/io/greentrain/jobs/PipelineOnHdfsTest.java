package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ames pipeline reading its input from HDFS and writing everything (steps' outputs, markers,
 * summary, carbon ledger) to HDFS: a one-datanode MiniDFSCluster in this JVM on loopback, Spark in
 * local[2]. Two epochs on the first 1,000 rows.
 */
class PipelineOnHdfsTest {

    @TempDir
    static java.nio.file.Path base;

    static MiniDFSCluster hdfs;
    static FileSystem fs;
    static SparkSession spark;
    static String output;
    static int exit;
    static String progress;

    @BeforeAll
    static void runPipelineOnHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-bind-host", "127.0.0.1");
        hdfs = new MiniDFSCluster.Builder(conf, base.resolve("hdfs").toFile()).numDataNodes(1).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
        String root = fs.getUri().toString();

        java.nio.file.Path sample = base.resolve("ames.csv");
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of(AmesPipelineEndToEndTest.AMES_CSV))) {
            java.nio.file.Files.write(sample, lines.limit(1001).toList());
        }
        fs.copyFromLocalFile(new Path(sample.toString()), new Path("/input/ames.csv"));
        output = root + "/runs/ames";
        RunLayout layout = new RunLayout(output);
        spark = LocalSpark.session("greentrain-jobs-tests", Map.of(
                "spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName(),
                io.greentrain.energy.EnergyConf.LEDGER_PATH.key(), layout.ledger(),
                io.greentrain.energy.EnergyConf.LEDGER_RUN_ID.key(), layout.runId()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exit = JobRunner.run(Job.fromCliName("pipeline"), new String[] {"--config", AmesPipelineEndToEndTest.AMES_CONF,
            "--input", root + "/input/", "--output", output, "--set", "greentrain.train.epochs=2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        progress = out.toString(StandardCharsets.UTF_8);
        System.out.print(progress);
        // The energy plugin writes the rest of the ledger when the application ends.
        spark.stop();
    }

    @AfterAll
    static void stopHdfs() {
        if (spark != null) {
            spark.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
    }

    @Test
    void everyStepWritesItsOutputsAndMarkerToHdfs() throws IOException {
        assertThat(exit).as("pipeline exit code").isZero();
        RunLayout layout = new RunLayout(output);
        assertThat(output).startsWith("hdfs://");
        for (String path : new String[] {layout.summary(), layout.cleaned() + "/_SUCCESS", layout.cleanReport(),
            layout.quarantine() + "/_SUCCESS", layout.examples() + "/_SUCCESS", layout.model().network(),
            layout.model().features(), layout.model().metadata(), layout.model().jobConfig(),
            layout.model().featurePipeline() + "/metadata", layout.evaluationReport(),
            layout.testPredictions() + "/_SUCCESS"}) {
            assertThat(fs.exists(new Path(path))).as(path).isTrue();
        }
        FileStatus[] minibatches = fs.listStatus(new Path(layout.minibatches("train")));
        assertThat(minibatches).isNotEmpty().allSatisfy(f -> assertThat(f.getPath().getName()).endsWith(".bin"));
        for (Step step : Pipelines.TABULAR.steps()) {
            assertThat(fs.exists(new Path(layout.marker(step.name())))).as(step.name() + " marker").isTrue();
        }
        assertThat(fs.exists(new Path(output + "/_staging"))
                && fs.listStatus(new Path(output + "/_staging")).length > 0).as("staging left over").isFalse();

        JsonNode summary = JsonFiles.read(layout.summary(), new Configuration());
        assertThat(summary.path("clean").path("rowsIn").asLong()).isEqualTo(1000);
        assertThat(summary.path("clean").path("inputFiles").get(0).asText()).startsWith("hdfs://");
        assertThat(summary.path("test").path("rows").asLong()).isPositive();
        assertThat(summary.path("test").path("rmse").asDouble()).isPositive();
    }

    @Test
    void theCarbonLedgerOnHdfsVerifies() throws IOException {
        String ledger = new RunLayout(output).ledger();
        FileStatus[] runs = fs.globStatus(new Path(ledger + "/run=*/segment-*.jsonl"));
        assertThat(runs).isNotEmpty();

        ByteArrayOutputStream verifyOut = new ByteArrayOutputStream();
        int verified = JobRunner.run(Job.LEDGER, new String[] {"verify", ledger},
                new PrintStream(verifyOut, true, StandardCharsets.UTF_8), System.err);

        assertThat(verified).isZero();
        assertThat(verifyOut.toString(StandardCharsets.UTF_8)).contains("intact");
    }
}
