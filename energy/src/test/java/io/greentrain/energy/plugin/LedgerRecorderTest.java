package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.ledger.LedgerEntry;
import io.greentrain.energy.ledger.LedgerRecord;
import io.greentrain.energy.ledger.SealRecord;
import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.energy.ledger.LedgerVerifier;
import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.nio.file.Path;
import java.time.Instant;
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

        LedgerRecorder recorder = new LedgerRecorder(accounting, timeline, EnergySettings.from(conf), "app-1", new Configuration());
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

    @Test
    void writesWorkLinesInOrderAfterTheEnergyOfWindowsThatEndedBeforeThem() throws Exception {
        TaskTimeline timeline = new TaskTimeline();
        timeline.record("1", new TaskTimeline.TaskSpan(0, 2_000, "train/epoch-1", 7));
        timeline.record("1", new TaskTimeline.TaskSpan(2_000, 4_000, "train/epoch-2", 8));
        EnergyAccounting accounting = new EnergyAccounting(timeline);
        accounting.add(sample("1", "host", 0, 0, 2_000, 1_000));
        Map<String, String> conf = Map.of(
                "spark.greentrain.energy.ledger.path", dir.resolve("ledger").toString(),
                "spark.greentrain.energy.ledger.runId", "r1",
                "spark.greentrain.energy.carbon.intensity", "100",
                "spark.master", "local[2]");
        LedgerRecorder recorder = new LedgerRecorder(accounting, timeline, EnergySettings.from(conf), "app-1", new Configuration());

        assertThat(recorder.recordWork("train/epoch-1", WorkRecord.EXAMPLES, 2048, Instant.ofEpochMilli(2_100)))
                .isTrue();
        // The epoch's work waits until the recording cutoff passes the time it was recorded.
        recorder.recordUpTo(2_050);
        accounting.add(sample("1", "host", 1, 2_000, 4_000, 1_000));
        recorder.recordWork("train/epoch-2", WorkRecord.EXAMPLES, 2040, Instant.ofEpochMilli(4_100));
        recorder.recordWork("train/epoch-2", WorkRecord.TOKENS, 99, Instant.ofEpochMilli(4_100));
        recorder.recordUpTo(3_000);
        recorder.close();
        assertThat(recorder.recordWork("train/epoch-3", WorkRecord.EXAMPLES, 1, Instant.ofEpochMilli(5_000)))
                .as("work after the ledger closed is refused, not silently kept").isFalse();

        List<LedgerRecord> lines = lines();
        assertThat(lines).extracting(LedgerRecord::phase, r -> r instanceof WorkRecord w ? w.unit()
                        : r instanceof SealRecord ? "seal" : "energy")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("train/epoch-1", "energy"),
                        org.assertj.core.groups.Tuple.tuple("train/epoch-1", "examples"),
                        org.assertj.core.groups.Tuple.tuple("train/epoch-2", "energy"),
                        org.assertj.core.groups.Tuple.tuple("train/epoch-2", "examples"),
                        org.assertj.core.groups.Tuple.tuple("train/epoch-2", "tokens"),
                        org.assertj.core.groups.Tuple.tuple(null, "seal"));
        assertThat(lines).extracting(LedgerRecord::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        SealRecord seal = (SealRecord) lines.get(5);
        assertThat(seal.reason()).isEqualTo(SealRecord.COMPLETED);
        assertThat(seal.applicationId()).isEqualTo("app-1");
        assertThat(seal.energyEntries()).isEqualTo(2);
        assertThat(seal.workLines()).isEqualTo(3);
        assertThat(seal.joules()).isCloseTo(2_000, within(1e-9));
        assertThat(seal.signed()).isFalse();
        assertThat(recorder.sealedHead()).hasValue(new LedgerVerifier(fs(), ledger()).verify("r1").headHash());
        assertThat(new LedgerVerifier(fs(), ledger()).verify("r1").status())
                .isEqualTo(io.greentrain.energy.ledger.RunVerification.Status.SEALED);
        WorkRecord first = (WorkRecord) lines.get(1);
        assertThat(first.amount()).isEqualTo(2048);
        assertThat(first.applicationId()).isEqualTo("app-1");
        assertThat(first.recordedAt()).isEqualTo("1970-01-01T00:00:02.100Z");
        assertThat(new LedgerVerifier(fs(), ledger()).verifyAll().ok()).isTrue();
        // Work lines hold no energy: the totals count the energy entries only.
        assertThat(recorder.totals().entries()).isEqualTo(2);
        assertThat(recorder.totals().joules()).isCloseTo(2_000, within(1e-9));
    }

    @Test
    void labelsAShareOfAHostCounterAsSplitByCpuTimeAndKeepsOwnCountersAndEstimatesAsTheyAre() throws Exception {
        TaskTimeline timeline = new TaskTimeline();
        timeline.record("1", new TaskTimeline.TaskSpan(0, 1_000, "train/epoch-1", 7));
        timeline.record("2", new TaskTimeline.TaskSpan(0, 1_000, "train/epoch-1", 7));
        EnergyAccounting accounting = new EnergyAccounting(timeline);
        // Executor 1 reads the host's RAPL package for both; executor 2 also has a GPU and a CPU-time estimate.
        accounting.add(new EnergySample("1", "host", 0, 0, 1_000, 3_000_000, true, 1.0,
                List.of(new DomainEnergy("cpu-package", Scope.HOST, MeasurementMethod.COUNTER, 90, "intel-rapl:0")),
                false));
        accounting.add(new EnergySample("2", "host", 0, 0, 1_000, 1_000_000, false, 1.0,
                List.of(new DomainEnergy("gpu-GPU-1", Scope.PROCESS, MeasurementMethod.COUNTER, 50, "nvml GPU-1"),
                        new DomainEnergy("memory-estimated", Scope.PROCESS, MeasurementMethod.ESTIMATED, 5,
                                "estimated: 4 GB x 0.375 W/GB")),
                false));
        Map<String, String> conf = Map.of(
                "spark.greentrain.energy.ledger.path", dir.resolve("ledger").toString(),
                "spark.greentrain.energy.ledger.runId", "r1",
                "spark.greentrain.energy.carbon.intensity", "100",
                "spark.master", "local[2]");
        LedgerRecorder recorder = new LedgerRecorder(accounting, timeline, EnergySettings.from(conf), "app-1",
                new Configuration());
        recorder.close();

        List<LedgerEntry> entries = lines().stream().filter(LedgerEntry.class::isInstance)
                .map(LedgerEntry.class::cast).toList();
        assertThat(entries).filteredOn(e -> e.device().equals("cpu-package"))
                .extracting(LedgerEntry::executorId, LedgerEntry::method, LedgerEntry::joules)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("1", "counter, split by CPU time share", 67.5),
                        org.assertj.core.groups.Tuple.tuple("2", "counter, split by CPU time share", 22.5));
        assertThat(entries).filteredOn(e -> e.device().equals("gpu-GPU-1")).extracting(LedgerEntry::method)
                .containsExactly("counter");
        assertThat(entries).filteredOn(e -> e.device().equals("memory-estimated"))
                .extracting(LedgerEntry::method, LedgerEntry::provenance)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("estimated", "estimated: 4 GB x 0.375 W/GB"));
    }

    @Test
    void recordsHowSureEachEntryIsFromItsMethodItsEnergyAndItsWindow() throws Exception {
        TaskTimeline timeline = new TaskTimeline();
        timeline.record("1", new TaskTimeline.TaskSpan(0, 1_000, "train/epoch-1", 7));
        EnergyAccounting accounting = new EnergyAccounting(timeline);
        accounting.add(new EnergySample("1", "host", 0, 0, 1_000, 1_000_000, true, 1.0,
                List.of(new DomainEnergy("cpu-package", Scope.HOST, MeasurementMethod.COUNTER, 80, "intel-rapl:0"),
                        new DomainEnergy("gpu-GPU-1", Scope.PROCESS, MeasurementMethod.COUNTER, 200, "nvml GPU-1"),
                        new DomainEnergy("cpu-estimated", Scope.PROCESS, MeasurementMethod.ESTIMATED, 5, "estimated")),
                false));
        Map<String, String> conf = Map.of(
                "spark.greentrain.energy.ledger.path", dir.resolve("ledger").toString(),
                "spark.greentrain.energy.ledger.runId", "r1",
                "spark.greentrain.energy.carbon.intensity", "100",
                "spark.master", "local[2]");
        new LedgerRecorder(accounting, timeline, EnergySettings.from(conf), "app-1", new Configuration()).close();

        Map<String, Double> uncertainty = lines().stream().filter(LedgerEntry.class::isInstance)
                .map(LedgerEntry.class::cast)
                .collect(java.util.stream.Collectors.toMap(LedgerEntry::device, LedgerEntry::relativeUncertainty));
        // One-second windows: RAPL 2 x 2^-14 J / 80 J + 2 x 1 ms / 1 s; NVML 5% + 2 x 1 mJ / 200 J + 2 x 100 ms / 1 s.
        assertThat(uncertainty.get("cpu-package")).isCloseTo(2 * Math.scalb(1.0, -14) / 80 + 0.002, within(1e-12));
        assertThat(uncertainty.get("gpu-GPU-1")).isCloseTo(0.05 + 0.00001 + 0.2, within(1e-12));
        assertThat(uncertainty.get("cpu-estimated")).isEqualTo(0.5);
    }

    @Test
    void acceptsNoWorkWithoutALedgerAndRefusesBadWork() {
        TaskTimeline timeline = new TaskTimeline();
        LedgerRecorder recorder = new LedgerRecorder(new EnergyAccounting(timeline), timeline,
                EnergySettings.from(Map.of("spark.master", "local[2]", "spark.greentrain.energy.carbon.intensity", "100")),
                "app-1",
                new Configuration());

        assertThat(recorder.recordWork("train/epoch-1", "tokens", 5, Instant.EPOCH)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> recorder.recordWork("train/epoch-1", "tokens", -5, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero or more");
        recorder.close();
    }

    private FileSystem fs() throws java.io.IOException {
        return FileSystem.getLocal(new Configuration());
    }

    private org.apache.hadoop.fs.Path ledger() {
        return new org.apache.hadoop.fs.Path(dir.resolve("ledger").toString());
    }

    private List<LedgerRecord> lines() throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir.resolve("ledger").resolve("run=r1"))) {
            return List.of();
        }
        try (var stream = new LedgerReader(fs(), ledger()).records("r1")) {
            return stream.collect(Collectors.toList());
        }
    }
}
