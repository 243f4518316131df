package io.greentrain.energy.ledger;

import java.util.Objects;

/**
 * One energy line of the carbon ledger: the energy one executor's device used for one phase in one time
 * window, and what it emitted. Entries are immutable once written and chained: {@link #previousHash}
 * is the SHA-256 of the previous line (an energy entry or a {@link WorkRecord}), so editing, deleting or
 * reordering a line breaks the chain from there on.
 *
 * @param applicationId           Spark application id
 * @param runId                   the run this application belongs to (re-running a run id continues its chain)
 * @param sequence                0, 1, 2, ... over the whole run's chain
 * @param executorId              executor charged ({@code driver} for the driver process)
 * @param host                    the executor's host
 * @param device                  energy domain: {@code cpu-package}, {@code dram}, {@code gpu-<uuid>},
 *                                {@code cpu-estimated}, {@code memory-estimated}
 * @param phase                   phase path ({@code train/epoch-3}, {@code idle}, ...)
 * @param stage                   Spark stage ids whose tasks of this phase ran in the window, comma-separated; empty for idle
 * @param windowStart             window start, ISO-8601 UTC
 * @param windowEnd               window end, ISO-8601 UTC
 * @param activeJoules            energy while tasks ran (IT energy, before PUE)
 * @param idleJoules              energy while nothing ran (IT energy, before PUE)
 * @param method                  how the number was obtained: {@code counter} (a counter of this executor's own
 *                                device), {@value #COUNTER_SPLIT_BY_CPU_TIME} (a host-wide counter, such as RAPL,
 *                                shared out among the application's executors on the host: the active part by CPU
 *                                time share, the idle part equally), {@code power-integration} or {@code estimated}
 * @param provenance              the counter or device, or for an estimate the model and its coefficients
 * @param relativeUncertainty     how sure the energy is, as a fraction (0.02: ±2%), from the method, the counter's
 *                                quantum and update period and the window's length, or the estimate's stated band
 *                                ({@link io.greentrain.energy.meter.MeasurementUncertainty}); NaN on lines written
 *                                before it was recorded
 * @param pue                     power usage effectiveness applied
 * @param pueSource               where the PUE comes from
 * @param zone                    the grid zone the host draws from (e.g. {@code DE}, {@code US-CAL-CISO})
 * @param intensityGramsPerKwh    location-based grid carbon intensity applied, gCO2e/kWh
 * @param intensitySource         where that intensity comes from (provider, data set, year)
 * @param intensityTimestamp      the time the intensity value is for, ISO-8601 UTC
 * @param marketGramsPerKwh       market-based emission factor applied (contractual instruments), gCO2e/kWh
 * @param marketSource            where that factor comes from
 * @param locationGrams           (active + idle) J / 3.6e6 x PUE x intensity
 * @param marketGrams             (active + idle) J / 3.6e6 x PUE x market factor
 * @param embodiedGrams           embodied emissions amortised over the window (SCI: total x time / lifetime)
 * @param embodiedSource          where the embodied figure comes from
 * @param previousHash            SHA-256 (hex) of the previous line, of either kind; 64 zeros for the first
 */
public record LedgerEntry(String applicationId, String runId, long sequence, String executorId, String host,
                          String device, String phase, String stage, String windowStart, String windowEnd,
                          double activeJoules, double idleJoules, String method, String provenance,
                          double relativeUncertainty, double pue, String pueSource, String zone,
                          double intensityGramsPerKwh, String intensitySource,
                          String intensityTimestamp, double marketGramsPerKwh, String marketSource,
                          double locationGrams, double marketGrams, double embodiedGrams, String embodiedSource,
                          String previousHash) implements LedgerRecord {

    /** The {@link #method} of a share of a host-wide counter's energy, split among executors by CPU time. */
    public static final String COUNTER_SPLIT_BY_CPU_TIME = "counter, split by CPU time share";

    /** The {@link #previousHash} of a chain's first entry. */
    public static final String GENESIS_HASH = "0".repeat(64);

    public LedgerEntry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(previousHash, "previousHash");
    }

    /** Total IT energy of the entry, joules. */
    public double joules() {
        return activeJoules + idleJoules;
    }

    /**
     * This entry placed at {@code sequence} in its run's chain, after the entry whose line hashes to
     * {@code previousHash}; every other field is kept. {@link LedgerWriter} uses it to chain what it is given.
     */
    @Override
    public LedgerEntry withChain(long sequence, String previousHash) {
        return new LedgerEntry(applicationId, runId, sequence, executorId, host, device, phase, stage, windowStart,
                windowEnd, activeJoules, idleJoules, method, provenance, relativeUncertainty, pue, pueSource, zone,
                intensityGramsPerKwh, intensitySource, intensityTimestamp, marketGramsPerKwh, marketSource, locationGrams, marketGrams,
                embodiedGrams, embodiedSource, previousHash);
    }
}
