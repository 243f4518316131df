package io.greentrain.training.bench;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;

import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Spark's own floor under the allreduce engine's per-epoch launch and return: barrier stages of
 * the engine's shape (one task per worker, each partition a worker's list of file names, after the
 * first stage each preferring the executor that ran it last) whose tasks do nothing but note when
 * they started and ended. Timed as the engine times its epochs ({@code AllreduceTrainer.EpochTimes}):
 * launch from the stage's submission to the first task's start, return from the last task's end to
 * the driver holding the results, by the driver's and the executors' wall clocks. Run in the JVM
 * that just trained, what remains of the engine's launch and return above these is its own.
 */
final class StageFloor {

    private StageFloor() {
    }

    /** What a trivial task reports: its rank, executor, host and its start and end in wall microseconds. */
    record Noted(int rank, String executor, String host, long startMicros, long endMicros) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The trivial task: notes when it started and ended, and where it ran. */
    static final class NoteTimes extends AbstractFunction1<scala.collection.Iterator<List<String>>,
            scala.collection.Iterator<Noted>> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public scala.collection.Iterator<Noted> apply(scala.collection.Iterator<List<String>> partition) {
            long start = wallMicros();
            BarrierTaskContext context = BarrierTaskContext.get();
            int rank = context.partitionId();
            while (partition.hasNext()) {
                partition.next();
            }
            String address = context.getTaskInfos()[rank].address();
            String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
            Noted noted = new Noted(rank, SparkEnv.get().executorId(), host, start, wallMicros());
            return JavaConverters.asScalaIteratorConverter(List.of(noted).iterator()).asScala();
        }
    }

    /**
     * Runs {@code stages} trivial barrier stages over {@code slices} (one per worker) and prints
     * {@code floor_launch_s} and {@code floor_return_s}, the medians over the stages after the first
     * (which has no preferred locations, as the engine's first epoch).
     */
    static void report(JavaSparkContext sc, List<List<String>> slices, int stages) {
        List<String> locations = null;
        List<Double> launch = new ArrayList<>();
        List<Double> back = new ArrayList<>();
        ClassTag<Noted> tag = ClassTag$.MODULE$.apply(Noted.class);
        for (int stage = 0; stage <= stages; stage++) {
            long submitted = wallMicros();
            List<Noted> noted = JavaRDD.fromRDD(rdd(sc, slices, locations).barrier()
                    .mapPartitions(new NoteTimes(), false, tag), tag).collect();
            long returned = wallMicros();
            if (stage > 0) {
                launch.add(Math.max(0, noted.stream().mapToLong(Noted::startMicros).min().orElseThrow() - submitted) / 1e6);
                back.add(Math.max(0, returned - noted.stream().mapToLong(Noted::endMicros).max().orElseThrow()) / 1e6);
            }
            locations = new ArrayList<>(Collections.nCopies(slices.size(), (String) null));
            for (Noted each : noted) {
                locations.set(each.rank(), "executor_" + each.host() + "_" + each.executor());
            }
        }
        System.out.printf(Locale.ROOT, "floor_launch_s=%.5f%nfloor_return_s=%.5f%n", median(launch), median(back));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static RDD<List<String>> rdd(JavaSparkContext sc, List<List<String>> slices, List<String> locations) {
        if (locations == null) {
            return sc.parallelize(slices, slices.size()).rdd();
        }
        List<Tuple2<List<String>, Seq<String>>> items = new ArrayList<>();
        for (int rank = 0; rank < slices.size(); rank++) {
            items.add(new Tuple2<>(slices.get(rank), JavaConverters.asScalaBuffer(List.of(locations.get(rank))).toSeq()));
        }
        @SuppressWarnings("unchecked")
        ClassTag<List<String>> tag = (ClassTag<List<String>>) (ClassTag<?>) ClassTag$.MODULE$.apply(List.class);
        return sc.sc().makeRDD(JavaConverters.asScalaBuffer(items).toSeq(), tag);
    }

    private static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
