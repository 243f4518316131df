package io.greentrain.preprocessing.text.dedup;

import io.greentrain.preprocessing.text.TextColumns;
import io.greentrain.preprocessing.text.quality.ScriptClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Near-duplicate clusters by MinHash LSH with exact verification:
 * <ol>
 *   <li>shingle each document ({@link Shingles}: word n-grams, character n-grams for unspaced scripts);</li>
 *   <li>MinHash signature of bands x rows values ({@link MinHasher}), one key per band;</li>
 *   <li>documents sharing a band key are candidate pairs (deduplicated across bands; buckets over
 *       {@link DedupSpec#maxBucketSize()} give only their doc-id-adjacent pairs);</li>
 *   <li>each candidate pair is verified by the exact Jaccard similarity of the two shingle sets, kept when at least
 *       {@link DedupSpec#jaccardThreshold()};</li>
 *   <li>clusters are the connected components of the verified pairs (union-find on the driver for up to
 *       {@link #DRIVER_EDGE_LIMIT} pairs, {@link ConnectedComponents} on the executors above); a cluster's id is its
 *       smallest doc id, which is the member to keep.</li>
 * </ol>
 * The shingle sets are computed once and partitioned by doc id; candidates are grouped by their smaller id into the
 * same partitioning, so verification shuffles only the candidate pairs and one shingle set per pair. The whole search
 * runs as two Spark jobs (one counting candidates and verified pairs, one collecting the verified pairs) when the
 * components are formed on the driver.
 * Documents without any token have no shingles and are never near duplicates.
 */
public final class NearDuplicateFinder {

    private static final Logger LOG = LoggerFactory.getLogger(NearDuplicateFinder.class);

    /** Columns of {@link Result#assignments()}: doc_id, cluster_id (its smallest doc id), similarity. */
    public static final StructType ASSIGNMENT_SCHEMA = new StructType()
            .add(TextColumns.DOC_ID, DataTypes.StringType, false)
            .add(TextColumns.CLUSTER_ID, DataTypes.StringType, false)
            .add(TextColumns.SIMILARITY, DataTypes.DoubleType, false);

    /**
     * What the search found.
     *
     * @param assignments      one row per document in a cluster of two or more: its cluster id and the highest verified
     *                         Jaccard similarity to another member
     * @param candidatePairs   distinct document pairs that shared a band key
     * @param verifiedPairs    candidate pairs whose exact Jaccard reached the threshold
     * @param clusters         clusters with at least two members
     * @param oversizedBuckets band buckets larger than the cap (their pairs were limited to adjacent members)
     * @param rounds           rounds the distributed connected-components loop took (0 when there was no verified pair
     *                         or the components were formed on the driver)
     */
    public record Result(Dataset<Row> assignments, long candidatePairs, long verifiedPairs, long clusters,
                         long oversizedBuckets, int rounds) {
    }

    /**
     * Verified pairs up to which {@link #find(SparkSession, Dataset, DedupSpec)} collects them and forms the
     * components on the driver (a few hundred bytes of driver memory per pair); above it the distributed
     * {@link ConnectedComponents} runs.
     */
    public static final long DRIVER_EDGE_LIMIT = 500_000;

    private NearDuplicateFinder() {
    }

    /**
     * Finds near-duplicate clusters among {@code docs}, which must have the columns doc_id, text and script
     * ({@link ScriptClass#code()}). Components are formed on the driver when there are at most
     * {@link #DRIVER_EDGE_LIMIT} verified pairs, on the executors otherwise.
     */
    public static Result find(SparkSession spark, Dataset<Row> docs, DedupSpec spec) {
        return find(spark, docs, spec, DRIVER_EDGE_LIMIT);
    }

    /**
     * As {@link #find(SparkSession, Dataset, DedupSpec)}, with the number of verified pairs up to which connected
     * components are formed on the driver (union-find over the collected pairs) rather than by the distributed
     * {@link ConnectedComponents}; both give the same clusters.
     *
     * @throws IllegalArgumentException when {@code driverEdgeLimit} is negative
     */
    public static Result find(SparkSession spark, Dataset<Row> docs, DedupSpec spec, long driverEdgeLimit) {
        if (driverEdgeLimit < 0) {
            throw new IllegalArgumentException("driver edge limit must not be negative: " + driverEdgeLimit);
        }
        long started = System.nanoTime();
        JavaRDD<Row> input = docs.select(TextColumns.DOC_ID, TextColumns.TEXT, TextColumns.SCRIPT).javaRDD();
        HashPartitioner byDoc = new HashPartitioner(Math.max(input.getNumPartitions(),
                spark.sparkContext().defaultParallelism()));
        // Shingle hash sets, partitioned by doc id once, so that both verification joins shuffle only the candidates.
        JavaPairRDD<String, long[]> shingles = input
                .mapToPair(row -> new Tuple2<>(row.getString(0), shingles(row.getString(1), row.getString(2), spec)))
                .filter(doc -> doc._2().length > 0)
                .partitionBy(byDoc)
                .persist(StorageLevel.MEMORY_AND_DISK());

        LongAccumulator oversized = spark.sparkContext().longAccumulator("near-dedup oversized buckets");
        MinHasher hasher = new MinHasher(spec.bands(), spec.rows(), spec.seed());
        int maxBucket = spec.maxBucketSize();
        // Candidate pairs (smaller id -> larger ids), deduplicated across bands and co-partitioned with the shingles.
        JavaPairRDD<String, HashSet<String>> candidates = shingles
                .flatMapToPair(doc -> {
                    long[] keys = hasher.bandKeys(hasher.signature(doc._2()));
                    List<Tuple2<Long, String>> entries = new ArrayList<>(keys.length);
                    for (long key : keys) {
                        entries.add(new Tuple2<>(key, doc._1()));
                    }
                    return entries.iterator();
                })
                .groupByKey()
                .flatMapToPair(bucket -> bucketPairs(bucket._2(), maxBucket, oversized).iterator())
                .aggregateByKey(new HashSet<>(), byDoc, (set, id) -> {
                    set.add(id);
                    return set;
                }, (x, y) -> {
                    x.addAll(y);
                    return x;
                });
        // Every distinct candidate pair once, with the exact Jaccard similarity of its shingle sets.
        JavaRDD<Tuple2<Tuple2<String, String>, Double>> scored = candidates
                .join(shingles)
                .flatMapToPair(node -> {
                    List<Tuple2<String, Tuple2<String, long[]>>> out = new ArrayList<>(node._2()._1().size());
                    for (String larger : node._2()._1()) {
                        out.add(new Tuple2<>(larger, new Tuple2<>(node._1(), node._2()._2())));
                    }
                    return out.iterator();
                })
                .join(shingles, byDoc)
                .map(p -> new Tuple2<>(new Tuple2<>(p._2()._1()._1(), p._1()),
                        Shingles.jaccard(p._2()._1()._2(), p._2()._2())))
                .persist(StorageLevel.MEMORY_AND_DISK());
        double threshold = spec.jaccardThreshold();
        long[] counts = scored.aggregate(new long[2], (c, p) -> {
            c[0]++;
            c[1] += p._2() >= threshold ? 1 : 0;
            return c;
        }, (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
        long candidateCount = counts[0];
        long verifiedCount = counts[1];
        LOG.info("near dedup: {} candidate pairs from {} bands x {} rows, {} verified at Jaccard >= {} in {} ms",
                candidateCount, spec.bands(), spec.rows(), verifiedCount, threshold,
                (System.nanoTime() - started) / 1_000_000);
        started = System.nanoTime();
        shingles.unpersist(false);
        JavaRDD<Tuple2<Tuple2<String, String>, Double>> verified = scored.filter(p -> p._2() >= threshold);

        Result result;
        if (verifiedCount == 0) {
            result = new Result(spark.createDataFrame(List.of(), ASSIGNMENT_SCHEMA), candidateCount, 0, 0,
                    oversized.value(), 0);
        } else if (verifiedCount <= driverEdgeLimit) {
            List<Row> rows = DriverComponents.assignments(verified.collect());
            Dataset<Row> assignments = spark.createDataFrame(rows, ASSIGNMENT_SCHEMA);
            long clusters = rows.stream().filter(row -> row.getString(0).equals(row.getString(1))).count();
            result = new Result(assignments, candidateCount, verifiedCount, clusters, oversized.value(), 0);
        } else {
            result = distributedComponents(spark, verified, spec, candidateCount, verifiedCount, oversized.value());
        }
        LOG.info("near dedup: {} clusters ({} connected-components rounds on the executors) in {} ms",
                result.clusters(), result.rounds(), (System.nanoTime() - started) / 1_000_000);
        scored.unpersist(false);
        return result;
    }

    private static long[] shingles(String text, String scriptCode, DedupSpec spec) {
        ScriptClass script = ScriptClass.UNSPACED.code().equals(scriptCode) ? ScriptClass.UNSPACED : ScriptClass.SPACED;
        int n = script == ScriptClass.UNSPACED ? spec.charShingle() : spec.wordShingle();
        return Shingles.of(text, script, n);
    }

    private static Result distributedComponents(SparkSession spark,
                                                JavaRDD<Tuple2<Tuple2<String, String>, Double>> verified,
                                                DedupSpec spec, long candidateCount, long verifiedCount,
                                                long oversized) {
        ConnectedComponents.Result components = ConnectedComponents.of(
                verified.mapToPair(Tuple2::_1), spec.maxIterations());
        JavaPairRDD<String, Double> best = verified
                .flatMapToPair(p -> List.of(new Tuple2<>(p._1()._1(), p._2()), new Tuple2<>(p._1()._2(), p._2()))
                        .iterator())
                .reduceByKey(Math::max);
        JavaRDD<Row> rows = components.roots().join(best)
                .map(node -> RowFactory.create(node._1(), node._2()._1(), node._2()._2()));
        Dataset<Row> assignments = spark.createDataFrame(rows, ASSIGNMENT_SCHEMA)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long clusters = assignments.select(TextColumns.CLUSTER_ID).distinct().count();
        return new Result(assignments, candidateCount, verifiedCount, clusters, oversized, components.rounds());
    }

    /** The pairs (smaller id, larger id) of one band bucket. */
    static List<Tuple2<String, String>> bucketPairs(Iterable<String> bucket, int maxBucket, LongAccumulator oversized) {
        TreeSet<String> distinct = new TreeSet<>();
        bucket.forEach(distinct::add);
        if (distinct.size() < 2) {
            return Collections.emptyList();
        }
        List<String> members = new ArrayList<>(distinct);
        List<Tuple2<String, String>> pairs = new ArrayList<>();
        if (members.size() > maxBucket) {
            oversized.add(1);
            for (int i = 0; i + 1 < members.size(); i++) {
                pairs.add(new Tuple2<>(members.get(i), members.get(i + 1)));
            }
            return pairs;
        }
        for (int i = 0; i < members.size(); i++) {
            for (int j = i + 1; j < members.size(); j++) {
                pairs.add(new Tuple2<>(members.get(i), members.get(j)));
            }
        }
        return pairs;
    }
}
