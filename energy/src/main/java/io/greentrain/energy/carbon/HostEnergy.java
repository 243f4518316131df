package io.greentrain.energy.carbon;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * IT energy one host (or one executor's device on it) used in a time window, before PUE.
 *
 * @param host        the host, for the record
 * @param cluster     the cluster it belongs to, for {@link PueSettings}; {@code null} when none is named
 * @param zone        the grid zone it draws from
 * @param windowStart window start
 * @param windowEnd   window end, not before the start
 * @param activeJoules energy while work ran, finite and {@code >= 0}
 * @param idleJoules  energy while nothing ran, finite and {@code >= 0}
 */
public record HostEnergy(String host, String cluster, String zone, Instant windowStart, Instant windowEnd,
                         double activeJoules, double idleJoules) {

    public HostEnergy {
        Objects.requireNonNull(host, "host");
        ZoneIds.canonical(zone);
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        if (windowEnd.isBefore(windowStart)) {
            throw new IllegalArgumentException("window ends (" + windowEnd + ") before it starts ("
                    + windowStart + ")");
        }
        requireEnergy(activeJoules, "active");
        requireEnergy(idleJoules, "idle");
    }

    /** Active plus idle energy, joules. */
    public double joules() {
        return activeJoules + idleJoules;
    }

    /** The window's length. */
    public Duration window() {
        return Duration.between(windowStart, windowEnd);
    }

    private static void requireEnergy(double joules, String what) {
        if (!(joules >= 0) || Double.isInfinite(joules)) {
            throw new IllegalArgumentException(what + " energy must be finite and >= 0 J, got " + joules);
        }
    }
}
