package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.testsupport.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.greentrain.energy.Phases;
import io.greentrain.training.DistributedTrainer;
import io.greentrain.training.EpochListener;
import io.greentrain.training.EpochStats;
import io.greentrain.training.LinearMinibatchFiles;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;
import io.greentrain.training.TrainerSettings;

/** The allreduce engine in Spark's barrier mode, on the module's shared {@code local[2]} session. */
class AllreduceTrainerTest {

    private static final int BATCH = 4;
    private static final long SEED = 5;

    private static JavaSparkContext sc;
    private static List<String> files;
    private static final long EXAMPLES = 23 * BATCH + 3;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeMinibatchFiles() throws IOException {
        sc = LocalSpark.context("greentrain-training-tests");
        // 23 files of 4 examples of y = x1 - x2 and a short one of 3: workers get 12 and 12 files.
        files = LinearMinibatchFiles.write(dir, SEED, 1f, -1f, LinearMinibatchFiles.sizes(23, BATCH, 3));
    }

    private static MultiLayerNetwork network() {
        return RegressionNetworks.build(new NetworkSpec(List.of(8), "relu", 0.02, 0, 3), 2);
    }

    @Test
    void gradientAveragingFitsEveryExampleOncePerEpochInTheEpochsPhaseAndLearns() {
        TrainerSettings settings = new TrainerSettings(4, 2, BATCH, 1, 0, true);
        List<String> phases = new ArrayList<>();

        DistributedTrainer.Result result = new AllreduceTrainer(sc, settings, AllreduceSettings.DEFAULTS, SEED)
                .fit(network(), sc.parallelize(files, 2), EXAMPLES,
                        (stats, net) -> phases.add(Phases.current(sc.sc())));

        assertThat(result.epochs()).hasSize(4).allSatisfy(epoch -> {
            assertThat(epoch.examples()).as("examples fitted in %s", epoch).isEqualTo(EXAMPLES);
            assertThat(epoch.iterations()).as("minibatches fitted in %s", epoch).isEqualTo(files.size());
        });
        assertThat(phases).containsExactly("train/epoch-1", "train/epoch-2", "train/epoch-3", "train/epoch-4");
        assertThat(result.epochs().get(3).trainLoss()).isLessThan(result.epochs().get(0).trainLoss() / 2);
        assertThat(result.gpuBindings()).hasSize(2);
        assertThat(ReplicaCache.size()).as("replicas dropped after the last epoch").isZero();
        double prediction = result.network().output(Nd4j.createFromArray(new float[][] {{1f, -1f}})).getDouble(0);
        assertThat(prediction).as("y = x1 - x2 at (1, -1)").isBetween(1.0, 3.0);
    }

    @Test
    void localSgdAlsoFitsEveryExampleAndEndsWithOneNetwork() {
        TrainerSettings settings = new TrainerSettings(2, 2, BATCH, 1, 0, true);
        AllreduceSettings localSgd = new AllreduceSettings(SyncMode.LOCAL_SGD, 4, AllreduceSettings.DEFAULTS.timeout(), 1);

        List<EpochStats> epochs = new AllreduceTrainer(sc, settings, localSgd, SEED)
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { })
                .epochs();

