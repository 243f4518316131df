package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CodeCarbon-format CSV, without Spark. */
class CodeCarbonCsvTest {

    private static RunSummary run(String runId, List<String> zones, boolean processEstimate, double duration) {
        return new RunSummary(runId, 4, 1, 2, List.of("host-a"), 1714557600, 1714557600 + duration, duration,
                3600, 1800, 0, 0, 5400, 2700, 0, 0, 5400, 3, 2, 0.5, processEstimate, List.of(), zones,
                List.of(1.5), List.of("survey"), List.of("grid"), List.of("supplier"), List.of("vendor"));
    }

    @Test
    void headerIsCodeCarbonsThirtyTwoColumnsAndAnEmptyLedgerGivesOnlyTheHeader() {
        assertThat(CodeCarbonCsv.COLUMNS).hasSize(32).startsWith("timestamp", "project_name", "run_id")
                .endsWith("tracking_mode", "on_cloud", "pue");
        assertThat(CodeCarbonCsv.render(List.of())).isEqualTo(String.join(",", CodeCarbonCsv.COLUMNS) + "\n");
    }

    @Test
    void aRunIdWithACommaOrQuoteIsQuoted() {
        String csv = CodeCarbonCsv.render(List.of(run("run,\"7\"", List.of("DE"), false, 10)));

        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).contains(",greentrain,\"run,\"\"7\"\"\",");
    }

    @Test
    void countryComesFromZonesOnlyWhenTheyAllLieInOneCountry() {
        assertThat(CodeCarbonCsv.country(List.of("US-CAL-CISO", "US-NW-PACW"))).isEqualTo("US");
        assertThat(CodeCarbonCsv.country(List.of("de"))).isEqualTo("DE");
        assertThat(CodeCarbonCsv.country(List.of("DE", "FR"))).isNull();
        assertThat(CodeCarbonCsv.country(List.of("EU-WEST"))).isNull();
        assertThat(CodeCarbonCsv.country(List.of())).isNull();

        Map<String, String> row = CodeCarbonCsv.row(run("r", List.of("US-CAL-CISO"), false, 10));
        assertThat(row).containsEntry("country_iso_code", "USA").containsEntry("country_name", "United States")
                .containsEntry("region", "");
    }

    @Test
    void trackingModeIsProcessWhenCpuOrMemoryEnergyIsAPerProcessEstimate() {
        assertThat(CodeCarbonCsv.row(run("r", List.of(), true, 10))).containsEntry("tracking_mode", "process");
        assertThat(CodeCarbonCsv.row(run("r", List.of(), false, 10))).containsEntry("tracking_mode", "machine");
    }

    @Test
    void ratesAreLeftEmptyForARunWithoutDuration() {
        Map<String, String> row = CodeCarbonCsv.row(run("r", List.of(), false, 0));

        assertThat(row).containsEntry("duration", "0.0").containsEntry("emissions_rate", "")
                .containsEntry("cpu_power", "").containsEntry("emissions", "0.003").containsEntry("pue", "1.5");
    }
}
