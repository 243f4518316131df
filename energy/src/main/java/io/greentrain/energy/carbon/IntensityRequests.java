package io.greentrain.energy.carbon;

import java.time.Instant;
import java.util.Objects;

/** The argument checks every {@link IntensityProvider} makes before it looks anything up. */
final class IntensityRequests {

    private IntensityRequests() {
    }

    /**
     * @return the canonical zone id
     * @throws IllegalArgumentException when the zone is blank or the window ends before it starts
     */
    static String check(String zone, Instant windowStart, Instant windowEnd) {
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        if (windowEnd.isBefore(windowStart)) {
            throw new IllegalArgumentException("window ends (" + windowEnd + ") before it starts ("
                    + windowStart + ")");
        }
        return ZoneIds.canonical(zone);
    }

    /** Seconds from {@code from} to {@code to}, with nanosecond resolution. */
    static double seconds(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) + (to.getNano() - from.getNano()) / 1e9;
    }
}
