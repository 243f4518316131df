package io.greentrain.energy;

import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.energy.plugin.EnergyAccounting;
import io.greentrain.energy.plugin.EnergyDriverPlugin;
import io.greentrain.energy.plugin.EnergyExecutorPlugin;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the energy of any Spark application:
 * {@code spark-submit --conf spark.plugins=io.greentrain.energy.EnergyPlugin --jars greentrain-energy.jar ...}.
 * Configuration keys are in {@link EnergyConf}; the results are in
 * {@link io.greentrain.energy.plugin.EnergyAccounting#forApplication(String)} while the application
 * runs, and in Spark's metrics system ({@code plugin.io.greentrain.energy.EnergyPlugin.*}).
 *
 * <p>An application tells the plugin which phase runs with {@link Phases}, and what work a phase did with
 * {@link #recordWork}; the carbon ledger then holds both, so energy and CO2e per unit of work follow from the
 * ledger alone ({@code greentrain ledger report} computes them).
 */
public final class EnergyPlugin implements SparkPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyPlugin.class);

    /**
     * Records in the application's carbon ledger that {@code phase} did {@code amount} units of {@code unit}: for
     * example {@code recordWork(sc, "train/epoch-3", WorkRecord.TOKENS, 123456)} after a language model's third
     * epoch, or {@code recordWork(sc, "train/epoch-3", WorkRecord.EXAMPLES, 2048)} for a tabular one. Call it on the
     * driver once the work is done, with the phase name the work ran under ({@link Phases#enter}); several calls
     * for one phase and unit add up, so a phase may report its work in parts, and one phase may report several
     * units (tokens and sequences).
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
     *               {@link WorkRecord#TOKENS}, {@link WorkRecord#EXAMPLES} and {@link WorkRecord#SEQUENCES} are the
     *               conventional ones
     * @param amount how many units, zero or more
     * @return whether the work was queued for the ledger
     * @throws IllegalArgumentException if phase, unit or amount is invalid (checked whether or not the plugin is
     *                                  active, so a mistake shows in tests without the plugin too)
     */
    public static boolean recordWork(SparkContext sc, String phase, String unit, long amount) {
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

    @Override
    public DriverPlugin driverPlugin() {
        return new EnergyDriverPlugin();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new EnergyExecutorPlugin();
    }
}
