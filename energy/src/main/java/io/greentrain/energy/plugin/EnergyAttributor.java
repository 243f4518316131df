package io.greentrain.energy.plugin;

import io.greentrain.energy.meter.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shares measured energy out to executors and phases. Every joule received ends in exactly one
 * {@link AttributedEnergy}: nothing is dropped, so the totals conserve what was measured.
 *
 * <ol>
 *   <li>Process and device energy (estimates, GPUs) belongs to the executor that measured it.</li>
 *   <li>Host energy (RAPL packages, DRAM), read by the executor the driver chose for the host ({@link HostReaders}), is split as in
 *       Kepler (hosts are told apart by {@link EnergySample#hostId()}): the active part ({@code energy x host busy ratio}) goes to the application's
 *       executors on that host in proportion to the CPU time each used in the window; the idle
 *       part ({@code energy x (1 - busy ratio)}), and active energy in a window where no executor
 *       used CPU, is charged as idle, shared equally by the executors present on the host. Hosts
 *       are assumed to run this application's executors only: whatever else runs there is charged
 *       to the application too (stated in every report).</li>
 *   <li>An executor's share in a window goes to phases by the time its tasks ran in the window; the
 *       share of the window in which no task ran is charged to phase {@code idle}.</li>
 * </ol>
 * Windows and task times are compared on epoch milliseconds, so hosts' clocks are assumed to be
 * synchronised (NTP).
 */
public final class EnergyAttributor {

    /** The phase of energy spent while an executor ran no task, or the host was idle. */
    public static final String IDLE = "idle";

    private EnergyAttributor() {
    }

    /**
     * What attribution looks up beyond the samples being attributed: each executor's samples around them (for
     * co-located executors' CPU time), which executors share a host, their task spans, and which executor the driver
     * chose to read each host's counters. The driver keeps it incrementally ({@link EnergyAccounting}); a list of
     * samples makes one for tests and one-off reports ({@link #contextOf}).
     */
    interface Context {
        /** {@code executor}'s samples known around the windows attributed, ordered by window start; never empty for
         *  an executor of {@link #executorsOnHost}. */
        List<EnergySample> samplesOf(String executor);

        /** The executors known on {@code hostId}, in a stable order. */
        Collection<String> executorsOnHost(String hostId);

        /** {@code executor}'s task spans (finished and running). */
        List<TaskTimeline.TaskSpan> spansOf(String executor);

        /** The executor the driver chose to read {@code hostId}'s counters, or null when none is known. */
        String readerOf(String hostId);

        /**
         * Called for a reading of host counters that is dropped because {@code kept} read the same host in an
         * overlapping window; {@code joules} is the dropped host energy.
         */
        void droppedDuplicateReading(EnergySample dropped, String kept, double joules);
    }

    /** Attributes {@code samples} (distinct, any order) using the task {@code timeline}. */
    public static List<AttributedEnergy> attribute(List<EnergySample> samples, TaskTimeline timeline) {
        return attribute(samples, samples, timeline);
    }

    /**
     * Attributes {@code samples}, looking up co-located executors' CPU time in {@code context} (a
     * superset of {@code samples}, e.g. everything received so far): lets a caller attribute the
     * windows that are complete while later windows are still arriving.
     */
    public static List<AttributedEnergy> attribute(List<EnergySample> samples, List<EnergySample> context,
                                                   TaskTimeline timeline) {
        return attribute(samples, contextOf(context, timeline));
    }

    /** A context made from a list of samples; it knows no chosen readers and ignores dropped readings. */
    static Context contextOf(List<EnergySample> samples, TaskTimeline timeline) {
        Map<String, List<EnergySample>> byExecutor = new HashMap<>();
        for (EnergySample sample : samples) {
            byExecutor.computeIfAbsent(sample.executorId(), e -> new ArrayList<>()).add(sample);
        }
        byExecutor.values().forEach(list -> list.sort(Comparator.comparingLong(EnergySample::windowStartMillis)));
        Map<String, List<String>> executorsByHost = new TreeMap<>();
        new TreeMap<>(byExecutor).forEach((executor, list) ->
                executorsByHost.computeIfAbsent(list.get(0).hostId(), h -> new ArrayList<>()).add(executor));
        return new Context() {
            @Override
            public List<EnergySample> samplesOf(String executor) {
                return byExecutor.getOrDefault(executor, List.of());
            }

            @Override
            public Collection<String> executorsOnHost(String hostId) {
                return executorsByHost.getOrDefault(hostId, List.of());
            }

            @Override
            public List<TaskTimeline.TaskSpan> spansOf(String executor) {
                return timeline.spans(executor);
            }

            @Override
            public String readerOf(String hostId) {
                return null;
            }

            @Override
            public void droppedDuplicateReading(EnergySample dropped, String kept, double joules) {
            }
        };
    }

    /**
     * Attributes {@code samples} with what {@code context} knows. A host's counters are counted once per window: if
     * another executor on the same host also sent host counter readings for an overlapping window, the reading of
     * the executor the driver chose ({@link Context#readerOf}; without one, the lowest executor id) is kept, the
     * other is dropped and reported to {@link Context#droppedDuplicateReading}, and the kept shares' provenance
     * says so.
     */
    static List<AttributedEnergy> attribute(List<EnergySample> samples, Context context) {
        Map<String, List<TaskTimeline.TaskSpan>> spans = new HashMap<>();
        java.util.function.Function<String, List<TaskTimeline.TaskSpan>> spansOf =
                executor -> spans.computeIfAbsent(executor, context::spansOf);
        List<AttributedEnergy> out = new ArrayList<>();
        for (EnergySample sample : samples) {
            String duplicateNote = null;
            boolean dropHostEnergy = false;
            if (sample.hostReader() && hasHostEnergy(sample)) {
                String rival = rivalReader(sample, context);
                if (rival != null) {
                    String kept = keptReader(sample.executorId(), rival, context.readerOf(sample.hostId()));
                    if (kept.equals(sample.executorId())) {
                        duplicateNote = "; duplicate host reader: executor " + rival + " also read this host's "
                                + "counters in this window, its reading was dropped";
                    } else {
                        dropHostEnergy = true;
                        context.droppedDuplicateReading(sample, kept, hostJoules(sample));
                    }
                }
            }
            for (DomainEnergy domain : sample.domains()) {
                if (domain.joules() <= 0) {
                    continue;
                }
                if (domain.scope() == Scope.HOST) {
                    if (dropHostEnergy) {
                        continue;
                    }
                    DomainEnergy labelled = duplicateNote == null ? domain : new DomainEnergy(domain.domain(),
                            domain.scope(), domain.method(), domain.joules(), domain.provenance() + duplicateNote);
                    splitHostEnergy(sample, labelled, context, spansOf, out);
                } else {
                    toPhases(sample.executorId(), sample.host(), sample, domain, domain.joules(),
                            spansOf.apply(sample.executorId()), out);
                }
            }
        }
        return out;
    }

    private static boolean hasHostEnergy(EnergySample sample) {
        return sample.domains().stream().anyMatch(d -> d.scope() == Scope.HOST && d.joules() > 0);
    }

    private static double hostJoules(EnergySample sample) {
        return sample.domains().stream().filter(d -> d.scope() == Scope.HOST).mapToDouble(DomainEnergy::joules).sum();
    }

    /**
     * Another executor on the sample's host whose host counter readings cover more than half of the sample's window,
     * or null. Half, not any overlap: at a handover the new reader's first window may start a little before the old
     * reader's last one ends (clocks, RPC delays) without either counting the other's energy.
     */
    private static String rivalReader(EnergySample sample, Context context) {
        long length = sample.windowEndMillis() - sample.windowStartMillis();
        for (String executor : context.executorsOnHost(sample.hostId())) {
            if (executor.equals(sample.executorId())) {
                continue;
            }
            List<EnergySample> own = context.samplesOf(executor);
            long covered = 0;
            for (int i = firstEndingAtOrAfter(own, sample.windowStartMillis() + 1); i < own.size(); i++) {
                EnergySample other = own.get(i);
                if (other.windowStartMillis() >= sample.windowEndMillis()) {
                    break;
                }
                if (other.hostReader() && hasHostEnergy(other)) {
                    covered += Math.min(sample.windowEndMillis(), other.windowEndMillis())
                            - Math.max(sample.windowStartMillis(), other.windowStartMillis());
                }
            }
            if (length > 0 && 2 * covered > length) {
                return executor;
            }
        }
        return null;
    }

    private static String keptReader(String executor, String rival, String chosen) {
        if (executor.equals(chosen) || rival.equals(chosen)) {
            return chosen;
        }
        return executor.compareTo(rival) <= 0 ? executor : rival;
    }

    private static void splitHostEnergy(EnergySample sample, DomainEnergy domain, Context context,
                                        java.util.function.Function<String, List<TaskTimeline.TaskSpan>> spansOf,
                                        List<AttributedEnergy> out) {
        long start = sample.windowStartMillis();
        long end = sample.windowEndMillis();
        double busy = Double.isNaN(sample.hostBusyRatio()) ? 1.0 : sample.hostBusyRatio();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, String> hostOf = new HashMap<>();
        List<String> present = new ArrayList<>();
        double totalCpu = 0;
        for (String executor : context.executorsOnHost(sample.hostId())) {
            List<EnergySample> own = context.samplesOf(executor);
            if (own.isEmpty()) {
                continue;
            }
            hostOf.put(executor, own.get(0).host());
            if (own.get(0).windowStartMillis() <= end && own.get(own.size() - 1).windowEndMillis() >= start) {
                present.add(executor);
            }
            double nanos = cpuNanosWithin(own, start, end);
            cpu.put(executor, nanos);
            totalCpu += nanos;
        }
        if (present.isEmpty()) {
            present.add(sample.executorId());
            hostOf.put(sample.executorId(), sample.host());
        }
        double active = totalCpu > 0 ? domain.joules() * busy : 0;
        double idle = domain.joules() - active;
        if (active > 0) {
            for (Map.Entry<String, Double> share : cpu.entrySet()) {
                if (share.getValue() > 0) {
                    toPhases(share.getKey(), hostOf.get(share.getKey()), sample, domain,
                            active * share.getValue() / totalCpu, spansOf.apply(share.getKey()), out);
                }
            }
        }
        if (idle > 0) {
            for (String executor : present) {
                out.add(new AttributedEnergy(executor, hostOf.get(executor), IDLE, domain.domain(), domain.method(),
                        domain.provenance(), start, end, idle / present.size(), true));
            }
        }
    }

    /** CPU nanoseconds an executor used within [start, end], prorating its samples' windows. */
    static double cpuNanosWithin(List<EnergySample> own, long start, long end) {
        double nanos = 0;
        int first = firstEndingAtOrAfter(own, start);
        for (int i = first; i < own.size(); i++) {
            EnergySample s = own.get(i);
            if (s.windowStartMillis() > end) {
                break;
            }
            long length = s.windowEndMillis() - s.windowStartMillis();
            long overlap = Math.min(end, s.windowEndMillis()) - Math.max(start, s.windowStartMillis());
            if (length <= 0) {
                nanos += s.windowStartMillis() >= start && s.windowStartMillis() <= end ? s.processCpuNanos() : 0;
            } else if (overlap > 0) {
                nanos += s.processCpuNanos() * (double) overlap / length;
            }
        }
        return nanos;
    }

    private static int firstEndingAtOrAfter(List<EnergySample> own, long time) {
        int low = 0;
        int high = own.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (own.get(mid).windowEndMillis() < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Charges {@code joules} of {@code executor} in the sample's window to phases by task time. */
    private static void toPhases(String executor, String host, EnergySample sample, DomainEnergy domain, double joules,
                                 List<TaskTimeline.TaskSpan> executorSpans, List<AttributedEnergy> out) {
        long start = sample.windowStartMillis();
        long end = sample.windowEndMillis();
        Map<String, Double> taskTimeByPhase = new TreeMap<>();
        Map<String, java.util.SortedSet<Integer>> stagesByPhase = new HashMap<>();
        List<long[]> intervals = new ArrayList<>();
        double taskTime = 0;
        if (executorSpans != null && end > start) {
            for (TaskTimeline.TaskSpan span : executorSpans) {
                long from = Math.max(start, span.startMillis());
                long to = Math.min(end, span.endMillis());
                if (to > from) {
                    taskTimeByPhase.merge(span.phase(), (double) (to - from), Double::sum);
                    if (span.stageId() >= 0) {
                        stagesByPhase.computeIfAbsent(span.phase(), p -> new java.util.TreeSet<>()).add(span.stageId());
                    }
                    intervals.add(new long[] {from, to});
                    taskTime += to - from;
                }
            }
        }
        double occupied = end > start ? (double) unionLength(intervals) / (end - start) : 0;
        double busyJoules = joules * occupied;
        double idleJoules = joules - busyJoules;
        if (busyJoules > 0) {
            for (Map.Entry<String, Double> phase : taskTimeByPhase.entrySet()) {
                String stages = stagesByPhase.getOrDefault(phase.getKey(), new java.util.TreeSet<>()).stream()
                        .map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
                out.add(new AttributedEnergy(executor, host, phase.getKey(), domain.domain(), domain.method(),
                        domain.provenance(), start, end, busyJoules * phase.getValue() / taskTime, false, stages));
            }
        }
        if (idleJoules > 0) {
            out.add(new AttributedEnergy(executor, host, IDLE, domain.domain(), domain.method(), domain.provenance(),
                    start, end, idleJoules, true));
        }
    }

    private static long unionLength(List<long[]> intervals) {
        intervals.sort(Comparator.comparingLong(a -> a[0]));
        long total = 0;
        long currentStart = Long.MIN_VALUE;
        long currentEnd = Long.MIN_VALUE;
        for (long[] interval : intervals) {
            if (interval[0] > currentEnd) {
                total += currentEnd - currentStart;
                currentStart = interval[0];
                currentEnd = interval[1];
            } else {
                currentEnd = Math.max(currentEnd, interval[1]);
            }
        }
        return total + (currentEnd - currentStart);
    }
}
