package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RaplMeterTest {

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void sumsEverySocketIntoCpuPackageAndDramSeparatelyButNeverPsysOrCore() throws Exception {
        FakePowercap powercap = twoSocketServerWithPsys();
        RaplMeter meter = RaplMeter.open(root, clock::get);

        powercap.energy("intel-rapl:0", 11_000_000).energy("intel-rapl:1", 22_000_000)
                .energy("intel-rapl:0:0", 300_000).energy("intel-rapl:1:0", 400_000)
                .energy("intel-rapl:0:1", 999_000_000).energy("intel-rapl:1:1", 999_000_000)
                .energy("intel-rapl:2", 888_000_000);
        Map<String, EnergyReading> readings = byDomain(meter.read());

        assertThat(readings).containsOnlyKeys("cpu-package", "dram");
        assertThat(readings.get("cpu-package").joules()).isCloseTo(1.0 + 2.0, within(1e-9));
        assertThat(readings.get("dram").joules()).isCloseTo(0.3 + 0.4, within(1e-9));
    }

    @Test
    void readingsAreHostCountersStampedByTheClockAndNameTheirFiles() throws Exception {
        twoSocketServerWithPsys();
        RaplMeter meter = RaplMeter.open(root, clock::get);
        clock.set(5_000);

        EnergyReading cpu = byDomain(meter.read()).get("cpu-package");

        assertThat(cpu.scope()).isEqualTo(Scope.HOST);
        assertThat(cpu.method()).isEqualTo(MeasurementMethod.COUNTER);
        assertThat(cpu.monotonicNanos()).isEqualTo(5_000);
        assertThat(cpu.joules()).isZero();
        assertThat(cpu.provenance())
                .contains(root.resolve("intel-rapl:0").resolve("energy_uj") + " (package-0)")
                .contains(root.resolve("intel-rapl:1").resolve("energy_uj") + " (package-1)")
                .doesNotContain("intel-rapl:2").doesNotContain("psys").doesNotContain("core");
    }

    /**
     * AMD Zen parts under Linux 5.8+ publish RAPL through the same {@code intel-rapl} powercap zones: a
     * {@code package-N} per socket with a {@code core} subzone, no {@code dram}, and a 32-bit counter of
     * 15.3 µJ units (a range of about 65.5 kJ, which wraps in minutes on a busy socket).
     */
    @Test
    void readsAnAmdEpycPowercapTreeAsPackagesWithoutDramAndUnwrapsItsShortCounter() throws Exception {
        long amdRangeUj = 65_532_610_987L;
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 65_000_000_000L, amdRangeUj)
                .zone("intel-rapl:0:0", "core", 1_000, amdRangeUj)
                .zone("intel-rapl:1", "package-1", 10_000_000L, amdRangeUj)
                .zone("intel-rapl:1:0", "core", 1_000, amdRangeUj);
        RaplMeter meter = RaplMeter.open(root, clock::get);

        // Socket 0 wraps: 65,000 J -> past the range -> 467.389 J + 100 J.
        powercap.energy("intel-rapl:0", 100_000_000L).energy("intel-rapl:1", 30_000_000L)
                .energy("intel-rapl:0:0", 50_000_000_000L);
        Map<String, EnergyReading> readings = byDomain(meter.read());

        assertThat(readings).containsOnlyKeys("cpu-package");
        assertThat(readings.get("cpu-package").joules())
                .isCloseTo((amdRangeUj - 65_000_000_000L + 100_000_000L) / 1e6 + 20.0, within(1e-6));
        assertThat(readings.get("cpu-package").provenance()).contains("package-0").contains("package-1")
                .doesNotContain("core");
    }

    @Test
    void findsThePackageByNameWhenZoneOneIsPsysAsOnLaptops() throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 0)
                .zone("intel-rapl:1", "psys", 0);
        RaplMeter meter = RaplMeter.open(root, clock::get);

        powercap.energy("intel-rapl:0", 2_000_000).energy("intel-rapl:1", 9_000_000);

        assertThat(byDomain(meter.read()).get("cpu-package").joules()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void findsZonesInANestedTreeWithoutFlatLinks() throws Exception {
        FakePowercap powercap = FakePowercap.nestedOnlyAt(root)
                .zone("intel-rapl:0", "package-0", 0)
                .zone("intel-rapl:0:0", "dram", 0);
        RaplMeter meter = RaplMeter.open(root, clock::get);

        powercap.energy("intel-rapl:0", 1_000_000).energy("intel-rapl:0:0", 500_000);
        Map<String, EnergyReading> readings = byDomain(meter.read());

        assertThat(readings.get("cpu-package").joules()).isCloseTo(1.0, within(1e-9));
        assertThat(readings.get("dram").joules()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void wrapsAroundUsingEachZonesOwnMaxEnergyRange() throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 900_000, 1_000_000)
                .zone("intel-rapl:1", "package-1", 4_900_000, 5_000_000);
        RaplMeter meter = RaplMeter.open(root, clock::get);

        powercap.energy("intel-rapl:0", 100_000).energy("intel-rapl:1", 50_000);

        // (range - previous) + current + 1, the counter counting 0..range inclusive
        double expectedUj = (1_000_000 - 900_000 + 100_000 + 1) + (5_000_000 - 4_900_000 + 50_000 + 1);
        assertThat(byDomain(meter.read()).get("cpu-package").joules()).isCloseTo(expectedUj / 1e6, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "0", "-5", ""})
    void dropsABackwardsStepWhenTheRangeIsInvalidAndCountsOnFromTheNewValue(String rangeContent) throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 5_000_000)
                .rangeFileContent("intel-rapl:0", rangeContent);
        RaplMeter meter = RaplMeter.open(root, clock::get);

        powercap.energy("intel-rapl:0", 1_000_000);
        assertThat(byDomain(meter.read()).get("cpu-package").joules()).isZero();

        powercap.energy("intel-rapl:0", 1_500_000);
        assertThat(byDomain(meter.read()).get("cpu-package").joules()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void dropsABackwardsStepWhenTheRangeFileIsMissing() throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 5_000_000)
                .deleteRangeFile("intel-rapl:0");
        RaplMeter meter = RaplMeter.open(root, clock::get);

        powercap.energy("intel-rapl:0", 1_000_000);
        meter.read();
        powercap.energy("intel-rapl:0", 3_000_000);

        assertThat(byDomain(meter.read()).get("cpu-package").joules()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void refusesToOpenWhenEveryEnergyFileIsRootOnlyNamingTheCveAndTheFix() {
        twoSocketServerWithPsys();
        SysfsReader rootOnlyEnergy = file -> {
            if (file.getFileName().toString().equals("energy_uj")) {
                throw new AccessDeniedException(file.toString());
            }
            return SysfsReader.FILES.read(file);
        };

        assertThatThrownBy(() -> RaplMeter.open(root, clock::get, rootOnlyEnergy))
                .isInstanceOf(MeterUnavailableException.class)
                .hasMessageContaining("CVE-2020-8694")
                .hasMessageContaining("sudo chmod a+r " + root + "/intel-rapl*:*/energy_uj")
                .hasMessageContaining("udev")
                .message().doesNotContain("\n");
    }

    @Test
    void countsTheReadableZonesWhenOnlySomeAreDenied() throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 0)
                .zone("intel-rapl:1", "package-1", 0);
        SysfsReader oneDenied = file -> {
            if (isEnergyFileOf(file, "intel-rapl:1")) {
                throw new AccessDeniedException(file.toString());
            }
            return SysfsReader.FILES.read(file);
        };
        RaplMeter meter = RaplMeter.open(root, clock::get, oneDenied);

        powercap.energy("intel-rapl:0", 1_000_000).energy("intel-rapl:1", 7_000_000);

        assertThat(byDomain(meter.read()).get("cpu-package").joules()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void keepsCountingTheOtherZonesWhenOneDisappears() throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 0)
                .zone("intel-rapl:1", "package-1", 0);
        RaplMeter meter = RaplMeter.open(root, clock::get);
        powercap.energy("intel-rapl:0", 1_000_000).energy("intel-rapl:1", 2_000_000);
        meter.read();

        powercap.remove("intel-rapl:1").energy("intel-rapl:0", 1_500_000);
        EnergyReading afterRemoval = byDomain(meter.read()).get("cpu-package");
        powercap.energy("intel-rapl:0", 2_500_000);
        EnergyReading later = byDomain(meter.read()).get("cpu-package");

        assertThat(afterRemoval.joules()).as("earlier energy of the gone zone stays counted")
                .isCloseTo(1.0 + 2.0 + 0.5, within(1e-9));
        assertThat(later.joules()).isCloseTo(1.0 + 2.0 + 1.5, within(1e-9));
        assertThat(later.provenance()).contains("package-1) [gone]");
    }

    @Test
    void aZoneThatCannotBeReadOnceCatchesUpAtItsNextGoodRead() throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 0)
                .zone("intel-rapl:1", "package-1", 0);
        Set<String> failingOnce = new HashSet<>();
        SysfsReader flaky = file -> {
            if (file.getFileName().toString().equals("energy_uj")
                    && failingOnce.remove(file.getParent().getFileName().toString())) {
                throw new IOException("Device or resource busy");
            }
            return SysfsReader.FILES.read(file);
        };
        RaplMeter meter = RaplMeter.open(root, clock::get, flaky);

        powercap.energy("intel-rapl:0", 1_000_000).energy("intel-rapl:1", 2_000_000);
        failingOnce.add("intel-rapl:1");
        EnergyReading withoutPackage1 = byDomain(meter.read()).get("cpu-package");
        powercap.energy("intel-rapl:1", 3_000_000);
        EnergyReading caughtUp = byDomain(meter.read()).get("cpu-package");

        assertThat(withoutPackage1.joules()).isCloseTo(1.0, within(1e-9));
        assertThat(withoutPackage1.provenance()).contains("package-1) [not read this time]");
        assertThat(caughtUp.joules()).isCloseTo(1.0 + 3.0, within(1e-9));
    }

    @Test
    void leavesOutADomainNoneOfWhoseZonesCouldBeReadNow() throws Exception {
        FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 0)
                .zone("intel-rapl:0:0", "dram", 0);
        AtomicBoolean dramFails = new AtomicBoolean(false);
        SysfsReader reader = file -> {
            if (dramFails.get() && isEnergyFileOf(file, "intel-rapl:0:0")) {
                throw new IOException("Input/output error");
            }
            return SysfsReader.FILES.read(file);
        };
        RaplMeter meter = RaplMeter.open(root, clock::get, reader);
        dramFails.set(true);

        assertThat(byDomain(meter.read())).containsOnlyKeys("cpu-package");
    }

    @Test
    void countsAPackageSeenThroughBothIntelRaplAndIntelRaplMmioOnce() throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl-mmio:0", "package-0", 0)
                .zone("intel-rapl:0", "package-0", 0)
                .zone("intel-rapl:0:0", "core", 0);
        RaplMeter meter = RaplMeter.open(root, clock::get);

        powercap.energy("intel-rapl:0", 1_000_000).energy("intel-rapl-mmio:0", 1_100_000);
        EnergyReading cpu = byDomain(meter.read()).get("cpu-package");

        assertThat(cpu.joules()).as("counted through intel-rapl only").isCloseTo(1.0, within(1e-9));
        assertThat(cpu.provenance()).doesNotContain("mmio");
    }

    @Test
    void sumsDiesOfAMultiDiePackage() throws Exception {
        FakePowercap powercap = FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0-die-0", 0)
                .zone("intel-rapl:1", "package-0-die-1", 0);
        RaplMeter meter = RaplMeter.open(root, clock::get);

        powercap.energy("intel-rapl:0", 1_000_000).energy("intel-rapl:1", 1_000_000);

        assertThat(byDomain(meter.read()).get("cpu-package").joules()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void maxReadIntervalIsHalfTheFastestWrapAtTheAssumedMaximumPower() throws Exception {
        FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 0, 262_143_328_850L)
                .zone("intel-rapl:0:0", "dram", 0, 10_000_000_000L);

        // dram: 10,000 J at 200 W wraps in 50 s; package: 262,143 J at 1,000 W in 262 s
        assertThat(RaplMeter.open(root, clock::get).maxReadInterval()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void maxReadIntervalAssumesTheSmallestCommonRangeWhenARangeIsUnknown() throws Exception {
        FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 0)
                .rangeFileContent("intel-rapl:0", "garbage");

        // 65,536 J at 1,000 W wraps in 65.536 s
        assertThat(RaplMeter.open(root, clock::get).maxReadInterval()).isEqualTo(Duration.ofMillis(32_768));
    }

    @Test
    void refusesToOpenWithoutAPackageOrDramZone() {
        FakePowercap.at(root).zone("intel-rapl:0", "psys", 0);

        assertThatThrownBy(() -> RaplMeter.open(root, clock::get))
                .isInstanceOf(MeterUnavailableException.class)
                .hasMessageContaining("no RAPL package or dram zone under " + root);
    }

    @Test
    void refusesToOpenWhenThereIsNoPowercapFolder() {
        assertThatThrownBy(() -> RaplMeter.open(root.resolve("absent"), clock::get))
                .isInstanceOf(MeterUnavailableException.class)
                .hasMessageContaining("no RAPL package or dram zone");
    }

    private FakePowercap twoSocketServerWithPsys() {
        return FakePowercap.at(root)
                .zone("intel-rapl:0", "package-0", 10_000_000)
                .zone("intel-rapl:0:0", "dram", 0)
                .zone("intel-rapl:0:1", "core", 0)
                .zone("intel-rapl:1", "package-1", 20_000_000)
                .zone("intel-rapl:1:0", "dram", 0)
                .zone("intel-rapl:1:1", "core", 0)
                .zone("intel-rapl:2", "psys", 0);
    }

    private static boolean isEnergyFileOf(Path file, String zoneId) {
        return file.getFileName().toString().equals("energy_uj")
                && file.getParent().getFileName().toString().equals(zoneId);
    }

    private static Map<String, EnergyReading> byDomain(List<EnergyReading> readings) {
        return readings.stream().collect(Collectors.toMap(EnergyReading::domain, r -> r));
    }
}
