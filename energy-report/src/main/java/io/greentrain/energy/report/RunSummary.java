package io.greentrain.energy.report;

import io.greentrain.energy.api.EnergyUnits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One run's totals, in the ledger's own units (joules of IT energy, grams of CO2e), with the
 * sources of every factor applied. {@link #combine} adds runs up for an "all runs" line.
 *
 * @param runId              the run, or a label for a combination of runs
 * @param entries            ledger entries
 * @param applications       Spark applications that wrote to the run
 * @param executors          executors charged (an executor id is counted once per application)
 * @param hosts              hosts charged
 * @param firstStartSeconds  earliest window start, epoch seconds
 * @param lastEndSeconds     latest window end, epoch seconds
 * @param durationSeconds    wall time the run's applications were metered: per application, last
 *                           window end minus first window start, added up
 * @param cpuJoules          IT energy of CPU packages and CPU estimates
 * @param ramJoules          IT energy of DRAM and memory estimates
 * @param gpuJoules          IT energy of GPUs
 * @param otherJoules        IT energy of any other device
 * @param cpuFacilityJoules  {@code cpuJoules} times each entry's PUE
 * @param ramFacilityJoules  {@code ramJoules} times each entry's PUE
 * @param gpuFacilityJoules  {@code gpuJoules} times each entry's PUE
 * @param otherFacilityJoules {@code otherJoules} times each entry's PUE
 * @param measuredJoules     IT energy read from counters or integrated from power readings
 * @param locationGrams      location-based CO2e
 * @param marketGrams        market-based CO2e
 * @param embodiedGrams      embodied CO2e amortised over the windows
 * @param processEstimate    whether any CPU or memory energy is a per-process estimate rather than a
 *                           host reading
 * @param gpus               GPU devices metered
 * @param zones              grid zones
 * @param pues               PUE values applied
 * @param pueSources         where the PUE values come from
 * @param intensitySources   where the location-based intensities come from
 * @param marketSources      where the market-based factors come from
 * @param embodiedSources    where the embodied figures come from
 */
record RunSummary(String runId, long entries, long applications, long executors, List<String> hosts,
                  double firstStartSeconds, double lastEndSeconds, double durationSeconds,
                  double cpuJoules, double ramJoules, double gpuJoules, double otherJoules,
                  double cpuFacilityJoules, double ramFacilityJoules, double gpuFacilityJoules,
                  double otherFacilityJoules, double measuredJoules, double locationGrams, double marketGrams,
                  double embodiedGrams, boolean processEstimate, List<String> gpus, List<String> zones,
                  List<Double> pues, List<String> pueSources, List<String> intensitySources,
                  List<String> marketSources, List<String> embodiedSources) {

    /** The label of {@link #combine}'s line for all runs of a report. */
    static final String ALL_RUNS = "all runs";

    /** IT energy of all devices, joules. */
    double itJoules() {
        return cpuJoules + ramJoules + gpuJoules + otherJoules;
    }

    /** Energy including the facility overhead (PUE), joules: what the grid supplied. */
    double facilityJoules() {
        return cpuFacilityJoules + ramFacilityJoules + gpuFacilityJoules + otherFacilityJoules;
    }

    double itKwh() {
        return itJoules() / EnergyUnits.JOULES_PER_KWH;
    }

    double facilityKwh() {
        return facilityJoules() / EnergyUnits.JOULES_PER_KWH;
    }

    double locationKg() {
        return locationGrams / 1000;
    }

    double marketKg() {
        return marketGrams / 1000;
    }

    double embodiedKg() {
        return embodiedGrams / 1000;
    }

    /** Share of the IT energy that was measured rather than estimated, 0 to 1 (0 without energy). */
    double measuredShare() {
        return itJoules() > 0 ? measuredJoules / itJoules() : 0;
    }

    /** Energy-weighted PUE, or NaN without energy. */
    double meanPue() {
        return itJoules() > 0 ? facilityJoules() / itJoules() : Double.NaN;
    }

    /** Energy-weighted location-based intensity, gCO2e per facility kWh, or NaN without energy. */
    double meanIntensity() {
        return facilityJoules() > 0 ? locationGrams / facilityKwh() : Double.NaN;
    }

    /** Energy-weighted market-based factor, gCO2e per facility kWh, or NaN without energy. */
    double meanMarketFactor() {
        return facilityJoules() > 0 ? marketGrams / facilityKwh() : Double.NaN;
    }

    /** Runs added up under {@code label}: sums, earliest start, latest end, and every source. */
    static RunSummary combine(String label, List<RunSummary> runs) {
        double first = Double.NaN;
        double last = Double.NaN;
        double[] sums = new double[13];
        long entries = 0;
        long applications = 0;
        long executors = 0;
        boolean processEstimate = false;
        for (RunSummary run : runs) {
            entries += run.entries;
            applications += run.applications;
            executors += run.executors;
            first = Double.isNaN(first) ? run.firstStartSeconds : Math.min(first, run.firstStartSeconds);
            last = Double.isNaN(last) ? run.lastEndSeconds : Math.max(last, run.lastEndSeconds);
            double[] values = {run.durationSeconds, run.cpuJoules, run.ramJoules, run.gpuJoules, run.otherJoules,
                run.cpuFacilityJoules, run.ramFacilityJoules, run.gpuFacilityJoules, run.otherFacilityJoules,
                run.measuredJoules, run.locationGrams, run.marketGrams, run.embodiedGrams};
            for (int i = 0; i < values.length; i++) {
                sums[i] += values[i];
            }
            processEstimate |= run.processEstimate;
        }
        return new RunSummary(label, entries, applications, executors, union(runs, RunSummary::hosts), first, last,
                sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], sums[8], sums[9], sums[10],
                sums[11], sums[12], processEstimate, union(runs, RunSummary::gpus), union(runs, RunSummary::zones),
                union(runs, RunSummary::pues), union(runs, RunSummary::pueSources),
                union(runs, RunSummary::intensitySources), union(runs, RunSummary::marketSources),
                union(runs, RunSummary::embodiedSources));
    }

    private static <T extends Comparable<T>> List<T> union(List<RunSummary> runs,
                                                           Function<RunSummary, Collection<T>> part) {
        TreeSet<T> all = new TreeSet<>();
        runs.forEach(run -> all.addAll(part.apply(run)));
        return new ArrayList<>(all);
    }
}
