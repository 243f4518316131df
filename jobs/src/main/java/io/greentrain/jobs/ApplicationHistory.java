package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code energy} and {@code carbon} sections of a run that took several Spark applications (a
 * re-run after a failure, a step run alone, a no-op re-run that skips every step): the section holds
 * the totals of every application, and {@code applications} lists each one's own section with its
 * id, job and the steps it ran and skipped. Re-runs add to the history and never replace it.
 *
 * <p>An application's report is cumulative, so a second job in the same application (tests, a
 * notebook) replaces that application's entry rather than adding to it. Totals are the sum of the
 * entries' numbers, field by field; {@link #LATEST_WINS} fields (ratios, sources, the ledger) come
 * from the latest entry that has them; {@code measuredShare} and {@code estimatedShare} are
 * weighted by energy.
 */
final class ApplicationHistory {

    /** The list of applications inside a section. */
    static final String APPLICATIONS = "applications";

    /** Fields that are not amounts: the latest application's value is the run's. */
    static final Set<String> LATEST_WINS = Set.of("pue", "pueSource", "intensitySource", "ledger", "ledgerEntries",
            "method", "provenance", "joulesPerTrainingExample", "joulesPerTrainingToken", "gco2ePerEpoch",
            "gco2ePerMillionTrainingTokens", "measuredShare", "estimatedShare", "executors");

    private ApplicationHistory() {
    }

    /**
     * The section after {@code application} finished: {@code previous} (the section of the summary as
     * it was, possibly absent or from a version without a history) with this application's section
     * added to the history, and the totals recomputed.
     *
     * @param previous      the summary's section before this job, or a missing node
     * @param previousAppId the summary's {@code sparkApplicationId} before this job (names a
     *                      history-less previous section)
     * @param thisApp       this application's own section, as {@link EnergySection} or
     *                      {@link CarbonSection} reports it; empty when it ran without the plugin
     */
    static Optional<ObjectNode> merge(JsonNode previous, String previousAppId, Optional<ObjectNode> thisApp,
                                      String appId, String job, List<String> ran, List<String> skipped) {
        List<ObjectNode> entries = new ArrayList<>();
        if (previous.isObject()) {
            if (previous.path(APPLICATIONS).isArray()) {
                previous.path(APPLICATIONS).forEach(entry -> entries.add((ObjectNode) entry.deepCopy()));
            } else {
                ObjectNode only = ((ObjectNode) previous).deepCopy();
                only.put("sparkApplicationId", previousAppId);
                entries.add(only);
            }
        }
        if (thisApp.isPresent()) {
            ObjectNode entry = thisApp.get().deepCopy();
            entry.remove(APPLICATIONS);
            entry.put("sparkApplicationId", appId);
            entry.put("job", job);
            ran.forEach(entry.putArray("stepsRun")::add);
            skipped.forEach(entry.putArray("stepsSkipped")::add);
            for (ObjectNode existing : entries) {
                if (existing.path("sparkApplicationId").asText().equals(appId)) {
                    // The same application again: its report is cumulative, but a job that trained nothing
                    // this time reports no per-example figures; the earlier job's stay.
                    LATEST_WINS.forEach(field -> {
                        if (!entry.has(field) && existing.has(field)) {
                            entry.set(field, existing.get(field));
                        }
                    });
                }
            }
            entries.removeIf(existing -> existing.path("sparkApplicationId").asText().equals(appId));
            entries.add(entry);
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode totals = JsonFiles.newObject();
        for (ObjectNode entry : entries) {
            add(totals, entry);
        }
        weightShares(totals, entries);
        ArrayNode list = totals.putArray(APPLICATIONS);
        entries.forEach(list::add);
        return Optional.of(totals);
    }

    /** Adds {@code entry}'s amounts into {@code totals}, field by field. */
    private static void add(ObjectNode totals, JsonNode entry) {
        Iterator<Map.Entry<String, JsonNode>> fields = entry.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("sparkApplicationId") || name.equals("job") || name.equals("stepsRun")
                    || name.equals("stepsSkipped")) {
                continue;
            }
            if (LATEST_WINS.contains(name) || !(value.isNumber() || value.isObject())) {
                totals.set(name, value.deepCopy());
            } else if (value.isIntegralNumber() && (!totals.has(name) || totals.get(name).isIntegralNumber())) {
                totals.put(name, totals.path(name).asLong() + value.asLong());
            } else if (value.isNumber()) {
                totals.put(name, totals.path(name).asDouble() + value.asDouble());
            } else {
                JsonNode existing = totals.get(name);
                add(existing instanceof ObjectNode object ? object : totals.putObject(name), value);
            }
        }
    }

    /** {@code measuredShare} and {@code estimatedShare} of the totals, weighted by each application's energy. */
    private static void weightShares(ObjectNode totals, List<ObjectNode> entries) {
        double joules = 0;
        double measured = 0;
        for (ObjectNode entry : entries) {
            if (entry.has("measuredShare") && entry.has("joules")) {
                joules += entry.path("joules").asDouble();
                measured += entry.path("joules").asDouble() * entry.path("measuredShare").asDouble();
            }
        }
        if (joules > 0) {
            totals.put("measuredShare", measured / joules);
            totals.put("estimatedShare", 1 - measured / joules);
        }
    }
}
