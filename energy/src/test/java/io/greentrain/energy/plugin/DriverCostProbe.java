package io.greentrain.energy.plugin;

import io.greentrain.energy.EnergySettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Drives the driver side of the plugin (filing samples into {@link EnergyAccounting} and recording them with a
 * {@link LedgerRecorder}, carbon accounting included, no ledger file) with {@link DriverLoadTest}'s simulated cluster,
 * and measures its CPU time per sample and the heap it retains per executor (benchmark support).
 */
public final class DriverCostProbe {

    private DriverCostProbe() {
    }

    /**
     * @param executors                simulated executors
     * @param seconds                  simulated seconds, one sample per executor each
     * @param cpuNanosPerSample        CPU time of filing and recording, per sample (deserialization excluded)
     * @param retainedBytesPerExecutor heap retained after GC at the end, per executor
     */
    public record Result(int executors, int seconds, double cpuNanosPerSample, double retainedBytesPerExecutor) {
    }

    public static Result measure(int executors, int seconds) {
        DriverLoadTest.SimulatedCluster cluster = new DriverLoadTest.SimulatedCluster(executors, 7);
        long heapBefore = DriverLoadTest.usedHeapAfterGc();
        TaskTimeline timeline = new TaskTimeline();
        EnergyAccounting accounting = new EnergyAccounting(timeline);
        LedgerRecorder recorder = new LedgerRecorder(accounting, timeline, EnergySettings.from(Map.of(
                "spark.greentrain.energy.carbon.intensity", "300")), "app-bench", new Configuration());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = 0;
        for (int second = 0; second < seconds; second++) {
            List<EnergySample> received = DriverLoadTest.deserialize(cluster.messagesOfSecond(second, timeline));
            long start = threads.getCurrentThreadCpuTime();
            for (EnergySample sample : received) {
                accounting.add(sample);
            }
            recorder.recordUpTo(second * 1000L - DriverLoadTest.LAG_MILLIS);
            cpu += threads.getCurrentThreadCpuTime() - start;
        }
        long retained = DriverLoadTest.usedHeapAfterGc() - heapBefore;
        // Keep both alive up to the measurement.
        if (accounting.sampleCount() != (long) executors * seconds || recorder.totals().joules() < 0) {
            throw new IllegalStateException("samples lost in the benchmark");
        }
        return new Result(executors, seconds, (double) cpu / ((long) executors * seconds),
                (double) retained / executors);
    }
}
