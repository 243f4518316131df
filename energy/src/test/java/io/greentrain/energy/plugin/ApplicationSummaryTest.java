package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.greentrain.energy.meter.MeasurementMethod;
import java.util.ArrayList;
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

        assertThat(table).contains("11.11 mWh", "75% measured, 25% estimated", "4 g location-based",
                "3 g market-based", "embodied 2 g", "train", "cpu-estimated", "estimated",
                "ledger: file:/l/run=r");
    }

    @Test
    void tableFoldsEpochsIntoTheirPhaseGroupInNumericOrder() {
        List<AttributedEnergy> shares = new ArrayList<>();
        for (int epoch = 1; epoch <= 11; epoch++) {
            shares.add(new AttributedEnergy("1", "h", "train/epoch-" + epoch, "cpu-package", MeasurementMethod.COUNTER,
                    "rapl", 0, 1000, 3600, false));
        }
        shares.add(new AttributedEnergy("1", "h", "clean", "cpu-package", MeasurementMethod.COUNTER, "rapl", 0, 1000,
                3600, false));
        EnergyReport energy = EnergyReport.of(shares, 12, Set.of("1"), 0, 0);

        String table = ApplicationSummary.table("app-1", energy, null);

        assertThat(table).contains("train (11 phases)", "11 Wh").doesNotContain("epoch-").doesNotContain("note:");
        assertThat(table.indexOf("clean")).isLessThan(table.indexOf("train (11 phases)"));
    }

    @Test
    void tableSaysWhenEnergyIsEstimated() {
        assertThat(ApplicationSummary.table("app-1", ENERGY, CARBON))
                .contains("note: 25% of the energy is a model's estimate");
    }

    @Test
    void noFigureInTheTableHasARunOfLeadingZeros() {
        assertThat(ApplicationSummary.table("app-1", ENERGY, CARBON)).doesNotContain("0.00");
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
        assertThat(ApplicationSummary.table("app-1", ENERGY, null)).contains("11.11 mWh").doesNotContain("CO2e:");
    }
}
