package io.greentrain.energy.plugin;

import io.greentrain.energy.api.DeviceClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's accounts of one application's energy samples, and the report made from them, kept in bounded memory.
 *
 * <ul>
 *   <li>Each executor's sequence is followed by a watermark (the highest sequence seen) and the ranges of sequence
 *       numbers below it that are missing: a sample at or below the watermark outside those ranges is a duplicate,
 *       dropped and counted; a sample that skips ahead opens a missing range (a gap).</li>
 *   <li>Samples wait in a small pending set until their window is closed ({@link #closeUpTo}): then they are
 *       attributed once, folded into running totals and handed to the ledger, and only the recent ones are kept, for
 *       {@value #CONTEXT_HORIZON_MILLIS_DEFAULT} ms by default, to share co-located executors' host energy by CPU time.
 *       A sample whose window was already closed when it arrived is late: it is attributed on its own and handed out
 *       as such, so the ledger writes it as a correction. A missing range is handed out once, as a gap, when the
 *       window after it is closed.</li>
 *   <li>Which executor reads each host's counters is decided here ({@link HostReaders}); when two executors still
 *       send readings of one host for overlapping windows, one is kept and the other dropped, counted and warned
 *       about ({@link EnergyAttributor}).</li>
 * </ul>
 *
 * <p>Memory is proportional to the number of executors times the samples of the context horizon, plus open gaps;
 * per-second work to the samples of that second. Thread-safe. Driver-only: not meant to be serialized to executors.
 */
public final class EnergyAccounting {

    /** How long samples are kept after their window closed, to share host energy: ten seconds. */
    static final long CONTEXT_HORIZON_MILLIS_DEFAULT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(EnergyAccounting.class);
    private static final Map<String, EnergyAccounting> BY_APPLICATION = new ConcurrentHashMap<>();

    private final TaskTimeline timeline;
    private final HostReaders readers;
    private final long contextHorizonMillis;
    private final Map<String, ExecutorTrack> tracks = new HashMap<>();
    private final Map<String, java.util.SortedSet<String>> executorsByHost = new HashMap<>();
    private final List<EnergySample> pending = new ArrayList<>();
    private final java.util.Set<ExecutorTrack> withUnwrittenGaps = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> warnedDuplicateReaders = new java.util.HashSet<>();
    private final Map<String, java.util.SortedSet<String>> readingExecutorsByHost = new HashMap<>();
    private final EnergyReport.Totals folded = new EnergyReport.Totals();
    private final Map<String, Double> joulesByFamily = new HashMap<>();
    private final EnergyAttributor.Context context = new TrackedContext();
    private volatile LedgerRecorder recorder;
    private long closedUpToMillis = Long.MIN_VALUE;
    private long samples;
    private long duplicates;
    private long missing;
    private long duplicateReadings;
    private double duplicateReadingJoules;
    private volatile boolean failed;
    private double totalJoules;

    EnergyAccounting(TaskTimeline timeline) {
        this(timeline, new HostReaders(HostReaders.LEASE_MILLIS_DEFAULT, System::currentTimeMillis),
                CONTEXT_HORIZON_MILLIS_DEFAULT);
    }

    EnergyAccounting(TaskTimeline timeline, HostReaders readers, long contextHorizonMillis) {
        this.timeline = timeline;
        this.readers = readers;
        this.contextHorizonMillis = contextHorizonMillis;
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

    /** Who reads which host's counters. */
    HostReaders hostReaders() {
        return readers;
    }

    /** Adds a sample; returns false (and counts it) when it is a duplicate. Costs O(log) of the executor's recent samples. */
    synchronized boolean add(EnergySample sample) {
        ExecutorTrack track = tracks.get(sample.executorId());
        if (track == null) {
            track = new ExecutorTrack(sample);
            tracks.put(sample.executorId(), track);
            executorsByHost.computeIfAbsent(track.hostId, h -> new java.util.TreeSet<>()).add(sample.executorId());
        }
        long sequence = sample.sequence();
        if (sequence > track.highestSequence) {
            if (sequence > track.highestSequence + 1) {
                long gapStart = track.highestSequence < 0 ? sample.windowStartMillis() : track.highestWindowEnd;
                track.missing.put(track.highestSequence + 1, new MissingRange(track.highestSequence + 1, sequence - 1,
                        Math.min(gapStart, sample.windowStartMillis()), sample.windowStartMillis()));
                missing += sequence - track.highestSequence - 1;
                withUnwrittenGaps.add(track);
            }
            track.highestSequence = sequence;
            track.highestWindowEnd = sample.windowEndMillis();
        } else if (!track.fill(sequence)) {
            duplicates++;
            return false;
        } else {
            // A late sample fills a gap counted earlier.
            missing--;
        }
        samples++;
        track.insertRecent(sample);
        pending.add(sample);
        for (DomainEnergy domain : sample.domains()) {
            totalJoules += domain.joules();
            joulesByFamily.merge(familyOf(domain.domain()), domain.joules(), Double::sum);
        }
        readers.heardFrom(sample);
        if (sample.hostReader()) {
            readingExecutorsByHost.computeIfAbsent(sample.hostId(), h -> new java.util.TreeSet<>())
                    .add(sample.executorId());
        }
        // An executor that sent its last sample has nothing more to send: never wait for it.
        track.latestWindowEnd = Math.max(track.latestWindowEnd,
                sample.last() ? Long.MAX_VALUE : sample.windowEndMillis());
        notifyAll();
        return true;
    }

    /**
     * What {@link #closeUpTo} hands out: the shares of the windows closed on time, the late samples' shares (each
     * with the sample they come from), and the gaps found.
     */
    record ClosedWindows(List<AttributedEnergy> onTime, List<LateEnergy> late, List<SampleGap> gaps) {
        boolean isEmpty() {
            return onTime.isEmpty() && late.isEmpty() && gaps.isEmpty();
        }
    }

    /** The shares of one sample that arrived after its window was closed. */
    record LateEnergy(EnergySample sample, List<AttributedEnergy> shares) {
    }

    /**
     * Samples {@code firstMissing..lastMissing} of an executor that have not arrived, covering about
     * {@code windowStartMillis..windowEndMillis}.
     */
    record SampleGap(String executorId, String host, long firstMissing, long lastMissing, long windowStartMillis,
                     long windowEndMillis) {
    }

    /**
     * Closes every window that ends at or before {@code cutoffMillis}: attributes the pending samples of those
     * windows once, folds their shares into the report's totals and returns them; returns the gaps whose following
     * window is now closed, each once; forgets samples and task spans older than the context horizon. Costs about
     * the samples closed, plus one pass over the executors.
     */
    synchronized ClosedWindows closeUpTo(long cutoffMillis) {
        List<EnergySample> due = new ArrayList<>();
        List<EnergySample> lateSamples = new ArrayList<>();
        long previousCutoff = closedUpToMillis;
        pending.removeIf(sample -> {
            if (sample.windowEndMillis() > cutoffMillis) {
                return false;
            }
            (sample.windowEndMillis() <= previousCutoff ? lateSamples : due).add(sample);
            return true;
        });
        List<AttributedEnergy> onTime = due.isEmpty() ? List.of() : EnergyAttributor.attribute(due, context);
        onTime.forEach(folded::add);
        List<LateEnergy> late = new ArrayList<>();
        for (EnergySample sample : lateSamples) {
            List<AttributedEnergy> shares = EnergyAttributor.attribute(List.of(sample), context);
            shares.forEach(folded::add);
            late.add(new LateEnergy(sample, shares));
        }
        List<SampleGap> gaps = new ArrayList<>();
        withUnwrittenGaps.removeIf(track -> {
            boolean unwritten = false;
            for (MissingRange range : track.missing.values()) {
                if (!range.written && range.windowEndMillis <= cutoffMillis) {
                    range.written = true;
                    gaps.add(new SampleGap(track.executorId, track.host, range.first, range.last,
                            range.windowStartMillis, range.windowEndMillis));
                }
                unwritten |= !range.written;
            }
            return !unwritten;
        });
        // Closing "everything" (a snapshot of the carbon totals) closes the time the samples closed reached, not all
        // time to come: a window still open elsewhere is not late when it arrives.
        long closedTo = cutoffMillis;
        if (cutoffMillis == Long.MAX_VALUE) {
            closedTo = previousCutoff;
            for (EnergySample sample : due) {
                closedTo = Math.max(closedTo, sample.windowEndMillis());
            }
        }
        closedUpToMillis = Math.max(closedUpToMillis, closedTo);
        if (cutoffMillis != Long.MAX_VALUE) {
            long forgetBefore = cutoffMillis - contextHorizonMillis;
            tracks.values().forEach(track -> track.forgetEndedBefore(forgetBefore));
            timeline.forgetEndedBefore(forgetBefore);
        }
        return new ClosedWindows(onTime, late, gaps);
    }

    /** Samples kept, pending or recent (for tests of the bound). */
    synchronized long retainedSamples() {
        return tracks.values().stream().mapToLong(track -> track.recent.size()).sum();
    }

    /**
     * Per host id ({@link EnergySample#hostId()}), the executors that have sent readings of its counters so far: one
     * per host, unless the reader changed (an executor left) or two read at once (see
     * {@link #duplicateHostReadings()}).
     */
    public synchronized Map<String, java.util.SortedSet<String>> hostCounterReaders() {
        Map<String, java.util.SortedSet<String>> copy = new java.util.TreeMap<>();
        readingExecutorsByHost.forEach((host, executors) ->
                copy.put(host, java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(executors))));
        return copy;
    }

    /** Readings of host counters dropped because another executor read the same host and window. */
    public synchronized long duplicateHostReadings() {
        return duplicateReadings;
    }

    /** The host energy of those dropped readings, joules: received, but not in the report. */
    public synchronized double duplicateHostReadingJoules() {
        return duplicateReadingJoules;
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
            boolean caughtUp = tracks.values().stream().allMatch(track -> track.latestWindowEnd >= epochMillis);
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

    /** Samples received so far, duplicates not counted. */
    public synchronized long sampleCount() {
        return samples;
    }

    /** Samples known to be missing now: sequence numbers skipped and not received since. */
    public synchronized long sequenceGaps() {
        return missing;
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

    /**
     * A report of everything received so far: the totals of the closed windows, plus the pending samples attributed
     * with the task timeline as it stands (not folded: they are attributed for good when their window closes).
     */
    public synchronized EnergyReport report() {
        EnergyReport.Totals totals = folded.copy();
        if (!pending.isEmpty()) {
            EnergyAttributor.attribute(pending, new PreviewContext()).forEach(totals::add);
        }
        return totals.report(samples, tracks.keySet(), missing, duplicates);
    }

    /** One executor's sequence watermark, missing ranges and recent samples. */
    private static final class ExecutorTrack {
        final String executorId;
        final String host;
        final String hostId;
        long highestSequence = -1;
        long highestWindowEnd;
        long latestWindowEnd = Long.MIN_VALUE;
        final java.util.TreeMap<Long, MissingRange> missing = new java.util.TreeMap<>();
        /** Samples of the context horizon and pending ones, ordered by window start. */
        final ArrayList<EnergySample> recent = new ArrayList<>();

        ExecutorTrack(EnergySample first) {
            this.executorId = first.executorId();
            this.host = first.host();
            this.hostId = first.hostId();
        }

        /** Takes {@code sequence} out of a missing range; false when it is not missing (a duplicate). */
        boolean fill(long sequence) {
            Map.Entry<Long, MissingRange> entry = missing.floorEntry(sequence);
            if (entry == null || entry.getValue().last < sequence) {
                return false;
            }
            MissingRange range = missing.remove(entry.getKey());
            if (range.first < sequence) {
                missing.put(range.first, range.part(range.first, sequence - 1));
            }
            if (sequence < range.last) {
                missing.put(sequence + 1, range.part(sequence + 1, range.last));
            }
            return true;
        }

        void insertRecent(EnergySample sample) {
            int at = recent.size();
            while (at > 0 && recent.get(at - 1).windowStartMillis() > sample.windowStartMillis()) {
                at--;
            }
            recent.add(at, sample);
        }

        void forgetEndedBefore(long epochMillis) {
            int keep = 0;
            while (keep < recent.size() && recent.get(keep).windowEndMillis() < epochMillis) {
                keep++;
            }
            if (keep > 0) {
                recent.subList(0, keep).clear();
            }
        }
    }

    /** Missing sequence numbers {@code first..last} and the time they covered; {@code written} once in the ledger. */
    private static final class MissingRange {
        final long first;
        final long last;
        final long windowStartMillis;
        final long windowEndMillis;
        boolean written;

        MissingRange(long first, long last, long windowStartMillis, long windowEndMillis) {
            this.first = first;
            this.last = last;
            this.windowStartMillis = windowStartMillis;
            this.windowEndMillis = windowEndMillis;
        }

        MissingRange part(long from, long to) {
            MissingRange part = new MissingRange(from, to, windowStartMillis, windowEndMillis);
            part.written = written;
            return part;
        }
    }

    /** Attribution's view of the tracks; called with this accounting's lock held. */
    private class TrackedContext implements EnergyAttributor.Context {
        @Override
        public List<EnergySample> samplesOf(String executor) {
            ExecutorTrack track = tracks.get(executor);
            return track == null ? List.of() : track.recent;
        }

        @Override
        public java.util.Collection<String> executorsOnHost(String hostId) {
            return executorsByHost.getOrDefault(hostId, java.util.Collections.emptySortedSet());
        }

        @Override
        public List<TaskTimeline.TaskSpan> spansOf(String executor) {
            return timeline.spans(executor);
        }

        @Override
        public String readerOf(String hostId) {
            return readers.readerOf(hostId);
        }

        @Override
        public void droppedDuplicateReading(EnergySample dropped, String kept, double joules) {
            duplicateReadings++;
            duplicateReadingJoules += joules;
            if (warnedDuplicateReaders.add(dropped.hostId() + "/" + dropped.executorId())) {
                LOG.warn("executors {} and {} both read the host counters of {} ({}) in overlapping windows: the "
                        + "reading of {} is kept and flagged in its ledger entries, that of {} dropped ({} J in the "
                        + "first window); warned once per host and executor", kept, dropped.executorId(),
                        dropped.host(), dropped.hostId(), kept, dropped.executorId(),
                        String.format("%.3f", joules));
            }
        }
    }

    /** Like {@link TrackedContext}, but a preview counts no dropped readings. */
    private final class PreviewContext extends TrackedContext {
        @Override
        public void droppedDuplicateReading(EnergySample dropped, String kept, double joules) {
        }
    }
}
