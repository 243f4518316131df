package io.greentrain.energy.plugin;

import io.greentrain.energy.meter.Scope;
import java.util.ArrayList;
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
 *   <li>Host energy (RAPL packages, DRAM), read by the host's elected executor, is split as in
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
        Map<String, List<EnergySample>> byExecutor = new HashMap<>();
        for (EnergySample sample : context) {
            byExecutor.computeIfAbsent(sample.executorId(), e -> new ArrayList<>()).add(sample);
        }
        byExecutor.values().forEach(list -> list.sort(Comparator.comparingLong(EnergySample::windowStartMillis)));
        Map<String, List<String>> executorsByHost = new TreeMap<>();
        byExecutor.forEach((executor, list) ->
                executorsByHost.computeIfAbsent(list.get(0).hostId(), h -> new ArrayList<>()).add(executor));
        Map<String, List<TaskTimeline.TaskSpan>> spans = new HashMap<>();
        byExecutor.keySet().forEach(executor -> spans.put(executor, timeline.spans(executor)));

        List<AttributedEnergy> out = new ArrayList<>();
        for (EnergySample sample : samples) {
            for (DomainEnergy domain : sample.domains()) {
                if (domain.joules() <= 0) {
                    continue;
                }
                if (domain.scope() == Scope.HOST) {
                    splitHostEnergy(sample, domain, executorsByHost.get(sample.hostId()), byExecutor, spans, out);
                } else {
                    toPhases(sample.executorId(), sample.host(), sample, domain, domain.joules(),
                            spans.get(sample.executorId()), out);
                }
            }
        }
        return out;
    }

    private static void splitHostEnergy(EnergySample sample, DomainEnergy domain, List<String> executorsOnHost,
                                        Map<String, List<EnergySample>> byExecutor,
                                        Map<String, List<TaskTimeline.TaskSpan>> spans, List<AttributedEnergy> out) {
        long start = sample.windowStartMillis();
        long end = sample.windowEndMillis();
        double busy = Double.isNaN(sample.hostBusyRatio()) ? 1.0 : sample.hostBusyRatio();
        Map<String, Double> cpu = new LinkedHashMap<>();
        List<String> present = new ArrayList<>();
        double totalCpu = 0;
        for (String executor : executorsOnHost) {
            List<EnergySample> own = byExecutor.get(executor);
            if (own.get(0).windowStartMillis() <= end && own.get(own.size() - 1).windowEndMillis() >= start) {
                present.add(executor);
            }
            double nanos = cpuNanosWithin(own, start, end);
            cpu.put(executor, nanos);
            totalCpu += nanos;
        }
        if (present.isEmpty()) {
            present.add(sample.executorId());
        }
        double active = totalCpu > 0 ? domain.joules() * busy : 0;
        double idle = domain.joules() - active;
        if (active > 0) {
            for (Map.Entry<String, Double> share : cpu.entrySet()) {
                if (share.getValue() > 0) {
                    toPhases(share.getKey(), byExecutor.get(share.getKey()).get(0).host(), sample, domain,
                            active * share.getValue() / totalCpu, spans.get(share.getKey()), out);
                }
            }
        }
        if (idle > 0) {
            for (String executor : present) {
                out.add(new AttributedEnergy(executor, byExecutor.get(executor).get(0).host(), IDLE, domain.domain(), domain.method(),
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
