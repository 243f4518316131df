package io.greentrain.energy.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Phases;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the plugin prints (and optionally writes as JSON) when an application ends: energy and
 * emissions in total, per phase, per executor and per device, with the measured and estimated
 * shares. Works for any Spark application that loads the plugin.
 */
final class ApplicationSummary {

    private ApplicationSummary() {
    }

    /**
     * The printout: figures in {@link EnergyUnits}' human units, phases folded into their {@link Phases#group group}
     * ({@code train} for all its epochs) in {@link Phases#NATURAL_ORDER}, and a note when any energy is estimated.
     * {@code carbon} may be null (no carbon accounting).
     */
    static String table(String applicationId, EnergyReport energy, CarbonTotals carbon) {
        StringBuilder out = new StringBuilder();
        double estimatedShare = energy.joules() > 0 ? 1 - energy.measuredShare() : 0;
        out.append(String.format(Locale.ROOT, "%ngreentrain energy of %s: %s (%.0f%% measured, %.0f%% estimated)%n",
                applicationId, EnergyUnits.energy(energy.joules()), 100 * energy.measuredShare(),
                100 * estimatedShare));
        if (estimatedShare > 0) {
            out.append(String.format(Locale.ROOT, "  note: %.0f%% of the energy is a model's estimate from CPU time "
                    + "and memory (no RAPL or NVML counter was readable); treat it as approximate%n",
                    100 * estimatedShare));
        }
        if (carbon != null) {
            out.append(String.format(Locale.ROOT, "  CO2e: %s location-based, %s market-based; embodied %s (not "
                            + "included); PUE %s%n", EnergyUnits.mass(carbon.locationGrams()),
                    EnergyUnits.mass(carbon.marketGrams()), EnergyUnits.mass(carbon.embodiedGrams()),
                    EnergyUnits.number(carbon.pue())));
            if (carbon.ledgerPath() != null) {
                out.append("  ledger: ").append(carbon.ledgerPath()).append('\n');
            }
        }
        Map<String, Double> joulesByGroup = byGroup(energy.byPhase());
        Map<String, Double> gramsByGroup = carbon == null ? Map.of() : byGroup(carbon.locationGramsByPhase());
        Map<String, Long> phasesByGroup = new TreeMap<>();
        energy.byPhase().keySet().forEach(phase -> phasesByGroup.merge(Phases.group(phase), 1L, Long::sum));
        out.append(String.format(Locale.ROOT, "  %-28s %14s %14s%n", "phase", "energy", "CO2e"));
        joulesByGroup.forEach((group, joules) -> {
            long phases = phasesByGroup.getOrDefault(group, 1L);
            String label = phases > 1 ? group + " (" + phases + " phases)" : group;
            out.append(String.format(Locale.ROOT, "  %-28s %14s %14s%n", label, EnergyUnits.energy(joules),
                    carbon == null ? "\u2013" : EnergyUnits.mass(gramsByGroup.getOrDefault(group, 0.0))));
        });
        out.append(String.format(Locale.ROOT, "  %-28s %14s%n", "executor", "energy"));
        energy.byExecutor().forEach((executor, joules) ->
                out.append(String.format(Locale.ROOT, "  %-28s %14s%n", executor, EnergyUnits.energy(joules))));
        out.append(String.format(Locale.ROOT, "  %-28s %14s  %s%n", "device", "energy", "method"));
        energy.byDomain().forEach((domain, total) -> out.append(String.format(Locale.ROOT, "  %-28s %14s  %s%n",
                domain, EnergyUnits.energy(total.joules()), total.method().code())));
        return out.toString();
    }

    /** {@code byPhase} added up per phase group, groups in natural order. */
    private static Map<String, Double> byGroup(Map<String, Double> byPhase) {
        Map<String, Double> groups = new TreeMap<>(Phases.NATURAL_ORDER);
        byPhase.forEach((phase, value) -> groups.merge(Phases.group(phase), value, Double::sum));
        return groups;
    }

    static String json(String applicationId, EnergyReport energy, CarbonTotals carbon) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("applicationId", applicationId);
        root.put("joules", energy.joules());
        root.put("kwh", energy.kwh());
        root.put("measuredShare", energy.measuredShare());
        root.put("estimatedShare", energy.joules() > 0 ? 1 - energy.measuredShare() : 0);
        putMap(root.putObject("joulesByPhase"), energy.byPhase());
        putMap(root.putObject("joulesByExecutor"), energy.byExecutor());
        ObjectNode devices = root.putObject("byDevice");
        energy.byDomain().forEach((domain, total) -> {
            ObjectNode device = devices.putObject(domain);
            device.put("joules", total.joules());
            device.put("method", total.method().code());
            device.put("provenance", total.provenance());
        });
        if (carbon != null) {
            ObjectNode node = root.putObject("carbon");
            node.put("locationKg", carbon.locationGrams() / 1000);
            node.put("marketKg", carbon.marketGrams() / 1000);
            node.put("embodiedKg", carbon.embodiedGrams() / 1000);
            node.put("pue", carbon.pue());
            node.put("pueSource", carbon.pueSource());
            carbon.intensitySources().forEach(node.putArray("intensitySources")::add);
            putMap(node.putObject("locationGramsByPhase"), carbon.locationGramsByPhase());
            node.put("ledger", carbon.ledgerPath());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the energy summary", e);
        }
    }

    private static void putMap(ObjectNode node, Map<String, Double> values) {
        values.forEach(node::put);
    }
}
