package io.greentrain.training.stop;

import java.util.List;

/**
 * A forecast of a whole training run from its first epochs, as Carbontracker makes one for a
 * single process: what the epochs so far cost, plus the expected cost of one more epoch for each
 * epoch still to run.
 *
 * <p>One more epoch is expected to cost the mean of the epochs observed after the first, or the
 * first alone when only one has run: the first epoch carries the run's start-up (loading the
 * minibatches into the workers, the JIT, listing files), which later epochs do not repeat.
 *
 * @param afterEpochs the epochs observed
 * @param epochs      the epochs configured for the run
 * @param perEpoch    the expected cost of one more epoch
 * @param total       the forecast cost of all {@code epochs}
 */
public record TrainingForecast(int afterEpochs, int epochs, RunCost perEpoch, RunCost total) {

    /**
     * The forecast from {@code observed}, the costs of the epochs run so far in order (at least
     * one), for a run of {@code epochs} epochs.
     */
    public static TrainingForecast of(List<RunCost> observed, int epochs) {
        if (observed.isEmpty()) {
            throw new IllegalArgumentException("a forecast needs at least one observed epoch");
        }
        if (epochs < observed.size()) {
            throw new IllegalArgumentException(observed.size() + " epochs observed of a run of " + epochs);
        }
        RunCost spent = observed.stream().reduce(RunCost.ZERO, RunCost::plus);
        List<RunCost> steady = observed.size() > 1 ? observed.subList(1, observed.size()) : observed;
        RunCost perEpoch = steady.stream().reduce(RunCost.ZERO, RunCost::plus).times(1.0 / steady.size());
        return new TrainingForecast(observed.size(), epochs, perEpoch,
                spent.plus(perEpoch.times(epochs - observed.size())));
    }

    /** The relative error of {@code forecast} against {@code actual}: {@code (forecast - actual) / actual}. */
    public static double relativeError(double forecast, double actual) {
        return actual == 0 ? Double.NaN : (forecast - actual) / actual;
    }
}
