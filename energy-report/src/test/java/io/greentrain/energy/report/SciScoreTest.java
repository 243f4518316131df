package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.energy.ledger.EnergyUncertainty;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SCI section against figures computed by hand, without Spark. */
class SciScoreTest {

    /**
     * A run of 3,600 J CPU and 1,800 J DRAM (IT), 5,400 J + 2,700 J with PUE 1.5 = 8,100 J = 0.00225 kWh; 3 g
     * location-based, 2 g market-based, 0.5 g embodied.
     */
    private static RunSummary run(String runId) {
        return new RunSummary(runId, 4, 1, 2, List.of("host-a"), 1714557600, 1714557610, 10,
                3600, 1800, 0, 0, 5400, 2700, 0, 0, 5400, 3, 2, 0.5, false, List.of(), List.of("DE"),
                List.of(1.5), List.of("survey"), List.of("grid"), List.of("supplier"), List.of("vendor"));
    }

    @Test
    void scoresEachFunctionalUnitOfTheWholeRunWithLocationBasedIntensityAndEmbodiedEmissions() {
        List<WorkIntensity> perUnit = List.of(
                new WorkIntensity("run-a", null, "examples", 1000, 2, 5400, 8100, 3),
                new WorkIntensity("run-a", null, "flops", 6_000_000, 2, 5400, 8100, 3),
                // A phase group's row and another run's are not the run's functional unit.
                new WorkIntensity("run-a", "train", "examples", 1000, 2, 4000, 6000, 2),
                new WorkIntensity("run-b", null, "examples", 7, 1, 1, 1, 1));

        List<SciScore> scores = SciScore.of(List.of(run("run-a")), perUnit,
                Map.of("run-a", List.of("clean", "train", "evaluate", "idle")));

        SciScore score = scores.get(0);
        assertThat(score.boundary()).containsExactly("clean", "train", "evaluate", "idle");
        assertThat(score.facilityKwh()).isCloseTo(0.00225, within(1e-15));
        assertThat(score.units()).extracting(SciScore.PerUnit::unit).containsExactly("examples", "flops");
        SciScore.PerUnit example = score.units().get(0);
        // (E x I + M) / R = (3 g + 0.5 g) / 1,000 examples; market-based apart: (2 g + 0.5 g) / 1,000.
        assertThat(example.sciGrams()).isCloseTo(0.0035, within(1e-15));
        assertThat(example.marketGramsPerUnit()).isCloseTo(0.0025, within(1e-15));
        assertThat(example.kwhPerUnit()).isCloseTo(2.25e-6, within(1e-18));
        assertThat(score.units().get(1).sciGrams()).isCloseTo(3.5 / 6_000_000, within(1e-18));
        assertThat(score.describe().get(0)).startsWith("SCI run-a: 3.5 mg CO2e per example (location-based; "
                + "market-based 2.5 mg; 1000 examples of work; boundary: clean, train, evaluate, idle)");
    }

    @Test
    void scoresGrossAndEffectiveTrainingTokensSideBySideAndLabelsEach() {
        // 1,000,000 tokens read, 800,000 kept after quality filters and dedup: (3 g + 0.5 g) over each.
        List<WorkIntensity> perUnit = List.of(
                new WorkIntensity("run-a", null, "gross-tokens", 1_000_000, 1, 5400, 8100, 3),
                new WorkIntensity("run-a", null, "effective-tokens", 800_000, 1, 5400, 8100, 3));

        SciScore score = SciScore.of(List.of(run("run-a")), perUnit, Map.of("run-a", List.of("text-clean", "train")))
                .get(0);

        assertThat(score.units()).extracting(SciScore.PerUnit::unit).containsExactly("gross-tokens",
                "effective-tokens");
        assertThat(score.units().get(0).sciGrams()).isCloseTo(3.5e-6, within(1e-20));
        assertThat(score.units().get(1).sciGrams()).isCloseTo(4.375e-6, within(1e-20));
        assertThat(score.units().get(1).kwhPerUnit()).isCloseTo(0.00225 / 800_000, within(1e-20));
        assertThat(score.describe().get(0)).startsWith("SCI run-a: 3.5 µg CO2e per token (gross: training tokens as "
                + "read, before quality filters and dedup) (location-based; market-based 2.5 µg; 1000000 gross-tokens");
        assertThat(score.describe().get(1)).startsWith("SCI run-a: 4.375 µg CO2e per token (effective: training "
                + "tokens after quality filters and dedup)");
        JsonNode units = SciScore.toJson(List.of(score)).path("runs").get(0).path("functionalUnits");
        assertThat(units.get(0).path("basis").asText()).isEqualTo("gross");
        assertThat(units.get(1).path("basis").asText()).isEqualTo("effective");
        assertThat(units.get(1).path("sciGramsPerUnit").asDouble()).isCloseTo(4.375e-6, within(1e-20));
    }

    @Test
    void statesHowSureTheRunsEnergyIsBesideTheScores() {
        // 900 J of counter lines at ±0.2% and 100 J of estimates at ±50%: (1.8 J + 50 J) / 1,000 J = ±5.18%.
        EnergyUncertainty uncertainty = new EnergyUncertainty(1000, 900 * 0.002 + 100 * 0.5, 0);
        List<WorkIntensity> perUnit = List.of(new WorkIntensity("run-a", null, "examples", 1000, 2, 5400, 8100, 3));

        SciScore score = SciScore.of(List.of(run("run-a")), perUnit, Map.of(), Map.of("run-a", uncertainty)).get(0);

        assertThat(score.describe()).last().isEqualTo("SCI run-a: energy uncertainty ±5.2% (energy-weighted over "
                + "the entries, a bound)");
        JsonNode run = SciScore.toJson(List.of(score)).path("runs").get(0);
        assertThat(run.path("energyRelativeUncertainty").asDouble()).isCloseTo(0.0518, within(1e-12));
        assertThat(SciScore.toJson(SciScore.of(List.of(run("run-b")), perUnit, Map.of())).path("runs").get(0)
                .path("energyRelativeUncertainty").isNull()).as("a ledger without uncertainties").isTrue();
    }

    @Test
    void aRunWithoutWorkHasNoFunctionalUnitAndSaysSo() {
        SciScore score = SciScore.of(List.of(run("run-a")), List.of(), Map.of()).get(0);

        assertThat(score.units()).isEmpty();
        assertThat(score.describe()).containsExactly("SCI run-a: no functional unit recorded (the run has no work "
                + "lines)");
    }

    @Test
    void theJsonStatesTheFormulaTheBoundaryAndExactValues() {
        JsonNode json = SciScore.toJson(SciScore.of(List.of(run("run-a")),
                List.of(new WorkIntensity("run-a", null, "tokens", 500, 1, 5400, 8100, 3)),
                Map.of("run-a", List.of("train"))));

        assertThat(json.path("formula").asText()).startsWith("SCI = (E x I + M) / R");
        assertThat(json.path("flopsFormula").asText()).contains("6 x parameters x examples");
        JsonNode run = json.path("runs").get(0);
        assertThat(run.path("boundary").get(0).asText()).isEqualTo("train");
        assertThat(run.path("operationalMarketGrams").asDouble()).isEqualTo(2);
        JsonNode tokens = run.path("functionalUnits").get(0);
        assertThat(tokens.path("unit").asText()).isEqualTo("tokens");
        assertThat(tokens.path("sciGramsPerUnit").asDouble()).isCloseTo(3.5 / 500, within(1e-15));
    }
}
