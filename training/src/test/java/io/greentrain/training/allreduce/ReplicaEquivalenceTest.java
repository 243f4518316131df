package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;

/**
 * Replicas that average their gradients every step train exactly like one JVM with the union of
 * their minibatches, as a MultiLayerNetwork and as a ComputationGraph; local SGD matches averaging
 * written out by hand, and so does DiLoCo's outer Nesterov step.
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

    /**
     * Twenty consecutive batches of 32 rows, each given whole to {@code single} (one JVM, batch 32) and split in
     * halves of 16 between two workers: the workers' minibatches, in order.
     */
    private static List<List<DataSet>> twentyBatchesOf32SplitInHalves(Consumer<DataSet> single) {
        List<List<DataSet>> perWorker = List.of(new ArrayList<>(), new ArrayList<>());
        for (int step = 0; step < 20; step++) {
            single.accept(rows(32 * step, 32 * step + 32));
            perWorker.get(0).add(rows(32 * step, 32 * step + 16));
            perWorker.get(1).add(rows(32 * step + 16, 32 * step + 32));
        }
        return perWorker;
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void twoWorkersWithBatch16TrainLikeOneJvmWithBatch32() throws Exception {
        MultiLayerNetwork initial = network();
        MultiLayerNetwork single = initial.clone();
        List<List<DataSet>> perWorker = twentyBatchesOf32SplitInHalves(single::fit);

        List<MultiLayerNetwork> replicas = Rings.run(2, TIMEOUT, rank -> ring -> {
            Replica<MultiLayerNetwork> replica = new Replica<>(initial.clone());
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
            Replica<MultiLayerNetwork> replica = new Replica<>(initial.clone());
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
            Replica<MultiLayerNetwork> replica = new Replica<>(initial.clone());
            replica.fitEpoch(perWorker.get(rank), steps, ring, SyncMode.LOCAL_SGD, k);
            return replica.network();
        });

        for (MultiLayerNetwork replica : replicas) {
            assertThat(maxDifference(replica.params(), a.params())).isLessThan(1e-6);
            assertThat(maxDifference(replica.getUpdater().getStateViewArray(), a.getUpdater().getStateViewArray()))
                    .isLessThan(1e-6);
        }
    }

    @Test
    void localSgdWithTheOuterNesterovStepMatchesDiLoCoWrittenOutByHandAcrossTwoEpochs() throws Exception {
        MultiLayerNetwork initial = network();
        int steps = 6;
        int k = 2;
        double outerRate = 0.7;
        double momentum = 0.9;
        List<List<DataSet>> perWorker = List.of(new ArrayList<>(), new ArrayList<>());
        for (int step = 0; step < steps; step++) {
            perWorker.get(0).add(rows(32 * step, 32 * step + 16));
            perWorker.get(1).add(rows(32 * step + 16, 32 * step + 32));
        }
        // The reference, run for two epochs: each copy fits on its own; after every k steps both take the mean
        // updater state and, from the anchor (the parameters the round started from) and the mean parameters,
        // delta = anchor - mean, v = momentum v + delta, parameters = anchor - rate (delta + momentum v).
        MultiLayerNetwork a = initial.clone();
        MultiLayerNetwork b = initial.clone();
        INDArray anchor = initial.params().dup();
        INDArray velocity = Nd4j.zerosLike(anchor);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int step = 0; step < steps; step++) {
                a.fit(perWorker.get(0).get(step));
                b.fit(perWorker.get(1).get(step));
                if ((step + 1) % k == 0) {
                    INDArray mean = a.params().add(b.params()).divi(2);
                    INDArray meanState = a.getUpdater().getStateViewArray().add(b.getUpdater().getStateViewArray())
                            .divi(2);
                    INDArray delta = anchor.sub(mean);
                    velocity = velocity.mul(momentum).addi(delta);
                    anchor = anchor.sub(delta.add(velocity.mul(momentum)).muli(outerRate));
                    for (MultiLayerNetwork copy : List.of(a, b)) {
                        copy.params().assign(anchor);
                        copy.getUpdater().getStateViewArray().assign(meanState);
                    }
                }
            }
        }

        List<MultiLayerNetwork> replicas = Rings.run(2, TIMEOUT, rank -> ring -> {
            Replica<MultiLayerNetwork> replica = new Replica<>(initial.clone());
            OuterNesterov outer = new OuterNesterov(outerRate, momentum);
            replica.fitEpoch(perWorker.get(rank), steps, ring, SyncMode.LOCAL_SGD, k, outer);
            // The next epoch goes on with the velocity the first one ended with, as the trainer carries it.
            OuterNesterov carried = new OuterNesterov(outerRate, momentum, outer.velocity());
            replica.fitEpoch(perWorker.get(rank), steps, ring, SyncMode.LOCAL_SGD, k, carried);
            return replica.network();
        });

        assertThat(maxDifference(anchor, initial.params())).as("the outer step moved the parameters")
                .isGreaterThan(1e-2);
        for (MultiLayerNetwork replica : replicas) {
            assertThat(maxDifference(replica.params(), anchor)).isLessThan(1e-5);
            assertThat(maxDifference(replica.getUpdater().getStateViewArray(), a.getUpdater().getStateViewArray()))
                    .isLessThan(1e-6);
        }
    }

    @Test
    void aComputationGraphWithGradientAveragingOnTwoWorkersTrainsLikeOneJvmWithTheDoubledBatch() throws Exception {
        ComputationGraph initial = TwoBranchGraphs.of(FEATURES, 8, 7);
        ComputationGraph single = initial.clone();
        List<List<DataSet>> perWorker = twentyBatchesOf32SplitInHalves(single::fit);

        List<ComputationGraph> replicas = Rings.run(2, TIMEOUT, rank -> ring -> {
            Replica<ComputationGraph> replica = new Replica<>(initial.clone());
            Replica.EpochOutcome outcome = replica.fitEpoch(perWorker.get(rank), 20, ring, SyncMode.GRADIENT, 0);
            assertThat(outcome.examples()).isEqualTo(320);
            return replica.network();
        });

        assertThat(maxDifference(initial.params(), single.params())).as("training moved the parameters").isGreaterThan(1e-2);
        for (ComputationGraph replica : replicas) {
            assertThat(maxDifference(replica.params(), single.params())).isLessThan(1e-5);
            assertThat(maxDifference(replica.updaterState(), single.updaterState())).as("Adam's moments").isLessThan(1e-5);
        }
        assertThat(maxDifference(replicas.get(0).params(), replicas.get(1).params())).as("replicas identical").isZero();
    }
}
