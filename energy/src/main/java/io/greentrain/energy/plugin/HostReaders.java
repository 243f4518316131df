package io.greentrain.energy.plugin;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's choice of which executor reads each host's counters, from what executors report about their real host
 * ({@link HostIdentity}), not from a lock in a folder that may be private to a container. The first executor of a
 * host that can see counters and asks ({@link #claim}) reads them; its lease is renewed by every sample carrying host
 * readings and ends with its last sample, or when no reading came for {@link #LEASE_MILLIS_DEFAULT} ms (the executor
 * died or its counters failed), after which the next executor of that host that asks takes over. A reader asks
 * again every few samples ({@link ExecutorSampler}); the answer tells a replaced reader to stop, so that two
 * executors never go on reading one host.
 *
 * <p>Thread-safe: claims arrive on Spark's RPC threads, samples on the driver's filing thread. Driver-only.
 */
final class HostReaders {

    /** How long a reader keeps its host without sending a reading: thirty seconds. */
    static final long LEASE_MILLIS_DEFAULT = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(HostReaders.class);

    private final long leaseMillis;
    private final LongSupplier clock;
    private final Map<String, Lease> byHost = new HashMap<>();

    HostReaders(long leaseMillis, LongSupplier clock) {
        this.leaseMillis = leaseMillis;
        this.clock = clock;
    }

    private static final class Lease {
        final String executorId;
        long renewedMillis;

        Lease(String executorId, long renewedMillis) {
            this.executorId = executorId;
            this.renewedMillis = renewedMillis;
        }
    }

    /**
     * {@code executorId} on the host {@code identity} asks to read its counters: granted when the host has no reader,
     * when {@code executorId} is its reader already (asking does not renew its lease: only readings do), or when the
     * reader's lease ran out. An executor that sees no counters is never granted. A refusal to an executor that was
     * reading tells it that it was replaced and must stop.
     *
     * @return the decision, naming the host's reader
     */
    synchronized HostReaderClaim.Decision claim(String executorId, HostIdentity identity) {
        if (identity.counters().isEmpty()) {
            Lease lease = byHost.get(identity.hostId());
            return new HostReaderClaim.Decision(false, lease == null ? null : lease.executorId);
        }
        long now = clock.getAsLong();
        Lease lease = byHost.get(identity.hostId());
        if (lease != null && lease.executorId.equals(executorId)) {
            // Only readings renew a lease: a reader whose readings stopped arriving keeps asking in vain.
            return new HostReaderClaim.Decision(true, executorId);
        }
        if (lease == null || now - lease.renewedMillis > leaseMillis) {
            if (lease != null) {
                LOG.warn("executor {} sent no reading of host {} ({}) for over {} ms: executor {} reads it now",
                        lease.executorId, identity.hostName(), identity.hostId(), leaseMillis, executorId);
            } else if (lease == null) {
                LOG.info("executor {} reads the counters of host {} ({}: {})", executorId, identity.hostName(),
                        identity.hostId(), identity.counters());
            }
            byHost.put(identity.hostId(), new Lease(executorId, now));
            return new HostReaderClaim.Decision(true, executorId);
        }
        return new HostReaderClaim.Decision(false, lease.executorId);
    }

    /** Renews the lease of the sample's executor if it reads its host; ends it with the executor's last sample. */
    synchronized void heardFrom(EnergySample sample) {
        Lease lease = byHost.get(sample.hostId());
        if (lease == null || !lease.executorId.equals(sample.executorId())) {
            return;
        }
        if (sample.last()) {
            byHost.remove(sample.hostId());
        } else if (sample.hostReader()) {
            lease.renewedMillis = Math.max(lease.renewedMillis, clock.getAsLong());
        }
    }

    /** The executor reading {@code hostId}'s counters, or null. */
    synchronized String readerOf(String hostId) {
        Lease lease = byHost.get(hostId);
        return lease == null ? null : lease.executorId;
    }
}
