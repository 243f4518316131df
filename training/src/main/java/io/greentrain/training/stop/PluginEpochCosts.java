package io.greentrain.training.stop;

import io.greentrain.energy.api.ApplicationEnergy;
import io.greentrain.energy.plugin.CarbonTotals;
import io.greentrain.energy.plugin.EnergyReport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkContext;

/**
 * Epoch costs from the energy plugin of the running application ({@link ApplicationEnergy}): an
 * epoch's energy is what the plugin attributed to its phase {@code train/epoch-N} since these
 * costs were made (so that several trainings in one application, as the levers job runs them, each
 * count their own); its emissions the location-based gCO2e (PUE included) of that phase in the
 * carbon ledger, likewise; the run's are the application's totals so far. {@link #epoch} waits briefly for the
 * executors' samples that cover the epoch, {@link #epochSoFar} takes what has arrived, and every reading writes a
 * ledger segment (the figures then match the ledger).
 *
 * <p>Driver-only: not meant to be serialized.
 */
public final class PluginEpochCosts implements EpochCosts {

    /** Longest wait for the executors' samples that cover the epoch just ended. */
    private static final Duration SAMPLE_WAIT = Duration.ofSeconds(3);

    private final ApplicationEnergy energy;
    private EnergyReport lastReport;
    private Optional<CarbonTotals> lastCarbon = Optional.empty();
    private final Map<String, Double> joulesBefore;
    private final Map<String, Double> gramsBefore;

    private PluginEpochCosts(ApplicationEnergy energy) {
        this.energy = energy;
        refresh(SAMPLE_WAIT);
        this.joulesBefore = Map.copyOf(lastReport.byPhase());
        this.gramsBefore = lastCarbon.map(c -> Map.copyOf(c.locationGramsByPhase())).orElse(Map.of());
    }

    /** The costs of {@code sc}'s application, or time only when its driver runs without the energy plugin. */
    public static EpochCosts of(SparkContext sc) {
        return ApplicationEnergy.of(sc).<EpochCosts>map(PluginEpochCosts::new).orElse(TIME_ONLY);
    }

    @Override
    public RunCost epoch(int epoch, double seconds) {
        refresh(SAMPLE_WAIT);
        return epochAsLastRead(epoch, seconds);
    }

    @Override
    public RunCost epochSoFar(int epoch, double seconds) {
        refresh(Duration.ZERO);
        return epochAsLastRead(epoch, seconds);
    }

    @Override
    public RunCost epochAsLastRead(int epoch, double seconds) {
        String phase = "train/epoch-" + epoch;
        double joules = lastReport.byPhase().getOrDefault(phase, 0.0) - joulesBefore.getOrDefault(phase, 0.0);
        double grams = lastCarbon.map(c -> c.locationGramsByPhase().getOrDefault(phase, 0.0)
                - gramsBefore.getOrDefault(phase, 0.0)).orElse(Double.NaN);
        return new RunCost(seconds, joules, grams);
    }

    @Override
    public RunCost run(double seconds) {
        if (lastReport == null) {
            refresh(SAMPLE_WAIT);
        }
        return new RunCost(seconds, lastReport.joules(), lastCarbon.map(CarbonTotals::locationGrams).orElse(Double.NaN));
    }

    @Override
    public boolean estimated() {
        return lastReport != null && lastReport.joules() > 0 && lastReport.measuredShare() < 1;
    }

    private void refresh(Duration wait) {
        lastReport = energy.energy(wait);
        lastCarbon = energy.carbon();
    }
}
