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
    void headerIsCodeCarbon33sThirtyEightColumnsInItsOrderAndAnEmptyLedgerGivesOnlyTheHeader() {
        assertThat(CodeCarbonCsv.COLUMNS).containsExactly("timestamp", "project_name", "run_id", "experiment_id",
                "duration", "emissions", "emissions_rate", "cpu_power", "gpu_power", "ram_power", "cpu_energy",
                "gpu_energy", "ram_energy", "energy_consumed", "water_consumed", "country_name", "country_iso_code",
                "region", "cloud_provider", "cloud_region", "os", "python_version", "codecarbon_version",
                "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude", "ram_total_size",
                "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent", "ram_utilization_percent",
                "ram_used_gb", "on_cloud", "pue", "wue");
        assertThat(CodeCarbonCsv.COLUMNS).hasSize(38);
        assertThat(CodeCarbonCsv.render(List.of())).isEqualTo(String.join(",", CodeCarbonCsv.COLUMNS) + "\n");
    }

    @Test
    void waterAndWueAreZeroUnlessConfiguredAndTheExperimentIdComesFromTheSettings() {
        Map<String, String> plain = CodeCarbonCsv.row(run("r", List.of("DE"), false, 10));
        assertThat(plain).containsEntry("water_consumed", "0.0").containsEntry("wue", "0.0")
                .containsEntry("experiment_id", "");

        Map<String, String> configured = CodeCarbonCsv.row(run("r", List.of("DE"), false, 10),
                new CodeCarbonCsv.Settings("exp-7", 1.8));
        assertThat(configured).containsEntry("experiment_id", "exp-7").containsEntry("wue", "1.8");
        assertThat(Double.parseDouble(configured.get("water_consumed")))
                .isEqualTo(Double.parseDouble(configured.get("energy_consumed")) * 1.8);
        assertThat(configured).containsEntry("cpu_utilization_percent", "").containsEntry("ram_used_gb", "");
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
