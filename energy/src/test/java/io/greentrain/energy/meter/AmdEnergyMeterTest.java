package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmdEnergyMeterTest {

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void countsEverySocketAsCpuPackageEnergyAndNeverTheCoresAgain() throws Exception {
        FakeHwmon hwmon = FakeHwmon.twoSocketEpyc(root);
        AmdEnergyMeter meter = AmdEnergyMeter.open(root, clock::get);

        hwmon.energy(2, 5, 1_012_000_000L).energy(2, 6, 2_030_000_000L)
                .energy(2, 1, 900_000_000L).energy(2, 3, 900_000_000L);
        clock.set(7_000);

        assertThat(meter.read()).singleElement().satisfies(reading -> {
            assertThat(reading.domain()).isEqualTo(RaplMeter.PACKAGE_DOMAIN);
            assertThat(reading.joules()).isCloseTo(12.0 + 30.0, within(1e-9));
            assertThat(reading.scope()).isEqualTo(Scope.HOST);
            assertThat(reading.method()).isEqualTo(MeasurementMethod.COUNTER);
            assertThat(reading.monotonicNanos()).isEqualTo(7_000);
            assertThat(reading.provenance()).contains("amd_energy hwmon Esocket0,Esocket1")
                    .contains(root.resolve("hwmon2").toString()).doesNotContain("Ecore");
        });
    }

    @Test
    void readsNoDramBecauseTheDriverHasNone() throws Exception {
        FakeHwmon.twoSocketEpyc(root);

        assertThat(AmdEnergyMeter.open(root, clock::get).read())
                .extracting(EnergyReading::domain).containsOnly(RaplMeter.PACKAGE_DOMAIN);
    }

    @Test
    void countsASocketThatCannotBeReadNowFromItsNextGoodRead() throws Exception {
        FakeHwmon hwmon = FakeHwmon.twoSocketEpyc(root);
        AmdEnergyMeter meter = AmdEnergyMeter.open(root, clock::get);
        hwmon.energy(2, 6, 2_010_000_000L);
        java.nio.file.Files.writeString(root.resolve("hwmon2/energy5_input"), "garbage\n");

        assertThat(meter.read()).singleElement().extracting(EnergyReading::joules)
                .satisfies(joules -> assertThat(joules).isCloseTo(10.0, within(1e-9)));
        hwmon.energy(2, 5, 1_005_000_000L);
        assertThat(meter.read()).singleElement().extracting(EnergyReading::joules)
                .satisfies(joules -> assertThat(joules).isCloseTo(15.0, within(1e-9)));
    }

    @Test
    void isUnavailableWithoutAnAmdEnergyDevice() {
        FakeHwmon.at(root).device(0, "k10temp").device(1, "coretemp");

        assertThatThrownBy(() -> AmdEnergyMeter.open(root, clock::get))
                .isInstanceOf(MeterUnavailableException.class).hasMessageContaining("no amd_energy hwmon device");
        assertThatThrownBy(() -> AmdEnergyMeter.open(root.resolve("missing"), clock::get))
                .isInstanceOf(MeterUnavailableException.class).hasMessageContaining("no hwmon folder");
    }

    @Test
    void isUnavailableWhenOnlyCoresAreListed() {
        FakeHwmon.at(root).device(0, "amd_energy").counter(0, 1, "Ecore000", 5);

        assertThatThrownBy(() -> AmdEnergyMeter.open(root, clock::get))
                .isInstanceOf(MeterUnavailableException.class).hasMessageContaining("no Esocket counter");
    }

    @Test
    void isUnavailableWhenNoSocketCounterMayBeRead() {
        FakeHwmon.twoSocketEpyc(root);
        SysfsReader rootOnlyCounters = file -> {
            if (file.getFileName().toString().endsWith("_input")) {
                throw new AccessDeniedException(file.toString());
            }
            return SysfsReader.FILES.read(file);
        };

        assertThatThrownBy(() -> AmdEnergyMeter.open(root, clock::get, rootOnlyCounters))
                .isInstanceOf(MeterUnavailableException.class).hasMessageContaining("needs root");
    }
}
