package io.greentrain.energy.carbon;

import java.time.Instant;
import java.util.Objects;

/**
 * Grid carbon intensity for a zone and a time window. One provider may serve many zones; hosts in
 * different zones ask with their own zone id. Zone ids compare without regard to case.
 *
 * <p>Implementations in this package are immutable and safe to call from any thread; the cost of a
 * call is a map lookup and a binary search, no I/O.
 */
public interface IntensityProvider {

    /**
     * The time-weighted mean intensity of {@code zone} over {@code [windowStart, windowEnd)}: each
     * value the provider holds counts for the part of the window it covers. An empty window
     * ({@code windowStart == windowEnd}) asks for the value in force at {@code windowStart}.
     *
     * @return the mean, for {@code zone}, with a {@linkplain CarbonIntensity#source() source} that
     *         names the data set, its year and how the value was derived
     * @throws IntensityUnavailableException (an {@link IllegalArgumentException}) naming the zone
     *                                       and window when the provider has no value for all of them
     * @throws IllegalArgumentException      when the zone is blank or the window ends before it starts
     */
    CarbonIntensity intensity(String zone, Instant windowStart, Instant windowEnd);

    /**
     * This provider, falling back to {@code fallback} for any zone and window this one has no value
     * for ({@link IntensityUnavailableException}). A value from the fallback says so in its source,
     * with the reason the primary had none. Other errors are not caught.
     */
    default IntensityProvider withFallback(IntensityProvider fallback) {
        return new FallbackIntensity(this, Objects.requireNonNull(fallback, "fallback"));
    }
}
