package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.EnergyPlugin;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.energy.ledger.WorkRecord;
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
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline whose training crashes after its second epoch (the disk fills while the third
 * epoch's checkpoint is written) is run again: training resumes at epoch 3 from the checkpoint in
 * {@code _checkpoints/train/}, says so, counts every epoch's examples once in the ledger, and a
 * third run skips the finished step instead of training again. A step that crashed after its last
 * epoch's checkpoint trains nothing when run again and still validates the model. Ames rows.
 */
class TrainResumeTest {

    @TempDir
    static Path work;

    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        RunLayout layout = new RunLayout(work.resolve("run").toString());
        spark = LocalSpark.session("greentrain-train-resume-test", Map.of(
                "spark.hadoop.fs." + FaultyFileSystem.SCHEME + ".impl", FaultyFileSystem.class.getName(),
                "spark.hadoop.fs.AbstractFileSystem." + FaultyFileSystem.SCHEME + ".impl",
                FaultyFileSystem.AbstractFaulty.class.getName(),
                "spark.plugins", EnergyPlugin.class.getName(),
                EnergyConf.LEDGER_PATH.key(), layout.ledger(),
                EnergyConf.LEDGER_RUN_ID.key(), layout.runId()));
    }

    @AfterAll
    static void stopSpark() {
        FaultyFileSystem.fullDiskUnder = null;
        spark.stop();
    }

    record Outcome(int exit, String out, String err) {
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = JobRunner.run(Job.fromCliName("pipeline"), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        System.err.print(err.toString(StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The {@code examples} work lines in the session's ledger so far. */
    static List<WorkRecord> examplesLines() throws IOException {
        RunLayout ledgerLayout = new RunLayout(work.resolve("run").toString());
        org.apache.hadoop.fs.Path ledger = new org.apache.hadoop.fs.Path(ledgerLayout.ledger());
        FileSystem fs = FileSystem.getLocal(new Configuration());
        if (!fs.exists(ledger)) {
            return List.of();
        }
        try (Stream<WorkRecord> lines = new LedgerReader(fs, ledger).work(ledgerLayout.runId())) {
            return lines.filter(line -> line.unit().equals(WorkRecord.EXAMPLES)).toList();
        }
    }

    @Test
    void aTrainingThatCrashedAfterEpochTwoResumesAtEpochThreeAndAFinishedOneIsNotTrainedAgain() throws IOException {
        Path sample = work.resolve("ames-sample.csv");
        try (Stream<String> lines = Files.lines(Path.of(AmesPipelineEndToEndTest.AMES_CSV))) {
            Files.write(sample, lines.limit(601).toList());
        }
        Path output = work.resolve("run");
        RunLayout layout = new RunLayout(output.toString());
        String[] args = {"--config", AmesPipelineEndToEndTest.AMES_CONF, "--input", sample.toString(),
            "--output", FaultyFileSystem.SCHEME + "://" + output, "--set", "greentrain.train.epochs=3"};

        // The session's ledger is shared by this class's tests: only the lines written from here on count.
        long sequenceBefore = examplesLines().stream().mapToLong(WorkRecord::sequence).max().orElse(-1);
        FaultyFileSystem.fullDiskUnder = "/_checkpoints/train/_writing-epoch-000003";
        Outcome crashed = run(args);
        assertThat(crashed.exit()).as("exit code; stderr: %s", crashed.err()).isEqualTo(JobRunner.FAILED);
        assertThat(crashed.err()).contains("train");
        assertThat(Path.of(layout.checkpoints("train"), "epoch-000002")).isDirectory();
        assertThat(Path.of(layout.marker("train"))).doesNotExist();

        FaultyFileSystem.fullDiskUnder = null;
        Outcome resumed = run(args);
        assertThat(resumed.exit()).as("exit code; stderr: %s", resumed.err()).isZero();
        assertThat(resumed.out()).contains("train: resuming after epoch 2 from its checkpoint")
                .contains("early stopping goes on from there (best rmse")
                .contains("train: epoch 3/3").doesNotContain("train: epoch 1/3")
                .contains("resumed at epoch 3 from a checkpoint");
        JsonNode train = JsonFiles.read(layout.summary(), new Configuration()).path("train");
        assertThat(train.path("resumedFromEpoch").asInt()).isEqualTo(3);
        assertThat(train.path("epochsRun").asInt()).isEqualTo(3);
        assertThat(train.path("history")).hasSize(3);
        assertThat(train.path("history").get(0).has("validation")).as("validated by the crashed run").isFalse();
        assertThat(train.path("history").get(2).has("validation")).isTrue();
        assertThat(train.path("forecast").path("actual").path("epochs").asInt())
                .as("the epochs whose cost the actual figures hold: this run's").isEqualTo(1);
        assertThat(train.path("forecast").path("epochs").asInt()).isEqualTo(1);
        assertThat(train.path("examplesTrained").asLong()).isEqualTo(3 * train.path("examplesPerEpoch").asLong());
        assertThat(Path.of(layout.checkpoints("train"))).as("removed once the step committed").doesNotExist();

        assertThat(examplesLines().stream().filter(line -> line.sequence() > sequenceBefore).map(WorkRecord::phase))
                .as("each epoch's examples once, over both runs")
                .containsExactlyInAnyOrder("train/epoch-1", "train/epoch-2", "train/epoch-3");

        Outcome again = run(args);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("train: skipped").doesNotContain("train: epoch");
        assertThat(JsonFiles.read(layout.summary(), new Configuration()).path("train").path("resumedFromEpoch").asInt())
                .as("the finished run's summary, restored from its marker").isEqualTo(3);
    }

    @Test
    void aTrainStepThatCrashedAfterItsLastEpochResumesWithNothingToTrainAndStillValidatesTheModel() throws IOException {
        Path sample = work.resolve("ames-sample-2.csv");
        try (Stream<String> lines = Files.lines(Path.of(AmesPipelineEndToEndTest.AMES_CSV))) {
            Files.write(sample, lines.limit(401).toList());
        }
        Path output = work.resolve("run-2");
        RunLayout layout = new RunLayout(output.toString());
        String[] args = {"--config", AmesPipelineEndToEndTest.AMES_CONF, "--input", sample.toString(),
            "--output", FaultyFileSystem.SCHEME + "://" + output, "--set", "greentrain.train.epochs=2"};

        // Training finished and checkpointed epoch 2; writing the model into the step's staging folder fails.
        FaultyFileSystem.fullDiskUnder = "/_staging/train/model";
        assertThat(run(args).exit()).isEqualTo(JobRunner.FAILED);
        assertThat(Path.of(layout.checkpoints("train"), "epoch-000002")).isDirectory();

        FaultyFileSystem.fullDiskUnder = null;
        Outcome resumed = run(args);
        assertThat(resumed.exit()).as("exit code; stderr: %s", resumed.err()).isZero();
        assertThat(resumed.out()).doesNotContain("train: epoch ");
        JsonNode summary = JsonFiles.read(layout.summary(), new Configuration());
        assertThat(summary.path("train").path("resumedFromEpoch").asInt()).as("nothing left to train").isEqualTo(3);
        assertThat(summary.path("train").path("keptEpoch").asInt())
                .as("the best validated epoch, as the crashed run recorded it").isBetween(1, 2)
                .isEqualTo(summary.path("train").path("stop").path("bestEpoch").asInt());
        assertThat(summary.path("validation").path("rmse").isNumber()).as("the kept model validated").isTrue();
        assertThat(summary.path("test").path("rmse").isNumber()).isTrue();
    }
}
