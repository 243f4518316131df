package io.greentrain.testsupport;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The local Spark that tests run on: {@code local[2]}, no UI, every socket on loopback, and (for SQL)
 * four shuffle partitions, so that a test's shuffle is small and its output has few files.
 *
 * <p>Sessions come from {@link SparkSession.Builder#getOrCreate()}: while a session runs, every test
 * class of the JVM shares it and later settings are ignored, as Spark documents; a test class that
 * stops the session gets a fresh one, with its own settings, on its next call.
 */
public final class LocalSpark {

    /** The master of every local test: two threads, as on the two-core machines the build runs on. */
    public static final String MASTER = "local[2]";
    /** Shuffle partitions of a test session: Spark's 200 would make each tiny test write 200 files. */
    public static final String SHUFFLE_PARTITIONS = "4";

    private LocalSpark() {
    }

    /**
     * A configuration for a {@code SparkContext} of its own: {@link #MASTER}, {@code appName}, no UI,
     * the driver on 127.0.0.1. Set more on the returned object before starting the context.
     */
    public static SparkConf conf(String appName) {
        return new SparkConf()
                .setMaster(MASTER)
                .setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1");
    }

    /** The running local session, or a new one named {@code appName} (see {@link #session(String, Map)}). */
    public static SparkSession session(String appName) {
        return session(appName, Map.of());
    }

    /**
     * The running local session, or a new one named {@code appName} with {@code extraConf} set besides
     * {@link #conf(String)} and {@link #SHUFFLE_PARTITIONS}. The fixed settings win over {@code extraConf},
     * and {@code extraConf} takes effect only when no session runs yet.
     */
    public static SparkSession session(String appName, Map<String, String> extraConf) {
        SparkSession.Builder builder = SparkSession.builder();
        extraConf.forEach(builder::config);
        return builder
                .config(conf(appName))
                .config("spark.sql.shuffle.partitions", SHUFFLE_PARTITIONS)
                .getOrCreate();
    }

    /** The Java view of the context of {@link #session(String)}. */
    public static JavaSparkContext context(String appName) {
        return JavaSparkContext.fromSparkContext(session(appName).sparkContext());
    }
}
