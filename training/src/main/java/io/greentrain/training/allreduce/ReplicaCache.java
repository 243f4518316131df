package io.greentrain.training.allreduce;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The replicas an executor keeps between the epochs of a run: the network and its worker's
 * minibatches, keyed by run and worker rank, so that an epoch's task that lands on the executor of
 * the previous epoch's task continues without reloading anything. An entry is taken out while its
 * epoch runs and put back only when the epoch finished, so a failed or retried task never sees a
 * half-trained replica: it rebuilds from the last synchronised parameters.
 */
final class ReplicaCache {

    /**
     * A replica of run {@code runId} that has finished {@code epoch}: a {@code MultiLayerNetwork} or a
     * {@code ComputationGraph}, its minibatches, and its outer step (null without one).
     */
    record Entry(long runId, int epoch, Model network, List<DataSet> minibatches, OuterNesterov outer) {
    }

    private static final ConcurrentMap<String, Entry> ENTRIES = new ConcurrentHashMap<>();

    private ReplicaCache() {
    }

    /**
     * Takes out the replica of {@code rank} if it finished the epoch before {@code epoch}. Drops
     * this run's replicas of earlier epochs, left by workers whose task moved to another executor.
     */
    static Entry takeFor(long runId, int rank, int epoch) {
        ENTRIES.values().removeIf(entry -> entry.runId() == runId && entry.epoch() < epoch - 1);
        Entry entry = ENTRIES.remove(key(runId, rank));
        return entry != null && entry.epoch() == epoch - 1 ? entry : null;
    }

    /** Drops every replica of the run: its last epoch is running. */
    static void dropRun(long runId) {
        ENTRIES.values().removeIf(entry -> entry.runId() == runId);
    }

    static void put(long runId, int rank, Entry entry) {
        ENTRIES.put(key(runId, rank), entry);
    }

    /** Drops the replicas of worker {@code rank} of every run (for tests: as if its executor had been lost). */
    static void dropWorker(int rank) {
        ENTRIES.keySet().removeIf(key -> key.endsWith("/" + rank));
    }

    /** How many replicas this JVM holds (for tests). */
    static int size() {
        return ENTRIES.size();
    }

    private static String key(long runId, int rank) {
        return runId + "/" + rank;
    }
}
