package io.greentrain.energy.report;

import io.greentrain.energy.ledger.RunVerification;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LedgerReport#write} wrote: the paths (Hadoop URIs as given), the row counts and the
 * totals over all runs read.
 *
 * @param emissionsCsv   {@code OUT/emissions.csv}, CodeCarbon's format, one row per run
 * @param entries        {@code OUT/entries/}, the ledger entries (Parquet)
 * @param byPhase        {@code OUT/by_phase/}, per run and phase (Parquet)
 * @param byExecutor     {@code OUT/by_executor/}, per run, application, executor and host (Parquet)
 * @param reportHtml     {@code OUT/report.html}
 * @param segments       segment files read
 * @param entryRows      entries read (a line repeated verbatim counts once)
 * @param runs           runs, which is also the number of rows in {@code emissions.csv}
 * @param byPhaseRows    rows in {@code by_phase/}
 * @param byExecutorRows rows in {@code by_executor/}
 * @param totals         all runs added up
 * @param work           {@code OUT/work/}, the ledger's work records (Parquet)
 * @param perUnit        {@code OUT/per_unit/}, energy and CO2e per unit of work (Parquet)
 * @param perUnitJson    {@code OUT/per_unit.json}, the same as JSON
 * @param perUnitRows    the rows of {@code per_unit/}: per run, phase group (or whole run) and unit; empty when
 *                       the ledgers hold no work records
 * @param verifications  every run's verification, made before the report was written, in run id order
 * @param sci            every run's Software Carbon Intensity ({@code OUT/sci.json})
 */
public record ReportResult(String emissionsCsv, String entries, String byPhase, String byExecutor, String reportHtml,
                           long segments, long entryRows, long runs, long byPhaseRows, long byExecutorRows,
                           Totals totals, String work, String perUnit, String perUnitJson,
                           List<WorkIntensity> perUnitRows, List<RunVerification> verifications,
                           List<SciScore> sci) {

    public ReportResult {
        perUnitRows = List.copyOf(perUnitRows);
        verifications = List.copyOf(verifications);
        sci = List.copyOf(sci);
    }

    /**
     * One line on what the verification before the report found, in {@code ledger verify}'s words:
     * {@code verified first: 2 runs intact and sealed}, {@code verified first: 2 runs: 1 intact and sealed (r1),
     * 1 intact but unsealed (r2: the run did not finish, or its last segment is missing)}, or which runs are broken
     * when the report was allowed to go on.
     */
    public String verificationLine() {
        List<String> broken = verifications.stream().filter(run -> !run.ok()).map(RunVerification::describe).toList();
        if (!broken.isEmpty()) {
            return "verified first: BROKEN, reported anyway (--allow-broken): " + String.join("; ", broken);
        }
        Map<RunVerification.Status, List<String>> byStatus = new EnumMap<>(RunVerification.Status.class);
        verifications.forEach(run -> byStatus.computeIfAbsent(run.status(), status -> new ArrayList<>())
                .add(run.runId()));
        String runs = verifications.size() + (verifications.size() == 1 ? " run" : " runs");
        if (byStatus.size() == 1) {
            return "verified first: " + runs + " " + byStatus.keySet().iterator().next().description();
        }
        List<String> parts = new ArrayList<>();
        byStatus.forEach((status, ids) -> {
            String description = status.description();
            int because = description.indexOf(" (");
            String why = because < 0 ? "" : ": " + description.substring(because + 2, description.length() - 1);
            parts.add(ids.size() + " " + (because < 0 ? description : description.substring(0, because)) + " ("
                    + String.join(", ", ids) + why + ")");
        });
        return "verified first: " + runs + ": " + String.join(", ", parts);
    }

    /**
     * All runs added up.
     *
     * @param itKwh          energy the devices drew
     * @param facilityKwh    that energy times PUE
     * @param co2eLocationKg location-based emissions
     * @param co2eMarketKg   market-based emissions
     * @param embodiedKg     embodied emissions amortised over the windows
     * @param measuredShare  share of the IT energy read from counters or power readings, 0 to 1
     */
    public record Totals(double itKwh, double facilityKwh, double co2eLocationKg, double co2eMarketKg,
                         double embodiedKg, double measuredShare) {
    }

    /** Every path written, files and Parquet folders. */
    public List<String> paths() {
        return List.of(emissionsCsv, entries, byPhase, byExecutor, reportHtml, work, perUnit, perUnitJson);
    }
}
