package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.ledger.LedgerEntry;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.energy.ledger.LedgerVerifier;
import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerRecorderTest {

    @TempDir
    Path dir;

    private static EnergySample sample(String executor, String host, long seq, long start, long end, double joules) {
        return new EnergySample(executor, host, seq, start, end, 1_000_000, false, Double.NaN,
                List.of(new DomainEnergy("cpu-estimated", Scope.PROCESS, MeasurementMethod.ESTIMATED, joules, "model")),
                false);
    }

    @Test
    void writesChainedEntriesThatAccountEachHostsZoneAndConserveEnergy() throws Exception {
        TaskTimeline timeline = new TaskTimeline();
        timeline.record("1", new TaskTimeline.TaskSpan(0, 500, "train/epoch-1", 7));
        EnergyAccounting accounting = new EnergyAccounting(timeline);
        accounting.add(sample("1", "de-host", 0, 0, 1_000, 3_600_000));
        accounting.add(sample("2", "fr-host", 0, 0, 1_000, 3_600_000));
        Map<String, String> conf = Map.of(
                "spark.greentrain.energy.ledger.path", dir.resolve("ledger").toString(),
                "spark.greentrain.energy.ledger.runId", "r1",
                "spark.greentrain.energy.carbon.intensity", "100",
                "spark.greentrain.energy.carbon.hostZones", "de-host=DE,fr-host=FR",
                "spark.greentrain.energy.carbon.zonePue", "DE=1.2",
                "spark.greentrain.energy.carbon.serverCores", "32",
                "spark.executor.cores", "4",
                "spark.master", "spark://cluster:7077");

        LedgerRecorder recorder = new LedgerRecorder(accounting, timeline, conf, "app-1", new Configuration());
        CarbonTotals totals = recorder.recordAllAndFlush();
        recorder.close();

        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path ledger = new org.apache.hadoop.fs.Path(dir.resolve("ledger").toString());
        assertThat(new LedgerVerifier(fs, ledger).verifyAll().ok()).isTrue();
        List<LedgerEntry> entries;
        try (var stream = new LedgerReader(fs, ledger).entries("r1")) {
            entries = stream.collect(Collectors.toList());
        }
        // 1 kWh per executor: executor 1 is half busy (train/epoch-1, stage 7) and half idle.
        assertThat(entries.stream().mapToDouble(LedgerEntry::joules).sum()).isCloseTo(7_200_000, within(1e-6));
        LedgerEntry train = entries.stream().filter(e -> e.phase().equals("train/epoch-1")).findFirst().orElseThrow();
        assertThat(train.stage()).isEqualTo("7");
        assertThat(train.zone()).isEqualTo("DE");
        assertThat(train.pue()).isEqualTo(1.2);
        // 0.5 kWh x 1.2 x 100 g/kWh
        assertThat(train.locationGrams()).isCloseTo(60, within(1e-9));
        LedgerEntry french = entries.stream().filter(e -> e.executorId().equals("2")).findFirst().orElseThrow();
        assertThat(french.zone()).isEqualTo("FR");
        assertThat(french.pue()).isEqualTo(1.56);
        // Location-based total: DE 1 kWh x 1.2 x 100 + FR 1 kWh x 1.56 x 100.
        assertThat(totals.locationGrams()).isCloseTo(120 + 156, within(1e-9));
        // Embodied: one share per executor and window, whatever the number of phases in it.
        double embodiedOne = entries.stream().filter(e -> e.executorId().equals("1"))
                .mapToDouble(LedgerEntry::embodiedGrams).sum();
        double embodiedTwo = entries.stream().filter(e -> e.executorId().equals("2"))
                .mapToDouble(LedgerEntry::embodiedGrams).sum();
        assertThat(embodiedOne).isPositive().isCloseTo(embodiedTwo, within(1e-12));
        assertThat(entries).extracting(LedgerEntry::sequence).containsExactly(0L, 1L, 2L);
    }
}
