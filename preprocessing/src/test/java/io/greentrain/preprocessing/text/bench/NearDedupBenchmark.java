package io.greentrain.preprocessing.text.bench;

import io.greentrain.preprocessing.text.TextColumns;
import io.greentrain.preprocessing.text.dedup.DedupSpec;
import io.greentrain.preprocessing.text.dedup.NearDuplicateFinder;
import io.greentrain.preprocessing.text.dedup.PlantedNearDuplicates;
import io.greentrain.preprocessing.text.read.ReaderSpec;
import io.greentrain.preprocessing.text.read.TextCorpusReader;
import io.greentrain.preprocessing.text.read.TextFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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
 * Near-dedup throughput and recall on a corpus with planted near duplicates (synthetic random texts, or real e-mails
 * that share signatures, list footers and quoted text): our MinHash + banding + exact verification + connected
 * components against Spark MLlib's {@code MinHashLSH.approxSimilarityJoin} at the same Jaccard threshold, in the same local[2] session, on the same word 5-gram shingles. Prints {@code key=value} lines:
 * wall seconds, and CPU seconds of the whole JVM (all Spark threads), which a shared machine inflates much less.
 *
 * <pre>NearDedupBenchmark synthetic ORIGINALS VARIANTS MLLIB_TABLES...
 * NearDedupBenchmark email DIRECTORY VARIANTS MLLIB_TABLES...</pre>
 *
 * The banding is {@link DedupSpec#defaults()}'s unless the system properties {@code bench.bands} and
 * {@code bench.rows} set it.
 */
public final class NearDedupBenchmark {

    private static final int CORES = 2;
    private static final int WARM_UP_DOCS = 4000;
    private static final int OURS_RUNS = 3;

    private NearDedupBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String kind = args[0];
        List<Integer> tables = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            tables.add(Integer.parseInt(args[i]));
        }
        PlantedNearDuplicates corpus;
        if (kind.equals("synthetic")) {
            corpus = PlantedNearDuplicates.generate(20240607, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } else if (kind.equals("email")) {
            List<String> emails = emails(Path.of(args[1]));
            print("emails", emails.size());
            // At most one variant per three e-mails, so that a small sample still works.
            corpus = PlantedNearDuplicates.ofTexts(20240607, emails,
                    Math.min(Integer.parseInt(args[2]), emails.size() / 3));
        } else {
            throw new IllegalArgumentException("corpus kind must be synthetic or email: " + kind);
        }
        SparkSession spark = SparkSession.builder().master("local[" + CORES + "]").appName("near-dedup-benchmark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "8").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        DedupSpec defaults = DedupSpec.defaults();
        DedupSpec spec = defaults.withBanding(Integer.getInteger("bench.bands", defaults.bands()),
                Integer.getInteger("bench.rows", defaults.rows()));
        int docs = corpus.docs().size();
        print("corpus", kind);
        print("docs", docs);
        print("mean_words", corpus.docs().stream().mapToInt(d -> d.text().split("\\s+").length).average().orElse(0));
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

        // Warm-up on a slice of the corpus, so that both sides are measured with compiled code (the JIT compiler's
        // threads would otherwise charge most of the first side's CPU time).
        Dataset<Row> slice = input.limit(Math.min(docs, WARM_UP_DOCS)).cache();
        slice.count();
        NearDuplicateFinder.find(spark, slice, spec).assignments().count();
        mllib(spark, slice, tables.isEmpty() ? 5 : tables.get(0), spec.jaccardThreshold()).count();
        slice.unpersist();

        // Ours takes seconds where MLlib takes minutes, so the compiler still running after the warm-up weighs on
        // its single run far more: it runs OURS_RUNS times and the median run is reported (all are printed).
        NearDuplicateFinder.Result ours = null;
        Map<String, String> cluster = new HashMap<>();
        double[] oursCpu = new double[OURS_RUNS];
        double[] oursSeconds = new double[OURS_RUNS];
        for (int run = 0; run < OURS_RUNS; run++) {
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            ours = NearDuplicateFinder.find(spark, input, spec);
            cluster.clear();
            for (Row row : ours.assignments().collectAsList()) {
                cluster.put(row.getString(0), row.getString(1));
            }
            oursSeconds[run] = (System.nanoTime() - start) / 1e9;
            oursCpu[run] = (cpuNanos() - cpuStart) / 1e9;
            print("ours_run_" + (run + 1) + "_cpu_seconds", oursCpu[run]);
        }
        int median = medianIndex(oursCpu);
        print("ours_runs", OURS_RUNS);
        print("ours_seconds", oursSeconds[median]);
        print("ours_cpu_seconds", oursCpu[median]);
        print("ours_docs_per_cpu_second", docs / oursCpu[median]);
        print("ours_candidate_pairs", ours.candidatePairs());
        print("ours_verified_pairs", ours.verifiedPairs());
        report("ours", corpus, p -> {
            String a = cluster.get(p.original());
            return a != null && a.equals(cluster.get(p.variant()));
        });

        for (int t : tables) {
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
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

    /**
     * The body texts of the e-mails under {@code dir} (files ending in .txt or .eml, in path order), parsed as
     * {@link TextFormat#EMAIL}; blank bodies and exact duplicates (which exact dedup removes first) left out.
     */
    private static List<String> emails(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(f -> f.toString().endsWith(".txt") || f.toString().endsWith(".eml")).sorted().toList();
        }
        ReaderSpec email = ReaderSpec.of(TextFormat.EMAIL);
        Set<String> seen = new HashSet<>();
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            for (Row row : TextCorpusReader.documents(file.toString(), Files.readAllBytes(file), email)) {
                String text = row.getString(4);
                if (!text.isBlank() && seen.add(text)) {
                    texts.add(text);
                }
            }
        }
        return texts;
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

    /** The index of the median of {@code values} (odd length). */
    private static int medianIndex(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        return order[values.length / 2];
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + (value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : value));
    }
}
