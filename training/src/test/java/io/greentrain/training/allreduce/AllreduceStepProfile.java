package io.greentrain.training.allreduce;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;

/**
 * Where an allreduce step's time goes, without Spark: one replica's step alone on one native
 * thread, the same step in a ring of two replicas on threads, and the pieces of the exchange (the
 * gradient's copies, a ring sum of the gradient's size, a ring sum of one float). Prints
 * {@code key=value} lines, milliseconds per step, medians of interleaved rounds.
 *
 * <pre>
 *   AllreduceStepProfile HIDDEN INPUTS STEPS ROUNDS      (e.g. 1024,1024 346 40 3)
 * </pre>
 */
public final class AllreduceStepProfile {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AllreduceStepProfile() {
    }

    public static void main(String[] args) throws Exception {
        Nd4j.getBackend();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        List<Integer> hidden = java.util.Arrays.stream(args[0].split(",")).map(Integer::parseInt).toList();
        int inputs = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        MultiLayerNetwork initial = RegressionNetworks.build(new NetworkSpec(hidden, "relu", 1e-3, 0.01, 12345), inputs);
        List<DataSet> batches = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < steps; i++) {
            batches.add(new DataSet(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 32, inputs),
                    Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 32, 1)));
        }
        int length = Math.toIntExact(initial.numParams());
        System.out.printf(Locale.ROOT, "parameters=%d%n", length);
        for (int round = 0; round < rounds; round++) {
            MultiLayerNetwork single = initial.clone();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            batches.forEach(single::fit);
            print(round, "single_step_ms", (System.nanoTime() - start) / 1e6 / steps);
            print(round, "single_step_cpu_ms", (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6 / steps);

            List<double[]> ring = Rings.run(2, Duration.ofSeconds(60), rank -> r -> {
                Replica replica = new Replica(initial.clone());
                List<DataSet> mine = batches.subList(rank * steps / 2, (rank + 1) * steps / 2);
                long c = THREADS.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                replica.fitEpoch(mine, mine.size(), r, SyncMode.GRADIENT, 0);
                return new double[] {(System.nanoTime() - s) / 1e6 / mine.size(),
                        (THREADS.getCurrentThreadCpuTime() - c) / 1e6 / mine.size()};
            });
            print(round, "ring2_step_ms", ring.get(0)[0]);
            print(round, "ring2_step_training_thread_cpu_ms", ring.get(0)[1]);

            INDArray gradient = initial.params().dup();
            long copies = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                float[] values = gradient.toFloatVector();
                gradient.assign(Nd4j.createFromArray(values).reshape(gradient.shape()));
            }
            print(round, "gradient_copy_out_and_in_ms", (System.nanoTime() - copies) / 1e6 / 10);

            for (int size : new int[] {1, length}) {
                List<Double> sums = Rings.run(2, Duration.ofSeconds(60), rank -> r -> {
                    float[] values = new float[size];
                    r.sum(values);
                    long s = System.nanoTime();
                    for (int i = 0; i < 20; i++) {
                        r.sum(values);
                    }
                    return (System.nanoTime() - s) / 1e6 / 20;
                });
                print(round, size == 1 ? "ring2_sum_1_float_ms" : "ring2_sum_gradient_ms", sums.get(0));
            }

            long serialise = System.nanoTime();
            byte[] bytes = Networks.serialize(initial);
            print(round, "serialize_network_ms", (System.nanoTime() - serialise) / 1e6);
            long restore = System.nanoTime();
            Networks.restore(bytes, false);
            print(round, "deserialize_network_ms", (System.nanoTime() - restore) / 1e6);
            print(round, "serialized_mb", bytes.length / 1e6);
        }
    }

    private static void print(int round, String key, double value) {
        System.out.printf(Locale.ROOT, "round%d.%s=%.3f%n", round, key, value);
    }
}
