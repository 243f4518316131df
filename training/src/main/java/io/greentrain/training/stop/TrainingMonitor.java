package io.greentrain.training.stop;

import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.training.EpochListener;
import io.greentrain.training.EpochStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The epoch listener that validates, costs, forecasts and stops a training run: after each epoch
 * it validates the network, asks {@link EpochCosts} what the epoch and the run cost, makes the
 * forecast after {@code forecastAfter} epochs, keeps a copy of the best validated network, and
 * asks {@link EarlyStopping} whether to go on. What it learnt is read after the trainer returns.
 *
 * <p>Driver-only, not thread-safe.
 */
public final class TrainingMonitor implements EpochListener {

    /** Validates the network after an epoch: metrics by name, in display order; empty when there is nothing to validate on. */
    @FunctionalInterface
    public interface Validation {
        Map<String, Double> metrics(EpochStats stats, MultiLayerNetwork network);
    }

    /** One epoch as the monitor saw it: its validation metrics, its cost and the training's cost up to its end. */
    public record EpochRecord(EpochStats stats, Map<String, Double> metrics, RunCost cost, RunCost trainingSoFar) {
    }

    private final EarlyStopping stopping;
    private final int epochs;
    private final int forecastAfter;
    private final Validation validation;
    private final EpochCosts costs;
    private final Consumer<String> report;
    private final List<EpochRecord> records = new ArrayList<>();
    private RunCost trainingSoFar = RunCost.ZERO;
    private TrainingForecast forecast;
    private MultiLayerNetwork best;
    private int resumedEpochs;

    /**
     * @param forecastAfter the epochs trained (in this run, when it resumed from a checkpoint) after which the
     *                      forecast of the epochs it trains is made (and reported)
     * @param report        receives one line for people per event (forecast, target, stop)
     */
    public TrainingMonitor(StopSettings settings, int epochs, int forecastAfter, Validation validation,
                           EpochCosts costs, Consumer<String> report) {
        if (forecastAfter < 1) {
            throw new IllegalArgumentException("the forecast needs at least one epoch, got " + forecastAfter);
        }
        this.stopping = new EarlyStopping(settings, epochs);
        this.epochs = epochs;
        this.forecastAfter = forecastAfter;
        this.validation = validation;
        this.costs = costs;
        this.report = report;
    }

    /**
     * Takes in the epochs an earlier run finished before this one resumed from its checkpoint: they
     * become records without validation metrics, with their time but no energy (the earlier run's
     * application measured that, in its own ledger entries). They count for {@link #records} and
     * {@link #keptEpoch}, not for the forecast, the costs so far, early stopping's patience or the
     * best network, which start with the first epoch trained here. Reports one line.
     */
    @Override
    public void onResume(List<EpochStats> completed) {
        if (!records.isEmpty()) {
            throw new IllegalStateException("a run resumes before its first epoch, not after epoch " + records.size());
        }
        RunCost resumedSoFar = RunCost.ZERO;
        for (EpochStats stats : completed) {
            RunCost cost = new RunCost(stats.seconds(), Double.NaN, Double.NaN);
            resumedSoFar = resumedSoFar.plus(cost);
            records.add(new EpochRecord(stats, Map.of(), cost, resumedSoFar));
        }
        resumedEpochs = completed.size();
        if (!completed.isEmpty()) {
            report.accept("resuming after epoch " + completed.size() + " from its checkpoint: epochs 1 to "
                    + completed.size() + " were trained by an earlier run");
        }
    }

    @Override
    public void onEpochEnd(EpochStats stats, MultiLayerNetwork network) {
        Map<String, Double> metrics = new LinkedHashMap<>(validation.metrics(stats, network));
        RunCost cost = costs.epoch(stats.epoch(), stats.seconds());
        trainingSoFar = trainingSoFar.plus(cost);
        records.add(new EpochRecord(stats, Map.copyOf(metrics), cost, trainingSoFar));
        List<EpochRecord> trainedHere = records.subList(resumedEpochs, records.size());
        List<RunCost> observed = trainedHere.stream().map(EpochRecord::cost).toList();
        TrainingForecast current = TrainingForecast.of(observed, Math.max(trainedHere.get(0).stats().repeatableShare(),
                Double.MIN_NORMAL), epochs - resumedEpochs);
        if (trainedHere.size() == forecastAfter) {
            forecast = current;
            report.accept(String.format(Locale.ROOT, "forecast after %d epoch%s: %d epochs take %.0f s, %s, %s%s",
                    forecastAfter, forecastAfter == 1 ? "" : "s", current.epochs(), current.total().seconds(),
                    kwhText(current.total().joules()), gramsText(current.total().grams()), estimateLabel()));
        }
        String monitored = stopping.settings().monitored();
        metrics.putIfAbsent(monitored, Double.NaN);
        boolean hadTarget = stopping.targetReached().isPresent();
        Optional<StopReason> reason = stopping.afterEpoch(stats.epoch(), metrics, trainingSoFar,
                costs.run(trainingSoFar.seconds()), current.perEpoch());
        if (stopping.lastWasBest() && stopping.settings().restoreBest()) {
            best = network.clone();
        }
        if (!hadTarget) {
            stopping.targetReached().ifPresent(reached -> report.accept(String.format(Locale.ROOT,
                    "target %s reached at epoch %d (%s %.4g) after %.1f s, %s, %s%s", stopping.settings().target(),
                    reached.epoch(), stopping.settings().target().metric(), reached.value(), reached.cost().seconds(),
                    kwhText(reached.cost().joules()), gramsText(reached.cost().grams()), estimateLabel())));
        }
        reason.ifPresent(r -> report.accept("stopping after epoch " + stats.epoch() + " (" + r.code() + "): "
                + stopping.stop().orElseThrow().detail()));
    }

    @Override
    public boolean stopRequested() {
        return stopping.stop().isPresent();
    }

    /** The network to keep: the best validated one when the settings say so and there was one, else {@code last}. */
    public MultiLayerNetwork keptNetwork(MultiLayerNetwork last) {
        return best != null ? best : last;
    }

    /** The epoch whose network {@link #keptNetwork} returns, given the last epoch run. */
    public int keptEpoch() {
        return best != null ? stopping.bestEpoch() : records.size();
    }

    public EarlyStopping stopping() {
        return stopping;
    }

    /** Every epoch seen, in order. */
    public List<EpochRecord> records() {
        return List.copyOf(records);
    }

    /** The forecast made after {@code forecastAfter} epochs; empty when the run ended before. */
    public Optional<TrainingForecast> forecast() {
        return Optional.ofNullable(forecast);
    }

    /** How many of the {@link #records} an earlier run trained before this one resumed (0 when none). */
    public int resumedEpochs() {
        return resumedEpochs;
    }

    /** What the training epochs trained in this run cost in all. */
    public RunCost actual() {
        return trainingSoFar;
    }

    /** Whether the energy figures are estimates. */
    public boolean estimated() {
        return costs.estimated();
    }

    private String estimateLabel() {
        return costs.estimated() ? " (energy estimated)" : "";
    }

    private static String kwhText(double joules) {
        return Double.isNaN(joules) ? "energy not measured" : EnergyUnits.energy(joules);
    }

    private static String gramsText(double grams) {
        return Double.isNaN(grams) ? "emissions not accounted" : EnergyUnits.mass(grams) + " CO2e";
    }
}
