package io.greentrain.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL settings for the queries of one step whose input is small: expressions are evaluated by Spark's
 * interpreter instead of being compiled to Java (Janino) and then by the JVM's JIT compiler, and each query is
 * planned once, with one shuffle partition, instead of being planned again by adaptive execution after each of
 * its stages.
 *
 * <p>On a table of a few thousand rows a query's data takes milliseconds, but generating, compiling and loading
 * its code takes tenths of a second, once per query (the Ames example's {@code clean} plans 8 queries and
 * {@code convert} 16); adaptive execution runs every query with a shuffle as two Spark jobs and plans the second
 * again, to coalesce Spark's 200 shuffle partitions into one, which one partition from the start gives at once.
 * Interpreting the queries gives the same rows (Spark's own tests hold both paths to the same results) at less
 * cost; on large inputs the compiled code and adaptive execution win by far, so the settings apply only up to
 * {@link #MAX_INPUT_BYTES}, which the cleaner's duplicate search groups into one partition anyway
 * ({@code TabularCleaner.INPUT_BYTES_PER_PARTITION}). The settings are {@link #SETTINGS}; one that the
 * application's Spark configuration sets ({@code --conf}, {@code -D}) is left as given.
 *
 * <p>Opened around a step by {@link JobRunner} and closed after it, which restores the session's settings. A
 * query planned on the same session meanwhile, on another thread, would see them too.
 */
final class SmallInputQueries implements AutoCloseable {

    /**
     * Input bytes (as stored) up to which a step's queries are interpreted: the Ames example's CSV is 1.5 MB,
     * its cleaned Parquet about 240 kB.
     */
    static final long MAX_INPUT_BYTES = 16L << 20;

    /** The settings for a small input. */
    static final Map<String, String> SETTINGS = Map.of(
            "spark.sql.codegen.wholeStage", "false",
            "spark.sql.codegen.factoryMode", "NO_CODEGEN",
            "spark.sql.adaptive.enabled", "false",
            "spark.sql.shuffle.partitions", "1");

    private final SparkSession spark;
    /** The session's value of every setting changed, null where it had none of its own. */
    private final Map<String, String> previous;

    private SmallInputQueries(SparkSession spark, Map<String, String> previous) {
        this.spark = spark;
        this.previous = previous;
    }

    /**
     * Applies {@link #settingsFor} to {@code spark}'s session. Close the result after the step to restore the
     * session's settings.
     */
    static SmallInputQueries apply(SparkSession spark, OptionalLong inputBytes) {
        Map<String, String> previous = new LinkedHashMap<>();
        settingsFor(inputBytes, spark.sparkContext().getConf()).forEach((key, value) -> {
            previous.put(key, spark.conf().contains(key) ? spark.conf().get(key) : null);
            spark.conf().set(key, value);
        });
        return new SmallInputQueries(spark, previous);
    }

    /**
     * The settings for a step's queries: {@link #SETTINGS} when {@code inputBytes} is known and at most
     * {@link #MAX_INPUT_BYTES}, less any that the application's configuration {@code applicationConf} sets;
     * none otherwise.
     */
    static Map<String, String> settingsFor(OptionalLong inputBytes, SparkConf applicationConf) {
        Map<String, String> settings = new TreeMap<>();
        if (inputBytes.isPresent() && inputBytes.getAsLong() <= MAX_INPUT_BYTES) {
            SETTINGS.forEach((key, value) -> {
                if (!applicationConf.contains(key)) {
                    settings.put(key, value);
                }
            });
        }
        return settings;
    }

    /** Whether this applied any setting. */
    boolean applied() {
        return !previous.isEmpty();
    }

    /** Restores the session's settings as they were before {@link #apply}. */
    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                spark.conf().unset(key);
            } else {
                spark.conf().set(key, value);
            }
        });
    }
}
