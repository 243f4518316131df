package io.greentrain.energy.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class EmbodiedEmissionsTest {

    private static final EmbodiedHardware TONNE_SERVER = new EmbodiedHardware("test server", 1000, "test figure");

    @Test
    void amortisesTwoHoursOfFourOfThirtyTwoCoresOverFourYears() {
        EmbodiedShare share = EmbodiedEmissions.defaults()
                .share(HardwareReservation.cores(TONNE_SERVER, 4, 32), Duration.ofHours(2));

        // EL = 4 x 365.25 d x 24 h = 35,064 h
        // M = 1,000 kg x 1,000 g/kg x (2 h / 35,064 h) x (4 / 32) = 250,000 / 35,064 = 7.12982... g
        assertThat(share.grams()).isCloseTo(7.129819758, within(1e-9));
        assertThat(share.source()).isEqualTo("SCI M = TE x (TiR / EL) x (RR / ToR) = 1000 kgCO2e"
                + " x (2 h / 35064 h) x (4 / 32 cores); TE: test server, test figure; EL: Cloud Carbon Footprint:"
                + " 4-year lifespan of a commodity rack server (cloud-carbon-coefficients)");
    }

    @Test
    void wholeGpuIsChargedItsFullTimeShare() {
        EmbodiedShare share = EmbodiedEmissions.defaults()
                .share(HardwareReservation.whole(EmbodiedHardware.gpuCard("NVIDIA H100")), Duration.ofHours(1));

        // 150 kg x 1,000 g/kg x (1 h / 35,064 h) x (1 / 1) = 4.27789... g
        assertThat(share.grams()).isCloseTo(150_000.0 / 35_064, within(1e-9));
        assertThat(share.source()).contains("TE: GPU card NVIDIA H100, Cloud Carbon Footprint embodied-emissions"
                + " coefficient per GPU card (cloud-carbon-coefficients): 150 kgCO2e for any model, not a"
                + " measurement of NVIDIA H100; an approximation");
    }

    @Test
    void configuredLifetimeReplacesTheDefault() {
        EmbodiedEmissions sixYears = EmbodiedEmissions.withExpectedLifetime(Duration.ofDays(6 * 365),
                "our refresh cycle");

        EmbodiedShare share = sixYears.share(HardwareReservation.cores(TONNE_SERVER, 32, 32), Duration.ofDays(365));

        // 1,000,000 g x (365 d / 2,190 d) x 1 = 166,666.67 g
        assertThat(share.grams()).isCloseTo(1_000_000.0 / 6, within(1e-6));
        assertThat(share.source()).endsWith("EL: our refresh cycle");
    }

    @Test
    void defaultTwoSocketServerFollowsCloudCarbonFootprintsCoefficients() {
        EmbodiedHardware server = EmbodiedHardware.TWO_SOCKET_SERVER_DEFAULT;

        // 1000 base + 100 second CPU + 533/384 kg/GB x (384 - 16) GB = 1100 + 510.79 = 1610.79 kg
        assertThat(server.totalKgCo2e()).isCloseTo(1100 + 533.0 * 368 / 384, within(1e-9));
        assertThat(server.description()).isEqualTo("rack server, 2 sockets, 384 GB");
        assertThat(server.source()).startsWith("Cloud Carbon Footprint embodied-emissions coefficients");
        assertThat(EmbodiedHardware.cloudCarbonFootprintServer(1, 8).totalKgCo2e()).isEqualTo(1000);
        assertThat(EmbodiedHardware.GPU_CARD_DEFAULT.totalKgCo2e()).isEqualTo(150);
        assertThat(EmbodiedEmissions.defaults().expectedLifetime()).isEqualTo(Duration.ofHours(35_064));
    }

    @Test
    void zeroTimeCostsNothing() {
        assertThat(EmbodiedEmissions.defaults().share(HardwareReservation.cores(TONNE_SERVER, 4, 32), Duration.ZERO)
                .grams()).isZero();
    }

    @Test
    void rejectsImpossibleReservations() {
        assertThatThrownBy(() -> HardwareReservation.cores(TONNE_SERVER, 33, 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HardwareReservation.cores(TONNE_SERVER, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbodiedEmissions.defaults()
                .share(HardwareReservation.cores(TONNE_SERVER, 1, 2), Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbodiedEmissions.withExpectedLifetime(Duration.ZERO, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbodiedHardware("server", -1, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
