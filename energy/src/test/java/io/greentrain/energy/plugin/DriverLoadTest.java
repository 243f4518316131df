package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The driver side of the energy plugin under a large cluster's load: 1,000 simulated executors (125 hosts of 8, one
 * counter reader per host, a GPU on every fourth executor, a task every few seconds on each) sending one sample a
 * second for two simulated hours. The samples go through Java serialization, as Spark's RPC delivers them, so the
 * driver holds freshly deserialized objects and never the simulator's; they are filed into the accounting and
 * recorded (carbon accounting included) with the plugin's recording lag. Its memory must stay bounded, its
 * per-second work flat, and its totals equal to the sum of the samples.
 *
 * <p>One serialization stream carries a simulated second's samples: Spark opens a stream per message, which costs
 * tens of microseconds per message here (a class descriptor each time), and 7.2 million of them would take this test
 * far past a minute. The per-second work measured is the driver's own (filing and recording), not deserialization,
 * which Spark does on its RPC threads. The test runs the plugin's three threads as the driver does: a simulated RPC
 * thread makes and deserializes each second's samples a few seconds ahead, the test's thread files them (the
 * plugin's filing thread), and a ledger thread records each second once it is filed (the plugin's ledger thread),
 * at most two seconds behind. The per-second CPU time asserted is filing plus recording; on two cores the
 * simulation and the filing overlap the recording instead of adding to the test's time.
 */
class DriverLoadTest {

    static final int EXECUTORS = 1_000;
    static final int EXECUTORS_PER_HOST = 8;
    static final int SECONDS = Integer.getInteger("driverLoad.seconds", 2 * 60 * 60);
    static final long LAG_MILLIS = 3_000;
    static final long HEAP_BOUND_BYTES = 256L << 20;

