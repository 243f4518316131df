package io.greentrain.training.stop;

import java.util.Map;
import java.util.Optional;

/**
 * Decides, after each validated epoch, whether a training run goes on; remembers its best epoch
 * and when it first reached its target. Pure bookkeeping: the caller measures, keeps the best
 * network when {@link #lastWasBest()} says so, and stops when {@link #afterEpoch} gives a reason.
 *
 * <p>The checks after each epoch, in order: the target (when stopping on it), the plateau, the
 * energy budget, the carbon budget. A budget counts what the run has spent so far plus the
 * forecast of the next epoch, so the run stops before it would overshoot, not after. No reason is
 * given after the last configured epoch: the run ends there anyway. A figure that was not measured
 * (NaN) never triggers a stop.
 *
 * <p>Driver-only, not thread-safe.
 */
public final class EarlyStopping {

    /** The epoch at which the target was first reached, and what training had cost up to its end. */
    public record TargetReached(int epoch, double value, RunCost cost) {
    }

    /** Why and after which epoch the run stopped, with a sentence for people. */
    public record Stop(StopReason reason, int epoch, String detail) {
    }

    private final StopSettings settings;
    private final int epochs;
    private int bestEpoch;
    private double bestValue = Double.NaN;
    private double plateauReference = Double.NaN;
    private int epochsWithoutImprovement;
    private boolean lastWasBest;
    private TargetReached targetReached;
    private Stop stop;

    /** Bookkeeping for a run of {@code epochs} configured epochs. */
    public EarlyStopping(StopSettings settings, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1");
        }
        this.settings = settings;
        this.epochs = epochs;
    }

    /**
     * Records epoch {@code epoch}'s validation {@code metrics} and costs; returns the reason to stop
     * after it, if any (then also {@link #stop()}).
     *
     * @param metrics        the validation metrics by name; must hold the monitored metric
     * @param trainingSoFar  what the training epochs have cost up to the end of this one (for the
     *                       time and energy to the target)
     * @param runSoFar       what the whole run has cost so far, as its ledger counts it (for budgets)
     * @param nextEpoch      the forecast cost of one more epoch
     */
    public Optional<StopReason> afterEpoch(int epoch, Map<String, Double> metrics, RunCost trainingSoFar,
                                           RunCost runSoFar, RunCost nextEpoch) {
        if (stop != null) {
            throw new IllegalStateException("the run already stopped after epoch " + stop.epoch());
        }
        record(epoch, metrics, trainingSoFar);
        Target target = settings.target();
        if (epoch >= epochs) {
            return Optional.empty();
        }
        if (settings.stopOnTarget() && targetReached != null) {
            return stopWith(StopReason.TARGET_REACHED, epoch, String.format(java.util.Locale.ROOT,
                    "validation %s %.6g reached the target %s", target.metric(), targetReached.value(), target));
        }
        if (settings.patience() > 0 && epochsWithoutImprovement >= settings.patience()) {
            return stopWith(StopReason.PLATEAU, epoch, String.format(java.util.Locale.ROOT,
                    "validation %s did not improve by %.6g for %d epochs (best %.6g at epoch %d)",
                    settings.monitored(), settings.minImprovement(), epochsWithoutImprovement, bestValue, bestEpoch));
        }
        double joulesAfterNext = runSoFar.joules() + nextEpoch.joules();
        if (settings.budgetJoules() > 0 && joulesAfterNext > settings.budgetJoules()) {
            return stopWith(StopReason.ENERGY_BUDGET, epoch, String.format(java.util.Locale.ROOT,
                    "%.6g kWh spent + %.6g kWh forecast for epoch %d would exceed the budget of %.6g kWh",
                    runSoFar.kwh(), nextEpoch.kwh(), epoch + 1, settings.budgetJoules() / 3.6e6));
        }
        double gramsAfterNext = runSoFar.grams() + nextEpoch.grams();
        if (settings.budgetGrams() > 0 && gramsAfterNext > settings.budgetGrams()) {
            return stopWith(StopReason.CARBON_BUDGET, epoch, String.format(java.util.Locale.ROOT,
                    "%.6g gCO2e emitted + %.6g gCO2e forecast for epoch %d would exceed the budget of %.6g gCO2e",
                    runSoFar.grams(), nextEpoch.grams(), epoch + 1, settings.budgetGrams()));
        }
        return Optional.empty();
    }

    /**
     * Takes in epoch {@code epoch} of an interrupted run that this one resumed after, as
     * {@link #afterEpoch} took it in then: best epoch and value, patience count and target, but
     * never a reason to stop (the run goes on training).
     */
    public void replay(int epoch, Map<String, Double> metrics, RunCost trainingSoFar) {
        if (stop != null) {
            throw new IllegalStateException("the run already stopped after epoch " + stop.epoch());
        }
        record(epoch, metrics, trainingSoFar);
    }

    /** The bookkeeping of one validated epoch: best, plateau and target. */
    private void record(int epoch, Map<String, Double> metrics, RunCost trainingSoFar) {
        Double monitoredValue = metrics.get(settings.monitored());
        if (monitoredValue == null) {
            throw new IllegalArgumentException("no validation metric '" + settings.monitored() + "' in " + metrics.keySet());
        }
        double value = monitoredValue;
        lastWasBest = Double.isNaN(bestValue) || better(value, bestValue, 0);
        if (lastWasBest) {
            bestValue = value;
            bestEpoch = epoch;
        }
        if (Double.isNaN(plateauReference) || better(value, plateauReference, settings.minImprovement())) {
            plateauReference = value;
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
        Target target = settings.target();
        if (target != null && targetReached == null) {
            Double reached = metrics.get(target.metric());
            if (reached != null && target.reachedBy(reached)) {
                targetReached = new TargetReached(epoch, reached, trainingSoFar);
            }
        }
    }

    private Optional<StopReason> stopWith(StopReason reason, int epoch, String detail) {
        stop = new Stop(reason, epoch, detail);
        return Optional.of(reason);
    }

    private boolean better(double value, double reference, double margin) {
        if (Double.isNaN(value)) {
            return false;
        }
        return settings.higherIsBetter() ? value > reference + margin : value < reference - margin;
    }

    /** Whether the epoch last given to {@link #afterEpoch} is the best so far. */
    public boolean lastWasBest() {
        return lastWasBest;
    }

    /** The best epoch so far by the monitored metric (0 before the first). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The monitored metric's best value so far (NaN before the first epoch). */
    public double bestValue() {
        return bestValue;
    }

    /** When the target was first reached, if it was. */
    public Optional<TargetReached> targetReached() {
        return Optional.ofNullable(targetReached);
    }

    /** Why the run stopped early, if it did. */
    public Optional<Stop> stop() {
        return Optional.ofNullable(stop);
    }

    public StopSettings settings() {
        return settings;
    }
}
