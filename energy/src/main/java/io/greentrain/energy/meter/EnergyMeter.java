package io.greentrain.energy.meter;

import java.time.Duration;
import java.util.List;

/**
 * A source of energy readings. Implementations keep cumulative totals themselves (handling counter
 * wraparound), so a caller only subtracts consecutive readings of the same domain.
 *
 * <p>Not thread-safe: one sampler thread calls {@link #read()}; {@link #close()} may be called from
 * another thread once sampling has stopped.
 */
public interface EnergyMeter extends AutoCloseable {

    /** A short name for logs, e.g. {@code rapl} or {@code nvml}. */
    String name();

    /**
     * The current cumulative reading of every domain this meter can read now. A domain whose
     * counter cannot be read this time is left out (its energy then shows in the next good read);
     * a domain is never reported with a made-up value.
     */
    List<EnergyReading> read();

    /**
     * How often {@link #read()} must be called at least for the totals to stay exact (for RAPL:
     * less than the time the fastest counter takes to wrap). {@link Duration#ZERO} when any
     * interval will do.
     */
    Duration maxReadInterval();

    /** Releases what the meter holds (threads, native handles). */
    @Override
    void close();
}
