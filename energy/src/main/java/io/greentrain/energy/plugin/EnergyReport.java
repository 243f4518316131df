package io.greentrain.energy.plugin;

import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.meter.MeasurementMethod;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An application's energy so far, added up from its {@link AttributedEnergy} shares.
 *
 * @param joules           all energy measured or estimated
 * @param byPhase          per phase ({@code clean}, {@code train/epoch-3}, {@code idle}, ...)
 * @param byExecutor       per executor id
 * @param byDomain         per domain, with how it was obtained
 * @param byMethod         per method code ({@code counter}, {@code power-integration}, {@code estimated})
 * @param samples          samples received
 * @param executors        executors (and the driver) that sent samples
 * @param sequenceGaps     samples known to be missing (sequence numbers skipped)
 * @param duplicates       samples received twice and ignored
 */
public record EnergyReport(double joules, Map<String, Double> byPhase, Map<String, Double> byExecutor,
                           Map<String, DomainTotal> byDomain, Map<String, Double> byMethod, long samples,
                           Set<String> executors, long sequenceGaps, long duplicates) {

    /** One domain's total and how it was obtained. */
    public record DomainTotal(double joules, MeasurementMethod method, String provenance) {
    }

    public double kwh() {
        return EnergyUnits.kwh(joules);
    }

    /** The fraction of the energy that came from counters or power integration rather than an estimate. */
    public double measuredShare() {
        if (joules <= 0) {
            return 0;
        }
        return (byMethod.getOrDefault(MeasurementMethod.COUNTER.code(), 0.0)
                + byMethod.getOrDefault(MeasurementMethod.POWER_INTEGRATION.code(), 0.0)) / joules;
    }

    /** Adds up {@code attributions}. */
    static EnergyReport of(List<AttributedEnergy> attributions, long samples, Set<String> executors, long gaps,
                           long duplicates) {
        Totals totals = new Totals();
        attributions.forEach(totals::add);
        return totals.report(samples, executors, gaps, duplicates);
    }

    /**
     * Running sums of attributed shares, per phase, executor, domain and method: what the driver keeps instead of
     * the shares themselves, so its memory does not grow with the length of the application. Not thread-safe.
     */
    static final class Totals {
        // Mutable sums in hash maps while adding (a share costs four lookups and no allocation once its keys are
        // known); sorted once when a report is made.
        private final Map<String, Sum> byPhase = new java.util.HashMap<>();
        private final Map<String, Sum> byExecutor = new java.util.HashMap<>();
        private final Map<String, DomainSum> byDomain = new java.util.HashMap<>();
        private final Map<String, Sum> byMethod = new java.util.HashMap<>();
        private double joules;

        /** A running sum. */
        private static final class Sum {
            double joules;

            Sum(double joules) {
                this.joules = joules;
            }
        }

        /** A domain's running sum, with how its first share was obtained. */
        private static final class DomainSum {
            double joules;
            final MeasurementMethod method;
            final String provenance;

            DomainSum(double joules, MeasurementMethod method, String provenance) {
                this.joules = joules;
                this.method = method;
                this.provenance = provenance;
            }
        }

        void add(AttributedEnergy share) {
            double added = share.joules();
            joules += added;
            addTo(byPhase, share.phase(), added);
            addTo(byExecutor, share.executorId(), added);
            addTo(byMethod, share.method().code(), added);
            DomainSum domain = byDomain.get(share.domain());
            if (domain == null) {
                byDomain.put(share.domain(), new DomainSum(added, share.method(), share.provenance()));
            } else {
                domain.joules += added;
            }
        }

        private static void addTo(Map<String, Sum> sums, String key, double joules) {
            Sum sum = sums.get(key);
            if (sum == null) {
                sums.put(key, new Sum(joules));
            } else {
                sum.joules += joules;
            }
        }

        Totals copy() {
            Totals copy = new Totals();
            byPhase.forEach((key, sum) -> copy.byPhase.put(key, new Sum(sum.joules)));
            byExecutor.forEach((key, sum) -> copy.byExecutor.put(key, new Sum(sum.joules)));
            byMethod.forEach((key, sum) -> copy.byMethod.put(key, new Sum(sum.joules)));
            byDomain.forEach((key, sum) -> copy.byDomain.put(key,
                    new DomainSum(sum.joules, sum.method, sum.provenance)));
            copy.joules = joules;
            return copy;
        }

        EnergyReport report(long samples, Set<String> executors, long gaps, long duplicates) {
            Map<String, DomainTotal> domains = new TreeMap<>();
            byDomain.forEach((key, sum) -> domains.put(key, new DomainTotal(sum.joules, sum.method, sum.provenance)));
            return new EnergyReport(joules, Collections.unmodifiableMap(sorted(byPhase)),
                    Collections.unmodifiableMap(sorted(byExecutor)), Collections.unmodifiableMap(domains),
                    Collections.unmodifiableMap(sorted(byMethod)), samples,
                    Collections.unmodifiableSet(new TreeSet<>(executors)), gaps, duplicates);
        }

        private static Map<String, Double> sorted(Map<String, Sum> sums) {
            Map<String, Double> out = new TreeMap<>();
            sums.forEach((key, sum) -> out.put(key, sum.joules));
            return out;
        }
    }
}
