package io.greentrain.energy.report;

import io.greentrain.energy.EnergyConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a ledger report runs in: as light as the few megabytes of JSON Lines it reads allow.
 *
 * <ul>
 *   <li>A report is not metered: the energy plugin, when Spark's configuration loads it (a cluster's
 *       {@code spark-defaults.conf} often does), is switched off with {@code spark.greentrain.energy.enabled=false},
 *       so the report neither samples nor writes a ledger of its own. A caller that wants the report's own energy
 *       in a ledger starts its session otherwise ({@code greentrain ledger report --meter}).</li>
 *   <li>No web UI, and {@code local[*]} when no master is set.</li>
 *   <li>Shuffles take one partition per {@link #LEDGER_BYTES_PER_PARTITION} of segment files
 *       ({@link #sizeShufflePartitions}) instead of Spark's 200, unless the configuration sets
 *       {@code spark.sql.shuffle.partitions} itself.</li>
 * </ul>
 *
 * <p>Any setting given in Spark's configuration (spark-submit's {@code --conf}, {@code -D} system properties)
 * wins over these defaults, except the plugin switch. An active session is used as it is, its settings untouched.
 *
 * @param spark   the session
 * @param created whether {@link #getOrCreate} started it (and so may size its shuffles)
 */
public record ReportSession(SparkSession spark, boolean created) {

    /** Segment bytes per shuffle partition of the report's aggregations. */
    public static final long LEDGER_BYTES_PER_PARTITION = 64L << 20;

    private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

    /** The active session (one whose context is not stopped), or a new unmetered one named {@code appName}. */
    public static ReportSession getOrCreate(String appName) {
        if (SparkSession.getActiveSession().isDefined()
                && !SparkSession.getActiveSession().get().sparkContext().isStopped()) {
            return new ReportSession(SparkSession.getActiveSession().get(), false);
        }
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (!conf.contains("spark.master")) {
            builder.master("local[*]");
        }
        if (!conf.contains("spark.ui.enabled")) {
            builder.config("spark.ui.enabled", "false");
        }
        builder.config(EnergyConf.ENABLED.key(), "false");
        return new ReportSession(builder.getOrCreate(), true);
    }

    /**
     * Sets {@code spark.sql.shuffle.partitions} from the size of {@code segments} (one partition per
     * {@link #LEDGER_BYTES_PER_PARTITION} started, at most 200), unless Spark's configuration sets it or the
     * session was not started by {@link #getOrCreate}.
     *
     * @return the number of shuffle partitions now in force
     */
    public int sizeShufflePartitions(List<String> segments) {
        if (!created || spark.sparkContext().getConf().contains(SHUFFLE_PARTITIONS)) {
            return Integer.parseInt(spark.conf().get(SHUFFLE_PARTITIONS));
        }
        int partitions = shufflePartitionsFor(bytes(segments, spark.sparkContext().hadoopConfiguration()));
        spark.conf().set(SHUFFLE_PARTITIONS, Integer.toString(partitions));
        return partitions;
    }

    /** One partition per {@link #LEDGER_BYTES_PER_PARTITION} of {@code ledgerBytes} started, from 1 to 200. */
    static int shufflePartitionsFor(long ledgerBytes) {
        long wanted = (Math.max(0, ledgerBytes) + LEDGER_BYTES_PER_PARTITION - 1) / LEDGER_BYTES_PER_PARTITION;
        return (int) Math.max(1, Math.min(200, wanted));
    }

    private static long bytes(List<String> files, Configuration conf) {
        return LedgerLines.bytes(files, conf);
    }
}
