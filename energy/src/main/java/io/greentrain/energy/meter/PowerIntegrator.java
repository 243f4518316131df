package io.greentrain.energy.meter;

/**
 * Energy from power samples by the trapezoidal rule: between two samples the power is taken to
 * change linearly, so the energy is the mean of the two powers times the time between them.
 *
 * <p>Not thread-safe.
 */
final class PowerIntegrator {

    private long lastNanos;
    private long lastMilliwatts;
    private double joules;

    /** Starts at {@code nanos} with the power {@code milliwatts}, and no energy. */
    PowerIntegrator(long nanos, long milliwatts) {
        requireNonNegative(milliwatts);
        this.lastNanos = nanos;
        this.lastMilliwatts = milliwatts;
    }

    /**
     * Adds the energy since the previous sample. A sample not later than the previous one is
     * ignored, so samples from two threads may arrive slightly out of order.
     *
     * @return whether the sample was used
     */
    boolean add(long nanos, long milliwatts) {
        requireNonNegative(milliwatts);
        if (nanos <= lastNanos) {
            return false;
        }
        joules += (lastMilliwatts + milliwatts) / 2.0 * (nanos - lastNanos) * 1e-12;
        lastNanos = nanos;
        lastMilliwatts = milliwatts;
        return true;
    }

    /** The energy from the first sample to the last, in joules. */
    double joules() {
        return joules;
    }

    /** When the last sample was taken. */
    long lastSampleNanos() {
        return lastNanos;
    }

    private static void requireNonNegative(long milliwatts) {
        if (milliwatts < 0) {
            throw new IllegalArgumentException("power must be >= 0 mW, got " + milliwatts);
        }
    }
}
