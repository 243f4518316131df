package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.greentrain.energy.meter.MeasurementMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApplicationSummaryTest {

    private static final EnergyReport ENERGY = EnergyReport.of(List.of(
            new AttributedEnergy("1", "h", "train/epoch-1", "cpu-package", MeasurementMethod.COUNTER, "rapl", 0, 1000, 30, false),
            new AttributedEnergy("2", "h", "idle", "cpu-estimated", MeasurementMethod.ESTIMATED, "model", 0, 1000, 10, true)),
            2, Set.of("1", "2"), 0, 0);
    private static final CarbonTotals CARBON = new CarbonTotals(40, 4, 3, 2, Map.of("train/epoch-1", 3.0, "idle", 1.0),
            Set.of("Ember"), 1.56, "Uptime", "file:/l/run=r", 2);

    @Test
    void tableShowsTotalsPhasesExecutorsAndDevicesWithTheirMethods() {
        String table = ApplicationSummary.table("app-1", ENERGY, CARBON);

        assertThat(table).contains("40.0 J", "75% measured, 25% estimated", "0.004000 location-based",
                "0.003000 market-based", "0.002000 embodied", "train/epoch-1", "cpu-estimated", "estimated",
                "ledger: file:/l/run=r");
    }

    @Test
    void jsonCarriesTheSameFigures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ApplicationSummary.json("app-1", ENERGY, CARBON));

        assertThat(json.path("joules").asDouble()).isEqualTo(40.0);
        assertThat(json.path("measuredShare").asDouble()).isEqualTo(0.75);
        assertThat(json.path("joulesByPhase").path("idle").asDouble()).isEqualTo(10.0);
        assertThat(json.path("byDevice").path("cpu-package").path("method").asText()).isEqualTo("counter");
        assertThat(json.path("carbon").path("locationKg").asDouble()).isEqualTo(0.004);
        assertThat(json.path("carbon").path("locationGramsByPhase").path("train/epoch-1").asDouble()).isEqualTo(3.0);
    }

    @Test
    void worksWithoutCarbonFigures() {
        assertThat(ApplicationSummary.table("app-1", ENERGY, null)).contains("40.0 J").doesNotContain("kgCO2e");
    }
}
