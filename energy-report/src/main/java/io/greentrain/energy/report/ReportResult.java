package io.greentrain.energy.report;

import io.greentrain.energy.ledger.RunVerification;
import java.util.List;

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
     * One line on what the verification before the report found: {@code verified first: 2 runs intact, 1 sealed,
     * 1 unsealed (r2)}, or which runs are broken when the report was allowed to go on.
     */
    public String verificationLine() {
        List<String> broken = verifications.stream().filter(run -> !run.ok()).map(RunVerification::describe).toList();
        if (!broken.isEmpty()) {
            return "verified first: BROKEN, reported anyway (--allow-broken): " + String.join("; ", broken);
        }
        List<String> unsealed = verifications.stream().filter(run -> !run.sealed()).map(RunVerification::runId)
                .toList();
        return "verified first: " + verifications.size() + (verifications.size() == 1 ? " run" : " runs")
                + " intact, " + (verifications.size() - unsealed.size()) + " sealed"
                + (unsealed.isEmpty() ? "" : ", " + unsealed.size() + " unsealed (" + String.join(", ", unsealed)
                        + ": the run did not finish, or its last segment is missing)");
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
