package io.greentrain.jobs;

import org.apache.spark.sql.SparkSession;

/** The local Spark session a test class of this module uses: two threads, no UI, loopback only. */
final class SparkTestSession {

    private SparkTestSession() {
    }

    static SparkSession get() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("greentrain-jobs-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName())
                .getOrCreate();
    }
}
