package io.greentrain.energy.report;

import org.apache.spark.sql.SparkSession;

/**
 * The local Spark session of a ledger test class: two threads, no UI, loopback only, and no energy
 * plugin (the report reads ledgers; it must not write one).
 */
public final class LedgerTestSession {

    private LedgerTestSession() {
    }

    public static SparkSession get() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("greentrain-ledger-report-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }
}
