package io.greentrain.energy.carbon;

import java.time.Instant;

/**
 * An {@link IntensityProvider} has no value for a zone and time window. The one failure that
 * {@link IntensityProvider#withFallback(IntensityProvider)} recovers from; malformed requests
 * (a window that ends before it starts) are plain {@link IllegalArgumentException}s and are not.
 */
public final class IntensityUnavailableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String zone;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final String reason;

    /**
     * @param zone        the zone asked for
     * @param windowStart the window asked for, start
     * @param windowEnd   the window asked for, end
     * @param reason      why there is no value, e.g. what the provider does cover
     */
    public IntensityUnavailableException(String zone, Instant windowStart, Instant windowEnd, String reason) {
        super("no carbon intensity for zone " + zone + " from " + windowStart + " to " + windowEnd + ": " + reason);
        this.zone = zone;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.reason = reason;
    }

    /** The zone asked for. */
    public String zone() {
        return zone;
    }

    /** The start of the window asked for. */
    public Instant windowStart() {
        return windowStart;
    }

    /** The end of the window asked for. */
    public Instant windowEnd() {
        return windowEnd;
    }

    /** Why there is no value, without the zone and window. */
    public String reason() {
        return reason;
    }
}
