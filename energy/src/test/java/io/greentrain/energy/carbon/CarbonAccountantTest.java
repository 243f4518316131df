package io.greentrain.energy.carbon;

import static io.greentrain.energy.carbon.IntensityTimeSeriesTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarbonAccountantTest {

    private static final EmbodiedHardware TONNE_SERVER = new EmbodiedHardware("test server", 1000, "test figure");

    @TempDir
    Path dir;

    @Test
    void chargesKwhTimesPueTimesIntensityForActiveAndIdleEnergy() {
        CarbonAccountant accountant = new CarbonAccountant(
                new ConstantIntensity(400, "test grid 2024"),
                MarketFactor.locationBasedOnly().withFactor("DE", 50, "green tariff 2024"),
                PueSettings.defaults().withZone("DE", 1.5, "site meter 2024"),
                EmbodiedEmissions.defaults());
        // 5.4e6 J active = 1.5 kWh, 1.8e6 J idle = 0.5 kWh, over 2 hours
        HostEnergy energy = new HostEnergy("node-1", null, "DE", at("10:00"), at("12:00"), 5.4e6, 1.8e6);

        CarbonFootprint footprint = accountant.account(energy, HardwareReservation.cores(TONNE_SERVER, 4, 32));

        // location: 2 kWh x 1.5 x 400 g/kWh = 1200 g, of which idle 0.5 kWh x 1.5 x 400 = 300 g
        // market:   2 kWh x 1.5 x 50 g/kWh  = 150 g
        // embodied: 1,000,000 g x (2 h / 35,064 h) x (4 / 32) = 7.12982 g
        assertThat(footprint.kwh()).isCloseTo(2, within(1e-12));
        assertThat(footprint.locationGrams()).isCloseTo(1200, within(1e-9));
        assertThat(footprint.idleLocationGrams()).isCloseTo(300, within(1e-9));
        assertThat(footprint.marketGrams()).isCloseTo(150, within(1e-9));
        assertThat(footprint.embodied().grams()).isCloseTo(7.129819758, within(1e-9));
        assertThat(footprint.totalLocationGrams()).isCloseTo(1207.129819758, within(1e-9));
        assertThat(footprint.totalMarketGrams()).isCloseTo(157.129819758, within(1e-9));
    }

    @Test
    void recordsEveryValueAndSourceItUsed() {
        CarbonAccountant accountant = new CarbonAccountant(new ConstantIntensity(400, "test grid 2024"),
                MarketFactor.locationBasedOnly().withFactor("DE", 50, "green tariff 2024"),
                PueSettings.defaults().withZone("DE", 1.5, "site meter 2024"), EmbodiedEmissions.defaults());
        HostEnergy energy = new HostEnergy("node-1", null, "DE", at("10:00"), at("12:00"), 5.4e6, 1.8e6);

        CarbonFootprint footprint = accountant.account(energy, HardwareReservation.cores(TONNE_SERVER, 4, 32));

        assertThat(footprint.energy()).isEqualTo(energy);
        assertThat(footprint.pue()).isEqualTo(new Pue(1.5, "site meter 2024"));
        assertThat(footprint.locationIntensity())
                .isEqualTo(new CarbonIntensity(400, "DE", at("10:00"), "test grid 2024"));
        assertThat(footprint.marketFactor()).isEqualTo(new CarbonIntensity(50, "DE", at("10:00"), "green tariff 2024"));
        assertThat(footprint.embodied().source()).startsWith("SCI M = TE x (TiR / EL) x (RR / ToR) = 1000 kgCO2e"
                + " x (2 h / 35064 h) x (4 / 32 cores)");
    }

    @Test
    void hostsInDifferentZonesGetTheirOwnHourlyIntensity() throws IOException {
        Path file = Files.write(dir.resolve("de-fr.csv"), List.of(
                "datetime,zone,carbon_intensity",
                "2024-03-01T10:00:00Z,DE,400",
                "2024-03-01T11:00:00Z,DE,300",
                "2024-03-01T10:00:00Z,FR,40",
                "2024-03-01T11:00:00Z,FR,60"), StandardCharsets.UTF_8);
        CarbonAccountant accountant = new CarbonAccountant(IntensityTimeSeries.read(file),
                MarketFactor.locationBasedOnly(), PueSettings.defaults(), EmbodiedEmissions.defaults());

        CarbonFootprint berlin = accountant.account(
                new HostEnergy("de-1", null, "DE", at("10:45"), at("11:15"), 3.6e6, 0));
        CarbonFootprint paris = accountant.account(
                new HostEnergy("fr-1", null, "FR", at("10:45"), at("11:15"), 3.6e6, 0));

        // DE: 1 kWh x 1.56 x (400 x 15 + 300 x 15) / 30 = 1.56 x 350 = 546 g
        // FR: 1 kWh x 1.56 x (40 x 15 + 60 x 15) / 30  = 1.56 x 50  = 78 g
        assertThat(berlin.locationGrams()).isCloseTo(546, within(1e-9));
        assertThat(paris.locationGrams()).isCloseTo(78, within(1e-9));
        assertThat(berlin.marketGrams()).isCloseTo(546, within(1e-9));
        assertThat(berlin.marketFactor().source()).startsWith("location-based value: no contractual instruments");
        assertThat(berlin.pue().source()).isEqualTo(PueSettings.PUE_DEFAULT_SOURCE);
    }

    @Test
    void energyWithoutReservationCarriesNoEmbodiedEmissionsAndSaysSo() {
        CarbonAccountant accountant = new CarbonAccountant(new ConstantIntensity(400, "test"),
                MarketFactor.locationBasedOnly(), PueSettings.defaults(), EmbodiedEmissions.defaults());

        CarbonFootprint dram = accountant.account(new HostEnergy("n", "c", "DE", at("10:00"), at("11:00"), 3.6e6, 0));

        assertThat(dram.embodied().grams()).isZero();
        assertThat(dram.embodied().source()).startsWith("none: ");
        assertThat(dram.totalLocationGrams()).isCloseTo(1.56 * 400, within(1e-9));
    }

    @Test
    void missingIntensityIsReportedNotGuessed() {
        CarbonAccountant accountant = new CarbonAccountant(AnnualAverages.bundled(),
                MarketFactor.locationBasedOnly(), PueSettings.defaults(), EmbodiedEmissions.defaults());

        assertThatThrownBy(() -> accountant.account(new HostEnergy("n", null, "XX", at("10:00"), at("11:00"), 1, 0)))
                .isInstanceOf(IntensityUnavailableException.class)
                .hasMessageContaining("zone XX");
    }

    @Test
    void rejectsNegativeEnergyAndBackwardsWindows() {
        assertThatThrownBy(() -> new HostEnergy("n", null, "DE", at("10:00"), at("11:00"), -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostEnergy("n", null, "DE", at("10:00"), at("11:00"), 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostEnergy("n", null, "DE", at("11:00"), at("10:00"), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