        assertThat(epochs).hasSize(2).allSatisfy(epoch -> assertThat(epoch.examples()).isEqualTo(EXAMPLES));
    }

    @Test
    void theReplicaWarmUpLeavesTheTrainedParametersExactlyAsWithoutItAndCountsAsTheFirstEpochsStartUp() {
        TrainerSettings settings = new TrainerSettings(2, 2, BATCH, 1, 0, true);
        AllreduceSettings warmingUp = AllreduceSettings.DEFAULTS.withWarmUp(new ReplicaWarmUp(200, Duration.ofSeconds(5)));
        AllreduceSettings withoutWarmUp = AllreduceSettings.DEFAULTS.withWarmUp(ReplicaWarmUp.OFF);

        DistributedTrainer.Result cold = new AllreduceTrainer(sc, settings, withoutWarmUp, SEED)
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { });
        DistributedTrainer.Result warm = new AllreduceTrainer(sc, settings, warmingUp, SEED)
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { });

        assertThat(warm.network().params().toFloatVector()).as("parameters after warm-up")
                .containsExactly(cold.network().params().toFloatVector());
        assertThat(warm.network().updaterState().toFloatVector()).as("Adam's moments after warm-up")
                .containsExactly(cold.network().updaterState().toFloatVector());
        assertThat(warm.epochs()).extracting(EpochStats::trainLoss)
                .containsExactlyElementsOf(cold.epochs().stream().map(EpochStats::trainLoss).toList());
        assertThat(warm.epochs().get(0).startupSeconds()).as("the warm-up is start-up of the first epoch")
                .isGreaterThan(cold.epochs().get(0).startupSeconds());
        assertThat(warm.epochs().get(1).startupSeconds()).as("cached replicas are not warmed again").isZero();
    }

    @Test
    void theFilesAreDealtOnceEvenlyAndNoWorkerIsLeftWithoutOne() {
        List<List<String>> slices = AllreduceTrainer.deal(List.of("a", "b", "c", "d", "e"), 2, 1);
        assertThat(slices).hasSize(2);
        assertThat(slices.get(0).size() + slices.get(1).size()).isEqualTo(5);
        assertThat(Math.abs(slices.get(0).size() - slices.get(1).size())).isLessThanOrEqualTo(1);
        assertThat(AllreduceTrainer.deal(List.of("a"), 3, 1)).as("fewer files than workers").hasSize(1);
    }

    @Test
    void everyEpochRecordsWhereItsTimeWentInPartsThatAddUpToItsWallTime() {
        TrainerSettings settings = new TrainerSettings(3, 2, BATCH, 1, 0, true);
        AllreduceTrainer trainer = new AllreduceTrainer(sc, settings, AllreduceSettings.DEFAULTS, SEED);

        DistributedTrainer.Result result = trainer.fit(network(), sc.parallelize(files, 2), EXAMPLES,
                (stats, net) -> { });

        assertThat(trainer.epochRuns()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            AllreduceTrainer.EpochTimes times = trainer.epochRuns().get(i).times();
            assertThat(times.epochSeconds()).as("epoch %d's wall time is its stats'", i + 1)
                    .isEqualTo(result.epochs().get(i).seconds());
            assertThat(times.computeSeconds()).as("steps").isPositive();
            assertThat(times.allreduceSeconds()).as("sums").isPositive();
            assertThat(times.addressSeconds()).as("addresses").isPositive();
            assertThat(times.computeSeconds() + times.allreduceSeconds() + times.addressSeconds())
                    .as("a worker's parts fit in the slowest task").isLessThanOrEqualTo(times.taskSeconds());
            assertThat(times.taskSeconds()).as("the task fits in its stage").isLessThanOrEqualTo(times.stageSeconds());
            assertThat(times.stageSeconds()).as("the stage fits in the epoch").isLessThanOrEqualTo(times.epochSeconds());
            assertThat(times.launchSeconds() + times.returnSeconds())
                    .as("the tasks' launch and return, by wall clocks, fit in the stage beside the slowest task")
                    .isLessThanOrEqualTo(times.schedulingSeconds() + 0.002);
            assertThat(times.fixedSeconds()).as("per-epoch cost: the rest of the epoch")
                    .isCloseTo(times.epochSeconds() - times.computeSeconds() - times.allreduceSeconds(),
                            Offset.offset(1e-9));
        }
        assertThat(trainer.epochRuns().get(0).times().loadSeconds()).as("epoch 1 builds the replicas").isPositive();
        assertThat(trainer.epochRuns().get(2).times().loadSeconds()).as("epoch 3 continues them").isZero();
    }

    @Test
    void aWorkerThatFindsNoReplicaGetsTheSynchronisedStateAndTheRunEndsWhereAnUninterruptedOneEnds() {
        TrainerSettings threeEpochs = new TrainerSettings(3, 2, BATCH, 1, 0, true);
        MultiLayerNetwork uninterrupted = new AllreduceTrainer(sc, threeEpochs, AllreduceSettings.DEFAULTS, SEED)
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { }).network();
        AllreduceTrainer trainer = new AllreduceTrainer(sc, threeEpochs, AllreduceSettings.DEFAULTS, SEED);

        DistributedTrainer.Result result = trainer.fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> {
            if (stats.epoch() == 1) {
                // Epoch 2 is sent no state: every worker is expected to continue its cached replica.
                ReplicaCache.dropWorker(1);
            }
        });

        assertThat(trainer.epochRuns()).extracting(AllreduceTrainer.EpochRun::attempts).as("no attempt failed")
                .containsExactly(1, 1, 1);
        assertThat(trainer.epochRuns()).extracting(AllreduceTrainer.EpochRun::stateBroadcast)
                .as("the state goes out for the first epoch and when a worker asks for it, not otherwise")
                .containsExactly(true, true, false);
        assertThat(trainer.epochRuns()).extracting(AllreduceTrainer.EpochRun::replicasRebuilt)
                .as("worker 1 rebuilt from the state in epoch 2, worker 0 continued its replica").containsExactly(2L, 1L, 0L);
        assertThat(result.epochs()).allSatisfy(epoch -> assertThat(epoch.examples()).isEqualTo(EXAMPLES));
        assertThat(result.network().params().sub(uninterrupted.params()).amaxNumber().doubleValue())
                .as("parameters against the uninterrupted run").isLessThan(1e-6);
    }

    @Test
    void aStateTooLargeForSparksDirectResultReachesTheDriverThroughItsInboxWholeAndAWorkerRebuildsFromItExactly() {
        // 66,817 parameters: with Adam's two moments 0.8 MB, above half of Spark's 1 MiB direct result.
        NetworkSpec wide = new NetworkSpec(List.of(256, 256), "relu", 0.02, 0, 3);
        MultiLayerNetwork probe = RegressionNetworks.build(wide, 2);
        assertThat(AllreduceTrainer.EpochTask.sendsStateApart(new AllreduceTrainer.SharedState(NetworkState.of(probe),
                null))).as("worker 0 sends this state to the inbox").isTrue();
        TrainerSettings threeEpochs = new TrainerSettings(3, 2, BATCH, 1, 0, true);
        MultiLayerNetwork uninterrupted = new AllreduceTrainer(sc, threeEpochs, AllreduceSettings.DEFAULTS, SEED)
                .fit(RegressionNetworks.build(wide, 2), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { })
                .network();
        AllreduceTrainer trainer = new AllreduceTrainer(sc, threeEpochs, AllreduceSettings.DEFAULTS, SEED);

        DistributedTrainer.Result result = trainer.fit(RegressionNetworks.build(wide, 2), sc.parallelize(files, 2),
                EXAMPLES, (stats, net) -> {
                    if (stats.epoch() == 1) {
                        // Both rebuild epoch 2 from the state the driver received from worker 0.
                        ReplicaCache.dropWorker(0);
                        ReplicaCache.dropWorker(1);
                    }
                });

        assertThat(trainer.epochRuns()).extracting(AllreduceTrainer.EpochRun::replicasRebuilt).containsExactly(2L, 2L, 0L);
        assertThat(trainer.epochRuns()).extracting(AllreduceTrainer.EpochRun::toDriverBytes)
                .containsOnly(NetworkState.of(probe).bytes());
        assertThat(result.network().params().sub(uninterrupted.params()).amaxNumber().doubleValue())
                .as("parameters against the uninterrupted run").isLessThan(1e-6);
        assertThat(result.network().getUpdater().getStateViewArray().sub(uninterrupted.getUpdater().getStateViewArray())
                .amaxNumber().doubleValue()).as("Adam's moments against the uninterrupted run").isLessThan(1e-6);
        assertThat(result.network().getIterationCount()).isEqualTo(uninterrupted.getIterationCount());
    }

    @Test
    void aRunStartedAgainResumesAfterItsLastCheckpointAndEndsWhereAnUninterruptedRunEnds(@TempDir Path checkpointed)
            throws IOException {
        TrainerSettings fourEpochs = new TrainerSettings(4, 2, BATCH, 1, 0, true);
        MultiLayerNetwork uninterrupted = new AllreduceTrainer(sc, fourEpochs, AllreduceSettings.DEFAULTS, SEED)
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { }).network();
        String folder = checkpointed.resolve("checkpoints").toUri().toString();
        // The first run stops after epoch 2, as a crashed job would have: its checkpoints are all it leaves.
        new AllreduceTrainer(sc, new TrainerSettings(2, 2, BATCH, 1, 0, true), AllreduceSettings.DEFAULTS, SEED)
                .checkpointingTo(new EpochCheckpoints(folder, "run-a", sc.hadoopConfiguration()))
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { });
        List<Integer> epochsRun = new ArrayList<>();
        List<EpochStats> resumedWith = new ArrayList<>();

        DistributedTrainer.Result resumed = new AllreduceTrainer(sc, fourEpochs, AllreduceSettings.DEFAULTS, SEED)
                .checkpointingTo(new EpochCheckpoints(folder, "run-a", sc.hadoopConfiguration()))
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, new EpochListener() {
                    @Override
                    public void onResume(List<EpochStats> completed) {
                        resumedWith.addAll(completed);
                    }

                    @Override
                    public void onEpochEnd(EpochStats stats, MultiLayerNetwork net) {
                        epochsRun.add(stats.epoch());
                    }
                });

        assertThat(resumed.resumedFromEpoch()).isEqualTo(3);
        assertThat(epochsRun).as("epochs trained again").containsExactly(3, 4);
        assertThat(resumedWith).extracting(EpochStats::epoch).containsExactly(1, 2);
        assertThat(resumed.epochs()).extracting(EpochStats::epoch).containsExactly(1, 2, 3, 4);
        assertThat(resumed.epochs()).allSatisfy(epoch -> assertThat(epoch.examples()).isEqualTo(EXAMPLES));
        assertThat(resumed.network().params().sub(uninterrupted.params()).amaxNumber().doubleValue())
                .as("parameters against the uninterrupted run").isLessThan(1e-5);
        assertThat(resumed.network().getUpdater().getStateViewArray().sub(uninterrupted.getUpdater().getStateViewArray())
                .amaxNumber().doubleValue()).as("Adam's moments against the uninterrupted run").isLessThan(1e-5);
        try (Stream<Path> left = Files.list(checkpointed.resolve("checkpoints"))) {
            assertThat(left.map(path -> path.getFileName().toString())).as("only the last checkpoint is kept")
                    .containsExactly("epoch-000004");
        }
    }

    @Test
    void aCheckpointOfAnotherRunKeyIsNotResumed(@TempDir Path checkpointed) {
        String folder = checkpointed.toUri().toString();
        TrainerSettings oneEpoch = new TrainerSettings(1, 2, BATCH, 1, 0, true);
        new AllreduceTrainer(sc, oneEpoch, AllreduceSettings.DEFAULTS, SEED)
                .checkpointingTo(new EpochCheckpoints(folder, "run-a", sc.hadoopConfiguration()))
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { });

        DistributedTrainer.Result other = new AllreduceTrainer(sc, oneEpoch, AllreduceSettings.DEFAULTS, SEED)
                .checkpointingTo(new EpochCheckpoints(folder, "run-b", sc.hadoopConfiguration()))
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { });

        assertThat(other.resumedFromEpoch()).isZero();
        assertThat(other.epochs()).extracting(EpochStats::epoch).containsExactly(1);
    }

    @Test
    void localSgdWithTheOuterStepResumesWithItsVelocityAndEndsWhereAnUninterruptedRunEnds(@TempDir Path checkpointed) {
        AllreduceSettings diloco = new AllreduceSettings(SyncMode.LOCAL_SGD, 3, AllreduceSettings.DEFAULTS.timeout(), 1,
                0.7, 0.9);
        TrainerSettings threeEpochs = new TrainerSettings(3, 2, BATCH, 1, 0, true);
        MultiLayerNetwork uninterrupted = new AllreduceTrainer(sc, threeEpochs, diloco, SEED)
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { }).network();
        String folder = checkpointed.toUri().toString();
        new AllreduceTrainer(sc, new TrainerSettings(2, 2, BATCH, 1, 0, true), diloco, SEED)
                .checkpointingTo(new EpochCheckpoints(folder, "diloco", sc.hadoopConfiguration()))
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { });

        DistributedTrainer.Result resumed = new AllreduceTrainer(sc, threeEpochs, diloco, SEED)
                .checkpointingTo(new EpochCheckpoints(folder, "diloco", sc.hadoopConfiguration()))
                .fit(network(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { });

        assertThat(resumed.resumedFromEpoch()).isEqualTo(3);
        assertThat(resumed.network().params().sub(uninterrupted.params()).amaxNumber().doubleValue())
                .as("the outer velocity travels in the checkpoint").isLessThan(1e-5);
    }

    @Test
    void aComputationGraphTrainsOnTheWorkersFittingEveryExampleOncePerEpoch() {
        ComputationGraph graph = graph();
        List<Integer> epochsSeen = new ArrayList<>();

        AllreduceTrainer.GraphResult result = new AllreduceTrainer(sc, new TrainerSettings(4, 2, BATCH, 1, 0, true),
                AllreduceSettings.DEFAULTS, SEED)
                .fitGraph(graph, sc.parallelize(files, 2), EXAMPLES, (stats, net) -> epochsSeen.add(stats.epoch()));

        assertThat(epochsSeen).containsExactly(1, 2, 3, 4);
        assertThat(result.epochs()).allSatisfy(epoch -> assertThat(epoch.examples()).isEqualTo(EXAMPLES));
        assertThat(result.epochs().get(3).trainLoss()).isLessThan(result.epochs().get(0).trainLoss() / 2);
        assertThat(result.network().params().sub(graph.params()).amaxNumber().doubleValue())
                .as("trained on the workers, not in place on the driver").isGreaterThan(1e-3);
    }

    @Test
    void aComputationGraphResumesFromItsCheckpointAndEndsWhereAnUninterruptedRunEnds(@TempDir Path checkpointed) {
        TrainerSettings threeEpochs = new TrainerSettings(3, 2, BATCH, 1, 0, true);
        ComputationGraph uninterrupted = new AllreduceTrainer(sc, threeEpochs, AllreduceSettings.DEFAULTS, SEED)
                .fitGraph(graph(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { }).network();
        String folder = checkpointed.toUri().toString();
        new AllreduceTrainer(sc, new TrainerSettings(2, 2, BATCH, 1, 0, true), AllreduceSettings.DEFAULTS, SEED)
                .checkpointingTo(new EpochCheckpoints(folder, "graph", sc.hadoopConfiguration()))
                .fitGraph(graph(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> { });
        List<Integer> epochsRun = new ArrayList<>();

        AllreduceTrainer.GraphResult resumed = new AllreduceTrainer(sc, threeEpochs, AllreduceSettings.DEFAULTS, SEED)
                .checkpointingTo(new EpochCheckpoints(folder, "graph", sc.hadoopConfiguration()))
                .fitGraph(graph(), sc.parallelize(files, 2), EXAMPLES, (stats, net) -> epochsRun.add(stats.epoch()));

        assertThat(resumed.resumedFromEpoch()).isEqualTo(3);
        assertThat(epochsRun).as("epochs trained again").containsExactly(3);
        assertThat(resumed.network().getIterationCount()).as("Adam's bias correction reads it")
                .isEqualTo(uninterrupted.getIterationCount());
        assertThat(resumed.network().params().sub(uninterrupted.params()).amaxNumber().doubleValue())
                .as("parameters against the uninterrupted run").isLessThan(1e-5);
        assertThat(resumed.network().updaterState().sub(uninterrupted.updaterState()).amaxNumber().doubleValue())
                .as("Adam's moments against the uninterrupted run").isLessThan(1e-5);
    }

    private static ComputationGraph graph() {
        ComputationGraphConfiguration configuration = new NeuralNetConfiguration.Builder()
                .seed(3)
                .updater(new Adam(0.02))
                .graphBuilder()
                .addInputs("x")
                .addLayer("hidden", new DenseLayer.Builder().nIn(2).nOut(8).activation(Activation.RELU).build(), "x")
                .addLayer("y", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build(), "hidden")
                .setOutputs("y")
                .build();
        ComputationGraph graph = new ComputationGraph(configuration);
        graph.init();
        return graph;
    }
}
