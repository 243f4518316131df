package io.greentrain.energy.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class MarketFactorTest {

    private static final Instant NOON = Instant.parse("2024-03-01T12:00:00Z");
    private static final CarbonIntensity GRID_DE = new CarbonIntensity(342.06, "DE", NOON, "Ember 2024");

    @Test
    void configuredZoneGetsItsContractualFactorAndSource() {
        MarketFactor factors = MarketFactor.locationBasedOnly()
                .withFactor("de", 0, "PPA Windpark Nord 2024, 100% of load");

        CarbonIntensity market = factors.factorFor(GRID_DE);

        assertThat(market).isEqualTo(new CarbonIntensity(0, "DE", NOON, "PPA Windpark Nord 2024, 100% of load"));
    }

    @Test
    void zoneWithoutContractsGetsTheLocationBasedValueAndSaysWhy() {
        CarbonIntensity market = MarketFactor.locationBasedOnly().withFactor("FR", 10, "GO 2024")
                .factorFor(GRID_DE);

        assertThat(market.gramsPerKwh()).isEqualTo(342.06);
        assertThat(market.source()).isEqualTo("location-based value: no contractual instruments configured for"
                + " zone DE, and the residual mix the GHG Protocol Scope 2 Guidance falls back to is not available;"
                + " Ember 2024");
    }

    @Test
    void rejectsNegativeFactorsAndMissingSources() {
        assertThatThrownBy(() -> MarketFactor.locationBasedOnly().withFactor("DE", -1, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MarketFactor.locationBasedOnly().withFactor("DE", 10, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addingAFactorLeavesTheOriginalUnchanged() {
        MarketFactor none = MarketFactor.locationBasedOnly();
        none.withFactor("DE", 0, "PPA");

        assertThat(none.factorFor(GRID_DE).gramsPerKwh()).isEqualTo(342.06);
    }
}
