package io.greentrain.energy.carbon;

import java.time.Duration;
import java.util.Objects;

/**
 * Amortises hardware's embodied emissions over its life, as the Green Software Foundation's Software
 * Carbon Intensity (SCI) specification does:
 * <pre>
 *   M = TE x (TiR / EL) x (RR / ToR)
 * </pre>
 * TE total embodied emissions, TiR time reserved, EL expected lifetime, RR resources reserved, ToR
 * total resources. An executor holding 4 of a server's 32 cores for 2 hours is charged
 * {@code TE x 2 h / EL x 4/32}; a GPU it holds alone, {@code TE x 2 h / EL}.
 *
 * <p>The default lifetime, 4 years of 365.25 days, is Cloud Carbon Footprint's lifespan of a
 * commodity rack server ({@value #EXPECTED_LIFETIME_DEFAULT_SOURCE}). Immutable and thread-safe.
 */
public final class EmbodiedEmissions {

    /** Four years of 365.25 days. */
    public static final Duration EXPECTED_LIFETIME_DEFAULT = Duration.ofDays(4 * 365 + 1);
    /** Where {@link #EXPECTED_LIFETIME_DEFAULT} comes from. */
    public static final String EXPECTED_LIFETIME_DEFAULT_SOURCE =
            "Cloud Carbon Footprint: 4-year lifespan of a commodity rack server (cloud-carbon-coefficients)";

    private static final double SECONDS_PER_HOUR = 3600;

    private final Duration expectedLifetime;
    private final String lifetimeSource;

    private EmbodiedEmissions(Duration expectedLifetime, String lifetimeSource) {
        this.expectedLifetime = expectedLifetime;
        this.lifetimeSource = lifetimeSource;
    }

    /** A lifetime of {@link #EXPECTED_LIFETIME_DEFAULT}. */
    public static EmbodiedEmissions defaults() {
        return new EmbodiedEmissions(EXPECTED_LIFETIME_DEFAULT, EXPECTED_LIFETIME_DEFAULT_SOURCE);
    }

    /**
     * Another expected lifetime, e.g. your refresh cycle.
     *
     * @param expectedLifetime positive
     * @param source           where it comes from
     */
    public static EmbodiedEmissions withExpectedLifetime(Duration expectedLifetime, String source) {
        if (expectedLifetime.isNegative() || expectedLifetime.isZero()) {
            throw new IllegalArgumentException("expected lifetime must be positive, got " + expectedLifetime);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("say where the expected lifetime comes from");
        }
        return new EmbodiedEmissions(expectedLifetime, source);
    }

    /** EL. */
    public Duration expectedLifetime() {
        return expectedLifetime;
    }

    /**
     * M for holding {@code reservation} for {@code timeReserved}, in grams, with the formula and its
     * numbers in the source.
     *
     * @param timeReserved TiR, {@code >= 0}
     */
    public EmbodiedShare share(HardwareReservation reservation, Duration timeReserved) {
        double grams = grams(reservation, timeReserved);
        double reservedHours = seconds(timeReserved) / SECONDS_PER_HOUR;
        double lifetimeHours = seconds(expectedLifetime) / SECONDS_PER_HOUR;
        EmbodiedHardware hardware = reservation.hardware();
        String source = "SCI M = TE x (TiR / EL) x (RR / ToR) = " + DecimalText.of(hardware.totalKgCo2e())
                + " kgCO2e x (" + DecimalText.of(reservedHours) + " h / " + DecimalText.of(lifetimeHours) + " h) x ("
                + DecimalText.of(reservation.reserved()) + " / " + DecimalText.of(reservation.total()) + " "
                + reservation.unit() + "); TE: " + hardware.description() + ", " + hardware.source() + "; EL: "
                + lifetimeSource;
        return new EmbodiedShare(grams, source);
    }

    /**
     * The grams of {@link #share} without its source text: for the driver, which states the source once per device
     * class and accounts thousands of windows a second.
     */
    public double grams(HardwareReservation reservation, Duration timeReserved) {
        Objects.requireNonNull(reservation, "reservation");
        if (timeReserved.isNegative()) {
            throw new IllegalArgumentException("time reserved must be >= 0, got " + timeReserved);
        }
        double reservedHours = seconds(timeReserved) / SECONDS_PER_HOUR;
        double lifetimeHours = seconds(expectedLifetime) / SECONDS_PER_HOUR;
        return reservation.hardware().totalKgCo2e() * 1000 * (reservedHours / lifetimeHours) * reservation.fraction();
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
