package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.ledger.CorrectionRecord;
import io.greentrain.energy.ledger.GapRecord;
import io.greentrain.energy.ledger.LedgerEntry;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.energy.ledger.LedgerRecord;
import io.greentrain.energy.ledger.LedgerVerifier;
import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples that arrive late, twice or never, through the driver's accounting and the carbon ledger: late energy is
 * written as correction lines, missing samples as gap lines, duplicates are dropped, and the ledger's energy always
 * equals the energy of the distinct samples received.
 */
class LateAndMissingSamplesTest {

    @TempDir
    Path dir;

    private final TaskTimeline timeline = new TaskTimeline();
    private final EnergyAccounting accounting = new EnergyAccounting(timeline);
    private LedgerRecorder recorder;
    private org.apache.hadoop.fs.Path ledger;

    @BeforeEach
    void openLedger() {
        ledger = new org.apache.hadoop.fs.Path(dir.resolve("ledger").toString());
        recorder = new LedgerRecorder(accounting, timeline, EnergySettings.from(Map.of(
                "spark.greentrain.energy.ledger.path", ledger.toString(),
                "spark.greentrain.energy.ledger.runId", "r1",
                "spark.greentrain.energy.carbon.intensity", "100")), "app-1", new Configuration());
    }

    private static EnergySample sample(String executor, long seq, double joules) {
        return new EnergySample(executor, "node-1", seq, seq * 1000, (seq + 1) * 1000, 1_000_000, false, Double.NaN,
                List.of(new DomainEnergy("cpu-estimated", Scope.PROCESS, MeasurementMethod.ESTIMATED, joules,
                        "model")), false);
    }

    private List<LedgerRecord> ledgerLines() throws Exception {
        recorder.close();
        FileSystem fs = FileSystem.getLocal(new Configuration());
        assertThat(new LedgerVerifier(fs, ledger).verifyAll().ok()).as("the chain verifies").isTrue();
        try (var lines = new LedgerReader(fs, ledger).records("r1")) {
            return lines.collect(Collectors.toList());
        }
    }

    private static double energyOf(List<LedgerRecord> lines) {
        return lines.stream().mapToDouble(line -> line instanceof LedgerEntry entry ? entry.joules()
                : line instanceof CorrectionRecord correction ? correction.joules() : 0).sum();
    }

    @Test
    void writesASampleThatArrivesAfterItsWindowWasWrittenAsACorrection() throws Exception {
        accounting.add(sample("1", 0, 10));
        accounting.add(sample("1", 2, 30));
        recorder.recordUpTo(3_000);
        accounting.add(sample("1", 1, 20));
        recorder.recordUpTo(4_000);

        List<LedgerRecord> lines = ledgerLines();

        assertThat(lines).filteredOn(CorrectionRecord.class::isInstance).singleElement().satisfies(line -> {
            CorrectionRecord correction = (CorrectionRecord) line;
            assertThat(correction.executorId()).isEqualTo("1");
            assertThat(correction.joules()).isCloseTo(20, within(1e-9));
            assertThat(correction.windowStart()).isEqualTo("1970-01-01T00:00:01Z");
            assertThat(correction.reason()).contains("sample 1 of executor 1").contains("after that window was written");
            assertThat(correction.locationGrams()).isCloseTo(20 / 3.6e6 * correction.pue() * 100, within(1e-12));
        });
        assertThat(energyOf(lines)).isCloseTo(60, within(1e-9));
        assertThat(recorder.totals().joules()).isCloseTo(60, within(1e-9));
        assertThat(accounting.report().joules()).isCloseTo(60, within(1e-9));
        assertThat(accounting.sequenceGaps()).isZero();
    }

    @Test
    void writesSamplesThatNeverArriveAsAGapWithItsWindowAndHandling() throws Exception {
        accounting.add(sample("1", 0, 10));
        accounting.add(sample("1", 3, 40));
        accounting.add(sample("2", 0, 5));
        recorder.recordUpTo(10_000);

        List<LedgerRecord> lines = ledgerLines();

        assertThat(lines).filteredOn(GapRecord.class::isInstance).singleElement().satisfies(line -> {
            GapRecord gap = (GapRecord) line;
            assertThat(gap.executorId()).isEqualTo("1");
            assertThat(gap.host()).isEqualTo("node-1");
            assertThat(gap.firstMissingSample()).isEqualTo(1);
            assertThat(gap.lastMissingSample()).isEqualTo(2);
            assertThat(gap.windowStart()).isEqualTo("1970-01-01T00:00:01Z");
            assertThat(gap.windowEnd()).isEqualTo("1970-01-01T00:00:03Z");
            assertThat(gap.handling()).isEqualTo(GapRecord.NOT_COUNTED);
        });
        assertThat(energyOf(lines)).isCloseTo(55, within(1e-9));
        assertThat(accounting.sequenceGaps()).isEqualTo(2);
    }

