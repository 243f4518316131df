package io.greentrain.energy.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.ledger.EnergyUncertainty;
import io.greentrain.energy.ledger.WorkRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's Software Carbon Intensity (Green Software Foundation, ISO/IEC 21031:2024): {@code SCI = (E x I + M) per R},
 * from the ledger alone.
 *
 * <ul>
 *   <li>{@code E}: the run's energy with the facility overhead (IT energy x PUE), kWh.</li>
 *   <li>{@code I}: the location-based grid intensity of each entry's zone and window; {@code E x I} is the sum of
 *       the entries' location-based grams. SCI excludes market-based factors (certificates, contracts): the
 *       market-based figures are given beside it for GHG Protocol Scope 2 dual reporting, never in it.</li>
 *   <li>{@code M}: embodied emissions amortised over the reserved time (the entries' embodied grams).</li>
 *   <li>{@code R}, the functional unit: each unit of work the run recorded in its work lines (examples, tokens,
 *       sequences; {@code flops} and {@code parameters} where the training step records them, with FLOPs
 *       {@value #FLOPS_FORMULA}), added up over the whole run. Training tokens come twice where the data
 *       preparation records them, as SCI for AI asks: {@code gross-tokens} (the corpus as read, before quality
 *       filters and deduplication) and {@code effective-tokens} (after them), each labelled with its basis
 *       ({@link #basis}).</li>
 *   <li>The boundary: every phase of the run that has energy in the ledger (data preparation, training,
 *       evaluation and idle, as the run's phase groups show), all of it divided by each unit.</li>
 * </ul>
 *
 * @param runId          the run
 * @param boundary       the run's phase groups with energy, in natural order
 * @param facilityKwh    {@code E}
 * @param locationGrams  {@code E x I}, location-based
 * @param embodiedGrams  {@code M}
 * @param marketGrams    market-based operational emissions, outside the score
 * @param units          the score per functional unit; empty when the run recorded no work
 * @param energyUncertainty how sure the run's energy is ({@link EnergyUncertainty}: the ledger lines' relative
 *                       uncertainties, energy-weighted); the operational part of every score carries it
 */
public record SciScore(String runId, List<String> boundary, double facilityKwh, double locationGrams,
                       double embodiedGrams, double marketGrams, List<PerUnit> units,
                       EnergyUncertainty energyUncertainty) {

    /** How the training step counts FLOPs, stated wherever FLOPs are reported. */
    public static final String FLOPS_FORMULA = "~ 6 x parameters x examples (dense layers: 2 forward and 4 backward "
            + "per parameter and example)";

    /** How {@code energyRelativeUncertainty} is obtained, as written to {@code sci.json}. */
    public static final String UNCERTAINTY_METHOD = "sum over ledger entries of relativeUncertainty x joules, divided "
            + "by their joules (a bound: independent errors partly cancel); entries written before uncertainties were "
            + "recorded are left out";

    /** The formula, as printed and written. */
    public static final String FORMULA = "SCI = (E x I + M) / R; E = IT energy x PUE, I = location-based grid "
            + "intensity, M = embodied emissions amortised over the reserved time";

    public SciScore {
        boundary = List.copyOf(boundary);
        units = List.copyOf(units);
    }

    /** A score without an uncertainty figure. */
    public SciScore(String runId, List<String> boundary, double facilityKwh, double locationGrams,
                    double embodiedGrams, double marketGrams, List<PerUnit> units) {
        this(runId, boundary, facilityKwh, locationGrams, embodiedGrams, marketGrams, units, EnergyUncertainty.NONE);
    }

    /**
     * What a unit counts, where its name alone does not say: {@code gross: ...} for {@code gross-tokens},
     * {@code effective: ...} for {@code effective-tokens}; null for other units.
     */
    static String basis(String unit) {
        return switch (unit) {
            case WorkRecord.GROSS_TOKENS -> "gross: training tokens as read, before quality filters and dedup";
            case WorkRecord.EFFECTIVE_TOKENS -> "effective: training tokens after quality filters and dedup";
            default -> null;
        };
    }

    /** The unit as printed: {@code example}, {@code token (gross: ...)}, {@code token (effective: ...)}. */
    static String label(String unit) {
        String basis = basis(unit);
        return basis == null ? singular(unit) : "token (" + basis + ")";
    }

    /**
     * The score for one functional unit.
     *
     * @param unit                  the unit of work
     * @param amount                {@code R}: units recorded over the run
     * @param sciGrams              {@code (E x I + M) / R}, gCO2e per unit
     * @param marketGramsPerUnit    {@code (E x market factor + M) / R}: the market-based figure, not SCI
     * @param kwhPerUnit            {@code E / R}
     */
    public record PerUnit(String unit, long amount, double sciGrams, double marketGramsPerUnit, double kwhPerUnit) {
    }

    /**
     * Every run's score: {@code runs}' totals, with the whole-run rows of {@code perUnit} ({@link WorkIntensity} rows
     * without a phase group) as the functional units and {@code boundaries} (run id to phase groups) as the
     * boundary.
     */
    static List<SciScore> of(List<RunSummary> runs, List<WorkIntensity> perUnit, Map<String, List<String>> boundaries) {
        return of(runs, perUnit, boundaries, Map.of());
    }

    /** As above, with each run's {@link EnergyUncertainty} (run id to it; {@link EnergyUncertainty#NONE} if absent). */
    static List<SciScore> of(List<RunSummary> runs, List<WorkIntensity> perUnit, Map<String, List<String>> boundaries,
                             Map<String, EnergyUncertainty> uncertainties) {
        List<SciScore> scores = new ArrayList<>();
        for (RunSummary run : runs) {
            double operational = run.locationGrams() + run.embodiedGrams();
            double market = run.marketGrams() + run.embodiedGrams();
            List<PerUnit> units = perUnit.stream()
                    .filter(row -> row.runId().equals(run.runId()) && row.phaseGroup() == null && row.amount() > 0)
                    .map(row -> new PerUnit(row.unit(), row.amount(), operational / row.amount(),
                            market / row.amount(), run.facilityKwh() / row.amount()))
                    .toList();
            scores.add(new SciScore(run.runId(), boundaries.getOrDefault(run.runId(), List.of()), run.facilityKwh(),
                    run.locationGrams(), run.embodiedGrams(), run.marketGrams(), units,
                    uncertainties.getOrDefault(run.runId(), EnergyUncertainty.NONE)));
        }
        return scores;
    }

    /**
     * One line per unit, for printouts: {@code SCI run-a: 1.23 mg CO2e per example (...)}, then the energy's
     * uncertainty when the ledger records one.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (units.isEmpty()) {
            lines.add("SCI " + runId + ": no functional unit recorded (the run has no work lines)");
        }
        units.stream().map(unit -> String.format(Locale.ROOT,
                "SCI %s: %s CO2e per %s (location-based; market-based %s; %s of work; boundary: %s)", runId,
                EnergyUnits.mass(unit.sciGrams()), label(unit.unit()), EnergyUnits.mass(unit.marketGramsPerUnit()),
                unit.amount() + " " + unit.unit(), String.join(", ", boundary))).forEach(lines::add);
        if (!Double.isNaN(energyUncertainty.relative())) {
            lines.add("SCI " + runId + ": energy uncertainty " + energyUncertainty.describe());
        }
        return lines;
    }

    /** {@code examples} to {@code example}; other units as they are. */
    static String singular(String unit) {
        return unit.endsWith("s") && unit.length() > 1 ? unit.substring(0, unit.length() - 1) : unit;
    }

    /** The scores as JSON, exact values: {@code {"formula":..., "runs":[...]}}. */
    static ObjectNode toJson(List<SciScore> scores) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("formula", FORMULA);
        root.put("flopsFormula", FLOPS_FORMULA);
        root.put("intensity", "location-based only; market-based figures are reported beside the score, "
                + "for GHG Protocol Scope 2 dual reporting");
        ArrayNode runs = root.putArray("runs");
        for (SciScore score : scores) {
            ObjectNode run = runs.addObject();
            run.put("runId", score.runId());
            score.boundary().forEach(run.putArray("boundary")::add);
            run.put("energyKwh", score.facilityKwh());
            run.put("operationalLocationGrams", score.locationGrams());
            run.put("embodiedGrams", score.embodiedGrams());
            run.put("operationalMarketGrams", score.marketGrams());
            EnergyUncertainty uncertainty = score.energyUncertainty();
            if (!Double.isNaN(uncertainty.relative())) {
                run.put("energyRelativeUncertainty", uncertainty.relative());
            } else {
                run.putNull("energyRelativeUncertainty");
            }
            run.put("energyUncertaintyMethod", UNCERTAINTY_METHOD);
            ArrayNode units = run.putArray("functionalUnits");
            for (PerUnit unit : score.units()) {
                ObjectNode node = units.addObject();
                node.put("unit", unit.unit());
                String basis = basis(unit.unit());
                if (basis != null) {
                    node.put("basis", basis.substring(0, basis.indexOf(':')));
                    node.put("basisDescription", basis);
                }
                node.put("amount", unit.amount());
                node.put("sciGramsPerUnit", unit.sciGrams());
                node.put("marketGramsPerUnit", unit.marketGramsPerUnit());
                node.put("kwhPerUnit", unit.kwhPerUnit());
            }
        }
        return root;
    }
}
