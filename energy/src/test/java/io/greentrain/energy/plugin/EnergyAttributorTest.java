package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.assertj.core.util.DoubleComparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnergyAttributorTest {

    private static final long CPU_SECOND = 1_000_000_000L;

    private final TaskTimeline timeline = new TaskTimeline();

    @Test
    void chargesProcessEnergyToPhasesByTaskTimeAndTheUnoccupiedTimeToIdle() {
        timeline.record("1", new TaskTimeline.TaskSpan(0, 500, "train/epoch-1"));
        timeline.record("1", new TaskTimeline.TaskSpan(250, 750, "clean"));
        EnergySample sample = sample("1", "node-1", 0, 0, 1000, CPU_SECOND, processEnergy(100));

        List<AttributedEnergy> shares = EnergyAttributor.attribute(List.of(sample), timeline);

        // Tasks occupy [0,750] of [0,1000]: 25 J idle; the busy 75 J split by 500 ms of task time each.
        assertJoules(sum(shares, s -> s.executorId() + " " + s.phase()),
                Map.of("1 train/epoch-1", 37.5, "1 clean", 37.5, "1 idle", 25.0));
        assertThat(shares).allSatisfy(share -> {
            assertThat(share.idle()).isEqualTo(share.phase().equals(EnergyAttributor.IDLE));
            assertThat(share.host()).isEqualTo("node-1");
            assertThat(share.domain()).isEqualTo("cpu-estimated");
            assertThat(share.method()).isEqualTo(MeasurementMethod.ESTIMATED);
            assertThat(share.provenance()).isEqualTo("cpu model");
            assertThat(share.windowStartMillis()).isZero();
            assertThat(share.windowEndMillis()).isEqualTo(1000);
        });
    }

    @Test
    void chargesDeviceEnergyWhollyToTheExecutorThatOwnsTheDevice() {
        timeline.record("2", new TaskTimeline.TaskSpan(0, 1000, "train/epoch-1"));
        EnergySample reader = hostSample("1", "node-1", 0, 0, 1000, 9 * CPU_SECOND, 0.5, hostEnergy(10));
        EnergySample gpuOwner = sample("2", "node-1", 0, 0, 1000, 0,
                new DomainEnergy("gpu-GPU-1", Scope.DEVICE, MeasurementMethod.COUNTER, 40, "nvml"));

        List<AttributedEnergy> shares = EnergyAttributor.attribute(List.of(reader, gpuOwner), timeline);

        assertJoules(sum(shares.stream().filter(s -> s.domain().equals("gpu-GPU-1")).toList(),
                s -> s.executorId() + " " + s.phase()), Map.of("2 train/epoch-1", 40.0));
    }

    @Test
    void splitsActiveHostEnergyByCpuTimeAndIdleHostEnergyEquallyBetweenTheExecutorsOnTheHost() {
        timeline.record("1", new TaskTimeline.TaskSpan(0, 1000, "train/epoch-1"));
        timeline.record("2", new TaskTimeline.TaskSpan(0, 1000, "clean"));
        EnergySample reader = hostSample("1", "node-1", 0, 0, 1000, 3 * CPU_SECOND, 0.8, hostEnergy(100));
        EnergySample other = sample("2", "node-1", 0, 0, 1000, CPU_SECOND);

        List<AttributedEnergy> shares = EnergyAttributor.attribute(List.of(reader, other), timeline);

        // 80 J active split 3:1 by CPU time; 20 J idle split equally.
        assertJoules(sum(shares, s -> s.executorId() + " " + s.phase() + (s.idle() ? " (idle)" : "")),
                Map.of("1 train/epoch-1", 60.0, "2 clean", 20.0, "1 idle (idle)", 10.0, "2 idle (idle)", 10.0));
        assertThat(shares).allSatisfy(share -> {
            assertThat(share.host()).isEqualTo("node-1");
            assertThat(share.domain()).isEqualTo("cpu-package");
            assertThat(share.method()).isEqualTo(MeasurementMethod.COUNTER);
        });
    }

    @Test
    void sharesHostEnergyInTheReadersWindowWithAnExecutorWhoseSamplesAreOffset() {
        EnergySample reader = hostSample("1", "node-1", 0, 0, 1000, CPU_SECOND, 1.0, hostEnergy(100));
        EnergySample readerNext = hostSample("1", "node-1", 1, 1000, 2000, CPU_SECOND, 1.0);
        EnergySample offsetFirst = sample("2", "node-1", 0, 500, 1500, 2 * CPU_SECOND);
        EnergySample offsetSecond = sample("2", "node-1", 1, 1500, 2500, 4 * CPU_SECOND);

        List<AttributedEnergy> shares = EnergyAttributor.attribute(
                List.of(reader, readerNext, offsetFirst, offsetSecond), timeline);

        // Executor 2 used half of its first window's 2 CPU-s inside [0,1000]: 1 CPU-s, as much as the reader.
        assertJoules(sum(shares, AttributedEnergy::executorId), Map.of("1", 50.0, "2", 50.0));
    }

    @Test
    void prorataCpuTimeOfSamplesThatOverlapTheWindowPartly() {
        List<EnergySample> offset = List.of(
                sample("2", "node-1", 0, 500, 1500, 2 * CPU_SECOND),
                sample("2", "node-1", 1, 1500, 2500, 4 * CPU_SECOND));

        assertThat(EnergyAttributor.cpuNanosWithin(offset, 0, 1000)).isEqualTo(1.0 * CPU_SECOND);
        assertThat(EnergyAttributor.cpuNanosWithin(offset, 1000, 2000)).isEqualTo(1.0 * CPU_SECOND + 2.0 * CPU_SECOND);
        assertThat(EnergyAttributor.cpuNanosWithin(offset, 1250, 1500)).isEqualTo(0.5 * CPU_SECOND);
        assertThat(EnergyAttributor.cpuNanosWithin(offset, 0, 3000)).isEqualTo(6.0 * CPU_SECOND);
        assertThat(EnergyAttributor.cpuNanosWithin(offset, 0, 500)).isZero();
        assertThat(EnergyAttributor.cpuNanosWithin(offset, 2500, 4000)).isZero();
    }

    @Test
    void chargesAllHostEnergyAsIdleInAWindowWhereNoExecutorUsedCpu() {
        timeline.record("1", new TaskTimeline.TaskSpan(0, 1000, "train/epoch-1"));
        EnergySample reader = hostSample("1", "node-1", 0, 0, 1000, 0, 0.9, hostEnergy(50));
        EnergySample other = sample("2", "node-1", 0, 0, 1000, 0);

        List<AttributedEnergy> shares = EnergyAttributor.attribute(List.of(reader, other), timeline);

        assertJoules(sum(shares, s -> s.executorId() + " " + s.phase()), Map.of("1 idle", 25.0, "2 idle", 25.0));
        assertThat(shares).allMatch(AttributedEnergy::idle);
    }

    @Test
    void treatsAllHostEnergyAsActiveWhenTheBusyRatioIsUnknown() {
        EnergySample reader = hostSample("1", "node-1", 0, 0, 1000, CPU_SECOND, Double.NaN, hostEnergy(30));
        timeline.record("1", new TaskTimeline.TaskSpan(0, 1000, "evaluate"));

        List<AttributedEnergy> shares = EnergyAttributor.attribute(List.of(reader), timeline);

        assertJoules(sum(shares, AttributedEnergy::phase), Map.of("evaluate", 30.0));
    }

    @Test
    void neverGivesExecutorsOnOtherHostsAShareOfAHostsEnergy() {
        EnergySample reader1 = hostSample("1", "node-1", 0, 0, 1000, CPU_SECOND, 0.5, hostEnergy(100));
        EnergySample colocated = sample("2", "node-1", 0, 0, 1000, CPU_SECOND);
        EnergySample reader2 = hostSample("3", "node-2", 0, 0, 1000, 8 * CPU_SECOND, 0.5, hostEnergy(30));
        EnergySample elsewhere = sample("4", "node-2", 0, 0, 1000, 8 * CPU_SECOND);

        List<AttributedEnergy> shares = EnergyAttributor.attribute(
                List.of(reader1, colocated, reader2, elsewhere), timeline);

        assertJoules(sum(shares, AttributedEnergy::executorId), Map.of("1", 50.0, "2", 50.0, "3", 15.0, "4", 15.0));
    }

    @Test
    void chargesARunningTaskUpToTheWindowEnd() {
        timeline.record("1", new TaskTimeline.TaskSpan(600, Long.MAX_VALUE, "train/epoch-2"));
        EnergySample sample = sample("1", "node-1", 0, 0, 1000, CPU_SECOND, processEnergy(10));

        List<AttributedEnergy> shares = EnergyAttributor.attribute(List.of(sample), timeline);

        assertJoules(sum(shares, AttributedEnergy::phase), Map.of("train/epoch-2", 4.0, "idle", 6.0));
    }

    @Test
    void chargesAZeroLengthWindowToIdle() {
        timeline.record("1", new TaskTimeline.TaskSpan(0, 2000, "clean"));
        EnergySample sample = sample("1", "node-1", 0, 1000, 1000, 0, processEnergy(2));

        List<AttributedEnergy> shares = EnergyAttributor.attribute(List.of(sample), timeline);

        assertJoules(sum(shares, AttributedEnergy::phase), Map.of("idle", 2.0));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2024, 31337})
    void attributesEveryJouleExactlyOnceOverall(long seed) {
        Scenario scenario = Scenario.random(seed, timeline);

        List<AttributedEnergy> shares = EnergyAttributor.attribute(scenario.samples, timeline);

        Map<String, Double> measured = new TreeMap<>();
        for (EnergySample sample : scenario.samples) {
            for (DomainEnergy domain : sample.domains()) {
                measured.merge(domain.domain(), domain.joules(), Double::sum);
            }
        }
        Map<String, Double> attributed = sum(shares, AttributedEnergy::domain);
        double measuredTotal = measured.values().stream().mapToDouble(Double::doubleValue).sum();
        double attributedTotal = attributed.values().stream().mapToDouble(Double::doubleValue).sum();

        assertThat(measuredTotal).isPositive();
        assertThat(attributedTotal).isCloseTo(measuredTotal, within(1e-9 * measuredTotal));
        assertThat(attributed).containsOnlyKeys(measured.keySet());
        measured.forEach((domain, joules) ->
                assertThat(attributed.get(domain)).as(domain).isCloseTo(joules, within(1e-9 * joules)));
        assertThat(shares).allSatisfy(share -> assertThat(share.joules()).isPositive());
        assertThat(sum(shares, AttributedEnergy::phase)).containsKeys("idle", "unphased", "clean");
    }

    /** Executors on several hosts, random windows, CPU times, busy ratios and tasks. */
    private record Scenario(List<EnergySample> samples) {

        private static final String[] PHASES = {"clean", "convert", "train/epoch-1", "train/epoch-2", "unphased"};

        static Scenario random(long seed, TaskTimeline timeline) {
            Random random = new Random(seed);
            List<EnergySample> samples = new ArrayList<>();
            int hosts = 3;
            int executors = 8;
            for (int e = 0; e < executors; e++) {
                String executor = String.valueOf(e);
                String host = "node-" + (e % hosts);
                // The first executor of each host reads its counters for the first half, the next one after the
                // first one's last window (windows last at most 1.5 s): one reader per host at any time.
                boolean readsFirstHalf = e < hosts;
                boolean readsSecondHalf = e >= hosts && e < 2 * hosts;
                long time = random.nextInt(500);
                long sequence = 0;
                while (time < 20_000) {
                    long end = time + (random.nextInt(10) == 0 ? 0 : 200 + random.nextInt(1300));
                    boolean reader = time < 10_000 ? readsFirstHalf : time >= 11_500 && readsSecondHalf;
                    long cpu = random.nextInt(4) == 0 ? 0 : random.nextInt(2_000_000_000);
                    List<DomainEnergy> domains = new ArrayList<>();
                    domains.add(new DomainEnergy("cpu-estimated", Scope.PROCESS, MeasurementMethod.ESTIMATED,
                            random.nextDouble() * 20, "cpu model"));
                    if (e % 2 == 0) {
                        domains.add(new DomainEnergy("gpu-" + e, Scope.DEVICE, MeasurementMethod.POWER_INTEGRATION,
                                random.nextDouble() * 200, "nvml power"));
                    }
                    double busy = Double.NaN;
                    if (reader) {
                        busy = random.nextInt(5) == 0 ? Double.NaN : random.nextDouble();
                        domains.add(new DomainEnergy("cpu-package", Scope.HOST, MeasurementMethod.COUNTER,
                                random.nextDouble() * 150, "rapl"));
                        domains.add(new DomainEnergy("dram", Scope.HOST, MeasurementMethod.COUNTER,
                                random.nextDouble() * 30, "rapl"));
                    }
                    samples.add(new EnergySample(executor, host, sequence++, time, end, cpu, reader, busy, domains,
                            false));
                    time = end;
                }
                if (e == executors - 1) {
                    continue; // one executor runs no task at all
                }
                for (int t = 0; t < 40; t++) {
                    long start = random.nextInt(21_000);
                    long end = random.nextInt(15) == 0 ? Long.MAX_VALUE : start + random.nextInt(3000);
                    String phase = PHASES[random.nextInt(PHASES.length)];
                    timeline.record(executor, new TaskTimeline.TaskSpan(start, end, phase));
                }
            }
            Collections.shuffle(samples, random);
            return new Scenario(samples);
        }
    }

    private static DomainEnergy processEnergy(double joules) {
        return new DomainEnergy("cpu-estimated", Scope.PROCESS, MeasurementMethod.ESTIMATED, joules, "cpu model");
    }

    private static DomainEnergy hostEnergy(double joules) {
        return new DomainEnergy("cpu-package", Scope.HOST, MeasurementMethod.COUNTER, joules, "rapl");
    }

    private static EnergySample sample(String executor, String host, long sequence, long start, long end,
                                       long cpuNanos, DomainEnergy... domains) {
        return new EnergySample(executor, host, sequence, start, end, cpuNanos, false, Double.NaN, List.of(domains),
                false);
    }

    private static EnergySample hostSample(String executor, String host, long sequence, long start, long end,
                                           long cpuNanos, double busyRatio, DomainEnergy... domains) {
        return new EnergySample(executor, host, sequence, start, end, cpuNanos, true, busyRatio, List.of(domains),
                false);
    }

    private static Map<String, Double> sum(List<AttributedEnergy> shares, Function<AttributedEnergy, String> key) {
        Map<String, Double> sums = new TreeMap<>();
        shares.forEach(share -> sums.merge(key.apply(share), share.joules(), Double::sum));
        return sums;
    }

    private static void assertJoules(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(new DoubleComparator(1e-9), Double.class)
                .isEqualTo(new TreeMap<>(expected));
    }
}
