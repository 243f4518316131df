package io.greentrain.training;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The one local Spark session the tests of this module share: two threads, no UI, loopback only. */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("greentrain-training-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return session;
    }

    /** The Java view of the shared session's context. */
    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(get().sparkContext());
    }
}
