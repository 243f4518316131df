package io.greentrain.energy.api;

import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.energy.plugin.EnergyAccounting;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an application tells the carbon ledger what work a phase did, so that energy and CO2e per unit of work follow
 * from the ledger alone (the ledger report computes them).
 */
public final class Work {

    /** Unit: training examples (rows) fitted. */
    public static final String EXAMPLES = WorkRecord.EXAMPLES;
    /** Unit: tokens processed (for a language model: input positions trained on). */
    public static final String TOKENS = WorkRecord.TOKENS;
    /** Unit: sequences (windows of tokens) processed. */
    public static final String SEQUENCES = WorkRecord.SEQUENCES;
    /** Unit: training tokens before quality filters and deduplication (SCI for AI's gross value). */
    public static final String GROSS_TOKENS = WorkRecord.GROSS_TOKENS;
    /** Unit: training tokens after quality filters and deduplication (SCI for AI's effective value). */
    public static final String EFFECTIVE_TOKENS = WorkRecord.EFFECTIVE_TOKENS;

    /** Event: training first reached its validation target in the phase (record amount 1); not a unit of work. */
    public static final String TARGET_REACHED = WorkRecord.TARGET_REACHED;
    /** Prefix of the events that say why training stopped early ({@code early-stop-plateau}); not units of work. */
    public static final String EARLY_STOP_PREFIX = WorkRecord.EARLY_STOP_PREFIX;

    private static final Logger LOG = LoggerFactory.getLogger(Work.class);

    private Work() {
    }

    /**
     * Records in the application's carbon ledger that {@code phase} did {@code amount} units of {@code unit}: for
     * example {@code record(sc, "train/epoch-3", Work.TOKENS, 123456)} after a language model's third epoch, or
     * {@code record(sc, "train/epoch-3", Work.EXAMPLES, 2048)} for a tabular one. Call it on the driver once the
     * work is done, with the phase name the work ran under ({@link Phases#enter}); several calls for one phase and
     * unit add up, so a phase may report its work in parts, and one phase may report several units.
     *
     * <p>The record is stamped with the current time and queued in the application's ledger recorder, which
     * appends it to the run's hash chain after the energy entries of the windows that ended before it, and writes
     * it with the next ledger segment (at the latest when the application ends). Cheap: no I/O on the caller's
     * thread. Thread-safe.
     *
     * <p>When the energy plugin is not active for this application, or no ledger path is configured, nothing is
     * recorded: the call logs at debug level and returns {@code false}, so code may call it unconditionally.
     *
     * @param sc     the application's context (driver side)
     * @param phase  the phase path the work was done in, non-blank (e.g. {@code train/epoch-3})
     * @param unit   what was counted: lowercase letters, digits, {@code -} or {@code _}, starting with a letter;
     *               {@link #TOKENS}, {@link #EXAMPLES} and {@link #SEQUENCES} are the conventional ones
     * @param amount how many units, zero or more
     * @return whether the work was queued for the ledger
     * @throws IllegalArgumentException if phase, unit or amount is invalid (checked whether or not the plugin is
     *                                  active, so a mistake shows in tests without the plugin too)
     */
    public static boolean record(SparkContext sc, String phase, String unit, long amount) {
        WorkRecord.checkWork(phase, unit, amount);
        String applicationId = sc.applicationId();
        boolean queued = EnergyAccounting.forApplication(applicationId)
                .map(accounting -> accounting.recordWork(phase, unit, amount))
                .orElse(false);
        if (!queued) {
            LOG.debug("no carbon ledger for {}: {} {} of phase {} not recorded", applicationId, amount, unit, phase);
        }
        return queued;
    }
}
