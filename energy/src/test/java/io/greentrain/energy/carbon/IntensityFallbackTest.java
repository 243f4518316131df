package io.greentrain.energy.carbon;

import static io.greentrain.energy.carbon.IntensityTimeSeriesTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntensityFallbackTest {

    @TempDir
    Path dir;

    private IntensityTimeSeries hourly;

    @BeforeEach
    void readSeries() throws IOException {
        Path file = Files.write(dir.resolve("de.csv"), List.of(
                "datetime,zone,carbon_intensity",
                "2024-03-01T10:00:00Z,DE,400",
                "2024-03-01T11:00:00Z,DE,300"), StandardCharsets.UTF_8);
        hourly = IntensityTimeSeries.csvReader().source("Electricity Maps DE 2024 hourly").read(file);
    }

    @Test
    void valueFromThePrimaryCarriesThePrimarysSource() {
        CarbonIntensity intensity = hourly.withFallback(AnnualAverages.bundled())
                .intensity("DE", at("10:00"), at("11:00"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(400);
        assertThat(intensity.source()).doesNotContain("fallback");
    }

    @Test
    void windowOutsideTheSeriesGetsTheFallbackLabelledWithTheReason() {
        CarbonIntensity intensity = hourly.withFallback(AnnualAverages.bundled())
                .intensity("DE", at("14:00"), at("15:00"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(342.06);
        assertThat(intensity.zone()).isEqualTo("DE");
        assertThat(intensity.source()).isEqualTo("fallback used (primary had none: the series of DE in"
                + " Electricity Maps DE 2024 hourly covers 2024-03-01T10:00:00Z to 2024-03-01T12:00:00Z):"
                + " Ember Yearly Electricity Data 2024 (via co2.js average-intensities of 2025-08-03);"
                + " annual average 2024");
    }

    @Test
    void zoneMissingFromTheSeriesGetsTheFallback() {
        CarbonIntensity intensity = hourly.withFallback(AnnualAverages.bundled())
                .intensity("FR", at("10:00"), at("11:00"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(44.18);
        assertThat(intensity.source()).startsWith("fallback used (primary had none: Electricity Maps DE 2024 hourly"
                + " has no series for zone FR; it has [DE]): Ember");
    }

    @Test
    void fallbacksChainAndTheConstantIsTheLastResort() {
        IntensityProvider chain = hourly.withFallback(AnnualAverages.bundled())
                .withFallback(new ConstantIntensity(475, "IEA world average 2019 (constant)"));

        CarbonIntensity intensity = chain.intensity("ZW", at("10:00"), at("11:00"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(475);
        assertThat(intensity.zone()).isEqualTo("ZW");
        assertThat(intensity.source()).startsWith("fallback used (primary had none: ")
                .endsWith("): IEA world average 2019 (constant)");
    }

    @Test
    void malformedRequestsAreNotHiddenByTheFallback() {
        IntensityProvider chain = hourly.withFallback(new ConstantIntensity(475, "constant"));

        assertThatThrownBy(() -> chain.intensity("DE", at("11:00"), at("10:00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before it starts");
        assertThatThrownBy(() -> chain.intensity(" ", at("10:00"), at("11:00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constantAnswersEveryZoneAndWindowWithItsSource() {
        CarbonIntensity intensity = new ConstantIntensity(100, "contract 2024")
                .intensity("se", at("10:00"), at("12:00"));

        assertThat(intensity).isEqualTo(new CarbonIntensity(100, "SE", at("10:00"), "contract 2024"));
        assertThatThrownBy(() -> new ConstantIntensity(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConstantIntensity(1, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
