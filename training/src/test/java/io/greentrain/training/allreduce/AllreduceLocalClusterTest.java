package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import io.greentrain.testsupport.LocalCluster;
import io.greentrain.training.DistributedTrainer;
import io.greentrain.training.LinearMinibatchFiles;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;
import io.greentrain.training.TrainerSettings;
import io.greentrain.training.gpu.DeviceBinder;
import io.greentrain.training.gpu.GpuBinding;

/**
 * The allreduce engine across two real executor JVMs ({@code local-cluster[2,1,1024]}): both
 * executors train, the workers' data bypasses the driver, and an executor killed during an epoch
 * costs a retry of that epoch's stage, not the run.
 */
class AllreduceLocalClusterTest {

    private static final int BATCH = 16;
    private static final int FILES = 12;

    @TempDir
    static Path work;

    static LocalCluster cluster;
    static JavaSparkContext sc;
    static JavaRDD<String> minibatchPaths;

    @BeforeAll
    static void startClusterAndWriteMinibatches() throws IOException, InterruptedException {
        // A GPU address per executor from a stub discovery script, so every task calls its DeviceBinder.
        Path discovery = LocalCluster.writeGpuDiscoveryScript(work);
        cluster = LocalCluster.start(LocalCluster.withOneGpuPerExecutor(
                LocalCluster.conf("greentrain-allreduce-test", 2, 1, 1024)
                        // Let an executor lost to the kill below be replaced and the stage retried at once.
                        .set("spark.excludeOnFailure.enabled", "false")
                        .set("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s"),
                discovery));
        sc = cluster.context();
        List<String> files = LinearMinibatchFiles.write(work.resolve("minibatches"), 11, 2f, -1f,
                LinearMinibatchFiles.sizes(FILES, BATCH, 0));
        minibatchPaths = sc.parallelize(files, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static DistributedTrainer.Result train(AllreduceTrainer trainer) {
        return trainer.fit(RegressionNetworks.build(new NetworkSpec(List.of(32), "relu", 0.01, 0, 5), 2),
                minibatchPaths, (long) FILES * BATCH, (stats, network) -> { });
    }

    @Test
    void bothExecutorsTrainAndTheDriverIsNotInTheDataPath() {
        AllreduceTrainer trainer = new AllreduceTrainer(sc, new TrainerSettings(3, 2, BATCH, 1, 0, true),
                AllreduceSettings.DEFAULTS, 5, new NoDevice());

        DistributedTrainer.Result result = train(trainer);

        assertThat(result.gpuBindings()).extracting(GpuBinding::executorId).as("one worker on each executor")
                .doesNotHaveDuplicates().hasSize(2).doesNotContain("driver");
        assertThat(result.epochs()).allSatisfy(epoch -> assertThat(epoch.examples()).isEqualTo((long) FILES * BATCH));
        long parameterBytes = result.network().numParams() * Float.BYTES;
        assertThat(trainer.epochRuns()).extracting(AllreduceTrainer.EpochRun::replicasRebuilt)
                .as("replicas built in epoch 1, then found in their executors").containsExactly(2L, 0L, 0L);
        assertThat(trainer.epochRuns()).extracting(AllreduceTrainer.EpochRun::stateBroadcast)
                .as("the starting state is broadcast only while no replica exists").containsExactly(true, false, false);
        for (AllreduceTrainer.EpochRun epoch : trainer.epochRuns()) {
            // Six steps per epoch, each a gradient's worth from each of the two workers.
            assertThat(epoch.betweenWorkersBytes()).as("epoch %d between workers", epoch.epoch())
                    .isGreaterThanOrEqualTo(6 * parameterBytes);
            // One network (with Adam's two moments) per epoch, whatever the number of steps.
            assertThat(epoch.toDriverBytes()).as("epoch %d to the driver", epoch.epoch())
                    .isLessThan(3 * parameterBytes + 20_000);
        }
    }

    @Test
    void anExecutorKilledDuringAnEpochCostsARetryOfThatEpochNotTheRun() throws IOException {
        Path claims = Files.createDirectories(work.resolve("kill-claims"));
        AllreduceTrainer trainer = new AllreduceTrainer(sc, new TrainerSettings(3, 2, BATCH, 1, 0, true),
                AllreduceSettings.DEFAULTS, 5, new KillsOnceInEpochTwo(claims.toString()));

        DistributedTrainer.Result result = train(trainer);

        assertThat(Files.exists(claims.resolve("killed"))).as("an executor was killed").isTrue();
        assertThat(trainer.epochRuns()).extracting(AllreduceTrainer.EpochRun::attempts).containsExactly(1, 2, 1);
        assertThat(trainer.epochRuns().get(1).replicasRebuilt()).as("the retry starts from the broadcast").isEqualTo(2);
        assertThat(trainer.epochRuns().get(1).stateBroadcast()).isTrue();
        assertThat(result.epochs()).hasSize(3).allSatisfy(epoch ->
                assertThat(epoch.examples()).as("examples of %s, retried work not counted twice", epoch)
                        .isEqualTo((long) FILES * BATCH));
        double prediction = result.network().output(Nd4j.createFromArray(new float[][] {{1f, 1f}})).getDouble(0);
        assertThat(prediction).as("y = 2 x1 - x2 at (1, 1), trained on").isFinite();
    }

    /** Binds nothing: these executors have no GPU. */
    static final class NoDevice implements DeviceBinder {
        private static final long serialVersionUID = 1L;

        @Override
        public Decision bind(String address) {
            return new Decision(-1, GpuBinding.CPU_BACKEND);
        }
    }

    /**
     * Binds nothing, but the second time worker 1 starts (its epoch 2) it kills its executor's JVM
     * once, while worker 0 waits for it at the barrier: a lost executor in the middle of a stage.
     */
    static final class KillsOnceInEpochTwo implements DeviceBinder {
        private static final long serialVersionUID = 1L;
        private final String claims;

        KillsOnceInEpochTwo(String claims) {
            this.claims = claims;
        }

        @Override
        public Decision bind(String address) {
            if (TaskContext.get().partitionId() == 1) {
                int call = 1;
                while (!new File(claims, "call-" + call).mkdir()) {
                    call++;
                }
                if (call == 2 && new File(claims, "killed").mkdir()) {
                    Runtime.getRuntime().halt(137);
                }
            }
            return new Decision(-1, GpuBinding.CPU_BACKEND);
        }
    }
}
