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

    @Override
    public DriverPlugin driverPlugin() {
        return new EnergyDriverPlugin();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new EnergyExecutorPlugin();
    }
}
