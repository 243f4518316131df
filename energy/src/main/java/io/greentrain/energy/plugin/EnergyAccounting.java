package io.greentrain.energy.plugin;

import io.greentrain.energy.api.DeviceClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's store of one application's energy samples, and the report made from them. Samples
 * are checked against each executor's sequence: duplicates are dropped and gaps counted.
 *
 * <p>Thread-safe. Driver-only: not meant to be serialized to executors.
 */
public final class EnergyAccounting {

    private static final Map<String, EnergyAccounting> BY_APPLICATION = new ConcurrentHashMap<>();

    private final TaskTimeline timeline;
    private final List<EnergySample> samples = new ArrayList<>();
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final Map<String, java.util.Set<Long>> seen = new HashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final Map<String, Long> latestWindowEnd = new HashMap<>();
    private final Map<String, Double> joulesByFamily = new HashMap<>();
    private volatile LedgerRecorder recorder;
    private volatile boolean failed;
    private double totalJoules;

    EnergyAccounting(TaskTimeline timeline) {
        this.timeline = timeline;
    }

    /**
     * The accounting of a running application whose driver loaded the energy plugin. The plugin's own entry point:
     * applications read {@link io.greentrain.energy.api.ApplicationEnergy}'s snapshots and record work with
     * {@link io.greentrain.energy.api.Work}.
     */
    public static Optional<EnergyAccounting> forApplication(String applicationId) {
        return Optional.ofNullable(BY_APPLICATION.get(applicationId));
    }

    static void register(String applicationId, EnergyAccounting accounting) {
        BY_APPLICATION.put(applicationId, accounting);
    }

    static void unregister(String applicationId) {
        BY_APPLICATION.remove(applicationId);
    }

    /** Adds a sample; returns false (and counts it) when it is a duplicate. */
    synchronized boolean add(EnergySample sample) {
        java.util.Set<Long> executorSeen = seen.computeIfAbsent(sample.executorId(), e -> new java.util.HashSet<>());
        if (!executorSeen.add(sample.sequence())) {
            duplicates.incrementAndGet();
            return false;
        }
        long expected = nextSequence.getOrDefault(sample.executorId(), 0L);
        if (sample.sequence() > expected) {
            gaps.addAndGet(sample.sequence() - expected);
        } else if (sample.sequence() < expected) {
            // A late sample fills a gap counted earlier.
            gaps.decrementAndGet();
        }
        nextSequence.put(sample.executorId(), Math.max(expected, sample.sequence() + 1));
        samples.add(sample);
        for (DomainEnergy domain : sample.domains()) {
            totalJoules += domain.joules();
            joulesByFamily.merge(familyOf(domain.domain()), domain.joules(), Double::sum);
        }
        // An executor that sent its last sample has nothing more to send: never wait for it.
        latestWindowEnd.merge(sample.executorId(), sample.last() ? Long.MAX_VALUE : sample.windowEndMillis(),
                Math::max);
        notifyAll();
        return true;
    }

    /**
     * Waits until every executor that has sent samples has sent one whose window ends at or after
     * {@code epochMillis} (or has sent its last), so that a report taken then covers the work done
     * before that time; gives up after {@code timeoutMillis}.
     *
     * @return whether every executor caught up in time
     */
    public synchronized boolean awaitSamplesUntil(long epochMillis, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            boolean caughtUp = latestWindowEnd.values().stream().allMatch(end -> end >= epochMillis);
            long left = deadline - System.currentTimeMillis();
            if (caughtUp || left <= 0) {
                return caughtUp;
            }
            wait(left);
        }
    }

    /** The domain families metrics are published for; every GPU counts in {@code gpu}. */
    public static final java.util.List<String> DOMAIN_FAMILIES =
            java.util.List.of("cpu-package", "dram", "gpu", "cpu-estimated", "memory-estimated");

    static String familyOf(String domain) {
        return DeviceClass.of(domain) == DeviceClass.GPU ? DeviceClass.GPU.code() : domain;
    }

    /** Energy received so far in one domain family, before attribution (for metrics: cheap). */
    public synchronized double totalJoules(String family) {
        return joulesByFamily.getOrDefault(family, 0.0);
    }

    /** Energy received so far, before attribution (for metrics: cheap). */
    public synchronized double totalJoules() {
        return totalJoules;
    }

    public synchronized long sampleCount() {
        return samples.size();
    }

    public long sequenceGaps() {
        return gaps.get();
    }

    /** A copy of every sample received so far, in arrival order. */
    synchronized List<EnergySample> samples() {
        return new ArrayList<>(samples);
    }

    /**
     * Queues {@code amount} units of {@code unit} done in {@code phase} for this application's carbon ledger, stamped
     * with the current time; see {@link io.greentrain.energy.EnergyPlugin#recordWork}.
     *
     * @return whether the work will be written: false before the recorder exists or when no ledger is configured
     * @throws IllegalArgumentException if phase, unit or amount is invalid
     */
    public boolean recordWork(String phase, String unit, long amount) {
        LedgerRecorder attached = recorder;
        if (attached == null) {
            io.greentrain.energy.ledger.WorkRecord.checkWork(phase, unit, amount);
            return false;
        }
        return attached.recordWork(phase, unit, amount, java.time.Instant.now());
    }

    /**
     * Marks the application as failed: when it ends, its ledger seal gives the reason
     * {@link io.greentrain.energy.ledger.SealRecord#FAILED} instead of {@code completed}.
     */
    public void markFailed() {
        failed = true;
    }

    /** Whether {@link #markFailed()} was called. */
    boolean failed() {
        return failed;
    }

    void attachRecorder(LedgerRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Records everything received so far in the carbon ledger (writing a segment) and returns the
     * emissions so far; empty when no recorder is attached.
     */
    public Optional<CarbonTotals> carbonTotals() {
        LedgerRecorder attached = recorder;
        return attached == null ? Optional.empty() : Optional.of(attached.recordAllAndFlush());
    }

    /** A report of everything received so far, attributed with the task timeline as it stands. */
    public EnergyReport report() {
        List<EnergySample> copy;
        synchronized (this) {
            copy = new ArrayList<>(samples);
        }
        List<AttributedEnergy> shares = EnergyAttributor.attribute(copy, timeline);
        java.util.Set<String> executors = new java.util.HashSet<>();
        copy.forEach(s -> executors.add(s.executorId()));
        return EnergyReport.of(shares, copy.size(), executors, gaps.get(), duplicates.get());
    }
}
