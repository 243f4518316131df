package io.greentrain.energy.carbon;

import io.greentrain.energy.api.EnergyUnits;
import java.util.Objects;

/**
 * Turns IT energy into emissions: {@code kWh x PUE x intensity}, location-based and market-based,
 * plus the embodied emissions of the hardware reserved for the window. kWh = J / 3.6e6.
 *
 * <p>The intensity is the provider's time-weighted mean over the energy's window, for the host's
 * zone; the PUE is the host's cluster's, else its zone's, else the default. Immutable and
 * thread-safe if its parts are (those of this package are).
 */
public final class CarbonAccountant {

    private final IntensityProvider locationBased;
    private final MarketFactor marketFactors;
    private final PueSettings pueSettings;
    private final EmbodiedEmissions embodiedEmissions;

    /**
     * @param locationBased     the grid intensity per zone and window
     * @param marketFactors     contractual factors per zone
     * @param pueSettings       PUE per cluster or zone
     * @param embodiedEmissions how embodied emissions are amortised
     */
    public CarbonAccountant(IntensityProvider locationBased, MarketFactor marketFactors, PueSettings pueSettings,
                            EmbodiedEmissions embodiedEmissions) {
        this.locationBased = Objects.requireNonNull(locationBased, "locationBased");
        this.marketFactors = Objects.requireNonNull(marketFactors, "marketFactors");
        this.pueSettings = Objects.requireNonNull(pueSettings, "pueSettings");
        this.embodiedEmissions = Objects.requireNonNull(embodiedEmissions, "embodiedEmissions");
    }

    /**
     * Operational emissions only, for energy whose hardware is charged on another entry (DRAM and
     * the CPU package share one server).
     *
     * @throws IntensityUnavailableException when the provider has no intensity for the zone and window
     */
    public CarbonFootprint account(HostEnergy energy) {
        return account(energy, EmbodiedShare.none("no hardware reservation given for this energy"));
    }

    /**
     * Operational emissions plus the embodied emissions of holding {@code reservation} for the
     * energy's window.
     *
     * @throws IntensityUnavailableException when the provider has no intensity for the zone and window
     */
    public CarbonFootprint account(HostEnergy energy, HardwareReservation reservation) {
        Objects.requireNonNull(reservation, "reservation");
        return account(energy, embodiedEmissions.share(reservation, energy.window()));
    }

    private CarbonFootprint account(HostEnergy energy, EmbodiedShare embodied) {
        Objects.requireNonNull(energy, "energy");
        CarbonIntensity location = locationBased.intensity(energy.zone(), energy.windowStart(), energy.windowEnd());
        CarbonIntensity market = marketFactors.factorFor(location);
        Pue pue = pueSettings.pueFor(energy.cluster(), energy.zone());
        double facilityKwh = EnergyUnits.kwh(energy.joules()) * pue.value();
        return new CarbonFootprint(energy, pue, location, market, facilityKwh * location.gramsPerKwh(),
                facilityKwh * market.gramsPerKwh(), embodied);
    }
}
