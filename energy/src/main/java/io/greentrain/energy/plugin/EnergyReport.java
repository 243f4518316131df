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
        // Hash maps while adding (a share costs four lookups); sorted once when a report is made.
        private final Map<String, Double> byPhase = new java.util.HashMap<>();
        private final Map<String, Double> byExecutor = new java.util.HashMap<>();
        private final Map<String, DomainTotal> byDomain = new java.util.HashMap<>();
        private final Map<String, Double> byMethod = new java.util.HashMap<>();
        private double joules;

        void add(AttributedEnergy share) {
            joules += share.joules();
            byPhase.merge(share.phase(), share.joules(), Double::sum);
            byExecutor.merge(share.executorId(), share.joules(), Double::sum);
            byMethod.merge(share.method().code(), share.joules(), Double::sum);
            DomainTotal domain = byDomain.get(share.domain());
            byDomain.put(share.domain(), domain == null
                    ? new DomainTotal(share.joules(), share.method(), share.provenance())
                    : new DomainTotal(domain.joules() + share.joules(), domain.method(), domain.provenance()));
        }

        Totals copy() {
            Totals copy = new Totals();
            copy.byPhase.putAll(byPhase);
            copy.byExecutor.putAll(byExecutor);
            copy.byDomain.putAll(byDomain);
            copy.byMethod.putAll(byMethod);
            copy.joules = joules;
            return copy;
        }

        EnergyReport report(long samples, Set<String> executors, long gaps, long duplicates) {
            return new EnergyReport(joules, Collections.unmodifiableMap(new TreeMap<>(byPhase)),
                    Collections.unmodifiableMap(new TreeMap<>(byExecutor)),
                    Collections.unmodifiableMap(new TreeMap<>(byDomain)),
                    Collections.unmodifiableMap(new TreeMap<>(byMethod)), samples,
                    Collections.unmodifiableSet(new TreeSet<>(executors)), gaps, duplicates);
        }
    }
}
