package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.api.ApplicationEnergy;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.plugin.CarbonTotals;
import io.greentrain.energy.plugin.EnergyAccounting;
import io.greentrain.formats.JsonFiles;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code carbon} section of {@code summary.json}: emissions of this Spark application so far
 * (location- and market-based, PUE included), embodied emissions, the sources used, the ledger, and
 * per-sample and per-epoch figures of the training step.
 */
final class CarbonSection {

    private CarbonSection() {
    }

    /** The section (recording and flushing the ledger first), or empty without the energy plugin. */
    static Optional<ObjectNode> of(SparkSession spark, JsonNode train) {
        return ApplicationEnergy.of(spark.sparkContext())
                .flatMap(ApplicationEnergy::carbon)
                .map(totals -> toJson(totals, train));
    }

    static ObjectNode toJson(CarbonTotals totals, JsonNode train) {
        ObjectNode carbon = JsonFiles.newObject();
        ObjectNode kg = carbon.putObject("kgco2e");
        kg.put("location", totals.locationGrams() / 1000);
        kg.put("market", totals.marketGrams() / 1000);
        carbon.put("embodiedKg", totals.embodiedGrams() / 1000);
        carbon.put("pue", totals.pue());
        carbon.put("pueSource", totals.pueSource());
        carbon.put("intensitySource", String.join(" | ", totals.intensitySources()));
        carbon.put("kwh", totals.joules() / EnergyUnits.JOULES_PER_KWH);
        ObjectNode byPhase = carbon.putObject("kgco2eByStep");
        EnergySection.stepTotals(totals.locationGramsByPhase()).forEach((step, grams) -> byPhase.put(step, grams / 1000));
        if (!train.isMissingNode()) {
            double trainGrams = totals.locationGramsByPhase().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("train/")).mapToDouble(java.util.Map.Entry::getValue).sum();
            // Training may stop before its configured epochs: per epoch means per epoch run.
            int epochs = train.path("epochsRun").asInt(train.path("epochs").asInt());
            if (epochs > 0) {
                carbon.put("gco2ePerEpoch", trainGrams / epochs);
            }
            long tokens = train.path("tokensTrained").asLong();
            if (tokens > 0) {
                carbon.put("gco2ePerMillionTrainingTokens", trainGrams / tokens * 1e6);
            }
        }
        carbon.put("ledger", totals.ledgerPath());
        carbon.put("ledgerEntries", totals.entries());
        return carbon;
    }
}