    @Test
    void writesAGapOnceAndTheSampleThatFillsItLaterAsACorrection() throws Exception {
        accounting.add(sample("1", 0, 10));
        accounting.add(sample("1", 2, 30));
        recorder.recordUpTo(3_000);
        recorder.recordUpTo(4_000);
        accounting.add(sample("1", 1, 20));
        recorder.recordUpTo(5_000);

        List<LedgerRecord> lines = ledgerLines();

        assertThat(lines).filteredOn(GapRecord.class::isInstance).hasSize(1);
        assertThat(lines).filteredOn(CorrectionRecord.class::isInstance).hasSize(1);
        // The correction comes after the gap it fills, in chain order.
        assertThat(lines.indexOf(lines.stream().filter(CorrectionRecord.class::isInstance).findFirst().orElseThrow()))
                .isGreaterThan(lines.indexOf(lines.stream().filter(GapRecord.class::isInstance).findFirst()
                        .orElseThrow()));
        assertThat(energyOf(lines)).isCloseTo(60, within(1e-9));
        assertThat(accounting.sequenceGaps()).isZero();
    }

    @Test
    void waitsForAReorderedSampleWithinTheRecordingLagInsteadOfWritingAGap() throws Exception {
        accounting.add(sample("1", 0, 10));
        accounting.add(sample("1", 2, 30));
        accounting.add(sample("1", 1, 20));
        recorder.recordUpTo(3_000);

        List<LedgerRecord> lines = ledgerLines();

        assertThat(lines).noneMatch(line -> line instanceof GapRecord || line instanceof CorrectionRecord);
        assertThat(energyOf(lines)).isCloseTo(60, within(1e-9));
    }

    @Test
    void dropsDuplicatesBeforeAndAfterTheirWindowWasWritten() throws Exception {
        accounting.add(sample("1", 0, 10));
        accounting.add(sample("1", 0, 10));
        accounting.add(sample("1", 1, 20));
        recorder.recordUpTo(2_000);
        accounting.add(sample("1", 1, 20));
        accounting.add(sample("1", 0, 10));
        recorder.recordUpTo(3_000);

        List<LedgerRecord> lines = ledgerLines();

        assertThat(lines).noneMatch(line -> line instanceof GapRecord || line instanceof CorrectionRecord);
        assertThat(energyOf(lines)).isCloseTo(30, within(1e-9));
        assertThat(accounting.report().duplicates()).isEqualTo(3);
        assertThat(accounting.report().joules()).isCloseTo(30, within(1e-9));
    }

    @Test
    void reconcilesTotalsOverAShuffledStreamWithLateDuplicatedAndMissingSamples() throws Exception {
        java.util.Random random = new java.util.Random(11);
        double distinctJoules = 0;
        long lost = 0;
        for (long second = 0; second < 60; second++) {
            for (String executor : List.of("1", "2", "3")) {
                double joules = 1 + random.nextInt(50);
                EnergySample sample = sample(executor, second, joules);
                int fate = random.nextInt(20);
                if (fate == 0) {
                    lost++;
                    continue;
                }
                distinctJoules += joules;
                accounting.add(sample);
                if (fate == 1) {
                    accounting.add(sample);
                }
            }
            recorder.recordUpTo((second - 2) * 1000);
        }
        recorder.recordUpTo(Long.MAX_VALUE);

        List<LedgerRecord> lines = ledgerLines();

        assertThat(energyOf(lines)).isCloseTo(distinctJoules, within(1e-6));
        assertThat(accounting.report().joules()).isCloseTo(distinctJoules, within(1e-6));
        assertThat(lines).filteredOn(GapRecord.class::isInstance)
                .extracting(line -> ((GapRecord) line).missingSamples()).containsOnly(1L).hasSize((int) lost);
    }
}
