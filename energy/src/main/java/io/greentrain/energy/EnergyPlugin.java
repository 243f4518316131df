package io.greentrain.energy;

import io.greentrain.energy.api.Work;
import io.greentrain.energy.plugin.EnergyDriverPlugin;
import io.greentrain.energy.plugin.EnergyExecutorPlugin;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Measures the energy of any Spark application:
 * {@code spark-submit --conf spark.plugins=io.greentrain.energy.EnergyPlugin --jars greentrain-energy.jar ...}.
 * Configuration keys are in {@link EnergyConf}; the results are in
 * {@link io.greentrain.energy.api.ApplicationEnergy} while the application runs, and in Spark's metrics system
 * ({@code plugin.io.greentrain.energy.EnergyPlugin.*}).
 *
 * <p>An application tells the plugin which phase runs with {@link io.greentrain.energy.api.Phases}, and what work a
 * phase did with {@link io.greentrain.energy.api.Work#record}; the carbon ledger then holds both, so energy and CO2e
 * per unit of work follow from the ledger alone (the ledger report, {@code greentrain-energy-report}, computes
 * them). The rest of this module is the plugin's implementation.
 */
public final class EnergyPlugin implements SparkPlugin {

    /**
     * Records in the application's carbon ledger that {@code phase} did {@code amount} units of {@code unit}; the
     * same as {@link io.greentrain.energy.api.Work#record}, which documents it.
     *
     * @return whether the work was queued for the ledger
     * @throws IllegalArgumentException if phase, unit or amount is invalid
     */
    public static boolean recordWork(SparkContext sc, String phase, String unit, long amount) {
        return Work.record(sc, phase, unit, amount);
    }

    /**
     * Tells the plugin that {@code sc}'s application failed, so that the seal its driver writes into the carbon
     * ledger when Spark stops gives the reason {@code failed} rather than {@code completed}. Call it on the driver
     * before stopping Spark; nothing happens when the plugin is not active for the application.
     *
     * @return whether the plugin is active for the application (and will seal its ledger as failed)
     */
    public static boolean markFailed(SparkContext sc) {
        return io.greentrain.energy.plugin.EnergyAccounting.forApplication(sc.applicationId())
                .map(accounting -> {
                    accounting.markFailed();
                    return true;
                })
                .orElse(false);
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
