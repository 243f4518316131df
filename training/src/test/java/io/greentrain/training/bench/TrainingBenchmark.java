package io.greentrain.training.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

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
import io.greentrain.training.ParameterAveragingTrainer;
import io.greentrain.training.RegressionNetworks;
import io.greentrain.training.TrainerSettings;
import io.greentrain.training.allreduce.AllreduceSettings;
import io.greentrain.training.allreduce.AllreduceTrainer;
import io.greentrain.training.allreduce.EpochCheckpoints;
import io.greentrain.training.allreduce.RingAllreduce;
import io.greentrain.training.allreduce.SyncMode;
import io.greentrain.training.lm.CharLstmNetworks;
import io.greentrain.training.lm.LmSettings;
import io.greentrain.training.lm.SampleSettings;

/**
 * One arm of {@code scripts/bench/training.sh}: trains a network on the minibatch files of a
 * folder, one way, and prints {@code key=value} lines: the first epoch's time apart, steady-state
 * throughput and process CPU time per epoch over the epochs after it, the final validation loss,
 * and model FLOP utilisation against a measured GEMM peak.
 *
 * <pre>
 *   TrainingBenchmark gemm THREADS
 *   TrainingBenchmark ring WORKERS FLOATS
 *   TrainingBenchmark lm-prepare TEXT_FILE OUT_DIR SEQUENCES LENGTH BATCH
 *   TrainingBenchmark single THREADS TRAIN_DIR VALIDATION_DIR NETWORK EPOCHS [FILES_PER_BATCH]
 *   TrainingBenchmark spark ENGINE WORKERS TRAIN_DIR VALIDATION_DIR NETWORK EPOCHS
 * </pre>
 * With the environment variable {@code BENCH_TOGETHER=FOLDER:COUNT}, {@code single} starts training
 * only when {@code COUNT} such processes are ready (the contention arm: two at once).
 * FILES_PER_BATCH (default 1) merges that many minibatch files into each of one JVM's minibatches:
 * 2 gives one JVM the batch of two workers' summed step, the like-for-like accuracy comparison.
 * NETWORK is a comma-separated list of dense widths (e.g. {@code 64} or {@code 1024,1024}; Adam
 * 1e-3, l2 0.01, validation loss is the MSE) or {@code lstm} (the example's character LSTM:
 * embedding 32, one LSTM of 128, Adam 0.02; validation loss is nats per token, throughput counts
 * tokens). ENGINE is {@code allreduce}, {@code allreduce-checkpointed} (the same, writing a checkpoint
 * every epoch as the train job does), {@code allreduce-local-sgd} or {@code dl4j-paramavg}; an
 * allreduce arm also prints the engine's account of its epochs and, from trivial barrier stages of
 * the same shape run after it in the same JVM, Spark's floor under its launch and return
 * ({@link StageFloor}). Same
 * network, seed and files for every arm. {@code ring} times a loopback ring of threads: one float
 * (the per-step latency) and {@code FLOATS} floats (the time per MB). {@code lm-prepare} cuts a
 * text into character sequences and writes them as the LM minibatch files the text pipeline
 * writes (token ids as floats, features and next-character labels shaped {@code [batch, 1, length]}),
 * nine tenths to {@code train/}, the rest to {@code validation/}.
 */
public final class TrainingBenchmark {

