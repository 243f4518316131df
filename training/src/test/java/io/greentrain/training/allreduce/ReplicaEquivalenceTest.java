package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;

/**
 * Replicas that average their gradients every step train exactly like one JVM with the union of
 * their minibatches; local SGD matches averaging written out by hand.
 */
class ReplicaEquivalenceTest {

    private static final int FEATURES = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Rows {@code [from, to)} of a seeded regression problem: y = w . x + noise. */
    private static DataSet rows(int from, int to) {
        Random random = new Random(11);
        float[][] x = new float[to][FEATURES];
        float[][] y = new float[to][1];
        for (int row = 0; row < to; row++) {
            double target = 0;
            for (int f = 0; f < FEATURES; f++) {
                x[row][f] = (float) random.nextGaussian();
                target += (f + 1) * 0.3 * x[row][f];
            }
            y[row][0] = (float) (target + 0.1 * random.nextGaussian());
        }
        float[][] xs = java.util.Arrays.copyOfRange(x, from, to);
        float[][] ys = java.util.Arrays.copyOfRange(y, from, to);
        return new DataSet(Nd4j.createFromArray(xs), Nd4j.createFromArray(ys));
    }

    private static MultiLayerNetwork network() {
        return RegressionNetworks.build(new NetworkSpec(List.of(16, 8), "relu", 1e-2, 0.01, 7), FEATURES);
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void twoWorkersWithBatch16TrainLikeOneJvmWithBatch32() throws Exception {
        MultiLayerNetwork initial = network();
        MultiLayerNetwork single = initial.clone();
        List<List<DataSet>> perWorker = List.of(new ArrayList<>(), new ArrayList<>());
        for (int step = 0; step < 20; step++) {
            single.fit(rows(32 * step, 32 * step + 32));
            perWorker.get(0).add(rows(32 * step, 32 * step + 16));
            perWorker.get(1).add(rows(32 * step + 16, 32 * step + 32));
        }

        List<MultiLayerNetwork> replicas = Rings.run(2, TIMEOUT, rank -> ring -> {
            Replica replica = new Replica(initial.clone());
            Replica.EpochOutcome outcome = replica.fitEpoch(perWorker.get(rank), 20, ring, SyncMode.GRADIENT, 0);
            assertThat(outcome.examples()).isEqualTo(320);
            assertThat(outcome.steps()).isEqualTo(20);
            return replica.network();
        });

        assertThat(maxDifference(initial.params(), single.params())).as("training moved the parameters").isGreaterThan(1e-2);
        for (MultiLayerNetwork replica : replicas) {
            assertThat(maxDifference(replica.params(), single.params())).isLessThan(1e-5);
            assertThat(maxDifference(replica.getUpdater().getStateViewArray(), single.getUpdater().getStateViewArray()))
                    .as("Adam's moments").isLessThan(1e-5);
        }
        assertThat(maxDifference(replicas.get(0).params(), replicas.get(1).params())).as("replicas identical").isZero();
    }

    @Test
    void aWorkerWithFewerMinibatchesKeepsInStepWithoutCountingItsRepeats() throws Exception {
        MultiLayerNetwork initial = network();
        MultiLayerNetwork single = initial.clone();
        single.fit(rows(0, 32));
        single.fit(rows(32, 64));
        single.fit(rows(64, 80));
        List<List<DataSet>> perWorker = List.of(List.of(rows(0, 16), rows(32, 48), rows(64, 80)),
                List.of(rows(16, 32), rows(48, 64)));

        List<Replica.EpochOutcome> outcomes = new ArrayList<>();
        List<MultiLayerNetwork> replicas = Rings.run(2, TIMEOUT, rank -> ring -> {
            Replica replica = new Replica(initial.clone());
            Replica.EpochOutcome outcome = replica.fitEpoch(perWorker.get(rank), 3, ring, SyncMode.GRADIENT, 0);
            synchronized (outcomes) {
                outcomes.add(outcome);
            }
            return replica.network();
        });

        assertThat(outcomes.stream().mapToLong(Replica.EpochOutcome::examples).sum()).isEqualTo(80);
        assertThat(outcomes.stream().mapToLong(Replica.EpochOutcome::steps).sum()).isEqualTo(5);
        for (MultiLayerNetwork replica : replicas) {
            assertThat(maxDifference(replica.params(), single.params())).isLessThan(1e-5);
        }
    }

    @Test
    void localSgdAveragesParametersAndUpdaterStateEveryKSteps() throws Exception {
        MultiLayerNetwork initial = network();
        int steps = 6;
        int k = 4;
        List<List<DataSet>> perWorker = List.of(new ArrayList<>(), new ArrayList<>());
        for (int step = 0; step < steps; step++) {
            perWorker.get(0).add(rows(32 * step, 32 * step + 16));
            perWorker.get(1).add(rows(32 * step + 16, 32 * step + 32));
        }
        // The reference: each copy fits on its own; after steps 4 and 6 both take the mean of the two.
        MultiLayerNetwork a = initial.clone();
        MultiLayerNetwork b = initial.clone();
        for (int step = 0; step < steps; step++) {
            a.fit(perWorker.get(0).get(step));
            b.fit(perWorker.get(1).get(step));
            if ((step + 1) % k == 0 || step == steps - 1) {
                INDArray meanParameters = a.params().add(b.params()).divi(2);
                INDArray meanState = a.getUpdater().getStateViewArray().add(b.getUpdater().getStateViewArray()).divi(2);
                for (MultiLayerNetwork copy : List.of(a, b)) {
                    copy.params().assign(meanParameters);
                    copy.getUpdater().getStateViewArray().assign(meanState);
                }
            }
        }

        List<MultiLayerNetwork> replicas = Rings.run(2, TIMEOUT, rank -> ring -> {
            Replica replica = new Replica(initial.clone());
            replica.fitEpoch(perWorker.get(rank), steps, ring, SyncMode.LOCAL_SGD, k);
            return replica.network();
        });

        for (MultiLayerNetwork replica : replicas) {
            assertThat(maxDifference(replica.params(), a.params())).isLessThan(1e-6);
            assertThat(maxDifference(replica.getUpdater().getStateViewArray(), a.getUpdater().getStateViewArray()))
                    .isLessThan(1e-6);
        }
    }
}
