package io.greentrain.training.stop;

/**
 * Where a {@link TrainingMonitor} learns what the epochs cost. Called on the driver right after an
 * epoch, inside that epoch's phase.
 */
public interface EpochCosts {

    /**
     * What epoch {@code epoch} cost, given its wall-clock {@code seconds}, once the measurements that cover
     * it have arrived (this may wait for them).
     */
    RunCost epoch(int epoch, double seconds);

    /**
     * What epoch {@code epoch} cost by the measurements that have arrived, without waiting for the rest:
     * at most {@link #epoch}'s figure, which a later call of {@link #epoch} and then
     * {@link #epochAsLastRead} gives in full. By default, {@link #epoch}.
     */
    default RunCost epochSoFar(int epoch, double seconds) {
        return epoch(epoch, seconds);
    }

    /**
     * What epoch {@code epoch} cost by the measurements the last call of {@link #epoch} or
     * {@link #epochSoFar} read, reading nothing new: to complete, after one wait, the epochs read
     * earlier without waiting. By default, {@link #epoch}.
     */
    default RunCost epochAsLastRead(int epoch, double seconds) {
        return epoch(epoch, seconds);
    }

    /** What the whole run (the application, as its ledger counts it) has cost so far. */
    RunCost run(double seconds);

    /** Whether the energy figures are estimates rather than readings (to label them). */
    boolean estimated();

    /** Costs known by time only: energy and emissions NaN (no energy plugin). */
    EpochCosts TIME_ONLY = new EpochCosts() {
        @Override
        public RunCost epoch(int epoch, double seconds) {
            return new RunCost(seconds, Double.NaN, Double.NaN);
        }

        @Override
        public RunCost run(double seconds) {
            return new RunCost(seconds, Double.NaN, Double.NaN);
        }

        @Override
        public boolean estimated() {
            return false;
        }
    };
}
