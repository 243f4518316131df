package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.meter.EnergyMeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which host counters a process uses: powercap RAPL, else AMD's amd_energy, never both; else estimates. */
class MeterSetHostCountersTest {

    @TempDir
    Path temp;

    private MeterSet metersWith(Path powercap, Path hwmon) {
        return MeterSet.forProcess(EnergySettings.from(Map.of(
                "spark.greentrain.energy.rapl.root", powercap.toString(),
                "spark.greentrain.energy.hwmon.root", hwmon.toString(),
                "spark.master", "local[2]")), Map.of());
    }

    private Path powercapWithOnePackage() throws IOException {
        Path zone = Files.createDirectories(temp.resolve("powercap/intel-rapl:0"));
        Files.writeString(zone.resolve("name"), "package-0\n");
        Files.writeString(zone.resolve("energy_uj"), "1000\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), "65532610987\n");
        return temp.resolve("powercap");
    }

    private Path amdEnergyHwmon() throws IOException {
        Path device = Files.createDirectories(temp.resolve("hwmon/hwmon3"));
        Files.writeString(device.resolve("name"), "amd_energy\n");
        Files.writeString(device.resolve("energy1_label"), "Esocket0\n");
        Files.writeString(device.resolve("energy1_input"), "5000\n");
        return temp.resolve("hwmon");
    }

    @Test
    void readsPowercapAndNotAmdEnergyWhenBothCountTheSockets() throws IOException {
        MeterSet meters = metersWith(powercapWithOnePackage(), amdEnergyHwmon());

        assertThat(meters.hostCounters()).singleElement().asString().startsWith("rapl ");
        try (EnergyMeter host = meters.openHostMeter()) {
            assertThat(host.name()).isEqualTo("rapl");
        }
        assertThat(meters.processMeters()).isEmpty();
    }

    @Test
    void readsAmdEnergyWhenPowercapCountsNoPackage() throws IOException {
        MeterSet meters = metersWith(temp.resolve("no-powercap"), amdEnergyHwmon());

        assertThat(meters.hostCounters()).singleElement().asString().startsWith("amd_energy ");
        try (EnergyMeter host = meters.openHostMeter()) {
            assertThat(host.name()).isEqualTo("amd_energy");
        }
        assertThat(meters.description()).contains("amd_energy socket counters");
    }

    @Test
    void estimatesWhenNeitherIsThere() {
        MeterSet meters = metersWith(temp.resolve("no-powercap"), temp.resolve("no-hwmon"));

        assertThat(meters.hasHostMeter()).isFalse();
        assertThat(meters.hostCounters()).isEmpty();
        assertThat(meters.description()).contains("estimated CPU energy");
    }
}
