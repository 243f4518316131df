package io.greentrain.energy.meter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter whose reads may not block the sampler: each {@link #read()} runs on this meter's own daemon thread and is
 * abandoned when it has not returned within the time limit. An abandoned read is logged and leaves every domain out
 * of this sample (the meters keep cumulative totals, so the energy shows in the next good read); while it is still
 * blocked, later reads are skipped at once rather than queued behind it. {@link #close()} waits for the meter's own
 * close no longer than the limit either.
 *
 * <p>Reads of the wrapped meter all happen on one thread, one at a time, so a meter that is not thread-safe stays
 * safe. Calls to this wrapper follow {@link EnergyMeter}'s contract.
 */
public final class TimeLimitedMeter implements EnergyMeter {

    private static final Logger LOG = LoggerFactory.getLogger(TimeLimitedMeter.class);

    private final EnergyMeter meter;
    private final Duration limit;
    private final ExecutorService reader;
    private Future<List<EnergyReading>> blocked;
    private long abandonedReads;
    private long skippedReads;

    private TimeLimitedMeter(EnergyMeter meter, Duration limit) {
        this.meter = meter;
        this.limit = limit;
        this.reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "greentrain-energy-read-" + meter.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * {@code meter} with reads limited to {@code limit}.
     *
     * @throws IllegalArgumentException if the limit is not positive
     */
    public static TimeLimitedMeter of(EnergyMeter meter, Duration limit) {
        if (limit == null || limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("a meter read time limit must be positive, got " + limit);
        }
        return new TimeLimitedMeter(meter, limit);
    }

    @Override
    public String name() {
        return meter.name();
    }

    /**
     * The wrapped meter's reading if it returns within the limit; an empty list (nothing read now) if it does not,
     * or if an earlier read is still blocked. A read that throws throws here, as the wrapped meter's would.
     */
    @Override
    public synchronized List<EnergyReading> read() {
        if (blocked != null) {
            if (!blocked.isDone()) {
                skippedReads++;
                if (skippedReads == 1 || skippedReads % 60 == 0) {
                    LOG.warn("energy meter {}: a read abandoned earlier still blocks; read skipped ({} so far)",
                            meter.name(), skippedReads);
                }
                return List.of();
            }
            blocked = null;
            LOG.info("energy meter {}: the blocked read returned; reading again", meter.name());
        }
        Future<List<EnergyReading>> pending = reader.submit(meter::read);
        try {
            return pending.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            blocked = pending;
            abandonedReads++;
            LOG.warn("energy meter {}: a read did not return within {}: abandoned ({} so far); its energy shows in "
                    + "the next good read", meter.name(), limit, abandonedReads);
            return List.of();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("energy meter " + meter.name() + " failed a read", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            return List.of();
        }
    }

    /** Reads abandoned so far because they did not return in time. */
    public synchronized long abandonedReads() {
        return abandonedReads;
    }

    @Override
    public Duration maxReadInterval() {
        return meter.maxReadInterval();
    }

    /**
     * Closes the wrapped meter on its read thread, waiting no longer than the limit, then ends that thread. Closing
     * again does nothing.
     */
    @Override
    public synchronized void close() {
        if (reader.isShutdown()) {
            return;
        }
        Future<?> closing = reader.submit(meter::close);
        try {
            closing.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("energy meter {}: closing did not finish within {} (a read may still block): abandoned",
                    meter.name(), limit);
        } catch (ExecutionException e) {
            LOG.warn("energy meter {}: closing failed: {}", meter.name(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reader.shutdownNow();
        }
    }
}
