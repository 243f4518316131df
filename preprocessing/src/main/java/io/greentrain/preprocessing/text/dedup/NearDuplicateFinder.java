package io.greentrain.preprocessing.text.dedup;

import io.greentrain.preprocessing.text.TextColumns;
import io.greentrain.preprocessing.text.quality.ScriptClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
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
 *   <li>clusters are the connected components of the verified pairs ({@link ConnectedComponents}); a cluster's id is
 *       its smallest doc id, which is the member to keep.</li>
 * </ol>
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
     * @param rounds           rounds the connected-components loop took (0 when there was no verified pair)
     */
    public record Result(Dataset<Row> assignments, long candidatePairs, long verifiedPairs, long clusters,
                         long oversizedBuckets, int rounds) {
    }

    private NearDuplicateFinder() {
    }

    /**
     * Finds near-duplicate clusters among {@code docs}, which must have the columns doc_id, text and script
     * ({@link ScriptClass#code()}).
     */
    public static Result find(SparkSession spark, Dataset<Row> docs, DedupSpec spec) {
        MinHasher hasher = new MinHasher(spec.bands(), spec.rows(), spec.seed());
        int wordShingle = spec.wordShingle();
        int charShingle = spec.charShingle();
        JavaPairRDD<String, long[]> shingles = docs
                .select(TextColumns.DOC_ID, TextColumns.TEXT, TextColumns.SCRIPT)
                .javaRDD()
                .mapToPair(row -> {
                    ScriptClass script = ScriptClass.UNSPACED.code().equals(row.getString(2))
                            ? ScriptClass.UNSPACED : ScriptClass.SPACED;
                    int n = script == ScriptClass.UNSPACED ? charShingle : wordShingle;
                    return new Tuple2<>(row.getString(0), Shingles.of(Shingles.tokens(row.getString(1), script), n));
                })
                .filter(doc -> doc._2().length > 0)
                .persist(StorageLevel.MEMORY_AND_DISK());

        LongAccumulator oversized = spark.sparkContext().longAccumulator("near-dedup oversized buckets");
        int maxBucket = spec.maxBucketSize();
        JavaPairRDD<String, String> candidates = shingles
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
                .distinct()
                .persist(StorageLevel.MEMORY_AND_DISK());
        long started = System.nanoTime();
        long candidateCount = candidates.count();
        LOG.info("near dedup: {} candidate pairs from {} bands x {} rows in {} ms", candidateCount, spec.bands(),
                spec.rows(), (System.nanoTime() - started) / 1_000_000);
        started = System.nanoTime();

        double threshold = spec.jaccardThreshold();
        JavaRDD<Tuple2<Tuple2<String, String>, Double>> verified = candidates
                .join(shingles)
                .mapToPair(p -> new Tuple2<>(p._2()._1(), new Tuple2<>(p._1(), p._2()._2())))
                .join(shingles)
                .map(p -> new Tuple2<>(new Tuple2<>(p._2()._1()._1(), p._1()),
                        Shingles.jaccard(p._2()._1()._2(), p._2()._2())))
                .filter(p -> p._2() >= threshold)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long verifiedCount = verified.count();
        LOG.info("near dedup: {} pairs verified at Jaccard >= {} in {} ms", verifiedCount, threshold,
                (System.nanoTime() - started) / 1_000_000);
        started = System.nanoTime();
        candidates.unpersist(false);
        shingles.unpersist(false);

        if (verifiedCount == 0) {
            verified.unpersist(false);
            return new Result(spark.createDataFrame(List.of(), ASSIGNMENT_SCHEMA), candidateCount, 0, 0,
                    oversized.value(), 0);
        }
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
        LOG.info("near dedup: {} clusters after {} connected-components rounds in {} ms", clusters,
                components.rounds(), (System.nanoTime() - started) / 1_000_000);
        verified.unpersist(false);
        return new Result(assignments, candidateCount, verifiedCount, clusters, oversized.value(),
                components.rounds());
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
