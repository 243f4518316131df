package io.greentrain.energy.meter;

import java.util.OptionalLong;

/**
 * Turns one zone's raw {@code energy_uj} values into a cumulative total that survives wraparound.
 *
 * <p>The kernel reports {@code max_energy_range_uj} as the largest value the counter shows, so the
 * counter counts modulo {@code max + 1}: after a wrap the energy since the previous value is
 * {@code (max - previous) + current + 1}. (The kernel truncates each value to whole microjoules,
 * so a wrap can still be off by up to one hardware energy unit, about 61 µJ: negligible.)
 *
 * <p>Without a valid range a backwards step cannot be measured: the sample is dropped, the new
 * value becomes the baseline and nothing is added. Never zero-as-if-read, never a guess.
 *
 * <p>Not thread-safe.
 */
final class RaplZoneCounter {

    /** What one raw value did to the total. */
    enum Outcome {
        /** The first value: it sets the baseline, nothing is added. */
        BASELINE,
        /** The energy since the previous value was added (across a wrap if there was one). */
        ADDED,
        /** The counter went backwards with no valid range to unwrap it: nothing added, baseline reset. */
        DROPPED
    }

    private final OptionalLong maxEnergyRangeUj;
    private boolean hasBaseline;
    private long lastRawUj;
    private long totalUj;

    /** @param maxEnergyRangeUj the zone's valid (positive) range, or empty when unknown */
    RaplZoneCounter(OptionalLong maxEnergyRangeUj) {
        if (maxEnergyRangeUj.isPresent() && maxEnergyRangeUj.getAsLong() <= 0) {
            throw new IllegalArgumentException("max energy range must be positive, got " + maxEnergyRangeUj);
        }
        this.maxEnergyRangeUj = maxEnergyRangeUj;
    }

    /**
     * Accounts one raw counter value.
     *
     * @param rawUj the zone's {@code energy_uj} now, {@code >= 0}
     */
    Outcome accept(long rawUj) {
        if (rawUj < 0) {
            throw new IllegalArgumentException("energy_uj must be >= 0, got " + rawUj);
        }
        if (!hasBaseline) {
            hasBaseline = true;
            lastRawUj = rawUj;
            return Outcome.BASELINE;
        }
        Outcome outcome;
        if (rawUj >= lastRawUj) {
            totalUj += rawUj - lastRawUj;
            outcome = Outcome.ADDED;
        } else if (maxEnergyRangeUj.isPresent() && lastRawUj <= maxEnergyRangeUj.getAsLong()) {
            totalUj += (maxEnergyRangeUj.getAsLong() - lastRawUj) + rawUj + 1;
            outcome = Outcome.ADDED;
        } else {
            outcome = Outcome.DROPPED;
        }
        lastRawUj = rawUj;
        return outcome;
    }

    /** The energy accounted since the baseline, in microjoules; never decreases. */
    long totalMicrojoules() {
        return totalUj;
    }

    /** The zone's range, empty when its file was unreadable or invalid. */
    OptionalLong maxEnergyRangeUj() {
        return maxEnergyRangeUj;
    }
}
