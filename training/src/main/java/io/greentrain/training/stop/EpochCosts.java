package io.greentrain.training.stop;

/**
 * Where a {@link TrainingMonitor} learns what the epochs cost. Called on the driver right after an
 * epoch, inside that epoch's phase.
 */
public interface EpochCosts {

    /** What epoch {@code epoch} cost, given its wall-clock {@code seconds}. */
    RunCost epoch(int epoch, double seconds);

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
