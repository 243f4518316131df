package io.greentrain.energy.carbon;

import io.greentrain.energy.api.EnergyUnits;
import java.util.Objects;

/**
 * The emissions of one {@link HostEnergy}, with every value and source used.
 *
 * @param energy            the IT energy accounted
 * @param pue               the PUE applied
 * @param locationIntensity the grid's intensity over the window (location-based)
 * @param marketFactor      the contractual factor (market-based), or the location-based value standing in
 * @param locationGrams     {@code kWh x PUE x location intensity}, gCO2e
 * @param marketGrams       {@code kWh x PUE x market factor}, gCO2e
 * @param embodied          the hardware's embodied emissions for the window
 */
public record CarbonFootprint(HostEnergy energy, Pue pue, CarbonIntensity locationIntensity,
                              CarbonIntensity marketFactor, double locationGrams, double marketGrams,
                              EmbodiedShare embodied) {

    public CarbonFootprint {
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(pue, "pue");
        Objects.requireNonNull(locationIntensity, "locationIntensity");
        Objects.requireNonNull(marketFactor, "marketFactor");
        Objects.requireNonNull(embodied, "embodied");
    }

    /** IT energy, kWh: joules / {@value EnergyUnits#JOULES_PER_KWH}. */
    public double kwh() {
        return EnergyUnits.kwh(energy.joules());
    }

    /** The idle part of {@link #locationGrams()}: idle kWh x PUE x location intensity. */
    public double idleLocationGrams() {
        return EnergyUnits.kwh(energy.idleJoules()) * pue.value() * locationIntensity.gramsPerKwh();
    }

    /** Location-based operational plus embodied grams. */
    public double totalLocationGrams() {
        return locationGrams + embodied.grams();
    }

    /** Market-based operational plus embodied grams. */
    public double totalMarketGrams() {
        return marketGrams + embodied.grams();
    }
}
