package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.EnergyPlugin;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.formats.JsonFiles;
import io.greentrain.testsupport.LocalSpark;
import io.greentrain.training.EpochStats;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;
import io.greentrain.training.stop.EpochCosts;
import io.greentrain.training.stop.RunCost;
import io.greentrain.training.stop.StopSettings;
import io.greentrain.training.stop.Target;
import io.greentrain.training.stop.TrainingMonitor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingOutcomeTest {

    @TempDir
    Path dir;

    /** 1000 J and 0.5 g per epoch; the run spent 200 J before training. */
    private static final class FixedCosts implements EpochCosts {
        private double trainingJoules;

        @Override
        public RunCost epoch(int epoch, double seconds) {
            trainingJoules += 1000;
            return new RunCost(seconds, 1000, 0.5);
        }

        @Override
        public RunCost run(double seconds) {
            return new RunCost(seconds, 200 + trainingJoules, trainingJoules / 2000);
        }

        @Override
        public boolean estimated() {
            return true;
        }
    }

    @Test
    void aRunStoppedByItsBudgetSaysWhyInTheSummaryAndTheLedger() throws IOException {
        String ledger = dir.resolve("ledger").toUri().toString();
        SparkSession spark = LocalSpark.session("greentrain-training-outcome", Map.of(
                "spark.plugins", EnergyPlugin.class.getName(),
                EnergyConf.LEDGER_PATH.key(), ledger,
                EnergyConf.LEDGER_RUN_ID.key(), "outcome"));
        ObjectNode train = JsonFiles.newObject();
        try {
            // The third epoch would take the run from 2,200 J to 3,200 J, over the budget of 3,000 J.
            StopSettings settings = new StopSettings("rmse", false, 0, 0, new Target("r2", true, 0.8), false, 3000, 0,
                    true);
            List<Map<String, Double>> validation = List.of(Map.of("rmse", 20.0, "r2", 0.85),
                    Map.of("rmse", 25.0, "r2", 0.80));
            TrainingMonitor monitor = new TrainingMonitor(settings, 10, 1,
                    (stats, network) -> validation.get(stats.epoch() - 1), new FixedCosts(), line -> { });
            for (int epoch = 1; epoch <= 10 && !monitor.stopRequested(); epoch++) {
                monitor.onEpochEnd(new EpochStats(epoch, 0.5, 10, 64),
                        RegressionNetworks.build(new NetworkSpec(List.of(2), "relu", 0.01, 0, epoch), 2));
            }

            TrainingOutcome.record(spark.sparkContext(), monitor, 10, train);
        } finally {
            spark.stop();
        }

        assertThat(train.path("epochsRun").asInt()).isEqualTo(2);
        assertThat(train.path("keptEpoch").asInt()).isEqualTo(1);
        assertThat(train.path("stop").path("reason").asText()).isEqualTo("energy-budget");
        assertThat(train.path("stop").path("afterEpoch").asInt()).isEqualTo(2);
        assertThat(train.path("target").path("epoch").asInt()).isEqualTo(1);
        assertThat(train.path("target").path("joules").asDouble()).isEqualTo(1000);
        assertThat(train.path("forecast").path("joules").asDouble()).isEqualTo(10_000);
        assertThat(train.path("forecast").has("relativeError")).as("no comparison for a run stopped early").isFalse();

        org.apache.hadoop.fs.Path ledgerPath = new org.apache.hadoop.fs.Path(ledger);
        List<String> events;
        try (var records = new LedgerReader(ledgerPath.getFileSystem(new Configuration()), ledgerPath).records()) {
            events = records.filter(WorkRecord.class::isInstance).map(WorkRecord.class::cast)
                    .map(w -> w.phase() + " " + w.unit() + " " + w.amount()).toList();
        }
        assertThat(events).contains("train/epoch-2 early-stop-energy-budget 1", "train/epoch-1 target-reached 1");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TrainingOutcome.print(train, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("stop      energy-budget after epoch 2; kept epoch 1")
                .contains("target    r2 >= 0.8 reached at epoch 1")
                .contains("(energy estimated)");
    }
}
