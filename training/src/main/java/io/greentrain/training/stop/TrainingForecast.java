package io.greentrain.training.stop;

import java.util.List;

/**
 * A forecast of a whole training run from its first epochs, as Carbontracker makes one for a
 * single process: what the epochs so far cost, plus the expected cost of one more epoch for each
 * epoch still to run.
 *
 * <p>One more epoch is expected to cost the median of the latest {@value #RECENT_EPOCHS} epochs observed
 * after the first (the mean of two when only two are there): the JVM's JIT compiler makes the first
 * epochs of a run slower than the later ones and the epochs' cost only falls while it warms up, so
 * the latest epochs say more about the next than the earliest, and the median keeps one epoch slowed
 * by another process on the machine from moving the forecast. When only the first has run, it is
 * the first epoch less its one-time start-up (listing the files, building the replicas, loading
 * their minibatches): the epoch's cost times its {@linkplain
 * io.greentrain.training.EpochStats#repeatableShare() repeatable share}, the energy taken to scale
 * with the time. The first epoch's own cost counts in full in what has been spent.
 *
 * <p>What this cannot see is warm-up still to come: a forecast made while the epochs are still
 * getting faster is too high by what they will still gain. The allreduce engine's workers warm
 * DL4J's code up before their replicas' first epoch ({@code ReplicaWarmUp}, inside that epoch's
 * start-up), but on the Ames example (epochs of about 0.15 s) the JIT compiler goes on compiling
 * Spark's scheduling and the validation after each epoch for about eight epochs (measured: 1.2-1.4 s
 * of compilation per epoch in epochs 2 to 8 against 0.1-0.2 s at the end of a 60-epoch run), and
 * that dominates after one or two epochs; {@code greentrain.train.forecast-after-epochs} later gives
 * a closer figure. An epoch's energy is its phase's, which holds the validation after it and the
 * wait for its energy samples; its seconds hold neither, so energy and time errors differ.
 *
 * @param afterEpochs the epochs observed
 * @param epochs      the epochs configured for the run
 * @param perEpoch    the expected cost of one more epoch
 * @param total       the forecast cost of all {@code epochs}
 */
public record TrainingForecast(int afterEpochs, int epochs, RunCost perEpoch, RunCost total) {

    /** How many of the latest epochs (after the first) the cost of one more epoch is the median of. */
    public static final int RECENT_EPOCHS = 3;

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
                ? medianBySeconds(observed.subList(Math.max(1, observed.size() - RECENT_EPOCHS), observed.size()))
                : observed.get(0).times(firstEpochRepeatableShare);
        return new TrainingForecast(observed.size(), epochs, perEpoch,
                spent.plus(perEpoch.times(epochs - observed.size())));
    }

    /**
     * The median of one to {@link #RECENT_EPOCHS} epoch costs ordered by their seconds: the middle epoch's own cost
     * (its seconds, joules and grams together) for an odd count, the mean of the middle two for an even one.
     */
    static RunCost medianBySeconds(List<RunCost> costs) {
        List<RunCost> sorted = costs.stream().sorted(java.util.Comparator.comparingDouble(RunCost::seconds)).toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).times(0.5);
    }

    /** The relative error of {@code forecast} against {@code actual}: {@code (forecast - actual) / actual}. */
    public static double relativeError(double forecast, double actual) {
        return actual == 0 ? Double.NaN : (forecast - actual) / actual;
    }
}
