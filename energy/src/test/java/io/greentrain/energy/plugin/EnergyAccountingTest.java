package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnergyAccountingTest {

    private final TaskTimeline timeline = new TaskTimeline();
    private final EnergyAccounting accounting = new EnergyAccounting(timeline);

    @Test
    void dropsAndCountsASampleReceivedTwice() {
        EnergySample sample = sample("1", 0, 0, 1000, estimated("cpu-estimated", 5));

        assertThat(accounting.add(sample)).isTrue();
        assertThat(accounting.add(sample)).isFalse();

        assertThat(accounting.sampleCount()).isEqualTo(1);
        assertThat(accounting.totalJoules()).isEqualTo(5.0);
        EnergyReport report = accounting.report();
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.samples()).isEqualTo(1);
        assertThat(report.joules()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void countsSkippedSequenceNumbersAsGapsUntilTheMissingSamplesArrive() {
        accounting.add(sample("1", 0, 0, 1000));
        accounting.add(sample("1", 3, 3000, 4000));
        assertThat(accounting.sequenceGaps()).isEqualTo(2);

        accounting.add(sample("1", 1, 1000, 2000));
        assertThat(accounting.sequenceGaps()).isEqualTo(1);

        accounting.add(sample("1", 2, 2000, 3000));
        assertThat(accounting.sequenceGaps()).isZero();
        assertThat(accounting.report().sequenceGaps()).isZero();
    }

    @Test
    void countsAMissingFirstSampleAsAGap() {
        accounting.add(sample("1", 1, 1000, 2000));

        assertThat(accounting.sequenceGaps()).isEqualTo(1);
    }

    @Test
    void keepsEachExecutorsSequenceApart() {
        accounting.add(sample("1", 0, 0, 1000));
        accounting.add(sample("2", 0, 0, 1000));
        accounting.add(sample("1", 1, 1000, 2000));
        accounting.add(sample("2", 1, 1000, 2000));

        assertThat(accounting.sequenceGaps()).isZero();
        assertThat(accounting.report().duplicates()).isZero();
        assertThat(accounting.sampleCount()).isEqualTo(4);
    }

    @Test
    void reportsTotalsByPhaseExecutorDomainAndMethod() {
        timeline.record("1", new TaskTimeline.TaskSpan(0, 1000, "clean"));
        timeline.record("2", new TaskTimeline.TaskSpan(0, 500, "train/epoch-1"));
        accounting.add(sample("1", 0, 0, 1000, estimated("cpu-estimated", 12)));
        accounting.add(sample("2", 0, 0, 1000, estimated("cpu-estimated", 8),
                new DomainEnergy("gpu-GPU-7", Scope.DEVICE, MeasurementMethod.COUNTER, 100, "nvml GPU-7")));

        EnergyReport report = accounting.report();

        assertThat(report.joules()).isCloseTo(120.0, within(1e-9));
        assertThat(report.kwh()).isCloseTo(120.0 / 3.6e6, within(1e-15));
        assertThat(report.byPhase()).containsOnly(entry("clean", 12.0), entry("train/epoch-1", 54.0),
                entry("idle", 54.0));
        assertThat(report.byExecutor()).containsOnly(entry("1", 12.0), entry("2", 108.0));
        assertThat(report.byMethod()).containsOnly(entry("estimated", 20.0), entry("counter", 100.0));
        assertThat(report.byDomain()).containsOnly(
                entry("cpu-estimated", new EnergyReport.DomainTotal(20.0, MeasurementMethod.ESTIMATED, "cpu model")),
                entry("gpu-GPU-7", new EnergyReport.DomainTotal(100.0, MeasurementMethod.COUNTER, "nvml GPU-7")));
        assertThat(report.samples()).isEqualTo(2);
        assertThat(report.executors()).containsExactly("1", "2");
        assertThat(accounting.totalJoules()).isCloseTo(report.joules(), within(1e-9));
        // Closing the window folds the same shares into the totals the report is made from.
        assertThat(accounting.closeUpTo(1000).onTime().stream().mapToDouble(AttributedEnergy::joules).sum())
                .isCloseTo(120.0, within(1e-9));
        assertThat(accounting.report().byPhase()).isEqualTo(report.byPhase());
    }

    @Test
    void attributesWithTheTimelineAsItStandsWhenTheReportIsMade() {
        accounting.add(sample("1", 0, 0, 1000, estimated("cpu-estimated", 10)));
        assertThat(accounting.report().byPhase()).containsOnly(entry("idle", 10.0));

        timeline.record("1", new TaskTimeline.TaskSpan(0, 1000, "evaluate"));

        assertThat(accounting.report().byPhase()).containsOnly(entry("evaluate", 10.0));
    }

    @Test
    void measuredShareIsTheFractionFromCountersAndPowerIntegration() {
        accounting.add(sample("1", 0, 0, 1000,
                new DomainEnergy("gpu-A", Scope.DEVICE, MeasurementMethod.COUNTER, 30, "nvml A"),
                new DomainEnergy("gpu-B", Scope.DEVICE, MeasurementMethod.POWER_INTEGRATION, 10, "nvml B"),
                estimated("cpu-estimated", 45), estimated("memory-estimated", 15)));

        assertThat(accounting.report().measuredShare()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void measuredShareIsZeroWithoutEnergy() {
        assertThat(accounting.report().measuredShare()).isZero();
        assertThat(accounting.report().joules()).isZero();
    }

    @Test
    void isCaughtUpOnceEveryExecutorSentAWindowEndingAtOrAfterTheTime() throws InterruptedException {
        accounting.add(sample("1", 0, 0, 1000));
        accounting.add(sample("2", 0, 0, 2000));
        assertThat(accounting.awaitSamplesUntil(1500, 0)).isFalse();

        accounting.add(sample("1", 1, 1000, 1500));

        assertThat(accounting.awaitSamplesUntil(1500, 0)).isTrue();
    }

    @Test
    void doesNotWaitForAnExecutorThatSentItsLastSample() throws InterruptedException {
        accounting.add(new EnergySample("1", "node-1", 0, 0, 1000, 0, false, Double.NaN, List.of(), true));
        accounting.add(sample("2", 0, 0, 2000));

        assertThat(accounting.awaitSamplesUntil(1500, 0)).isTrue();
    }

    @Test
    void waitsForALateSampleFromAnotherThread() throws InterruptedException {
        accounting.add(sample("1", 0, 0, 1000));
        Thread executor = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            accounting.add(sample("1", 1, 1000, 2000));
        });
        executor.start();

        assertThat(accounting.awaitSamplesUntil(2000, 30_000)).isTrue();
        executor.join();
    }

    @Test
    void givesUpWaitingAfterTheTimeout() throws InterruptedException {
        accounting.add(sample("1", 0, 0, 1000));
        long start = System.nanoTime();

        assertThat(accounting.awaitSamplesUntil(2000, 100)).isFalse();

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void findsARegisteredApplicationUntilItIsUnregistered() {
        String applicationId = "app-" + System.nanoTime();
        assertThat(EnergyAccounting.forApplication(applicationId)).isEmpty();

        EnergyAccounting.register(applicationId, accounting);

        assertThat(EnergyAccounting.forApplication(applicationId)).containsSame(accounting);

        EnergyAccounting.unregister(applicationId);

        assertThat(EnergyAccounting.forApplication(applicationId)).isEmpty();
    }

    private static DomainEnergy estimated(String domain, double joules) {
        return new DomainEnergy(domain, Scope.PROCESS, MeasurementMethod.ESTIMATED, joules,
                domain.startsWith("cpu") ? "cpu model" : "memory model");
    }

    private static EnergySample sample(String executor, long sequence, long start, long end, DomainEnergy... domains) {
        return new EnergySample(executor, "node-1", sequence, start, end, 0, false, Double.NaN, List.of(domains),
                false);
    }
}
