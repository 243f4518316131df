package io.greentrain.preprocessing.text.bench;

import io.greentrain.preprocessing.text.TextColumns;
import io.greentrain.preprocessing.text.dedup.DedupSpec;
import io.greentrain.preprocessing.text.dedup.NearDuplicateFinder;
import io.greentrain.preprocessing.text.dedup.PlantedNearDuplicates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Near-dedup throughput and recall on a seeded corpus with planted near duplicates: our MinHash + banding + exact
 * verification + connected components against Spark MLlib's {@code MinHashLSH.approxSimilarityJoin} at the same
 * Jaccard threshold, in the same local[2] session, on the same word 5-gram shingles. Prints {@code key=value} lines:
 * wall seconds, and CPU seconds of the whole JVM (all Spark threads), which a shared machine inflates much less.
 *
 * <pre>NearDedupBenchmark ORIGINALS VARIANTS MLLIB_TABLES...</pre>
 */
public final class NearDedupBenchmark {

    private static final int CORES = 2;

    private NearDedupBenchmark() {
    }

    public static void main(String[] args) {
        int originals = Integer.parseInt(args[0]);
        int variants = Integer.parseInt(args[1]);
        List<Integer> tables = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            tables.add(Integer.parseInt(args[i]));
        }
        SparkSession spark = SparkSession.builder().master("local[" + CORES + "]").appName("near-dedup-benchmark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "8").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        PlantedNearDuplicates corpus = PlantedNearDuplicates.generate(20240607, originals, variants);
        DedupSpec spec = DedupSpec.defaults();
        int docs = corpus.docs().size();
        print("docs", docs);
        print("planted_pairs", corpus.pairs().size());
        print("threshold", spec.jaccardThreshold());
        print("bands", spec.bands());
        print("rows", spec.rows());
        print("cores", CORES);

        StructType schema = new StructType().add(TextColumns.DOC_ID, DataTypes.StringType)
                .add(TextColumns.TEXT, DataTypes.StringType).add(TextColumns.SCRIPT, DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        corpus.docs().forEach(d -> rows.add(RowFactory.create(d.id(), d.text(), "spaced")));
        Dataset<Row> input = spark.createDataFrame(rows, schema).repartition(8).cache();
        input.count();

        // Warm-up on a slice, so that both sides run with loaded classes.
        NearDuplicateFinder.find(spark, input.limit(500), spec).assignments().count();
        mllib(spark, input.limit(500), tables.isEmpty() ? 5 : tables.get(0), spec.jaccardThreshold()).count();

        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        NearDuplicateFinder.Result ours = NearDuplicateFinder.find(spark, input, spec);
        Map<String, String> cluster = new HashMap<>();
        for (Row row : ours.assignments().collectAsList()) {
            cluster.put(row.getString(0), row.getString(1));
        }
        double oursSeconds = (System.nanoTime() - start) / 1e9;
        double oursCpu = (cpuNanos() - cpuStart) / 1e9;
        print("ours_seconds", oursSeconds);
        print("ours_cpu_seconds", oursCpu);
        print("ours_docs_per_cpu_second", docs / oursCpu);
        print("ours_candidate_pairs", ours.candidatePairs());
        print("ours_verified_pairs", ours.verifiedPairs());
        report("ours", corpus, p -> {
            String a = cluster.get(p.original());
            return a != null && a.equals(cluster.get(p.variant()));
        });

        for (int t : tables) {
            start = System.nanoTime();
            cpuStart = cpuNanos();
            Set<String> found = new HashSet<>();
            for (Row row : mllib(spark, input, t, spec.jaccardThreshold()).collectAsList()) {
                found.add(row.getString(0) + "|" + row.getString(1));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (cpuNanos() - cpuStart) / 1e9;
            String prefix = "mllib_" + t;
            print(prefix + "_seconds", seconds);
            print(prefix + "_cpu_seconds", cpu);
            print(prefix + "_docs_per_cpu_second", docs / cpu);
            print(prefix + "_pairs", found.size());
            report(prefix, corpus, p -> found.contains(p.original() + "|" + p.variant())
                    || found.contains(p.variant() + "|" + p.original()));
        }
        spark.stop();
    }

    /** Pairs (id, id) within Jaccard distance 1 - threshold, from MinHashLSH on hashed word 5-gram sets. */
    private static Dataset<Row> mllib(SparkSession spark, Dataset<Row> input, int tables, double threshold) {
        spark.udf().register("five_grams", (String text) -> fiveGrams(text),
                DataTypes.createArrayType(DataTypes.StringType));
        Dataset<Row> shingled = input.select(functions.col(TextColumns.DOC_ID),
                functions.callUDF("five_grams", functions.col(TextColumns.TEXT)).as("shingles"));
        Dataset<Row> vectors = new HashingTF().setInputCol("shingles").setOutputCol("features").setBinary(true)
                .setNumFeatures(1 << 24).transform(shingled).filter(functions.size(functions.col("shingles")).gt(0));
        MinHashLSHModel model = new MinHashLSH().setNumHashTables(tables).setSeed(42).setInputCol("features")
                .setOutputCol("hashes").fit(vectors);
        return model.approxSimilarityJoin(vectors, vectors, 1 - threshold + 1e-9, "distance")
                .select(functions.col("datasetA." + TextColumns.DOC_ID).as("a"),
                        functions.col("datasetB." + TextColumns.DOC_ID).as("b"))
                .filter(functions.col("a").lt(functions.col("b")));
    }

    private static List<String> fiveGrams(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.toLowerCase(Locale.ROOT).split("\\s+")) {
            String core = token.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
            if (!core.isEmpty()) {
                words.add(core);
            }
        }
        List<String> grams = new ArrayList<>();
        for (int i = 0; i + 5 <= words.size(); i++) {
            grams.add(String.join(" ", words.subList(i, i + 5)));
        }
        return grams;
    }

    private static void report(String prefix, PlantedNearDuplicates corpus,
                               java.util.function.Predicate<PlantedNearDuplicates.Pair> merged) {
        long high = 0;
        long highFound = 0;
        long mid = 0;
        long midFound = 0;
        long low = 0;
        long lowMerged = 0;
        for (PlantedNearDuplicates.Pair pair : corpus.pairs()) {
            boolean m = merged.test(pair);
            if (pair.jaccard() >= 0.85) {
                high++;
                highFound += m ? 1 : 0;
            } else if (pair.jaccard() >= 0.7) {
                mid++;
                midFound += m ? 1 : 0;
            } else if (pair.jaccard() < 0.5) {
                low++;
                lowMerged += m ? 1 : 0;
            }
        }
        print(prefix + "_recall_j85", (double) highFound / high);
        print(prefix + "_recall_j70_85", (double) midFound / mid);
        print(prefix + "_merged_below_j50", (double) lowMerged / low);
        print("pairs_j85", high);
        print("pairs_j70_85", mid);
        print("pairs_below_j50", low);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + (value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : value));
    }
}
