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

    /**
     * One epoch as the monitor saw it: its validation metrics, its cost and the training's cost up to its end; and
     * the wall-clock seconds the monitor then spent validating and asking for the epoch's cost (waiting for the
     * energy samples that cover it). Both run inside the epoch's energy phase, after its {@code stats.seconds()}:
     * the epoch's joules cover them, its seconds do not (NaN for epochs an earlier run trained). And what the driver
     * JVM's JIT compiler and process did while the epoch trained ({@link EpochCompilation#UNKNOWN} for epochs an earlier
     * run trained), from which the forecast takes the share of the epoch that another would repeat.
     */
    public record EpochRecord(EpochStats stats, Map<String, Double> metrics, RunCost cost, RunCost trainingSoFar,
                              double validationSeconds, double costingSeconds, EpochCompilation compilation) {

        /** A record without the monitor's own timings (an epoch an earlier run trained). */
        public EpochRecord(EpochStats stats, Map<String, Double> metrics, RunCost cost, RunCost trainingSoFar) {
            this(stats, metrics, cost, trainingSoFar, Double.NaN, Double.NaN, EpochCompilation.UNKNOWN);
        }

        /** This record with {@code cost} and {@code trainingSoFar} in place of its own. */
        EpochRecord withCosts(RunCost cost, RunCost trainingSoFar) {
            return new EpochRecord(stats, metrics, cost, trainingSoFar, validationSeconds, costingSeconds,
                    compilation);
        }

        /**
         * The share of the epoch's cost that another epoch would repeat: less its one-time start-up and the JIT
         * compiler's part ({@link EpochCompilation#repeatableShare}).
         */
        public double repeatableShare() {
            return compilation.repeatableShare(stats);
        }
    }

    private final EarlyStopping stopping;
    private final int epochs;
    private final int forecastAfter;
    private final Validation validation;
    private final EpochCosts costs;
    private final Consumer<String> report;
    private final JvmClocks clocks;
    /** The JVM's clocks when the epoch now training began: after the previous epoch's handling, or at construction. */
    private EpochCompilation.Mark epochStart;
    private final List<EpochRecord> records = new ArrayList<>();
    private RunCost trainingSoFar = RunCost.ZERO;
    /** Whether some epoch trained here was costed without waiting and not completed since. */
    private boolean unsettled;
    private TrainingForecast forecast;
    private MultiLayerNetwork best;
    private int resumedEpochs;
    private MonitorCheckpoints saved;
    /** What the epochs of the interrupted run cost, when they were restored from {@link #saved}; else zero. */
    private RunCost earlierRunsCost = RunCost.ZERO;

    /**
     * @param forecastAfter the epochs trained (in this run, when it resumed from a checkpoint) after which the
     *                      forecast of the epochs it trains is made (and reported)
     * @param report        receives one line for people per event (forecast, target, stop)
     */
    public TrainingMonitor(StopSettings settings, int epochs, int forecastAfter, Validation validation,
                           EpochCosts costs, Consumer<String> report) {
        this(settings, epochs, forecastAfter, validation, costs, report, JvmClocks.NONE);
    }

    /**
     * As above, with what the JVM's JIT compiler and process spend in each epoch read from {@code clocks}
     * ({@link JvmClocks#jvm()} for this JVM's; {@link JvmClocks#NONE}, as the constructor above, forecasts by
     * wall-clock time alone): the forecast leaves the compiler's part of the epochs it observes out of the epochs
     * still to run ({@link EpochCompilation}). The first epoch is measured from this construction, so make the
     * monitor just before training starts.
     */
    public TrainingMonitor(StopSettings settings, int epochs, int forecastAfter, Validation validation,
                           EpochCosts costs, Consumer<String> report, JvmClocks clocks) {
        if (forecastAfter < 1) {
            throw new IllegalArgumentException("the forecast needs at least one epoch, got " + forecastAfter);
        }
        this.stopping = new EarlyStopping(settings, epochs);
        this.epochs = epochs;
        this.forecastAfter = forecastAfter;
        this.validation = validation;
        this.costs = costs;
        this.report = report;
        this.clocks = clocks;
        this.epochStart = EpochCompilation.mark(clocks);
    }

    /**
     * Saves what this monitor learns after every epoch to {@code checkpoints} (validation metrics,
     * costs, the best network) and restores it from there when the run resumes ({@link #onResume}).
     * Call before training starts.
     */
    public TrainingMonitor persistingTo(MonitorCheckpoints checkpoints) {
        if (!records.isEmpty()) {
            throw new IllegalStateException("persist before the first epoch, not after epoch " + records.size());
        }
        this.saved = checkpoints;
        return this;
    }

    /**
     * Takes in the epochs an earlier run finished before this one resumed from its checkpoint: they
     * become records that count for {@link #records} and {@link #keptEpoch}, not for the forecast
     * or {@link #actual}, which cover the epochs trained here. When this monitor
     * {@linkplain #persistingTo persists} and the interrupted run saved every one of
     * {@code completed} (matched by epoch and seconds), their validation metrics and costs come
     * back, early stopping takes them in again ({@link EarlyStopping#replay}: best epoch and value,
     * patience count, target), and the best network comes back from its file; the time and energy to
     * the target then count the earlier epochs too. Otherwise the records have their time but no
     * energy (the earlier run's application measured that, in its own ledger entries) and early
     * stopping starts with the first epoch trained here. Reports one line.
     */
    @Override
    public void onResume(List<EpochStats> completed) {
        if (!records.isEmpty()) {
            throw new IllegalStateException("a run resumes before its first epoch, not after epoch " + records.size());
        }
        resumedEpochs = completed.size();
        if (completed.isEmpty()) {
            return;
        }
        Optional<List<MonitorCheckpoints.SavedEpoch>> restorable = saved == null ? Optional.empty()
                : saved.read().map(MonitorCheckpoints.Saved::epochs).filter(epochs -> matches(epochs, completed));
        RunCost soFar = RunCost.ZERO;
        for (int i = 0; i < completed.size(); i++) {
            EpochStats stats = completed.get(i);
            Map<String, Double> metrics = restorable.map(epochs -> epochs.get(stats.epoch() - 1).metrics())
                    .orElse(Map.of());
            RunCost cost = restorable.map(epochs -> epochs.get(stats.epoch() - 1).cost())
                    .orElse(new RunCost(stats.seconds(), Double.NaN, Double.NaN));
            soFar = soFar.plus(cost);
            records.add(new EpochRecord(stats, metrics, cost, soFar));
            if (restorable.isPresent()) {
                Map<String, Double> replayed = new LinkedHashMap<>(metrics);
                replayed.putIfAbsent(stopping.settings().monitored(), Double.NaN);
                stopping.replay(stats.epoch(), replayed, soFar);
            }
        }
        String line = "resuming after epoch " + completed.size() + " from its checkpoint: epochs 1 to "
                + completed.size() + " were trained by an earlier run";
        if (restorable.isPresent()) {
            earlierRunsCost = soFar;
            if (stopping.settings().restoreBest() && stopping.bestEpoch() > 0) {
                best = saved.bestNetwork(stopping.bestEpoch()).orElse(null);
            }
            line += String.format(Locale.ROOT, "; early stopping goes on from there (best %s %.6g at epoch %d%s)",
                    stopping.settings().monitored(), stopping.bestValue(), stopping.bestEpoch(),
                    best != null ? ", its network restored" : "");
        } else if (saved != null) {
            line += "; the interrupted run's validation record does not match its checkpoint, so early stopping "
                    + "starts afresh";
        }
        report.accept(line);
        epochStart = EpochCompilation.mark(clocks);
    }

    /** Whether {@code saved} holds exactly the epochs {@code completed}, in order, with the same seconds. */
    private static boolean matches(List<MonitorCheckpoints.SavedEpoch> saved, List<EpochStats> completed) {
        if (saved.size() < completed.size()) {
            return false;
        }
        for (int i = 0; i < completed.size(); i++) {
            if (saved.get(i).epoch() != completed.get(i).epoch() || saved.get(i).epoch() != i + 1
                    || Double.compare(saved.get(i).seconds(), completed.get(i).seconds()) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onEpochEnd(EpochStats stats, MultiLayerNetwork network) {
        EpochCompilation compilation = epochStart.since();
        long validating = System.nanoTime();
        Map<String, Double> metrics = new LinkedHashMap<>(validation.metrics(stats, network));
        long costing = System.nanoTime();
        RunCost cost;
        if (needsCostNow(records.size() - resumedEpochs + 1, metrics)) {
            cost = costs.epoch(stats.epoch(), stats.seconds());
            completeEarlierCosts();
        } else {
            cost = costs.epochSoFar(stats.epoch(), stats.seconds());
            unsettled = true;
        }
        long costed = System.nanoTime();
        trainingSoFar = trainingSoFar.plus(cost);
        records.add(new EpochRecord(stats, Map.copyOf(metrics), cost, earlierRunsCost.plus(trainingSoFar),
                (costing - validating) / 1e9, (costed - costing) / 1e9, compilation));
        List<EpochRecord> trainedHere = records.subList(resumedEpochs, records.size());
        List<RunCost> observed = trainedHere.stream().map(EpochRecord::cost).toList();
        TrainingForecast current = TrainingForecast.of(observed,
                trainedHere.stream().map(EpochRecord::repeatableShare).toList(), epochs - resumedEpochs);
        if (trainedHere.size() == forecastAfter) {
            forecast = current;
            report.accept(String.format(Locale.ROOT, "forecast after %d epoch%s: %d epochs take %.0f s, %s, %s%s",
                    forecastAfter, forecastAfter == 1 ? "" : "s", current.epochs(), current.total().seconds(),
                    kwhText(current.total().joules()), gramsText(current.total().grams()), estimateLabel()));
        }
        String monitored = stopping.settings().monitored();
        metrics.putIfAbsent(monitored, Double.NaN);
        boolean hadTarget = stopping.targetReached().isPresent();
        Optional<StopReason> reason = stopping.afterEpoch(stats.epoch(), metrics, earlierRunsCost.plus(trainingSoFar),
                costs.run(trainingSoFar.seconds()), current.perEpoch());
        if (stopping.lastWasBest() && stopping.settings().restoreBest()) {
            best = network.clone();
        }
        if (saved != null) {
            saved.write(records.stream().map(r -> new MonitorCheckpoints.SavedEpoch(r.stats().epoch(),
                            r.stats().seconds(), r.metrics(), r.cost())).toList(), stopping.bestEpoch(),
                    stopping.lastWasBest() && stopping.settings().restoreBest() ? network : null);
        }
        if (!hadTarget) {
            stopping.targetReached().ifPresent(reached -> report.accept(String.format(Locale.ROOT,
                    "target %s reached at epoch %d (%s %.4g) after %.1f s, %s, %s%s", stopping.settings().target(),
                    reached.epoch(), stopping.settings().target().metric(), reached.value(), reached.cost().seconds(),
                    kwhText(reached.cost().joules()), gramsText(reached.cost().grams()), estimateLabel())));
        }
        reason.ifPresent(r -> report.accept("stopping after epoch " + stats.epoch() + " (" + r.code() + "): "
                + stopping.stop().orElseThrow().detail()));
        epochStart = EpochCompilation.mark(clocks);
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

    /**
     * Whether the {@code trainedHere}-th epoch trained in this run, validated as {@code metrics}, needs its full
     * cost at once, waiting for the measurements that cover it: when a budget is checked, when the forecast is
     * made, and when it first reaches the target (the time and energy to target). Other epochs take what has
     * arrived and are completed later ({@link #settle}), which saves a wait of up to a sampling interval per epoch.
     */
    private boolean needsCostNow(int trainedHere, Map<String, Double> metrics) {
        Target target = stopping.settings().target();
        Double value = target == null ? null : metrics.get(target.metric());
        return stopping.settings().hasBudget() || trainedHere == forecastAfter
                || (stopping.targetReached().isEmpty() && value != null && target.reachedBy(value));
    }

    /**
     * After {@link EpochCosts#epoch} has waited: the earlier epochs trained here that were costed without waiting
     * get their full cost from the same reading, and the running total is summed again from them.
     */
    private void completeEarlierCosts() {
        if (!unsettled) {
            return;
        }
        RunCost sum = RunCost.ZERO;
        for (int i = resumedEpochs; i < records.size(); i++) {
            EpochRecord record = records.get(i);
            RunCost cost = costs.epochAsLastRead(record.stats().epoch(), record.stats().seconds());
            sum = sum.plus(cost);
            records.set(i, record.withCosts(cost, earlierRunsCost.plus(sum)));
        }
        trainingSoFar = sum;
        unsettled = false;
    }

    /**
     * Completes the costs of the epochs that were costed without waiting, waiting once for the measurements
     * that cover the last of them; called by {@link #records} and {@link #actual}, so the figures read after
     * training are complete.
     */
    public void settle() {
        if (!unsettled || records.size() == resumedEpochs) {
            return;
        }
        EpochRecord last = records.get(records.size() - 1);
        costs.epoch(last.stats().epoch(), last.stats().seconds());
        completeEarlierCosts();
    }

    /** Every epoch seen, in order, with complete costs ({@link #settle}). */
    public List<EpochRecord> records() {
        settle();
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

    /** How many epochs this run trained (the {@link #records} less the {@link #resumedEpochs}). */
    public int epochsTrainedHere() {
        return records.size() - resumedEpochs;
    }

    /** What the training epochs trained in this run cost in all, complete ({@link #settle}). */
    public RunCost actual() {
        settle();
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
