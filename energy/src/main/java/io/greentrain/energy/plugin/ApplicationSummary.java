package io.greentrain.energy.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * What the plugin prints (and optionally writes as JSON) when an application ends: energy and
 * emissions in total, per phase, per executor and per device, with the measured and estimated
 * shares. Works for any Spark application that loads the plugin.
 */
final class ApplicationSummary {

    private ApplicationSummary() {
    }

    static String table(String applicationId, EnergyReport energy, CarbonTotals carbon) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%ngreentrain energy of %s: %.1f J = %.6f kWh (%.0f%% measured, %.0f%% estimated)%n",
                applicationId, energy.joules(), energy.kwh(), 100 * energy.measuredShare(),
                energy.joules() > 0 ? 100 * (1 - energy.measuredShare()) : 0));
        if (carbon != null) {
            out.append(String.format(Locale.ROOT, "  kgCO2e: %.6f location-based, %.6f market-based, %.6f embodied; PUE %.2f%n",
                    carbon.locationGrams() / 1000, carbon.marketGrams() / 1000, carbon.embodiedGrams() / 1000, carbon.pue()));
            if (carbon.ledgerPath() != null) {
                out.append("  ledger: ").append(carbon.ledgerPath()).append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "  %-28s %14s %14s%n", "phase", "J", "gCO2e"));
        energy.byPhase().forEach((phase, joules) -> out.append(String.format(Locale.ROOT, "  %-28s %14.1f %14.4f%n",
                phase, joules, carbon == null ? Double.NaN : carbon.locationGramsByPhase().getOrDefault(phase, 0.0))));
        out.append(String.format(Locale.ROOT, "  %-28s %14s%n", "executor", "J"));
        energy.byExecutor().forEach((executor, joules) ->
                out.append(String.format(Locale.ROOT, "  %-28s %14.1f%n", executor, joules)));
        out.append(String.format(Locale.ROOT, "  %-28s %14s  %s%n", "device", "J", "method"));
        energy.byDomain().forEach((domain, total) -> out.append(String.format(Locale.ROOT, "  %-28s %14.1f  %s%n",
                domain, total.joules(), total.method().code())));
        return out.toString();
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
