package io.greentrain.energy.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixture {@code carbon/electricitymaps-de-fr-2024-03-01.csv} has an Electricity Maps export's
 * header and made-up hourly values, 2024-03-01 UTC:
 * <pre>
 *          DE LCA  DE direct  FR LCA  FR direct
 *   10:00   400      330        40       10
 *   11:00   300      240        60       20
 *   12:00   200      150        80       30
 * </pre>
 */
class IntensityTimeSeriesTest {

    private static final String FIXTURE = "carbon/electricitymaps-de-fr-2024-03-01.csv";

    @TempDir
    Path dir;

    @Test
    void windowAcrossAnHourBoundaryGetsTheTimeWeightedMeanOfBothHours() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader());

        CarbonIntensity intensity = series.intensity("DE", at("10:45"), at("11:15"));

        // 15 min at 400 and 15 min at 300: (400 x 15 + 300 x 15) / 30 = 350
        assertThat(intensity.gramsPerKwh()).isCloseTo(350, within(1e-9));
        assertThat(intensity.zone()).isEqualTo("DE");
        assertThat(intensity.periodStart()).isEqualTo(at("10:45"));
        assertThat(intensity.source()).isEqualTo(FIXTURE + " column 'Carbon Intensity gCO₂eq/kWh (LCA)'"
                + ": time-weighted mean of the 2 values from 2024-03-01T10:00:00Z to 2024-03-01T11:00:00Z");
    }

    @Test
    void eachZoneOfOneFileIsItsOwnSeries() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader());

        assertThat(series.zones()).containsExactly("DE", "FR");
        // FR: (40 x 15 + 60 x 15) / 30 = 50
        assertThat(series.intensity("FR", at("10:45"), at("11:15")).gramsPerKwh()).isCloseTo(50, within(1e-9));
        assertThat(series.intensity("fr", at("10:45"), at("11:15")).zone()).isEqualTo("FR");
    }

    @Test
    void windowOverThreeHoursWeightsEachByItsOverlap() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader());

        // 10:30-12:30: 30 min at 400, 60 min at 300, 30 min at 200 -> (12000 + 18000 + 6000) / 120 = 300
        assertThat(series.intensity("DE", at("10:30"), at("12:30")).gramsPerKwh()).isCloseTo(300, within(1e-9));
    }

    @Test
    void windowInsideOneIntervalGetsThatValueDatedAtItsStart() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader());

        CarbonIntensity intensity = series.intensity("DE", at("11:10"), at("11:50"));

        assertThat(intensity.gramsPerKwh()).isEqualTo(300);
        assertThat(intensity.periodStart()).isEqualTo(at("11:00"));
        assertThat(intensity.source()).endsWith("value from 2024-03-01T11:00:00Z to 2024-03-01T12:00:00Z");
    }

    @Test
    void emptyWindowGetsTheValueInForceAtThatInstant() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader());

        assertThat(series.intensity("DE", at("11:00"), at("11:00")).gramsPerKwh()).isEqualTo(300);
        assertThat(series.intensity("DE", at("10:59"), at("10:59")).gramsPerKwh()).isEqualTo(400);
    }

    @Test
    void lastValueHoldsForTheSeriesStep() throws IOException {
        IntensityTimeSeries hourly = fixture(IntensityTimeSeries.csvReader());
        IntensityTimeSeries quarterHourly = IntensityTimeSeries.csvReader().zoneWhenAbsent("SE").read(write("q.csv",
                "datetime,carbon_intensity",
                "2024-03-01T10:00:00Z,20",
                "2024-03-01T10:15:00Z,30"));
        IntensityTimeSeries single = IntensityTimeSeries.csvReader().zoneWhenAbsent("SE").read(write("one.csv",
                "datetime,carbon_intensity",
                "2024-03-01T10:00:00Z,20"));

        assertThat(hourly.coverageEnd("DE")).isEqualTo(at("13:00"));
        assertThat(quarterHourly.coverageEnd("SE")).isEqualTo(at("10:30"));
        assertThat(single.coverageEnd("SE")).isEqualTo(at("11:00"));
        assertThat(hourly.intensity("DE", at("12:30"), at("13:00")).gramsPerKwh()).isEqualTo(200);
    }

    @Test
    void configuredLastIntervalOverridesTheStep() throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.csvReader().zoneWhenAbsent("SE")
                .lastInterval(Duration.ofMinutes(5)).read(write("one.csv",
                        "datetime,carbon_intensity",
                        "2024-03-01T10:00:00Z,20"));

        assertThat(series.coverageStart("SE")).isEqualTo(at("10:00"));
        assertThat(series.coverageEnd("SE")).isEqualTo(at("10:05"));
    }

    @Test
    void windowOutsideTheCoverageIsUnavailableNamingZoneWindowAndCoverage() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader());

        assertThatThrownBy(() -> series.intensity("DE", at("12:30"), at("13:30")))
                .isInstanceOf(IntensityUnavailableException.class)
                .hasMessage("no carbon intensity for zone DE from 2024-03-01T12:30:00Z to 2024-03-01T13:30:00Z:"
                        + " the series of DE in " + FIXTURE + " column 'Carbon Intensity gCO₂eq/kWh (LCA)'"
                        + " covers 2024-03-01T10:00:00Z to 2024-03-01T13:00:00Z");
        assertThatThrownBy(() -> series.intensity("DE", at("09:59"), at("10:30")))
                .isInstanceOf(IntensityUnavailableException.class);
        assertThatThrownBy(() -> series.intensity("DE", at("13:00"), at("13:00")))
                .isInstanceOf(IntensityUnavailableException.class);
    }

    @Test
    void unknownZoneIsUnavailableNamingTheZonesItHas() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader());

        assertThatThrownBy(() -> series.intensity("PL", at("10:00"), at("11:00")))
                .isInstanceOf(IntensityUnavailableException.class)
                .hasMessageContaining("zone PL")
                .hasMessageContaining("[DE, FR]");
    }

    @Test
    void windowEndingBeforeItStartsIsAMisuseNotAMissingValue() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader());

        assertThatThrownBy(() -> series.intensity("DE", at("11:00"), at("10:00")))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(IntensityUnavailableException.class);
    }

    @Test
    void prefersTheLifecycleColumnAndReadsDirectWhenAskedTo() throws IOException {
        IntensityTimeSeries direct = fixture(IntensityTimeSeries.csvReader().basis(EmissionBasis.DIRECT));

        // (330 x 15 + 240 x 15) / 30 = 285
        CarbonIntensity intensity = direct.intensity("DE", at("10:45"), at("11:15"));
        assertThat(intensity.gramsPerKwh()).isCloseTo(285, within(1e-9));
        assertThat(intensity.source()).contains("column 'Carbon Intensity gCO₂eq/kWh (direct)'");
    }

    @Test
    void configuredSourceLabelNamesTheDataSet() throws IOException {
        IntensityTimeSeries series = fixture(IntensityTimeSeries.csvReader()
                .source("Electricity Maps, DE and FR 2024 hourly (LCA)"));

        assertThat(series.intensity("DE", at("11:00"), at("12:00")).source())
                .startsWith("Electricity Maps, DE and FR 2024 hourly (LCA): value from 2024-03-01T11:00:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (LCA) | 2024-03-01 10:00:00,DE,123",
        "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),"
                + "Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage"
                + " | 2024-03-01 10:00:00,Germany,Germany,DE,99,123,50",
        "Datetime (UTC),Country,Zone name,Zone id,Carbon intensity gCO₂eq/kWh (direct),"
                + "Carbon intensity gCO₂eq/kWh (Life cycle)"
                + " | 2024-03-01 10:00:00,Germany,Germany,DE,99,123",
        "DATETIME (UTC),ZONE ID,CARBON INTENSITY GCO2EQ/KWH (LCA) | 2024-03-01 10:00:00,DE,123",
        "\uFEFFDatetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (LCA) | 2024-03-01 10:00:00,DE,123",
        "Datetime (UTC),Zone Name,Carbon Intensity gCO₂eq/kWh (LCA) | 2024-03-01 10:00:00,DE,123",
        "Datetime (UTC),Country,Carbon Intensity gCO₂eq/kWh (LCA) | 2024-03-01 10:00:00,DE,123",
        "\"Datetime (UTC)\",\"Zone Id\",\"Carbon Intensity gCO₂eq/kWh (LCA)\""
                + " | \"2024-03-01 10:00:00\",\"DE\",\"123\"",
        "datetime,zone,carbon_intensity | 2024-03-01T10:00:00Z,DE,123",
        "timestamp,zone_id,carbonIntensity | 2024-03-01T10:00:00.000Z,DE,123",
    })
    void recognisesElectricityMapsAndSimpleHeaderVariants(String header, String row) throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.read(write("variant.csv", header, row));

        assertThat(series.zones()).containsExactly("DE");
        assertThat(series.intensity("DE", at("10:00"), at("11:00")).gramsPerKwh()).isEqualTo(123);
    }

    @Test
    void fileWithoutZoneColumnTakesTheZoneItIsGiven() throws IOException {
        Path file = write("se.csv",
                "Datetime (UTC),Carbon Intensity gCO₂eq/kWh (LCA)",
                "2024-03-01T10:00:00+00:00,25");

        assertThat(IntensityTimeSeries.csvReader().zoneWhenAbsent("SE").read(file)
                .intensity("SE", at("10:00"), at("10:30")).gramsPerKwh()).isEqualTo(25);
        assertThatThrownBy(() -> IntensityTimeSeries.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ", line 1: no zone column")
                .hasMessageContaining("zoneWhenAbsent");
    }

    @Test
    void readsTimesWithOffsetsAsTheInstantTheyName() throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.read(write("offset.csv",
                "datetime,zone,carbon_intensity",
                "2024-03-01T11:00:00+01:00,DE,100",
                "2024-03-01T11:00:00Z,DE,200"));

        assertThat(series.coverageStart("DE")).isEqualTo(at("10:00"));
        assertThat(series.intensity("DE", at("10:00"), at("10:00")).gramsPerKwh()).isEqualTo(100);
    }

    @Test
    void rowsNeedNotBeSorted() throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.read(write("unsorted.csv",
                "datetime,zone,carbon_intensity",
                "2024-03-01T11:00:00Z,DE,300",
                "2024-03-01T10:00:00Z,DE,400"));

        assertThat(series.intensity("DE", at("10:45"), at("11:15")).gramsPerKwh()).isCloseTo(350, within(1e-9));
    }

    @Test
    void rejectsAnIntensityThatIsNotANumberNamingFileAndLine() throws IOException {
        Path file = write("bad.csv",
                "datetime,zone,carbon_intensity",
                "2024-03-01T10:00:00Z,DE,400",
                "2024-03-01T11:00:00Z,DE,n/a");

        assertThatThrownBy(() -> IntensityTimeSeries.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ", line 3: carbon intensity 'n/a' is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-03-01T11:00:00Z,DE,-5",
        "2024-03-01T11:00:00Z,DE,NaN",
        "2024-03-01T11:00:00Z,DE,Infinity",
        "2024-03-01T11:00:00Z,DE,",
        "2024-03-01T11:00:00Z,DE,1e999",
        "01/03/2024 11:00,DE,300",
        "2024-03-01T11:00:00Z,,300",
        "2024-03-01T11:00:00Z,DE",
        "2024-03-01T11:00:00Z,DE,300,extra",
        "\"2024-03-01T11:00:00Z,DE,300",
        "2024-03-01T10:00:00Z,DE,500",
    })
    void rejectsABadRowNamingFileAndLine(String badRow) throws IOException {
        Path file = write("bad.csv",
                "datetime,zone,carbon_intensity",
                "2024-03-01T10:00:00Z,DE,400",
                "",
                badRow);

        assertThatThrownBy(() -> IntensityTimeSeries.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ", line 4: ");
    }

    @Test
    void duplicateTimeNamesBothLines() throws IOException {
        Path file = write("dup.csv",
                "datetime,zone,carbon_intensity",
                "2024-03-01T10:00:00Z,DE,400",
                "2024-03-01T10:00:00Z,FR,40",
                "2024-03-01 10:00:00,DE,500");

        assertThatThrownBy(() -> IntensityTimeSeries.read(file))
                .hasMessage(file + ", line 4: zone DE already has a value at 2024-03-01T10:00:00Z (line 2)");
    }

    @Test
    void rejectsHeadersWithoutTimeOrIntensityOrWithAmbiguousIntensity() throws IOException {
        assertThatThrownBy(() -> IntensityTimeSeries.read(write("h1.csv", "zone,carbon_intensity", "DE,1")))
                .hasMessageContaining("line 1: no time column");
        assertThatThrownBy(() -> IntensityTimeSeries.read(write("h2.csv", "datetime,zone,value", "x,DE,1")))
                .hasMessageContaining("line 1: no carbon intensity column");
        assertThatThrownBy(() -> IntensityTimeSeries.read(write("h3.csv",
                "datetime,zone,carbon_intensity,carbon_intensity_avg", "x,DE,1,2")))
                .hasMessageContaining("line 1: more than one carbon intensity column");
        assertThatThrownBy(() -> IntensityTimeSeries.csvReader().basis(EmissionBasis.DIRECT)
                .read(write("h4.csv", "datetime,zone,Carbon Intensity gCO₂eq/kWh (LCA)", "x,DE,1")))
                .hasMessageContaining("line 1: no DIRECT intensity column");
        assertThatThrownBy(() -> IntensityTimeSeries.read(write("h5.csv", "datetime,zone,carbon_intensity")))
                .hasMessageContaining("no values after the header");
    }

    private IntensityTimeSeries fixture(IntensityTimeSeries.CsvReader reader) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                IntensityTimeSeriesTest.class.getClassLoader().getResourceAsStream(FIXTURE),
                StandardCharsets.UTF_8))) {
            return reader.read(in, FIXTURE);
        }
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), java.util.List.of(lines), StandardCharsets.UTF_8);
    }

    static Instant at(String hourMinute) {
        return Instant.parse("2024-03-01T" + hourMinute + ":00Z");
    }
}
