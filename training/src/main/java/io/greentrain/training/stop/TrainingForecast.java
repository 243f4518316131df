package io.greentrain.training.stop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A forecast of a whole training run from its first epochs, as Carbontracker makes one for a
 * single process: what the epochs so far cost, plus the expected cost of one more epoch for each
 * epoch still to run.
 *
 * <p>One more epoch is expected to cost the median of the latest {@value #RECENT_EPOCHS} epochs observed
 * after the first (the mean of two when only two are there), each taken at its <em>repeatable</em>
 * cost: its cost less what it spent once and another epoch will not spend again. The median keeps one
 * epoch slowed by another process on the machine from moving the forecast. When only the first has
 * run, it is the first epoch's repeatable cost. An epoch's repeatable share is given per epoch
 * ({@link EpochCompilation#repeatableShare}): the first epoch leaves out its measured one-time start-up
 * (listing the files, building the replicas, loading their minibatches, and the workers' warm-up of
 * the JIT compiler on throwaway copies of their replicas, {@code ReplicaWarmUp}); every epoch leaves
 * out the part of its wall-clock time the JVM's JIT compiler took from it while the rest of the process
 * kept the cores busy. The energy is taken to scale with the time (an estimate follows the CPU
 * time). Every observed epoch's own cost counts in full in what has been spent.
 *
 * <p>Why the compiler: on the Ames example (epochs of about a tenth of a second, the JIT compiler's
 * first tier only) the second epoch is often half as long again as the epochs at the end of the
 * run, and the compiler compiles for 0.04-0.16 s of it against a few milliseconds in most later
 * epochs (measured on a shared 2-core machine), which the JVM reports ({@link JvmClocks}). What this
 * still cannot see is code
 * that runs interpreted until it is compiled in a later epoch, and later epochs slowed by other
 * processes; {@code greentrain.train.forecast-after-epochs} later gives a closer figure. An epoch's
 * energy is its phase's, which holds the validation after it and the wait for its energy samples;
 * its seconds hold neither, so energy and time errors differ.
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
     * of the first epoch's cost is what another epoch would repeat, and all of every later epoch's.
     */
    public static TrainingForecast of(List<RunCost> observed, double firstEpochRepeatableShare, int epochs) {
        List<Double> shares = new ArrayList<>(Collections.nCopies(observed.size(), 1.0));
        if (!shares.isEmpty()) {
            shares.set(0, firstEpochRepeatableShare);
        }
        return of(observed, shares, epochs);
    }

    /**
     * The forecast from {@code observed}, the costs of the epochs run so far in order (at least
     * one), for a run of {@code epochs} epochs, where {@code repeatableShares} (one per observed
     * epoch, each in (0, 1]) say what share of each epoch's cost another epoch would repeat: less its
     * one-time start-up and the JIT compiler's part ({@link EpochCompilation#repeatableShare}). One
     * more epoch costs the median of the latest epochs' repeatable costs (the first's when only it
     * has run); every observed epoch counts in full in what has been spent.
     */
    public static TrainingForecast of(List<RunCost> observed, List<Double> repeatableShares, int epochs) {
        if (observed.isEmpty()) {
            throw new IllegalArgumentException("a forecast needs at least one observed epoch");
        }
        if (repeatableShares.size() != observed.size()) {
            throw new IllegalArgumentException(repeatableShares.size() + " repeatable shares for "
                    + observed.size() + " observed epochs");
        }
        for (double share : repeatableShares) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("a repeatable share is in (0, 1], got " + share);
            }
        }
        if (epochs < observed.size()) {
            throw new IllegalArgumentException(observed.size() + " epochs observed of a run of " + epochs);
        }
        RunCost spent = observed.stream().reduce(RunCost.ZERO, RunCost::plus);
        List<RunCost> repeatable = IntStream.range(0, observed.size())
                .mapToObj(i -> observed.get(i).times(repeatableShares.get(i))).toList();
        RunCost perEpoch = observed.size() > 1
                ? medianBySeconds(repeatable.subList(Math.max(1, observed.size() - RECENT_EPOCHS), observed.size()))
                : repeatable.get(0);
        return new TrainingForecast(observed.size(), epochs, perEpoch,
                spent.plus(perEpoch.times(epochs - observed.size())));
    }

    /**
     * The median of one to {@link #RECENT_EPOCHS} epoch costs ordered by their seconds: the middle epoch's own cost
     * (its seconds, joules and grams together) for an odd count, the mean of the middle two for an even one.
     */
    static RunCost medianBySeconds(List<RunCost> costs) {
        List<RunCost> sorted = costs.stream().sorted(Comparator.comparingDouble(RunCost::seconds)).toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).times(0.5);
    }

    /** The relative error of {@code forecast} against {@code actual}: {@code (forecast - actual) / actual}. */
    public static double relativeError(double forecast, double actual) {
        return actual == 0 ? Double.NaN : (forecast - actual) / actual;
    }
}
