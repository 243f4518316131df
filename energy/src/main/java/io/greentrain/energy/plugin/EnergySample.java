package io.greentrain.energy.plugin;

import java.io.Serializable;
import java.util.List;

/**
 * The message an executor's sampler sends to the driver for each window (executor to driver,
 * through {@code PluginContext.send}). Small on purpose: a few domains and numbers.
 *
 * @param executorId        Spark's executor id ({@code driver} for the driver's own process)
 * @param host              the executor's host name, as Spark knows it
 * @param sequence          0, 1, 2, ... per executor, so the driver can spot gaps and duplicates
 * @param windowStartMillis the window's start, epoch milliseconds (the executor's clock)
 * @param windowEndMillis   the window's end, epoch milliseconds
 * @param processCpuNanos   CPU time the executor's process used in the window
 * @param hostReader        whether this executor read the host-wide counters in this window
 * @param hostBusyRatio     the host's CPU busy fraction in the window (0..1) when {@code hostReader}, else NaN
 * @param domains           energy per domain in the window
 * @param last              whether this is the executor's final flush
 * @param hostId            which machine the process runs on, the same for every process of that
 *                          machine whatever Spark calls it ({@link HostIdentity}); host energy is
 *                          shared between the executors with the same id
 */
public record EnergySample(String executorId, String host, long sequence, long windowStartMillis,
                           long windowEndMillis, long processCpuNanos, boolean hostReader, double hostBusyRatio,
                           List<DomainEnergy> domains, boolean last, String hostId) implements Serializable {

    /** A sample whose machine is identified by its host name alone. */
    public EnergySample(String executorId, String host, long sequence, long windowStartMillis, long windowEndMillis,
                        long processCpuNanos, boolean hostReader, double hostBusyRatio, List<DomainEnergy> domains,
                        boolean last) {
        this(executorId, host, sequence, windowStartMillis, windowEndMillis, processCpuNanos, hostReader,
                hostBusyRatio, domains, last, host);
    }

    public EnergySample {
        domains = List.copyOf(domains);
        hostId = hostId == null ? host : hostId;
        if (windowEndMillis < windowStartMillis) {
            throw new IllegalArgumentException("window ends before it starts");
        }
    }

    /** Serialized in a compact form of its own ({@link EnergySampleMessage}): cheap for the driver to read. */
    private Object writeReplace() throws java.io.ObjectStreamException {
        return new EnergySampleMessage(this);
    }
}
