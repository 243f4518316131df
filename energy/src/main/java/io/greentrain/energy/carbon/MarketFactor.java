package io.greentrain.energy.carbon;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Market-based emission factors per zone (GHG Protocol Scope 2): what the electricity bought through
 * contractual instruments (power purchase agreements, renewable energy certificates, guarantees of
 * origin, a supplier's disclosed mix) emits per kWh, each with its source.
 *
 * <p>A zone without a configured factor gets its location-based intensity, and the source says so.
 * The Scope 2 Guidance asks for the residual mix there (the grid without the attributes others have
 * claimed); residual mixes are not available here, so the location-based value stands in for it.
 *
 * <p>Immutable: {@link #withFactor} returns a new instance. Safe to share between threads.
 */
public final class MarketFactor {

    private final Map<String, Factor> byZone;

    private MarketFactor(Map<String, Factor> byZone) {
        this.byZone = byZone;
    }

    /** No contractual instruments anywhere: every zone's market-based factor is its location-based intensity. */
    public static MarketFactor locationBasedOnly() {
        return new MarketFactor(Map.of());
    }

    /**
     * These factors plus one for {@code zone}, replacing any it had.
     *
     * @param gramsPerKwh gCO2e per kWh the contracts carry, finite and {@code >= 0} (0 for fully matched renewables)
     * @param source      the instruments and period, e.g. {@code "PPA with Windpark X, 2024, 100% of load"}
     */
    public MarketFactor withFactor(String zone, double gramsPerKwh, String source) {
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException("market-based factor must be finite and >= 0 g/kWh, got " + gramsPerKwh);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("say which contractual instruments the factor for zone " + zone
                    + " comes from");
        }
        Map<String, Factor> copy = new HashMap<>(byZone);
        copy.put(ZoneIds.canonical(zone), new Factor(gramsPerKwh, source));
        return new MarketFactor(Collections.unmodifiableMap(copy));
    }

    /**
     * The market-based factor for the zone and period of {@code locationBased}: the configured one,
     * else {@code locationBased} itself, labelled as such.
     */
    public CarbonIntensity factorFor(CarbonIntensity locationBased) {
        Objects.requireNonNull(locationBased, "locationBased");
        Factor factor = byZone.get(ZoneIds.canonical(locationBased.zone()));
        if (factor != null) {
            return new CarbonIntensity(factor.gramsPerKwh, locationBased.zone(), locationBased.periodStart(),
                    factor.source);
        }
        return new CarbonIntensity(locationBased.gramsPerKwh(), locationBased.zone(), locationBased.periodStart(),
                "location-based value: no contractual instruments configured for zone " + locationBased.zone()
                        + ", and the residual mix the GHG Protocol Scope 2 Guidance falls back to is not available; "
                        + locationBased.source());
    }

    private record Factor(double gramsPerKwh, String source) {
    }
}
