package io.greentrain.training.stop;

import java.util.List;

/**
 * A forecast of a whole training run from its first epochs, as Carbontracker makes one for a
 * single process: what the epochs so far cost, plus the expected cost of one more epoch for each
 * epoch still to run.
 *
 * <p>One more epoch is expected to cost the mean of the epochs observed after the first. When only
 * the first has run, it is the first epoch less its one-time start-up (listing the files, building
 * the replicas, loading their minibatches): the epoch's cost times its {@linkplain
 * io.greentrain.training.EpochStats#repeatableShare() repeatable share}, the energy taken to
 * scale with the time. The first epoch's own cost counts in full in what has been spent.
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
        return of(observed, 1, epochs);
    }

    /**
     * The forecast from {@code observed}, the costs of the epochs run so far in order (at least
     * one), for a run of {@code epochs} epochs, where {@code firstEpochRepeatableShare} (in (0, 1])
     * of the first epoch's cost is what another epoch would repeat.
     */
    public static TrainingForecast of(List<RunCost> observed, double firstEpochRepeatableShare, int epochs) {
        if (!(firstEpochRepeatableShare > 0 && firstEpochRepeatableShare <= 1)) {
            throw new IllegalArgumentException("a repeatable share is in (0, 1], got " + firstEpochRepeatableShare);
        }
        if (observed.isEmpty()) {
            throw new IllegalArgumentException("a forecast needs at least one observed epoch");
        }
        if (epochs < observed.size()) {
            throw new IllegalArgumentException(observed.size() + " epochs observed of a run of " + epochs);
        }
        RunCost spent = observed.stream().reduce(RunCost.ZERO, RunCost::plus);
        RunCost perEpoch = observed.size() > 1
                ? observed.subList(1, observed.size()).stream().reduce(RunCost.ZERO, RunCost::plus)
                        .times(1.0 / (observed.size() - 1))
                : observed.get(0).times(firstEpochRepeatableShare);
        return new TrainingForecast(observed.size(), epochs, perEpoch,
                spent.plus(perEpoch.times(epochs - observed.size())));
    }

    /** The relative error of {@code forecast} against {@code actual}: {@code (forecast - actual) / actual}. */
    public static double relativeError(double forecast, double actual) {
        return actual == 0 ? Double.NaN : (forecast - actual) / actual;
    }
}
