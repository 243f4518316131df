package io.greentrain.training.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.testsupport.LocalCluster;
import io.greentrain.training.DistributedTrainer;
import io.greentrain.training.LinearMinibatchFiles;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.ParameterAveragingTrainer;
import io.greentrain.training.RegressionNetworks;
import io.greentrain.training.TrainerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Training in a real multi-JVM Spark ({@code local-cluster[2,1,1024]}) where each executor owns one
 * GPU address from a stub discovery script: every worker task binds its thread for the address Spark
 * assigned it, and the bindings come back to the driver.
 */
class GpuBindingLocalClusterTest {

    private static final int BATCH = 16;
    private static final int FILES = 8;

    @TempDir
    static Path work;

    static LocalCluster cluster;
    static JavaSparkContext sc;
    static JavaRDD<String> minibatchPaths;
    /** The GPU address Spark gave each executor, as plain tasks see it. */
    static Map<String, String> addressByExecutor;

    @BeforeAll
    static void startClusterAndWriteMinibatches() throws IOException, InterruptedException {
        Path discovery = LocalCluster.writeGpuDiscoveryScript(work);
        cluster = LocalCluster.start(LocalCluster.withOneGpuPerExecutor(
                LocalCluster.conf("greentrain-gpu-binding-test", 2, 1, 1024)
                        .set("spark.executor.extraJavaOptions",
                                "-Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource"),
                discovery));
        sc = cluster.context();
        addressByExecutor = sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .map(i -> new Tuple2<>(SparkEnv.get().executorId(),
                        TaskContext.get().resourcesJMap().get("gpu").addresses()[0]))
                .collect().stream().distinct().collect(Collectors.toMap(Tuple2::_1, Tuple2::_2));

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

    private static DistributedTrainer.Result train(DeviceBinder binder) {
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc,
                new TrainerSettings(1, 2, BATCH, 2, 0, true), 5, binder);
        return trainer.fit(RegressionNetworks.build(new NetworkSpec(List.of(8), "relu", 0.01, 0, 5), 2),
                minibatchPaths, (long) FILES * BATCH, (stats, network) -> { });
    }

    @Test
    void eachExecutorOwnsADifferentGpuAddress() {
        assertThat(addressByExecutor).hasSize(2);
        assertThat(addressByExecutor.values()).containsExactlyInAnyOrder("0", "1");
    }

    @Test
    void everyWorkerTaskIsBoundForTheAddressItsExecutorWasAssigned() {
        DistributedTrainer.Result result = train(new RenumberingDeviceBinder());

        List<GpuBinding> bindings = result.gpuBindings();
        assertThat(bindings).as("one binding per worker task").hasSizeGreaterThanOrEqualTo(2);
        assertThat(bindings).extracting(GpuBinding::executorId).as("both executors trained")
                .containsAll(addressByExecutor.keySet());
        for (GpuBinding binding : bindings) {
            String assigned = addressByExecutor.get(binding.executorId());
            assertThat(binding.address()).as("address seen by task %d", binding.taskAttempt()).isEqualTo(assigned);
            assertThat(binding.binder()).isEqualTo(RenumberingDeviceBinder.class.getSimpleName());
            assertThat(binding.outcome()).isEqualTo(GpuBinding.BOUND);
            // CUDA_VISIBLE_DEVICES=1,0 in the binder: physical GPU 0 is device 1 and GPU 1 is device 0.
            assertThat(binding.device()).isEqualTo(1 - Integer.parseInt(assigned));
        }
        assertThat(bindings).extracting(GpuBinding::taskAttempt).doesNotHaveDuplicates();
    }

    @Test
    void onTheCpuBackendTheNd4jBinderLeavesTheThreadAloneAndSaysSo() {
        DistributedTrainer.Result result = train(new Nd4jDeviceBinder());

        assertThat(result.gpuBindings()).isNotEmpty().allSatisfy(binding -> {
            assertThat(binding.address()).isEqualTo(addressByExecutor.get(binding.executorId()));
            assertThat(binding.binder()).isEqualTo(Nd4jDeviceBinder.class.getSimpleName());
            assertThat(binding.outcome()).isEqualTo(GpuBinding.CPU_BACKEND);
            assertThat(binding.device()).isEqualTo(-1);
        });
        assertThat(result.network().params().isNaN().any()).isFalse();
    }
}
