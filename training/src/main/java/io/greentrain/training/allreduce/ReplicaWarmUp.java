package io.greentrain.training.allreduce;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Warms the JVM's JIT compiler up on a worker's newly built replica before it trains: fits a
 * throwaway copy of the replica on the worker's own minibatches, then drops the copy. The replica
 * itself is not touched, so the parameters a run ends with are exactly those it would end with
 * without a warm-up.
 *
 * <p>Why: the first epochs in a fresh JVM run DL4J's Java code interpreted and then half-compiled;
 * on the Ames example (epochs of about 0.15 s) one replica's compute fell from 358 to 50-57 ms of
 * CPU per epoch over the first four or five. Those slow epochs are a one-time start-up cost, not
 * what another epoch costs, and a forecast made after one or two epochs cannot tell them apart.
 * Run as part of building the replica, the warm-up lands in the first epoch's measured start-up
 * ({@link io.greentrain.training.EpochStats#startupSeconds()}) and in its energy phase, never in a
 * later epoch's steady cost.
 *
 * <p>The copy is fitted in windows of {@value #WINDOW} steps, cycling through the minibatches,
 * until the mean time per step stops falling ({@value #FLAT_WINDOWS} windows in a row not
 * {@value #SIGNIFICANT_FALL_PERCENT}% faster than the fastest window before them, after at least
 * {@value #MIN_WINDOWS} windows), or {@link #maxSteps} steps, or {@link #maxTime}, whichever comes
 * first. The copy fits alone, with no averaging between workers: the ring's code is not warmed.
 * The networks greentrain builds draw no random numbers while fitting (no dropout), so the copy's
 * steps leave nothing behind that the replica's training would see.
 *
 * @param maxSteps the most steps the copy takes; 0 turns the warm-up off
 * @param maxTime  the longest the warm-up runs (checked after each step); zero turns it off
 */
public record ReplicaWarmUp(int maxSteps, Duration maxTime) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Steps whose mean time is compared with the windows before. */
    public static final int WINDOW = 10;
    /** Windows in a row without a significant fall after which the time per step counts as settled. */
    public static final int FLAT_WINDOWS = 2;
    /** The fewest windows before the time per step can count as settled. */
    public static final int MIN_WINDOWS = 3;
    /** How much faster than the fastest window before a window must be, in percent, to count as a fall. */
    public static final int SIGNIFICANT_FALL_PERCENT = 5;

    /** The default: at most 300 steps or 2 seconds (the Ames example's replicas settle in about 50 steps, 0.5 s). */
    public static final ReplicaWarmUp DEFAULT = new ReplicaWarmUp(300, Duration.ofSeconds(2));

    /** No warm-up. */
    public static final ReplicaWarmUp OFF = new ReplicaWarmUp(0, Duration.ZERO);

    /** What one warm-up did: its steps, its wall-clock seconds, and whether the time per step settled before a cap. */
    public record Outcome(int steps, double seconds, boolean settled) {

        /** Nothing done: the warm-up is off. */
        public static final Outcome NONE = new Outcome(0, 0, false);
    }

    public ReplicaWarmUp {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must not be negative, got " + maxSteps);
        }
        if (maxTime == null || maxTime.isNegative()) {
            throw new IllegalArgumentException("the warm-up time must not be negative, got " + maxTime);
        }
    }

    /** Whether a warm-up runs at all. */
    public boolean enabled() {
        return maxSteps > 0 && !maxTime.isZero();
    }

    /**
     * Fits a copy of {@code replica} on {@code minibatches} (in order, cycling) as described in the
     * class comment and drops it; {@code replica} is left as it was. Runs on the caller's thread.
     */
    public Outcome run(Model replica, List<DataSet> minibatches) {
        if (!enabled() || minibatches.isEmpty()) {
            return Outcome.NONE;
        }
        NeuralNetwork copy = (NeuralNetwork) Networks.copy(replica);
        long start = System.nanoTime();
        long deadline = start + maxTime.toNanos();
        WindowTimes windows = new WindowTimes();
        int steps = 0;
        long windowStart = start;
        while (steps < maxSteps) {
            copy.fit(minibatches.get(steps % minibatches.size()));
            steps++;
            long now = System.nanoTime();
            if (steps % WINDOW == 0) {
                if (windows.add((now - windowStart) / (double) WINDOW)) {
                    return new Outcome(steps, (now - start) / 1e9, true);
                }
                windowStart = now;
            }
            if (now - deadline >= 0) {
                break;
            }
        }
        return new Outcome(steps, (System.nanoTime() - start) / 1e9, false);
    }

    /** The mean step times of successive windows, and whether they have stopped falling. */
    static final class WindowTimes {
        private int windows;
        private int flat;
        private double fastest = Double.POSITIVE_INFINITY;

        /** Adds the next window's mean step time; returns whether the step time has settled. */
        boolean add(double meanStepNanos) {
            windows++;
            if (meanStepNanos < fastest * (1 - SIGNIFICANT_FALL_PERCENT / 100.0)) {
                flat = 0;
            } else {
                flat++;
            }
            fastest = Math.min(fastest, meanStepNanos);
            return windows >= MIN_WINDOWS && flat >= FLAT_WINDOWS;
        }
    }
}
