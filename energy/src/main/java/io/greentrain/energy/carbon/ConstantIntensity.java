package io.greentrain.energy.carbon;

import java.time.Instant;

/**
 * One intensity for every zone and time: for tests, for a figure a provider quotes in a contract,
 * or as the last fallback. Prefer {@link IntensityTimeSeries}, then {@link AnnualAverages}.
 *
 * @param gramsPerKwh gCO2e per kWh, finite and {@code >= 0}
 * @param source      where the figure comes from (data set and year)
 */
public record ConstantIntensity(double gramsPerKwh, String source) implements IntensityProvider {

    public ConstantIntensity {
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException("carbon intensity must be finite and >= 0 g/kWh, got " + gramsPerKwh);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("say where the constant carbon intensity comes from");
        }
    }

    /** The constant, for the zone asked for, dated at the window's start; never unavailable. */
    @Override
    public CarbonIntensity intensity(String zone, Instant windowStart, Instant windowEnd) {
        String canonicalZone = IntensityRequests.check(zone, windowStart, windowEnd);
        return new CarbonIntensity(gramsPerKwh, canonicalZone, windowStart, source);
    }
}
