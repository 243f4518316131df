package io.greentrain.training.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import io.greentrain.testsupport.LocalSpark;
import io.greentrain.training.DistributedTrainer;
import io.greentrain.training.EpochStats;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;
import io.greentrain.training.TrainerSettings;
import io.greentrain.training.allreduce.AllreduceSettings;
import io.greentrain.training.allreduce.AllreduceTrainer;
import io.greentrain.training.allreduce.SyncMode;
import io.greentrain.training.ParameterAveragingTrainer;

/**
 * One arm of {@code scripts/bench/training.sh}: trains a dense regression network on the minibatch
 * files of a folder, one way, and prints {@code key=value} lines (throughput, process CPU time per
 * epoch, final validation MSE, model FLOP utilisation against a measured GEMM peak).
 *
 * <pre>
 *   TrainingBenchmark gemm THREADS
 *   TrainingBenchmark single THREADS TRAIN_DIR VALIDATION_DIR HIDDEN EPOCHS
 *   TrainingBenchmark spark ENGINE WORKERS TRAIN_DIR VALIDATION_DIR HIDDEN EPOCHS
 * </pre>
 * HIDDEN is a comma-separated list of widths (e.g. {@code 64} or {@code 1024,1024}); ENGINE is
 * {@code allreduce}, {@code allreduce-local-sgd} or {@code dl4j-paramavg}. Same network, seed,
 * optimiser (Adam 1e-3, l2 0.01) and files for every arm.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // The backend loads the native library before NativeOpsHolder is touched.
        Nd4j.getBackend();
        switch (args[0]) {
            case "gemm" -> gemm(Integer.parseInt(args[1]));
            case "single" -> single(Integer.parseInt(args[1]), args[2], args[3], widths(args[4]), Integer.parseInt(args[5]));
            case "spark" -> spark(args[1], Integer.parseInt(args[2]), args[3], args[4], widths(args[5]),
                    Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    private static List<Integer> widths(String text) {
        return Arrays.stream(text.split(",")).map(Integer::parseInt).toList();
    }

    /** float32 GEMM throughput of 1024 x 1024 products, GFLOP/s, best of five bursts. */
    private static void gemm(int threads) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        double best = 0;
        for (int burst = 0; burst < 5; burst++) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                a.mmul(b);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 10 * 2.0 * 1024 * 1024 * 1024 / seconds / 1e9);
        }
        System.out.printf(Locale.ROOT, "gemm_gflops=%.1f%nthreads=%d%n", best, threads);
    }

    private static List<DataSet> load(String dir) {
        File[] files = new File(dir).listFiles((d, name) -> name.endsWith(".bin"));
        Arrays.sort(files);
        List<DataSet> batches = new ArrayList<>();
        for (File file : files) {
            DataSet batch = new DataSet();
            batch.load(file);
            batches.add(batch);
        }
        return batches;
    }

    private static MultiLayerNetwork network(List<Integer> hidden, int inputs) {
        return RegressionNetworks.build(new NetworkSpec(hidden, "relu", 1e-3, 0.01, 12345), inputs);
    }

    private static void single(int threads, String trainDir, String validationDir, List<Integer> hidden, int epochs) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        List<DataSet> train = load(trainDir);
        MultiLayerNetwork network = network(hidden, (int) train.get(0).getFeatures().size(1));
        long examples = train.stream().mapToLong(DataSet::numExamples).sum() * epochs;
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        for (int epoch = 0; epoch < epochs; epoch++) {
            List<DataSet> order = new ArrayList<>(train);
            java.util.Collections.shuffle(order, new java.util.Random(epoch));
            order.forEach(network::fit);
        }
        report(network, examples, epochs, (System.nanoTime() - start) / 1e9, processCpuNanos() - cpu0, validationDir);
    }

    private static void spark(String engine, int workers, String trainDir, String validationDir, List<Integer> hidden,
                              int epochs) {
        JavaSparkContext sc = LocalSpark.context("greentrain-training-benchmark");
        List<String> files = new ArrayList<>();
        File[] list = new File(trainDir).listFiles((d, name) -> name.endsWith(".bin"));
        Arrays.sort(list);
        long perEpoch = 0;
        for (File file : list) {
            files.add(file.toURI().toString());
        }
        for (DataSet batch : load(trainDir)) {
            perEpoch += batch.numExamples();
        }
        int inputs = (int) load(trainDir).get(0).getFeatures().size(1);
        TrainerSettings settings = new TrainerSettings(epochs, workers, 32, 5, 2, true);
        DistributedTrainer trainer = switch (engine) {
            case "allreduce" -> new AllreduceTrainer(sc, settings, AllreduceSettings.DEFAULTS, 12345);
            case "allreduce-local-sgd" -> new AllreduceTrainer(sc, settings,
                    new AllreduceSettings(SyncMode.LOCAL_SGD, 5, AllreduceSettings.DEFAULTS.timeout(), 1), 12345);
            case "dl4j-paramavg" -> new ParameterAveragingTrainer(sc, settings, 12345);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        DistributedTrainer.Result result = trainer.fit(network(hidden, inputs), sc.parallelize(files, workers),
                perEpoch, (stats, net) -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        long examples = result.epochs().stream().mapToLong(EpochStats::examples).sum();
        report(result.network(), examples, epochs, seconds, processCpuNanos() - cpu0, validationDir);
    }

    private static void report(MultiLayerNetwork network, long examples, int epochs, double seconds, long cpuNanos,
                               String validationDir) {
        double squared = 0;
        long count = 0;
        for (DataSet batch : load(validationDir)) {
            INDArray error = network.output(batch.getFeatures()).sub(batch.getLabels());
            squared += error.mul(error).sumNumber().doubleValue();
            count += batch.numExamples();
        }
        System.out.printf(Locale.ROOT, "parameters=%d%nexamples=%d%nwall_s=%.2f%nexamples_per_s=%.1f%n"
                        + "cpu_s_per_epoch=%.2f%nvalidation_mse=%.5f%nflops_per_s=%.4e%n", network.numParams(), examples,
                seconds, examples / seconds, cpuNanos / 1e9 / epochs, squared / count,
                6.0 * network.numParams() * examples / seconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
