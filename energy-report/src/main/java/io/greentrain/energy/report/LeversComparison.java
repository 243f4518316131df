package io.greentrain.energy.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * A comparison of training settings (greentrain's {@code levers} job) beside a run's ledger: {@code levers/summary.json}
 * in the folder that holds the ledger ({@code OUT/levers/summary.json} for a ledger at {@code OUT/ledger}). The report
 * draws it as energy against accuracy, one point per setting, with the Pareto front marked and the recommended
 * setting named. The file is plain JSON and optional; a figure that is missing reads as NaN.
 *
 * @param path        the file read
 * @param metric      the validation metric compared ({@code accuracyMetric}: {@code r2}, {@code rmse}, ...)
 * @param target      the target as configured ({@code target}), or null when none was
 * @param recommended the cheapest setting whose kept model reaches the target ({@code recommended}), or null
 * @param settings    one per setting of the grid, in the grid's order
 */
record LeversComparison(String path, String metric, String target, String recommended, List<Setting> settings) {

    /** Where the comparison lies, relative to the folder that holds the ledger. */
    static final String LEVERS_SUMMARY = "levers/summary.json";

    /** Metrics of which less is better; of every other metric (R², accuracy, F1) more is. */
    private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mae", "loss", "perplexity");

    /**
     * One setting as the levers job measured it.
     *
     * @param name                the setting's name in the grid
     * @param value               its kept model's validation {@code metric}
     * @param joules              the IT energy of training it (and compressing it, when asked)
     * @param grams               the location-based gCO2e of that energy
     * @param seconds             the time it took
     * @param predictionsPerJoule its model's predictions per joule on the validation rows; NaN when not measured
     * @param paretoFront         whether no other setting is both cheaper and at least as accurate
     * @param energyEstimated     whether its energy is an estimate
     * @param failed              why the setting failed (a precision the backend refuses, a network that diverged), or
     *                            null when it did not
     */
    record Setting(String name, double value, double joules, double grams, double seconds, double predictionsPerJoule,
                   boolean paretoFront, boolean energyEstimated, String failed) {

        /** Whether the setting has the two figures the chart needs. */
        boolean plotted() {
            return failed == null && Double.isFinite(value) && Double.isFinite(joules);
        }
    }

    LeversComparison {
        settings = List.copyOf(settings);
    }

    /**
     * The comparison beside the ledger at {@code ledgerPath}, when {@link #LEVERS_SUMMARY} exists there.
     *
     * @throws UncheckedIOException when the file exists but cannot be read or is not JSON
     */
    static Optional<LeversComparison> besideLedger(String ledgerPath, Configuration conf) {
        return RunMetadata.jsonBesideLedger(ledgerPath, LEVERS_SUMMARY, conf).map(read -> of(read.path(), read.json()));
    }

    /** The comparison in {@code summary} (a parsed {@code levers/summary.json}) read from {@code path}. */
    static LeversComparison of(String path, JsonNode summary) {
        String metric = summary.path("accuracyMetric").asText("r2");
        List<Setting> settings = new ArrayList<>();
        for (JsonNode row : summary.path("settings")) {
            settings.add(new Setting(row.path("name").asText("?"), number(row.path("validation").path(metric)),
                    number(row.path("joules")), number(row.path("gco2e")), number(row.path("seconds")),
                    number(row.path("inference").path("predictionsPerJoule")), row.path("paretoFront").asBoolean(),
                    row.path("energyEstimated").asBoolean(), row.hasNonNull("failed") ? row.path("failed").asText()
                    : null));
        }
        return new LeversComparison(path, metric, summary.hasNonNull("target") ? summary.path("target").asText() : null,
                summary.hasNonNull("recommended") ? summary.path("recommended").asText() : null, settings);
    }

    /** Whether a higher {@link #metric} is better. */
    boolean higherIsBetter() {
        return !LOWER_IS_BETTER.contains(metric);
    }

    /** Whether any setting's energy is an estimate. */
    boolean anyEstimated() {
        return settings.stream().anyMatch(Setting::energyEstimated);
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