    private static final String LSTM = "lstm";

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // The backend loads the native library before NativeOpsHolder is touched.
        Nd4j.getBackend();
        switch (args[0]) {
            case "gemm" -> gemm(Integer.parseInt(args[1]));
            case "ring" -> ring(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "lm-prepare" -> prepareLm(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "single" -> single(Integer.parseInt(args[1]), args[2], args[3], args[4], Integer.parseInt(args[5]),
                    args.length > 6 ? Integer.parseInt(args[6]) : 1);
            case "spark" -> spark(args[1], Integer.parseInt(args[2]), args[3], args[4], args[5],
                    Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    /** float32 GEMM throughput of 1024 x 1024 products, GFLOP/s, best of five bursts. */
    private static void gemm(int threads) {
        limitNativeThreads(threads);
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

    /**
     * Times sums on a ring of {@code workers} threads over loopback TCP: the median of 30 sums of
     * one float (latency: what a step's exchange costs whatever the model) and of 10 sums of
     * {@code floats} floats, from which the time per MB of the summed array follows.
     */
    private static void ring(int workers, int floats) throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            ServerSocket socket = RingAllreduce.listen(InetAddress.getLoopbackAddress());
            sockets.add(socket);
            addresses.add("127.0.0.1:" + socket.getLocalPort());
        }
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        List<Future<double[]>> futures = new ArrayList<>();
        for (int rank = 0; rank < workers; rank++) {
            int r = rank;
            futures.add(threads.submit(() -> {
                try (RingAllreduce ring = RingAllreduce.join(r, addresses, sockets.get(r), 1L, Duration.ofSeconds(60))) {
                    return new double[] {medianSumSeconds(ring, 1, 30), medianSumSeconds(ring, floats, 10)};
                }
            }));
        }
        double[] rank0 = futures.get(0).get();
        for (Future<double[]> future : futures) {
            future.get();
        }
        threads.shutdownNow();
        double megabytes = floats * (double) Float.BYTES / 1e6;
        double perMb = Math.max(0, rank0[1] - rank0[0]) / megabytes;
        System.out.printf(Locale.ROOT, "ring_workers=%d%nring_latency_ms=%.4f%nring_ms_per_mb=%.4f%nring_mb=%.1f%n",
                workers, rank0[0] * 1e3, perMb * 1e3, megabytes);
    }

    private static double medianSumSeconds(RingAllreduce ring, int floats, int repeats) {
        float[] values = new float[floats];
        ring.sum(values);
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            ring.sum(values);
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[repeats / 2];
    }

    /**
     * Cuts {@code text} into {@code sequences} character sequences of {@code length} (each
     * {@code length + 1} characters: the features and the next-character labels), ids in order of
     * first appearance after the ids the vocabulary reserves, and writes them in minibatches of
     * {@code batch}.
     */
    private static void prepareLm(Path text, Path out, int sequences, int length, int batch) throws IOException {
        int[] characters = Files.readString(text, StandardCharsets.UTF_8).codePoints().toArray();
        if (characters.length < (long) sequences * (length + 1)) {
            throw new IllegalArgumentException(text + " has " + characters.length + " characters; "
                    + sequences + " sequences of " + length + " need " + (long) sequences * (length + 1));
        }
        TreeMap<Integer, Integer> ids = new TreeMap<>();
        List<float[]> rows = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            float[] row = new float[length + 1];
            for (int i = 0; i <= length; i++) {
                row[i] = ids.computeIfAbsent(characters[s * (length + 1) + i], c -> 4 + ids.size());
            }
            rows.add(row);
        }
        Collections.shuffle(rows, new Random(42));
        int validation = Math.max(batch, sequences / 10 / batch * batch);
        for (int from = 0, file = 0; from + batch <= rows.size(); from += batch, file++) {
            float[][] features = new float[batch][];
            float[][] labels = new float[batch][];
            for (int i = 0; i < batch; i++) {
                float[] row = rows.get(from + i);
                features[i] = Arrays.copyOfRange(row, 0, length);
                labels[i] = Arrays.copyOfRange(row, 1, length + 1);
            }
            DataSet minibatch = new DataSet(Nd4j.createFromArray(features).reshape(batch, 1, length),
                    Nd4j.createFromArray(labels).reshape(batch, 1, length));
            File folder = out.resolve(from < validation ? "validation" : "train").toFile();
            folder.mkdirs();
            minibatch.save(new File(folder, String.format(Locale.ROOT, "minibatch-%05d.bin", file)));
        }
        System.out.printf(Locale.ROOT, "vocabulary=%d%nsequences=%d%nlength=%d%n", 4 + ids.size(), sequences, length);
    }

    /**
     * Both of ND4J's native pools: OpenMP's (ND4J's own operations) and the BLAS library's (matrix
     * products), which keeps its own count; "one thread" is one core only with both at one.
     */
    private static void limitNativeThreads(int threads) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
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

    /**
     * {@code files} merged in consecutive groups of {@code filesPerBatch} (the last group may be
     * smaller): one JVM's minibatches of N x b, the examples N workers of batch b sum per step.
     */
    private static List<DataSet> batches(List<DataSet> files, int filesPerBatch) {
        if (filesPerBatch == 1) {
            return files;
        }
        List<DataSet> merged = new ArrayList<>();
        for (int from = 0; from < files.size(); from += filesPerBatch) {
            merged.add(DataSet.merge(files.subList(from, Math.min(files.size(), from + filesPerBatch))));
        }
        return merged;
    }

    /** The arm's network: dense widths, or {@code lstm} sized for the largest token id in the files. */
    private static MultiLayerNetwork network(String kind, List<DataSet> train, List<DataSet> validation) {
        if (kind.equals(LSTM)) {
            double largest = 0;
            for (List<DataSet> split : List.of(train, validation)) {
                for (DataSet batch : split) {
                    largest = Math.max(largest, Math.max(batch.getFeatures().maxNumber().doubleValue(),
                            batch.getLabels().maxNumber().doubleValue()));
                }
            }
            LmSettings settings = new LmSettings(32, 1, 128, 0.02, 1.0, 12345,
                    new TrainerSettings(1, 1, 32, 1, 2, true), false, new SampleSettings("", 1, 1.0, 7));
            return CharLstmNetworks.build(settings, (int) largest + 1);
        }
        List<Integer> hidden = Arrays.stream(kind.split(",")).map(Integer::parseInt).toList();
        return RegressionNetworks.build(new NetworkSpec(hidden, "relu", 1e-3, 0.01, 12345),
                (int) train.get(0).getFeatures().size(1));
    }

    /** Examples per minibatch example: time steps for a sequence model, 1 otherwise. */
    private static long unitsPerExample(List<DataSet> train) {
        INDArray features = train.get(0).getFeatures();
        return features.rank() == 3 ? features.size(2) : 1;
    }

    private static void single(int threads, String trainDir, String validationDir, String kind, int epochs,
                               int filesPerBatch) throws IOException, InterruptedException {
        limitNativeThreads(threads);
        List<DataSet> train = batches(load(trainDir), filesPerBatch);
        List<DataSet> validation = load(validationDir);
        MultiLayerNetwork network = network(kind, train, validation);
        long perEpoch = train.stream().mapToLong(DataSet::numExamples).sum();
        startTogether(System.getenv("BENCH_TOGETHER"));
        List<double[]> epochTimes = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            List<DataSet> order = new ArrayList<>(train);
            Collections.shuffle(order, new Random(epoch));
            order.forEach(network::fit);
            epochTimes.add(new double[] {(System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9, perEpoch});
        }
        report(network, epochTimes, unitsPerExample(train), validation);
    }

    /**
     * With {@code together} ({@code FOLDER:COUNT}, from the environment variable
     * {@code BENCH_TOGETHER}), waits until {@code COUNT} processes have reached this point (each
     * leaves a file in {@code FOLDER}), so that processes started at once train at once, whatever
     * their JVMs' start-up and loading took; without it, returns at once.
     */
    private static void startTogether(String together) throws IOException, InterruptedException {
        if (together == null || together.isEmpty()) {
            return;
        }
        int colon = together.lastIndexOf(':');
        Path folder = Path.of(together.substring(0, colon));
        int count = Integer.parseInt(together.substring(colon + 1));
        Files.createDirectories(folder);
        Files.createFile(folder.resolve("ready-" + ProcessHandle.current().pid()));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            try (Stream<Path> ready = Files.list(folder)) {
                if (ready.count() >= count) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fewer than " + count + " processes reached " + folder + " in 5 minutes");
            }
            Thread.sleep(1);
        }
    }

    private static void spark(String engine, int workers, String trainDir, String validationDir, String kind,
                              int epochs) {
        JavaSparkContext sc = LocalSpark.context("greentrain-training-benchmark");
        List<String> files = new ArrayList<>();
        File[] list = new File(trainDir).listFiles((d, name) -> name.endsWith(".bin"));
        Arrays.sort(list);
        for (File file : list) {
            files.add(file.toURI().toString());
        }
        List<DataSet> train = load(trainDir);
        List<DataSet> validation = load(validationDir);
        long perEpoch = train.stream().mapToLong(DataSet::numExamples).sum();
        TrainerSettings settings = new TrainerSettings(epochs, workers, 32, 5, 2, true);
        DistributedTrainer trainer = switch (engine) {
            case "allreduce" -> new AllreduceTrainer(sc, settings, AllreduceSettings.DEFAULTS, 12345);
            case "allreduce-checkpointed" -> new AllreduceTrainer(sc, settings, AllreduceSettings.DEFAULTS, 12345)
                    .checkpointingTo(new EpochCheckpoints(checkpointFolder(), "benchmark", sc.hadoopConfiguration()));
            case "allreduce-local-sgd" -> new AllreduceTrainer(sc, settings,
                    new AllreduceSettings(SyncMode.LOCAL_SGD, 5, AllreduceSettings.DEFAULTS.timeout(), 1), 12345);
            case "dl4j-paramavg" -> new ParameterAveragingTrainer(sc, settings, 12345);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
        // Wall and process CPU time between the ends of consecutive epochs, as the listener sees them.
        List<double[]> epochTimes = new ArrayList<>();
        long[] last = {System.nanoTime(), processCpuNanos()};
        DistributedTrainer.Result result = trainer.fit(network(kind, train, validation), sc.parallelize(files, workers),
                perEpoch, (stats, net) -> {
                    long now = System.nanoTime();
                    long cpu = processCpuNanos();
                    epochTimes.add(new double[] {(now - last[0]) / 1e9, (cpu - last[1]) / 1e9, stats.examples()});
                    last[0] = now;
                    last[1] = cpu;
                });
        report(result.network(), epochTimes, unitsPerExample(train), validation);
        if (trainer instanceof AllreduceTrainer allreduceTrainer) {
            reportEpochParts(allreduceTrainer.epochRuns(), result.epochs(), workers);
            // Spark's floor under the engine's launch and return, in the same JVM: stages of the same shape.
            List<List<String>> slices = new ArrayList<>();
            for (int rank = 0; rank < workers; rank++) {
                slices.add(new ArrayList<>(files.subList(rank * files.size() / workers,
                        (rank + 1) * files.size() / workers)));
            }
            StageFloor.report(sc, slices, Math.max(5, epochs));
        }
    }

    /**
     * Prints the engine's own account of its steady epochs (those after the first; all when there
     * is only one), means per epoch in seconds: the workers' steps outside the ring
     * ({@code part_compute_s}), their sums ({@code part_allreduce_s}), their address exchange,
     * replica loading, state return and the rest of their task, the stage's scheduling and
     * return ({@code part_scheduling_s}: the stage's wall less its slowest task; of it, by wall
     * clocks, {@code part_launch_s} to the first task's start and {@code part_return_s} from the
     * last task's end) and the driver's
     * epoch outside the stage; and {@code lockstep_steps}, the steps each worker takes per epoch.
     */
    private static void reportEpochParts(List<AllreduceTrainer.EpochRun> runs,
                                         List<EpochStats> epochs, int workers) {
        int from = runs.size() > 1 ? 1 : 0;
        List<AllreduceTrainer.EpochTimes> steady = runs.subList(from, runs.size()).stream()
                .map(AllreduceTrainer.EpochRun::times).toList();
        double n = steady.size();
        double steps = epochs.subList(from, epochs.size()).stream().mapToLong(EpochStats::iterations).sum() / n;
        double compute = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::computeSeconds).sum() / n;
        double allreduce = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::allreduceSeconds).sum() / n;
        double address = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::addressSeconds).sum() / n;
        double load = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::loadSeconds).sum() / n;
        double result = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::resultSeconds).sum() / n;
        double task = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::taskSeconds).sum() / n;
        double scheduling = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::schedulingSeconds).sum() / n;
        double driver = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::driverSeconds).sum() / n;
        double launch = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::launchSeconds).sum() / n;
        double back = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::returnSeconds).sum() / n;
        double epoch = steady.stream().mapToDouble(AllreduceTrainer.EpochTimes::epochSeconds).sum() / n;
        System.out.printf(Locale.ROOT, "lockstep_steps=%.1f%npart_epoch_s=%.5f%npart_compute_s=%.5f%n"
                        + "part_allreduce_s=%.5f%npart_address_s=%.5f%npart_load_s=%.5f%npart_result_s=%.5f%n"
                        + "part_task_rest_s=%.5f%npart_scheduling_s=%.5f%npart_launch_s=%.5f%npart_return_s=%.5f%n"
                        + "part_driver_s=%.5f%n",
                Math.ceil(steps / workers), epoch, compute, allreduce, address, load, result,
                Math.max(0, task - compute - allreduce - address - load - result), scheduling, launch, back, driver);
    }

    /** A new, empty folder for the checkpointed arm's checkpoints, removed when the JVM exits. */
    private static String checkpointFolder() {
        try {
            Path folder = Files.createTempDirectory("greentrain-bench-checkpoints");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> paths = Files.walk(folder)) {
                    paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                } catch (IOException e) {
                    // A temporary folder: nothing to report at exit.
                }
            }));
            return folder.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints the first epoch's wall time apart and the steady state over the epochs after it (all
     * of them when there is only one): examples per second, process CPU seconds per epoch.
     */
    private static void report(MultiLayerNetwork network, List<double[]> epochTimes, long unitsPerExample,
                               List<DataSet> validation) {
        List<double[]> steady = epochTimes.size() > 1 ? epochTimes.subList(1, epochTimes.size()) : epochTimes;
        double seconds = steady.stream().mapToDouble(e -> e[0]).sum();
        double cpu = steady.stream().mapToDouble(e -> e[1]).sum();
        double examples = steady.stream().mapToDouble(e -> e[2]).sum();
        double loss = 0;
        long count = 0;
        for (DataSet batch : validation) {
            if (unitsPerExample > 1) {
                // DL4J's score: summed cross-entropy over the time steps, averaged over the sequences.
                loss += network.score(batch) * batch.numExamples() / unitsPerExample;
            } else {
                INDArray error = network.output(batch.getFeatures()).sub(batch.getLabels());
                loss += error.mul(error).sumNumber().doubleValue();
            }
            count += batch.numExamples();
        }
        System.out.printf(Locale.ROOT, "parameters=%d%nepochs=%d%nfirst_epoch_s=%.3f%nsteady_epochs=%d%n"
                        + "steady_wall_s=%.3f%nexamples_per_s=%.1f%nunits_per_s=%.1f%ncpu_s_per_epoch=%.3f%n"
                        + "validation_loss=%.5f%nflops_per_s=%.4e%n", network.numParams(), epochTimes.size(),
                epochTimes.get(0)[0], steady.size(), seconds, examples / seconds,
                examples * unitsPerExample / seconds, cpu / steady.size(), loss / count,
                6.0 * network.numParams() * examples * unitsPerExample / seconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
