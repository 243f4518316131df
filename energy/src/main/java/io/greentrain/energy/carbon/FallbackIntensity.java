package io.greentrain.energy.carbon;

import java.time.Instant;

/** A provider with a second one behind it; see {@link IntensityProvider#withFallback(IntensityProvider)}. */
final class FallbackIntensity implements IntensityProvider {

    private final IntensityProvider primary;
    private final IntensityProvider fallback;

    FallbackIntensity(IntensityProvider primary, IntensityProvider fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public CarbonIntensity intensity(String zone, Instant windowStart, Instant windowEnd) {
        try {
            return primary.intensity(zone, windowStart, windowEnd);
        } catch (IntensityUnavailableException missing) {
            CarbonIntensity substitute = fallback.intensity(zone, windowStart, windowEnd);
            return new CarbonIntensity(substitute.gramsPerKwh(), substitute.zone(), substitute.periodStart(),
                    "fallback used (primary had none: " + missing.reason() + "): " + substitute.source());
        }
    }
}
