package io.greentrain.energy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.EnergyPlugin;
import io.greentrain.energy.api.Phases;
import io.greentrain.energy.plugin.EnergyAccounting;
import io.greentrain.energy.plugin.EnergyReport;
import io.greentrain.testsupport.LocalCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The energy plugin in a real multi-JVM Spark: {@code local-cluster[2,1,1024]} starts two worker
 * executors in their own JVMs. Their host's RAPL counter is a fake powercap tree whose counter a
 * thread here keeps advancing; each executor gets a GPU address from a stub discovery script.
 *
 * <p>The two executors stand for two containers of one machine: the host lock folder is a relative
 * path, so each executor's lives in its own working folder (as {@code java.io.tmpdir} is private to
 * each YARN container or pod), while both see the same kernel boot id. The driver must still let
 * only one of them read the host's counter.
 */
class LocalClusterEnergyTest {

    @TempDir
    static Path work;

    static LocalCluster cluster;
    static JavaSparkContext sc;
    static final AtomicBoolean ticking = new AtomicBoolean(true);
    static Thread ticker;
    static Path counter;
    static volatile long counterMicrojoules;
    static long counterBeforeExecutors;
    /**
     * Relative: resolved in each executor's own working folder, as a container's private temporary folder (and, for
     * the driver, which is this JVM, in the module folder, where {@code target/} is build output).
     */
    static final String PRIVATE_LOCK_DIR = "target/energy-locks";

    @BeforeAll
    static void startCluster() throws IOException, InterruptedException {
        Path powercap = work.resolve("powercap");
        Path zone = Files.createDirectories(powercap.resolve("intel-rapl:0"));
        Files.writeString(zone.resolve("name"), "package-0\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), "262143328850\n");
        counter = zone.resolve("energy_uj");
        Files.writeString(counter, "0\n");
        ticker = new Thread(LocalClusterEnergyTest::tick, "fake-rapl");
        ticker.setDaemon(true);
        ticker.start();

        // Each worker gets a different GPU address, as two real GPUs would be.
        Path discovery = LocalCluster.writeGpuDiscoveryScript(work);
        counterBeforeExecutors = counterMicrojoules;
        cluster = LocalCluster.start(LocalCluster.withOneGpuPerExecutor(
                LocalCluster.conf("greentrain-energy-local-cluster-test", 2, 1, 1024)
                        .set("spark.plugins", EnergyPlugin.class.getName())
                        .set("spark.greentrain.energy.sampleInterval", "200ms")
                        .set("spark.greentrain.energy.rapl.root", powercap.toString())
                        .set("spark.greentrain.energy.hostLockDir", PRIVATE_LOCK_DIR),
                discovery));
        sc = cluster.context();
    }

    /** A 100 W package: 2,000,000 µJ (2 J) every 20 ms. */
    private static void tick() {
        while (ticking.get()) {
            try {
                Thread.sleep(20);
                counterMicrojoules += 2_000_000;
                Path temporary = counter.resolveSibling("energy_uj.tmp");
                Files.writeString(temporary, counterMicrojoules + "\n", StandardCharsets.UTF_8);
                Files.move(temporary, counter, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        ticking.set(false);
        ticker.join(1000);
    }

    private static void busyPhase(String phase) {
        Phases.enter(sc.sc(), phase);
        sc.parallelize(IntStream.range(0, 4).boxed().toList(), 4).map(i -> {
            long end = System.nanoTime() + 700_000_000L;
            double x = 0;
            while (System.nanoTime() < end) {
                x += Math.sqrt(x + i);
            }
            return x;
        }).collect();
        Phases.leave(sc.sc());
    }

    @Test
    void executorsWithPrivateLockFoldersOnOneHostCountItsCounterOnceSplitByCpuTime() throws InterruptedException {
        Set<String> lockFolders = sc.parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> Path.of(PRIVATE_LOCK_DIR).toAbsolutePath().toString()).collect()
                .stream().collect(Collectors.toSet());
        busyPhase("containers");

        EnergyAccounting accounting = EnergyAccounting.forApplication(sc.sc().applicationId()).orElseThrow();
        assertThat(accounting.awaitSamplesUntil(System.currentTimeMillis(), 10_000)).isTrue();
        EnergyReport report = accounting.report();

        assertThat(lockFolders).as("each executor has its own lock folder").hasSize(2);
        double counted = report.byDomain().get("cpu-package").joules();
        double advancedSinceExecutorsStarted = (counterMicrojoules - counterBeforeExecutors) / 1e6;
        assertThat(counted).as("package energy counted").isBetween(50.0, advancedSinceExecutorsStarted);
        assertThat(accounting.hostCounterReaders()).as("one reader of the one machine")
                .hasSize(1).allSatisfy((host, readers) -> assertThat(readers).hasSize(1));
        assertThat(accounting.duplicateHostReadings()).isZero();
        for (String executor : report.executors()) {
            if (!executor.equals("driver")) {
                assertThat(report.byExecutor().getOrDefault(executor, 0.0)).as("share of executor " + executor)
                        .isPositive();
            }
        }
    }

    @Test
    void samplesFromBothExecutorsAreAttributedToPhasesAndConserveTheHostEnergy() throws InterruptedException {
        Set<String> gpuAddresses = sc.parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> TaskContext.get().resourcesJMap().get("gpu").addresses()[0]).collect()
                .stream().collect(Collectors.toSet());
        busyPhase("phase-a");
        busyPhase("phase-b");
        Set<String> executorIds = sc.parallelize(List.of(1, 2, 3, 4), 4)
                .map(i -> org.apache.spark.SparkEnv.get().executorId()).collect()
                .stream().collect(Collectors.toSet());

        EnergyAccounting accounting = EnergyAccounting.forApplication(sc.sc().applicationId()).orElseThrow();
        assertThat(accounting.awaitSamplesUntil(System.currentTimeMillis(), 10_000)).isTrue();
        EnergyReport report = accounting.report();

        assertThat(gpuAddresses).as("each executor got its own GPU address").containsExactlyInAnyOrder("0", "1");
        assertThat(executorIds).hasSize(2);
        assertThat(report.executors()).containsAll(executorIds);
        assertThat(report.sequenceGaps()).isZero();
        assertThat(report.byPhase()).containsKeys("phase-a", "phase-b");
        assertThat(report.byPhase().get("phase-a")).isPositive();
        assertThat(report.byPhase().get("phase-b")).isPositive();
        assertThat(report.byDomain().get("cpu-package").method().code()).isEqualTo("counter");
        for (String executor : executorIds) {
            assertThat(report.byExecutor().getOrDefault(executor, 0.0)).as("energy of executor " + executor).isPositive();
        }
        // Conservation: every joule measured is attributed to exactly one executor and phase.
        assertThat(report.joules()).isCloseTo(accounting.totalJoules(), within(accounting.totalJoules() * 0.001));
        // And the joules measured are the fake counter's: 100 W, for no longer than the test ran.
        assertThat(report.byDomain().get("cpu-package").joules()).isBetween(50.0, counterMicrojoules / 1e6);
    }
}
