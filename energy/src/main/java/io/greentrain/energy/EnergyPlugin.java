package io.greentrain.energy;

import io.greentrain.energy.plugin.EnergyDriverPlugin;
import io.greentrain.energy.plugin.EnergyExecutorPlugin;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Measures the energy of any Spark application:
 * {@code spark-submit --conf spark.plugins=io.greentrain.energy.EnergyPlugin --jars greentrain-energy.jar ...}.
 * Configuration keys are in {@link EnergyConf}; the results are in
 * {@link io.greentrain.energy.plugin.EnergyAccounting#forApplication(String)} while the application
 * runs, and in Spark's metrics system ({@code plugin.io.greentrain.energy.EnergyPlugin.*}).
 */
public final class EnergyPlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return new EnergyDriverPlugin();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new EnergyExecutorPlugin();
    }
}
