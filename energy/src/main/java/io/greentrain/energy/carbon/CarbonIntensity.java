package io.greentrain.energy.carbon;

import java.time.Instant;
import java.util.Objects;

/**
 * A grid carbon intensity and where it comes from.
 *
 * @param gramsPerKwh grams of CO2e per kWh of electricity, finite and {@code >= 0}
 * @param zone        the grid zone it is for ({@code DE}, {@code US-CAL-CISO}, {@code WORLD}, ...)
 * @param periodStart the instant the value is for, or the start of the period it averages
 *                    (1 January of the year for an annual mean)
 * @param source      the provider or data set and its year, and how the value was derived from it,
 *                    in words a person can check
 */
public record CarbonIntensity(double gramsPerKwh, String zone, Instant periodStart, String source) {

    public CarbonIntensity {
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException("carbon intensity must be finite and >= 0 g/kWh, got " + gramsPerKwh);
        }
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(periodStart, "periodStart");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("say where the carbon intensity of zone " + zone + " comes from");
        }
    }
}
