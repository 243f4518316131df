package io.greentrain.jobs;

import org.apache.spark.sql.SparkSession;

/** The local Spark session a test class of this module uses: two threads, no UI, loopback only. */
final class SparkTestSession {

    private SparkTestSession() {
    }

    static SparkSession get() {
        return get(java.util.Map.of());
    }

    /** The session with {@code extraConf} set too (effective only when no session runs yet). */
    static SparkSession get(java.util.Map<String, String> extraConf) {
        SparkSession.Builder builder = SparkSession.builder();
        extraConf.forEach(builder::config);
        return builder
                .master("local[2]")
                .appName("greentrain-jobs-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName())
                .getOrCreate();
    }
}
