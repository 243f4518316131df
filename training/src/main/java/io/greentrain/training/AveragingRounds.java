package io.greentrain.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;

/**
 * Lays one epoch of minibatch files out as parameter-averaging rounds that DL4J 1.0.0-M2 fits
 * completely, and fits them: every file exactly once per epoch.
 *
 * <p>Why: given all files at once, {@code fitPaths} cuts them into {@code floor(files / (workers x
 * averagingFrequency))} random splits of uneven size, and each worker fits at most
 * {@code averagingFrequency} files of its share of a split, silently skipping the rest
 * ({@code ExecuteWorkerPathFlatMap} and {@code ExecuteWorkerFlatMap} stop there). An epoch so
 * fits at most {@code floor(files / (workers x averagingFrequency)) x workers x averagingFrequency}
 * files. Here each round is one {@code fitPaths} call on at most {@code workers x
 * averagingFrequency} files, already split into at most {@code workers} partitions of at most
 * {@code averagingFrequency} files; DL4J then neither splits the round nor (with
 * {@code Repartition.Never}) moves its files, and each worker fits its whole partition.
 *
 * <p>The files are shuffled anew each epoch from the seed, so which files share a round changes
 * from epoch to epoch as it did with DL4J's random splits. Rounds of an epoch differ in size by at
 * most one file, and so do the partitions of a round.
 *
 * <p>Assumes each file holds one worker minibatch (DL4J's {@code rddDataSetNumExamples} equal to
 * {@code batchSizePerWorker}; a short last file is fine). Driver-only: not meant to be serialized.
 */
final class AveragingRounds {

    private final List<String> files;
    private final int workers;
    private final int averagingFrequency;
    private final long seed;

    /**
     * @param files the minibatch file paths of one epoch; each is fitted once per epoch per
     *              occurrence in this list
     */
    AveragingRounds(List<String> files, int workers, int averagingFrequency, long seed) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no minibatch files to train on");
        }
        if (workers < 1 || averagingFrequency < 1) {
            throw new IllegalArgumentException("workers and averaging frequency must be at least 1");
        }
        this.files = List.copyOf(files);
        this.workers = workers;
        this.averagingFrequency = averagingFrequency;
        this.seed = seed;
    }

    /**
     * The rounds of {@code epoch}: each a list of at most {@code workers} non-empty partitions of
     * at most {@code averagingFrequency} files; together they hold every file once. The same
     * epoch number always gives the same rounds.
     */
    List<List<List<String>>> rounds(int epoch) {
        List<String> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled, new Random(seed * 1_000_003L + epoch));
        int perRound = workers * averagingFrequency;
        int roundCount = (shuffled.size() + perRound - 1) / perRound;
        List<List<List<String>>> rounds = new ArrayList<>(roundCount);
        for (List<String> round : evenSlices(shuffled, roundCount)) {
            rounds.add(evenSlices(round, Math.min(workers, round.size())));
        }
        return rounds;
    }

    /**
     * Fits one epoch: one {@code fitPaths} call per round, each round's partitions kept as laid
     * out. Leaves the network's epoch count one higher, as one {@code fitPaths} call over all
     * files would.
     */
    void fitEpoch(SparkDl4jMultiLayer sparkNetwork, JavaSparkContext sc, int epoch) {
        int epochCount = sparkNetwork.getNetwork().getEpochCount();
        for (List<List<String>> round : rounds(epoch)) {
            // One list per slice: each partition of the flattened RDD is exactly one planned partition.
            JavaRDD<String> paths = sc.parallelize(round, round.size()).flatMap(List::iterator);
            try {
                sparkNetwork.fitPaths(paths);
            } finally {
                paths.unpersist(false);
            }
        }
        sparkNetwork.getNetwork().setEpochCount(epochCount + 1);
    }

    /** {@code items} cut in order into {@code count} consecutive slices whose sizes differ by at most one. */
    private static <T> List<List<T>> evenSlices(List<T> items, int count) {
        List<List<T>> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = (int) ((long) i * items.size() / count);
            int to = (int) ((long) (i + 1) * items.size() / count);
            // ArrayList, not an immutable list: Spark ships the slices with its data serializer, and
            // Kryo rebuilds a collection by calling add.
            slices.add(new ArrayList<>(items.subList(from, to)));
        }
        return slices;
    }
}
