package io.greentrain.energy.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnualAveragesTest {

    private static final AnnualAverages BUNDLED = AnnualAverages.bundled();

    @TempDir
    Path dir;

    @Test
    void bundledTableCoversTheWorldAndLargeZonesEachRowWithItsSource() {
        assertThat(BUNDLED.zones()).contains("WORLD", "EU", "DE", "FR", "GB", "US", "CN", "IN", "SE", "NO", "PL",
                "JP", "AU", "CA", "BR");
        for (String zone : BUNDLED.zones()) {
            for (int year : List.of(2023, 2024)) {
                CarbonIntensity annual = BUNDLED.forYear(zone, year);
                assertThat(annual.source()).startsWith("Ember Yearly Electricity Data " + year + " ");
                assertThat(annual.gramsPerKwh()).isBetween(1.0, 1500.0);
            }
        }
    }

    @Test
    void windowInAYearOfTheTableGetsThatYearsValue() {
        CarbonIntensity intensity = BUNDLED.intensity("DE", utc("2024-06-01T10:00:00"), utc("2024-06-01T11:00:00"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(342.06);
        assertThat(intensity.zone()).isEqualTo("DE");
        assertThat(intensity.periodStart()).isEqualTo(utc("2024-01-01T00:00:00"));
        assertThat(intensity.source()).isEqualTo(
                "Ember Yearly Electricity Data 2024 (via co2.js average-intensities of 2025-08-03);"
                        + " annual average 2024");
        assertThat(BUNDLED.intensity("de", utc("2023-06-01T10:00:00"), utc("2023-06-01T11:00:00")).gramsPerKwh())
                .isEqualTo(381.41);
    }

    @Test
    void laterYearGetsTheNewestYearUpToItAndSaysWhichYearWasUsed() {
        CarbonIntensity intensity = BUNDLED.intensity("FR", utc("2026-02-01T00:00:00"), utc("2026-02-01T01:00:00"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(44.18);
        assertThat(intensity.source()).endsWith(
                "annual average 2024, used for 2026 (newest year in the table up to 2026)");
    }

    @Test
    void yearBeforeTheTableGetsItsNewestYearAndSaysSo() {
        CarbonIntensity intensity = BUNDLED.intensity("FR", utc("2019-02-01T00:00:00"), utc("2019-02-01T01:00:00"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(44.18);
        assertThat(intensity.source()).endsWith(
                "annual average 2024, used for 2019 (the table has no year up to 2019; newest used)");
    }

    @Test
    void unknownZoneIsUnavailableNamingZoneAndTime() {
        assertThatThrownBy(() -> BUNDLED.intensity("XX", utc("2024-06-01T10:00:00"), utc("2024-06-01T11:00:00")))
                .isInstanceOf(IntensityUnavailableException.class)
                .hasMessageStartingWith("no carbon intensity for zone XX from 2024-06-01T10:00:00Z"
                        + " to 2024-06-01T11:00:00Z: the annual table has no zone XX");
    }

    @Test
    void yourOwnTableIsReadTheSameWay() throws IOException {
        Path table = write("mine.csv",
                "# our provider's figures",
                "source,zone,year,g_co2e_per_kwh",
                "\"Provider report, 2022\",US-CAL-CISO,2022,210.5");

        CarbonIntensity intensity = AnnualAverages.read(table)
                .intensity("us-cal-ciso", utc("2022-05-01T00:00:00"), utc("2022-05-01T00:00:00"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(210.5);
        assertThat(intensity.source()).isEqualTo("Provider report, 2022; annual average 2022");
    }

    @Test
    void windowAcrossNewYearGetsTheTimeWeightedMeanOfBothYears() throws IOException {
        AnnualAverages table = AnnualAverages.read(write("two-years.csv",
                "zone,year,g_co2e_per_kwh,source",
                "ZZ,2023,100,Test 2023",
                "ZZ,2024,200,Test 2024"));

        CarbonIntensity intensity = table.intensity("ZZ", utc("2023-12-31T23:00:00"), utc("2024-01-01T01:00:00"));

        // 1 h at 100 and 1 h at 200: (100 + 200) / 2 = 150
        assertThat(intensity.gramsPerKwh()).isCloseTo(150, within(1e-9));
        assertThat(intensity.source()).isEqualTo("time-weighted mean across New Year:"
                + " 50% of the window at Test 2023; annual average 2023"
                + " | 50% of the window at Test 2024; annual average 2024");
    }

    @Test
    void windowEndingAtMidnightOnNewYearStaysInTheOldYear() throws IOException {
        AnnualAverages table = AnnualAverages.read(write("two-years.csv",
                "zone,year,g_co2e_per_kwh,source",
                "ZZ,2023,100,Test 2023",
                "ZZ,2024,200,Test 2024"));

        assertThat(table.intensity("ZZ", utc("2023-12-31T23:00:00"), utc("2024-01-01T00:00:00")).gramsPerKwh())
                .isEqualTo(100);
    }

    @Test
    void rejectsABadRowNamingFileAndLine() throws IOException {
        Path noSource = write("a.csv", "zone,year,g_co2e_per_kwh,source", "# comment", "DE,2024,300,");
        Path badYear = write("b.csv", "zone,year,g_co2e_per_kwh,source", "DE,2024a,300,x");
        Path badValue = write("c.csv", "zone,year,g_co2e_per_kwh,source", "DE,2024,-3,x");
        Path duplicate = write("d.csv", "zone,year,g_co2e_per_kwh,source", "DE,2024,300,x", "de,2024,310,y");
        Path badHeader = write("e.csv", "zone,year,intensity,source", "DE,2024,300,x");

        assertThatThrownBy(() -> AnnualAverages.read(noSource)).hasMessage(noSource
                + ", line 3: source is empty; every value needs one");
        assertThatThrownBy(() -> AnnualAverages.read(badYear)).hasMessage(badYear
                + ", line 2: year '2024a' is not a whole number");
        assertThatThrownBy(() -> AnnualAverages.read(badValue)).hasMessage(badValue
                + ", line 2: carbon intensity -3 must be >= 0 and finite");
        assertThatThrownBy(() -> AnnualAverages.read(duplicate)).hasMessage(duplicate
                + ", line 3: zone DE already has a value for 2024 (line 2)");
        assertThatThrownBy(() -> AnnualAverages.read(badHeader)).hasMessageStartingWith(badHeader
                + ", line 1: header lacks column 'g_co2e_per_kwh'");
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    private static Instant utc(String localDateTime) {
        return Instant.parse(localDateTime + "Z");
    }
}
