package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.meter.EnergyMeter;
import io.greentrain.energy.meter.EnergyReading;
import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorSamplerTest {

    private static final long CPU_SECOND = 1_000_000_000L;

    @TempDir
    Path temp;

    private final AtomicLong clockMillis = new AtomicLong(10_000);
    private final AtomicLong cpuNanos = new AtomicLong(5 * CPU_SECOND);
    private final List<EnergySample> sent = new ArrayList<>();
    private final List<ExecutorSampler> samplers = new ArrayList<>();

    @AfterEach
    void closeSamplers() {
        samplers.forEach(ExecutorSampler::close);
    }

    @Test
    void sendsTheEnergyOfEachDomainSinceThePreviousSample() {
        FakeMeter estimates = new FakeMeter("estimate", Scope.PROCESS, MeasurementMethod.ESTIMATED)
                .add("cpu-estimated", 3).add("memory-estimated", 1);
        ExecutorSampler sampler = sampler("1", MeterSet.of(List.of(estimates), null), null);

        estimates.add("cpu-estimated", 7).add("memory-estimated", 2);
        clockMillis.addAndGet(1_000);
        sampler.sampleNow(false);
        estimates.add("cpu-estimated", 4).add("memory-estimated", 0.5);
        clockMillis.addAndGet(1_500);
        sampler.sampleNow(false);

        // The first read gives everything since the meter was opened.
        assertThat(joulesByDomain(sent.get(0))).containsOnly(
                Map.entry("cpu-estimated", 10.0), Map.entry("memory-estimated", 3.0));
        assertThat(joulesByDomain(sent.get(1))).containsOnly(
                Map.entry("cpu-estimated", 4.0), Map.entry("memory-estimated", 0.5));
        assertThat(sent).extracting(EnergySample::windowStartMillis, EnergySample::windowEndMillis)
                .containsExactly(tuple(10_000L, 11_000L), tuple(11_000L, 12_500L));
        assertThat(sent.get(0).domains()).allSatisfy(domain -> {
            assertThat(domain.scope()).isEqualTo(Scope.PROCESS);
            assertThat(domain.method()).isEqualTo(MeasurementMethod.ESTIMATED);
            assertThat(domain.provenance()).isEqualTo("estimate " + domain.domain());
        });
        assertThat(sent).allSatisfy(sample -> {
            assertThat(sample.executorId()).isEqualTo("1");
            assertThat(sample.host()).isEqualTo("node-1");
        });
    }

    @Test
    void leavesOutADomainThatUsedNoEnergyInTheWindow() {
        FakeMeter estimates = new FakeMeter("estimate", Scope.PROCESS, MeasurementMethod.ESTIMATED)
                .add("cpu-estimated", 3).add("memory-estimated", 1);
        ExecutorSampler sampler = sampler("1", MeterSet.of(List.of(estimates), null), null);
        sampler.sampleNow(false);

        estimates.add("cpu-estimated", 2);
        sampler.sampleNow(false);

        assertThat(joulesByDomain(sent.get(1))).containsOnly(Map.entry("cpu-estimated", 2.0));
    }

    @Test
    void numbersSamplesFromZeroWithoutGapsAndMarksTheFinalFlushAsLast() {
        ExecutorSampler sampler = sampler("1", MeterSet.of(List.of(), null), null);

        sampler.sampleNow(false);
        sampler.sampleNow(false);
        sampler.sampleNow(false);
        clockMillis.addAndGet(300);
        sampler.close();
        sampler.sampleNow(false);

        assertThat(sent).extracting(EnergySample::sequence).containsExactly(0L, 1L, 2L, 3L);
        assertThat(sent).extracting(EnergySample::last).containsExactly(false, false, false, true);
        assertThat(sent.get(3).windowEndMillis()).isEqualTo(10_300);
    }

    @Test
    void closesItsMetersAfterTheFinalFlush() {
        FakeMeter estimates = new FakeMeter("estimate", Scope.PROCESS, MeasurementMethod.ESTIMATED)
                .add("cpu-estimated", 1);
        ExecutorSampler sampler = sampler("1", MeterSet.of(List.of(estimates), null), null);

        estimates.add("cpu-estimated", 2);
        sampler.close();

        assertThat(sent).singleElement().satisfies(last -> {
            assertThat(last.last()).isTrue();
            assertThat(joulesByDomain(last)).containsOnly(Map.entry("cpu-estimated", 3.0));
        });
        assertThat(estimates.closed).isTrue();
    }

    @Test
    void losesNoEnergyWhenOneMeterFailsARead() {
        FakeMeter estimates = new FakeMeter("estimate", Scope.PROCESS, MeasurementMethod.ESTIMATED);
        FakeMeter gpu = new FakeMeter("nvml", Scope.DEVICE, MeasurementMethod.COUNTER);
        ExecutorSampler sampler = sampler("1", MeterSet.of(List.of(estimates, gpu), null), null);

        estimates.add("cpu-estimated", 1);
        gpu.add("gpu-A", 10);
        sampler.sampleNow(false);
        estimates.add("cpu-estimated", 2);
        gpu.add("gpu-A", 20);
        gpu.failNextRead = true;
        sampler.sampleNow(false);
        estimates.add("cpu-estimated", 4);
        gpu.add("gpu-A", 40);
        sampler.sampleNow(false);

        assertThat(sent).extracting(EnergySample::sequence).containsExactly(0L, 1L, 2L);
        assertThat(sent).extracting(ExecutorSamplerTest::joulesByDomain).containsExactly(
                Map.of("cpu-estimated", 1.0, "gpu-A", 10.0),
                Map.of("cpu-estimated", 2.0),
                Map.of("cpu-estimated", 4.0, "gpu-A", 60.0));
    }

    @Test
    void sendsTheCpuTimeTheProcessUsedInEachWindow() {
        ExecutorSampler sampler = sampler("1", MeterSet.of(List.of(), null), null);

        cpuNanos.addAndGet(3 * CPU_SECOND);
        sampler.sampleNow(false);
        cpuNanos.addAndGet(CPU_SECOND / 2);
        sampler.sampleNow(false);
        sampler.sampleNow(false);

        assertThat(sent).extracting(EnergySample::processCpuNanos)
                .containsExactly(3 * CPU_SECOND, CPU_SECOND / 2, 0L);
    }

    @Test
    void neverSendsNegativeCpuTimeOrAWindowThatEndsBeforeItStarts() {
        ExecutorSampler sampler = sampler("1", MeterSet.of(List.of(), null), null);

        cpuNanos.addAndGet(-CPU_SECOND);
        clockMillis.addAndGet(-500);
        sampler.sampleNow(false);

        assertThat(sent).singleElement().satisfies(sample -> {
            assertThat(sample.processCpuNanos()).isZero();
            assertThat(sample.windowStartMillis()).isEqualTo(10_000);
            assertThat(sample.windowEndMillis()).isEqualTo(10_000);
        });
    }

    @Test
    void withoutAHostMeterNoSampleClaimsToReadTheHost() {
        ExecutorSampler sampler = sampler("1", MeterSet.of(List.of(), null), new HostElection(temp, "app-1"));

        sampler.sampleNow(false);

        assertThat(sent).singleElement().satisfies(sample -> {
            assertThat(sample.hostReader()).isFalse();
            assertThat(sample.hostBusyRatio()).isNaN();
        });
    }

    @Test
    void onlyTheElectedExecutorOfAHostReadsItsCounters() throws IOException {
        FakeHost host = new FakeHost();
        Path procStat = procStat(1_000, 800);
        List<EnergySample> fromOne = new ArrayList<>();
        List<EnergySample> fromTwo = new ArrayList<>();
        ExecutorSampler one = hostSampler("1", host, procStat, fromOne);
        ExecutorSampler two = hostSampler("2", host, procStat, fromTwo);

        host.joules += 50;
        writeProcStat(procStat, 2_000, 1_050);
        clockMillis.addAndGet(1_000);
        one.sampleNow(false);
        two.sampleNow(false);

        assertThat(fromOne).singleElement().satisfies(sample -> {
            assertThat(sample.hostReader()).isTrue();
            assertThat(sample.hostBusyRatio()).isCloseTo(0.75, within(1e-12));
            assertThat(joulesByDomain(sample)).containsOnly(Map.entry("cpu-package", 50.0));
            assertThat(sample.domains()).singleElement().extracting(DomainEnergy::scope).isEqualTo(Scope.HOST);
        });
        assertThat(fromTwo).singleElement().satisfies(sample -> {
            assertThat(sample.hostReader()).isFalse();
            assertThat(sample.hostBusyRatio()).isNaN();
            assertThat(sample.domains()).isEmpty();
        });
        assertThat(host.opened).isEqualTo(1);
    }

    @Test
    void anotherExecutorTakesOverTheHostCountersWhenTheReaderCloses() throws IOException {
        FakeHost host = new FakeHost();
        Path procStat = procStat(1_000, 800);
        List<EnergySample> fromOne = new ArrayList<>();
        List<EnergySample> fromTwo = new ArrayList<>();
        ExecutorSampler one = hostSampler("1", host, procStat, fromOne);
        ExecutorSampler two = hostSampler("2", host, procStat, fromTwo);

        host.joules += 50;
        one.close();
        two.sampleNow(false);
        host.joules += 30;
        writeProcStat(procStat, 2_000, 1_800);
        two.sampleNow(false);

        assertThat(fromOne).singleElement().satisfies(sample -> {
            assertThat(sample.last()).isTrue();
            assertThat(sample.hostReader()).isTrue();
            assertThat(joulesByDomain(sample)).containsOnly(Map.entry("cpu-package", 50.0));
        });
        // Executor 2 wins the election after its next sample and reads the host from then on.
        assertThat(fromTwo).extracting(EnergySample::hostReader).containsExactly(false, true);
        assertThat(joulesByDomain(fromTwo.get(1))).containsOnly(Map.entry("cpu-package", 30.0));
        assertThat(fromTwo.get(1).hostBusyRatio()).isZero();
        assertThat(host.opened).isEqualTo(2);
        assertThat(host.closed).isEqualTo(1);
    }

    @Test
    void executorsInDifferentContainersOfOneHostReadItsCountersOnceAsTheDriverDecides() throws IOException {
        FakeHost host = new FakeHost();
        Path procStat = procStat(1_000, 800);
        HostReaders readers = new HostReaders(30_000, clockMillis::get);
        List<EnergySample> fromOne = new ArrayList<>();
        List<EnergySample> fromTwo = new ArrayList<>();
        // Each container has its own temporary folder, so the host lock cannot tell them apart.
        ExecutorSampler one = containerSampler("1", host, procStat, readers, temp.resolve("container-1"), fromOne);
        ExecutorSampler two = containerSampler("2", host, procStat, readers, temp.resolve("container-2"), fromTwo);

        host.joules += 50;
        clockMillis.addAndGet(1_000);
        one.sampleNow(false);
        two.sampleNow(false);

        assertThat(fromOne).singleElement().satisfies(sample -> {
            assertThat(sample.hostReader()).isTrue();
            assertThat(sample.hostId()).isEqualTo("boot:same-machine");
            assertThat(joulesByDomain(sample)).containsOnly(Map.entry("cpu-package", 50.0));
        });
        assertThat(fromTwo).singleElement().satisfies(sample -> {
            assertThat(sample.hostReader()).isFalse();
            assertThat(sample.domains()).isEmpty();
        });
        assertThat(host.opened).isEqualTo(1);
    }

    @Test
    void aReaderTheDriverReplacedStopsReadingAtItsNextQuestionSoThatOneExecutorReadsTheHost() throws IOException {
        FakeHost host = new FakeHost();
        Path procStat = procStat(1_000, 800);
        HostReaders readers = new HostReaders(30_000, clockMillis::get);
        List<EnergySample> fromOne = new ArrayList<>();
        List<EnergySample> fromTwo = new ArrayList<>();
        ExecutorSampler one = containerSampler("1", host, procStat, readers, temp.resolve("container-1"), fromOne);
        ExecutorSampler two = containerSampler("2", host, procStat, readers, temp.resolve("container-2"), fromTwo);
        one.sampleNow(false);
        two.sampleNow(false);
        assertThat(readers.readerOf("boot:same-machine")).isEqualTo("1");

        // None of executor 1's readings reach the driver (its samples are lost), so its lease runs out after 30 s
        // and executor 2, asking every fifth sample, takes the host over.
        int seconds = 0;
        while (!"2".equals(readers.readerOf("boot:same-machine")) && seconds++ < 60) {
            clockMillis.addAndGet(1_000);
            host.joules += 10;
            one.sampleNow(false);
            two.sampleNow(false);
        }
        assertThat(readers.readerOf("boot:same-machine")).isEqualTo("2");
        int bothReading = 0;
        for (int second = 0; second <= ExecutorSampler.CLAIM_EVERY_SAMPLES; second++) {
            clockMillis.addAndGet(1_000);
            host.joules += 10;
            one.sampleNow(false);
            two.sampleNow(false);
            if (fromOne.get(fromOne.size() - 1).hostReader() && fromTwo.get(fromTwo.size() - 1).hostReader()) {
                bothReading++;
            }
        }

        assertThat(seconds).as("seconds until the driver replaced executor 1").isBetween(31, 36);
        assertThat(bothReading).as("samples in which both read the host").isBetween(1,
                ExecutorSampler.CLAIM_EVERY_SAMPLES);
        assertThat(fromOne.get(fromOne.size() - 1).hostReader()).as("executor 1, told to stop").isFalse();
        assertThat(fromOne.get(fromOne.size() - 1).domains()).isEmpty();
        assertThat(fromTwo.get(fromTwo.size() - 1).hostReader()).isTrue();
        assertThat(joulesByDomain(fromTwo.get(fromTwo.size() - 1))).containsOnly(Map.entry("cpu-package", 10.0));
        assertThat(host.opened - host.closed).as("host meters open").isEqualTo(1);
    }

    @Test
    void aReaderKeepsItsHostWhenTheDriverConfirmsIt() throws IOException {
        FakeHost host = new FakeHost();
        HostReaders readers = new HostReaders(30_000, clockMillis::get);
        List<EnergySample> fromOne = new ArrayList<>();
        ExecutorSampler one = containerSampler("1", host, procStat(1_000, 800), readers, temp.resolve("c-1"), fromOne);

        for (int second = 0; second < 3 * ExecutorSampler.CLAIM_EVERY_SAMPLES; second++) {
            clockMillis.addAndGet(1_000);
            host.joules += 10;
            one.sampleNow(false);
            readers.heardFrom(fromOne.get(fromOne.size() - 1));
        }

        assertThat(fromOne).allSatisfy(sample -> assertThat(sample.hostReader()).isTrue());
        assertThat(fromOne.stream().mapToDouble(sample -> joulesByDomain(sample).get("cpu-package")).sum())
                .isCloseTo(150, within(1e-9));
        assertThat(host.opened).isEqualTo(1);
    }

    @Test
    void readsTheHostOnTheDriversWordWhenTheLockFolderCannotBeCreated() throws IOException {
        FakeHost host = new FakeHost();
        Path notAFolder = Files.writeString(temp.resolve("not-a-folder"), "");
        HostReaders readers = new HostReaders(30_000, clockMillis::get);
        List<EnergySample> fromOne = new ArrayList<>();
        ExecutorSampler one = containerSampler("1", host, procStat(1_000, 800), readers, notAFolder, fromOne);

        host.joules += 20;
        one.sampleNow(false);

        assertThat(fromOne).singleElement().satisfies(sample -> {
            assertThat(sample.hostReader()).isTrue();
            assertThat(joulesByDomain(sample)).containsOnly(Map.entry("cpu-package", 20.0));
        });
    }

    @Test
    void fallsBackToLabelledEstimatesWhenChosenButTheCountersCannotBeOpened() {
        FakeMeter estimate = new FakeMeter("estimate", Scope.PROCESS, MeasurementMethod.ESTIMATED)
                .add("cpu-estimated", 4);
        MeterSet meters = MeterSet.of(List.of(), () -> null, () -> List.of(estimate));
        HostReaders readers = new HostReaders(30_000, clockMillis::get);
        ExecutorSampler sampler = new ExecutorSampler("1", "node-1",
                new HostIdentity("same-machine", "pod-1", java.util.Set.of("rapl")),
                claim -> readers.claim(claim.executorId(), claim.identity()), meters,
                new HostElection(temp, "app-1"), new HostCpuStat(Path.of("/nonexistent/proc/stat")), cpuNanos::get,
                clockMillis::get, sent::add);
        samplers.add(sampler);

        sampler.sampleNow(false);

        assertThat(sent).singleElement().satisfies(sample -> {
            assertThat(sample.hostReader()).isFalse();
            assertThat(sample.domains()).singleElement().satisfies(domain -> {
                assertThat(domain.domain()).isEqualTo("cpu-estimated");
                assertThat(domain.method()).isEqualTo(MeasurementMethod.ESTIMATED);
            });
        });
    }

    @Test
    void keepsSamplingWhenTheDriverCannotBeAskedAndLetsTheHostLockDecide() throws IOException {
        FakeHost host = new FakeHost();
        List<EnergySample> fromOne = new ArrayList<>();
        ExecutorSampler one = new ExecutorSampler("1", "node-1",
                new HostIdentity("same-machine", "pod-1", java.util.Set.of("rapl")),
                claim -> {
                    throw new IllegalStateException("driver unreachable");
                }, MeterSet.of(List.of(), host::open), new HostElection(temp, "app-1"),
                new HostCpuStat(procStat(1_000, 800)), cpuNanos::get, clockMillis::get, fromOne::add);
        samplers.add(one);

        host.joules += 10;
        one.sampleNow(false);

        assertThat(fromOne).singleElement().extracting(EnergySample::hostReader).isEqualTo(true);
    }

    @Test
    void abandonsACounterReadThatHangsAndKeepsTheOtherMetersEnergy() {
        FakeMeter estimates = new FakeMeter("estimate", Scope.PROCESS, MeasurementMethod.ESTIMATED)
                .add("cpu-estimated", 3);
        HangingMeter hanging = new HangingMeter();
        ExecutorSampler sampler = limitedSampler(List.of(hanging, estimates), Duration.ofMillis(200));

        long start = System.nanoTime();
        sampler.sampleNow(false);
        estimates.add("cpu-estimated", 2);
        sampler.sampleNow(false);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(sent).extracting(ExecutorSamplerTest::joulesByDomain)
                .containsExactly(Map.of("cpu-estimated", 3.0), Map.of("cpu-estimated", 2.0));
        // The first read waits out its limit; the second is skipped at once while the first still hangs.
        assertThat(elapsedMillis).isBetween(190L, 2_000L);
        assertThat(hanging.reads).as("reads started").hasValue(1);
    }

    @Test
    void closesWithinItsBoundWhileACounterReadHangs() throws InterruptedException {
        HangingMeter hanging = new HangingMeter();
        ExecutorSampler sampler = limitedSampler(List.of(hanging), Duration.ofMillis(200));
        sampler.sampleNow(false);

        long start = System.nanoTime();
        sampler.close();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).isLessThan(sampler.closeBound().toMillis());
        assertThat(sent).hasSize(2).last().extracting(EnergySample::last).isEqualTo(true);
        hanging.release.countDown();
    }

    private ExecutorSampler limitedSampler(List<EnergyMeter> meters, Duration readLimit) {
        ExecutorSampler sampler = new ExecutorSampler("1", "node-1",
                new HostIdentity("same-machine", "node-1", java.util.Set.of()), null, MeterSet.of(meters, null), null,
                new HostCpuStat(Path.of("/nonexistent/proc/stat")), cpuNanos::get, clockMillis::get, sent::add,
                readLimit);
        samplers.add(sampler);
        return sampler;
    }

    /** A counter whose reads block until released, as a read of a hung device or file system does. */
    private static final class HangingMeter implements EnergyMeter {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final AtomicLong reads = new AtomicLong();

        @Override
        public String name() {
            return "hanging";
        }

        @Override
        public List<EnergyReading> read() {
            reads.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new EnergyReading("gpu-hung", Scope.DEVICE, MeasurementMethod.COUNTER, 1, 0, "hung"));
        }

        @Override
        public Duration maxReadInterval() {
            return Duration.ZERO;
        }

        @Override
        public void close() {
        }
    }

    private ExecutorSampler containerSampler(String executorId, FakeHost host, Path procStat, HostReaders readers,
                                             Path lockDir, List<EnergySample> sink) {
        ExecutorSampler sampler = new ExecutorSampler(executorId, "pod-" + executorId,
                new HostIdentity("same-machine", "pod-" + executorId, java.util.Set.of("rapl")),
                claim -> readers.claim(claim.executorId(), claim.identity()), MeterSet.of(List.of(), host::open),
                new HostElection(lockDir, "app-1"), new HostCpuStat(procStat), cpuNanos::get, clockMillis::get,
                sink::add);
        samplers.add(sampler);
        return sampler;
    }

    private ExecutorSampler sampler(String executorId, MeterSet meters, HostElection election) {
        return sampler(executorId, meters, election, Path.of("/nonexistent/proc/stat"), sent);
    }

    private ExecutorSampler sampler(String executorId, MeterSet meters, HostElection election, Path procStat,
                                    List<EnergySample> sink) {
        ExecutorSampler sampler = new ExecutorSampler(executorId, "node-1", meters, election,
                new HostCpuStat(procStat), cpuNanos::get, clockMillis::get, sink::add);
        samplers.add(sampler);
        return sampler;
    }

    private ExecutorSampler hostSampler(String executorId, FakeHost host, Path procStat, List<EnergySample> sink) {
        return sampler(executorId, MeterSet.of(List.of(), host::open), new HostElection(temp, "app-1"), procStat, sink);
    }

    private Path procStat(long totalJiffies, long idleJiffies) throws IOException {
        Path file = temp.resolve("stat");
        writeProcStat(file, totalJiffies, idleJiffies);
        return file;
    }

    /** A /proc/stat whose aggregate line adds up to {@code total} jiffies, {@code idle} of them idle. */
    private static void writeProcStat(Path file, long total, long idle) throws IOException {
        long busy = total - idle;
        Files.writeString(file, "cpu  " + busy + " 0 0 " + idle + " 0 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n");
    }

    private static Map<String, Double> joulesByDomain(EnergySample sample) {
        return sample.domains().stream().collect(Collectors.toMap(DomainEnergy::domain, DomainEnergy::joules));
    }

    /** A meter whose cumulative readings the test sets. */
    private static final class FakeMeter implements EnergyMeter {
        private final String name;
        private final Scope scope;
        private final MeasurementMethod method;
        private final Map<String, Double> cumulative = new LinkedHashMap<>();
        boolean failNextRead;
        boolean closed;

        FakeMeter(String name, Scope scope, MeasurementMethod method) {
            this.name = name;
            this.scope = scope;
            this.method = method;
        }

        FakeMeter add(String domain, double joules) {
            cumulative.merge(domain, joules, Double::sum);
            return this;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<EnergyReading> read() {
            if (failNextRead) {
                failNextRead = false;
                throw new IllegalStateException("device busy");
            }
            List<EnergyReading> readings = new ArrayList<>();
            cumulative.forEach((domain, joules) ->
                    readings.add(new EnergyReading(domain, scope, method, joules, 0, name + " " + domain)));
            return readings;
        }

        @Override
        public Duration maxReadInterval() {
            return Duration.ZERO;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A host's package counter: each opened meter counts from the moment it was opened, as RAPL meters do. */
    private static final class FakeHost {
        double joules;
        int opened;
        int closed;

        EnergyMeter open() {
            opened++;
            double atOpen = joules;
            return new EnergyMeter() {
                @Override
                public String name() {
                    return "rapl";
                }

                @Override
                public List<EnergyReading> read() {
                    return List.of(new EnergyReading("cpu-package", Scope.HOST, MeasurementMethod.COUNTER,
                            joules - atOpen, 0, "fake powercap"));
                }

                @Override
                public Duration maxReadInterval() {
                    return Duration.ZERO;
                }

                @Override
                public void close() {
                    closed++;
                }
            };
        }
    }
}