    @Test
    void keepsMemoryBoundedAndPerSecondWorkFlatOverTwoHoursOfAThousandExecutors() {
        SimulatedCluster cluster = new SimulatedCluster(EXECUTORS, 42);
        long heapBefore = usedHeapAfterGc();
        TaskTimeline timeline = new TaskTimeline();
        EnergyAccounting accounting = new EnergyAccounting(timeline);
        LedgerRecorder recorder = new LedgerRecorder(accounting, timeline, EnergySettings.from(Map.of(
                "spark.greentrain.energy.carbon.intensity", "300")), "app-load", new Configuration());

        // CPU time of the driver's threads, not wall time: the machine is shared, and the driver's own cost is what is
        // bounded. As in the plugin, this thread files the samples and a ledger thread records each second once it
        // is filed (at most two seconds behind), so that on two cores the two overlap as they do in a driver.
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] filingNanos = new long[SECONDS];
        long[] recordingNanos = new long[SECONDS];
        long wallStart = System.nanoTime();
        long heapAtHalf = 0;
        SimulatedRpc rpc = new SimulatedRpc(cluster, timeline, SECONDS);
        ExecutorService ledgerThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "greentrain-energy-ledger");
            thread.setDaemon(true);
            return thread;
        });
        Deque<Future<?>> recording = new ArrayDeque<>();
        try {
            for (int second = 0; second < SECONDS; second++) {
                List<EnergySample> received = rpc.next();
                long start = threads.getCurrentThreadCpuTime();
                for (EnergySample sample : received) {
                    accounting.add(sample);
                }
                filingNanos[second] = threads.getCurrentThreadCpuTime() - start;
                int filed = second;
                recording.addLast(ledgerThread.submit(() -> {
                    long recordStart = threads.getCurrentThreadCpuTime();
                    recorder.recordUpTo(filed * 1000L - LAG_MILLIS);
                    recordingNanos[filed] = threads.getCurrentThreadCpuTime() - recordStart;
                }));
                while (recording.size() > 2 || (second == SECONDS / 2 && !recording.isEmpty())) {
                    recording.removeFirst().get();
                }
                if (second == SECONDS / 2) {
                    heapAtHalf = usedHeapAfterGc() - heapBefore;
                }
            }
            while (!recording.isEmpty()) {
                recording.removeFirst().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("recording failed", e.getCause());
        } finally {
            ledgerThread.shutdownNow();
        }
        long retained = usedHeapAfterGc() - heapBefore;
        recorder.recordUpTo(Long.MAX_VALUE);
        long simulateNanos = rpc.cpuNanos();
        long[] nanosPerSecond = new long[SECONDS];
        for (int second = 0; second < SECONDS; second++) {
            nanosPerSecond[second] = filingNanos[second] + recordingNanos[second];
        }

        double startMillis = medianMillis(nanosPerSecond, SECONDS / 24, SECONDS / 8);
        double endMillis = medianMillis(nanosPerSecond, SECONDS - SECONDS / 12, SECONDS);
        System.out.printf("driver load: %.1f s in all; CPU time %.1f s filing, %.1f s recording, %.1f s simulating "
                        + "and serializing (three threads); %.0f ledger lines a second%n",
                (System.nanoTime() - wallStart) / 1e9, Arrays.stream(filingNanos).sum() / 1e9,
                Arrays.stream(recordingNanos).sum() / 1e9, simulateNanos / 1e9,
                (double) recorder.totals().entries() / SECONDS);
        System.out.printf("driver load: %d executors x %d s: retained %.1f MB at half time, %.1f MB at the end; "
                        + "per-second CPU time median %.2f ms at the start, %.2f ms at the end%n", EXECUTORS, SECONDS,
                heapAtHalf / 1e6, retained / 1e6, startMillis, endMillis);
        assertThat(retained).as("retained heap after GC").isLessThan(HEAP_BOUND_BYTES);
        assertThat(retained).as("no growth over the second hour").isLessThan(Math.max(heapAtHalf, 0) * 2 + (32L << 20));
        assertThat(accounting.retainedSamples()).isLessThan(EXECUTORS * 20L);
        // The goal is 10 ms of CPU a second; measured 6-12 ms on a shared 2-core machine, whose other load inflates
        // CPU time too (shared caches and cores), so the bound is twice the goal.
        assertThat(endMillis).as("per-second CPU time at the end (ms)").isLessThan(2 * 10);
        // Generous against a shared machine's noise, but a cost that grows with the samples so far would fail.
        assertThat(endMillis).as("per-second work at the end against the start (ms)")
                .isLessThan(startMillis * 3 + 2);
        assertThat(accounting.sampleCount()).isEqualTo((long) EXECUTORS * SECONDS);
        assertThat(accounting.report().joules()).isCloseTo(cluster.joulesSent, within(cluster.joulesSent * 1e-9));
        assertThat(recorder.totals().joules()).isCloseTo(cluster.joulesSent, within(cluster.joulesSent * 1e-9));
        assertThat(recorder.gapLines()).isZero();
        assertThat(recorder.corrections()).isZero();
    }

    /**
     * The simulated RPC side: a daemon thread that makes each second's samples, serializes and deserializes them (as
     * Spark's RPC threads do), and hands them to the driver thread through a short queue, at most a few seconds
     * ahead.
     */
    static final class SimulatedRpc {
        private final java.util.concurrent.BlockingQueue<List<EnergySample>> arrived =
                new java.util.concurrent.ArrayBlockingQueue<>(4);
        private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        private volatile long cpuNanos;

        SimulatedRpc(SimulatedCluster cluster, TaskTimeline timeline, int seconds) {
            Thread thread = new Thread(() -> {
                try {
                    for (int second = 0; second < seconds; second++) {
                        arrived.put(deserialize(cluster.messagesOfSecond(second, timeline)));
                        cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "simulated-rpc");
            thread.setDaemon(true);
            thread.start();
        }

        /** The next second's samples, freshly deserialized. */
        List<EnergySample> next() {
            try {
                while (true) {
                    List<EnergySample> samples = arrived.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                    if (samples != null) {
                        return samples;
                    }
                    if (failure.get() != null) {
                        throw new IllegalStateException("the simulated cluster failed", failure.get());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** CPU time the simulation thread has used. */
        long cpuNanos() {
            return cpuNanos;
        }
    }

    private static double medianMillis(long[] nanos, int from, int to) {
        long[] part = Arrays.copyOfRange(nanos, from, to);
        Arrays.sort(part);
        return part[part.length / 2] / 1e6;
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The samples, each written unshared, in one stream. */
    static byte[] serialize(List<EnergySample> samples) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(samples.size() * 400);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeInt(samples.size());
            for (EnergySample sample : samples) {
                out.writeUnshared(sample);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<EnergySample> deserialize(byte[] messages) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(messages))) {
            int count = in.readInt();
            List<EnergySample> samples = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                samples.add((EnergySample) in.readUnshared());
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Executors {@code 0..n-1} on hosts of {@value #EXECUTORS_PER_HOST}: the first of each host reads its package and
     * DRAM counters, every fourth has a GPU; each runs a task of about three seconds, then rests two. Deterministic
     * for a seed; {@link #joulesSent} adds up every sample's energy.
     */
    static final class SimulatedCluster {
        final int executors;
        final java.util.Random random;
        double joulesSent;

        SimulatedCluster(int executors, long seed) {
            this.executors = executors;
            this.random = new java.util.Random(seed);
        }

        /** The serialized samples of window [second, second + 1) s, one per executor; records the tasks ending then. */
        byte[] messagesOfSecond(int second, TaskTimeline timeline) {
            List<EnergySample> messages = new ArrayList<>(executors);
            long start = second * 1000L;
            for (int e = 0; e < executors; e++) {
                String executor = Integer.toString(e);
                int host = e / EXECUTORS_PER_HOST;
                boolean reader = e % EXECUTORS_PER_HOST == 0;
                List<DomainEnergy> domains = new ArrayList<>(3);
                if (reader) {
                    domains.add(new DomainEnergy("cpu-package", Scope.HOST, MeasurementMethod.COUNTER,
                            150 + random.nextDouble() * 100, "rapl package-0,package-1"));
                    domains.add(new DomainEnergy("dram", Scope.HOST, MeasurementMethod.COUNTER,
                            20 + random.nextDouble() * 10, "rapl dram"));
                }
                if (e % 4 == 1) {
                    domains.add(new DomainEnergy("gpu-GPU-" + e, Scope.DEVICE, MeasurementMethod.COUNTER,
                            200 + random.nextDouble() * 100, "nvml total energy GPU-" + e));
                }
                for (DomainEnergy domain : domains) {
                    joulesSent += domain.joules();
                }
                messages.add(new EnergySample(executor, "host-" + host + ".cluster.example", second, start,
                        start + 1000, 200_000_000L + random.nextInt(600_000_000), reader,
                        reader ? random.nextDouble() : Double.NaN, domains, false, "boot:host-" + host));
                if ((second + e) % 5 == 4) {
                    timeline.record(executor, new TaskTimeline.TaskSpan(start - 3000, start + 1000,
                            "train/epoch-" + (second / 600), second));
                }
            }
            return serialize(messages);
        }
    }
}
