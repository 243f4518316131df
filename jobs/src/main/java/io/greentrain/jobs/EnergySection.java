package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.api.ApplicationEnergy;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Phases;
import io.greentrain.energy.plugin.EnergyReport;
import io.greentrain.formats.JsonFiles;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code energy} section of {@code summary.json}: the energy plugin's report for this Spark
 * application, per phase, step, executor and domain, each domain with its method
 * ({@code counter}, {@code power-integration} or {@code estimated}).
 */
final class EnergySection {

    /** Longest wait for executors' last samples before the report is taken. */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

    private EnergySection() {
    }

    /** The section, or empty when the application runs without the energy plugin. */
    static Optional<ObjectNode> of(SparkSession spark, JsonNode train) {
        Optional<ApplicationEnergy> accounting = ApplicationEnergy.of(spark.sparkContext());
        if (accounting.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode energy = toJson(accounting.get().energy(FLUSH_WAIT));
        long examplesTrained = train.path("examplesTrained").asLong();
        long tokensTrained = train.path("tokensTrained").asLong();
        if (examplesTrained > 0 || tokensTrained > 0) {
            double trainJoules = 0;
            for (var phase : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> energy.path("byPhase").fields()) {
                if (phase.getKey().startsWith("train/")) {
                    trainJoules += phase.getValue().path("joules").asDouble();
                }
            }
            if (examplesTrained > 0) {
                energy.put("joulesPerTrainingExample", trainJoules / examplesTrained);
            }
            if (tokensTrained > 0) {
                energy.put("joulesPerTrainingToken", trainJoules / tokensTrained);
            }
        }
        return Optional.of(energy);
    }

    static ObjectNode toJson(EnergyReport report) {
        ObjectNode energy = JsonFiles.newObject();
        energy.put("joules", report.joules());
        energy.put("kwh", report.kwh());
        energy.put("measuredShare", report.measuredShare());
        energy.put("estimatedShare", report.joules() > 0 ? 1 - report.measuredShare() : 0);
        ObjectNode byStep = energy.putObject("byStep");
        stepTotals(report.byPhase()).forEach((step, joules) -> putJoules(byStep, step, joules));
        ObjectNode byPhase = energy.putObject("byPhase");
        report.byPhase().forEach((phase, joules) -> putJoules(byPhase, phase, joules));
        ObjectNode byExecutor = energy.putObject("byExecutor");
        report.byExecutor().forEach((executor, joules) -> putJoules(byExecutor, executor, joules));
        ObjectNode byDomain = energy.putObject("byDomain");
        report.byDomain().forEach((domain, total) -> {
            ObjectNode node = putJoules(byDomain, domain, total.joules());
            node.put("method", total.method().code());
            node.put("provenance", total.provenance());
        });
        ObjectNode byMethod = energy.putObject("byMethod");
        report.byMethod().forEach((method, joules) -> putJoules(byMethod, method, joules));
        energy.put("samples", report.samples());
        energy.put("sequenceGaps", report.sequenceGaps());
        report.executors().forEach(energy.putArray("executors")::add);
        return energy;
    }

    /** Phase totals folded to their group ({@link Phases#group}): {@code train/epoch-3} counts as {@code train}. */
    static Map<String, Double> stepTotals(Map<String, Double> byPhase) {
        Map<String, Double> steps = new TreeMap<>();
        byPhase.forEach((phase, joules) -> steps.merge(Phases.group(phase), joules, Double::sum));
        return steps;
    }

    private static ObjectNode putJoules(ObjectNode parent, String name, double joules) {
        ObjectNode node = parent.putObject(name);
        node.put("joules", joules);
        node.put("kwh", joules / EnergyUnits.JOULES_PER_KWH);
        return node;
    }
}
