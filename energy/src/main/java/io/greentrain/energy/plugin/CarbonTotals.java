package io.greentrain.energy.plugin;

import java.util.Map;

/**
 * An application's emissions so far, added up from its ledger entries.
 *
 * @param joules               IT energy accounted
 * @param locationGrams        location-based operational emissions, gCO2e (PUE included)
 * @param marketGrams          market-based operational emissions, gCO2e (PUE included)
 * @param embodiedGrams        embodied emissions amortised over the reserved time, gCO2e
 * @param locationGramsByPhase location-based gCO2e per phase
 * @param intensitySources     every intensity source used
 * @param pue                  the PUE applied (the last one, when hosts differ)
 * @param pueSource            where the PUE comes from
 * @param ledgerPath           the ledger's run folder, or null when no ledger is written
 * @param entries              energy entries written to the ledger (work lines are not counted)
 */
public record CarbonTotals(double joules, double locationGrams, double marketGrams, double embodiedGrams,
                           Map<String, Double> locationGramsByPhase, java.util.Set<String> intensitySources,
                           double pue, String pueSource, String ledgerPath, long entries) {
}
