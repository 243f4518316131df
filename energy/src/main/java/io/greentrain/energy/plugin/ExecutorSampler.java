package io.greentrain.energy.plugin;

import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.meter.EnergyMeter;
import io.greentrain.energy.meter.EnergyReading;
import io.greentrain.energy.meter.TimeLimitedMeter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one process's meters at a fixed interval and turns consecutive cumulative readings into
 * {@link EnergySample}s. Host-wide meters are read only while the driver has chosen this process as
 * its host's reader ({@link HostReaders}, asked through a {@link HostReaderBroker}) and, as an extra
 * guard, it holds the host lock ({@link HostElection}); the others send their CPU time, which the
 * driver uses to share the host's energy. A process that was chosen but cannot open the counters
 * falls back to labelled estimates, with one warning.
 *
 * <p>{@link #sampleNow(boolean)} is synchronized: the daemon thread and {@link #close()} (the final
 * flush) never interleave.
 */
final class ExecutorSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorSampler.class);

    /** The longest a counter read may take by default before it is abandoned: two seconds. */
    static final Duration READ_LIMIT_DEFAULT = Duration.ofSeconds(2);

    /**
     * How many samples a process that the driver refused waits before it asks again, and how many a reader sends
     * between asking whether it still reads its host (a reader the driver replaced, because none of its readings
     * reached it for {@link HostReaders#LEASE_MILLIS_DEFAULT} ms, stops at its next question).
     */
    static final int CLAIM_EVERY_SAMPLES = 5;

    private final String executorId;
    private final String host;
    private final String hostId;
    private final MeterSet meters;
    private final HostElection election;
    private final HostCpuStat hostCpu;
    private final LongSupplier processCpuNanos;
    private final LongSupplier epochMillis;
    private final Consumer<EnergySample> sink;
    private final HostIdentity identity;
    private final HostReaderBroker broker;
    private final Map<String, Double> lastJoules = new HashMap<>();
    private final List<EnergyMeter> fallbackMeters = new ArrayList<>();
    private boolean warnedNoBroker;
    private boolean warnedLockUnavailable;
    private long samplesUntilClaim;
    private long samplesUntilReaderCheck;
    private final Duration readLimit;
    private final List<EnergyMeter> processMeters;
    private ScheduledExecutorService scheduler;
    private EnergyMeter hostMeter;
    private long sequence;
    private long windowStart;
    private long lastCpuNanos;
    private boolean closed;

    ExecutorSampler(String executorId, String host, MeterSet meters, HostElection election, HostCpuStat hostCpu,
                    LongSupplier processCpuNanos, LongSupplier epochMillis, Consumer<EnergySample> sink) {
        this(executorId, host, host, meters, election, hostCpu, processCpuNanos, epochMillis, sink);
    }

    ExecutorSampler(String executorId, String host, String hostId, MeterSet meters, HostElection election,
                    HostCpuStat hostCpu, LongSupplier processCpuNanos, LongSupplier epochMillis,
                    Consumer<EnergySample> sink) {
        this(executorId, host, new HostIdentity(null, hostId, Set.of()), hostId, null, meters, election, hostCpu,
                processCpuNanos, epochMillis, sink, READ_LIMIT_DEFAULT);
    }

    /**
     * A sampler whose host reading is decided by the driver: {@code broker} is asked (null: the host lock alone
     * decides, as when the driver cannot be asked).
     */
    ExecutorSampler(String executorId, String host, HostIdentity identity, HostReaderBroker broker, MeterSet meters,
                    HostElection election, HostCpuStat hostCpu, LongSupplier processCpuNanos,
                    LongSupplier epochMillis, Consumer<EnergySample> sink) {
        this(executorId, host, identity, identity.hostId(), broker, meters, election, hostCpu, processCpuNanos,
                epochMillis, sink, READ_LIMIT_DEFAULT);
    }

    /**
     * As above, with every counter read limited to {@code readLimit} ({@link TimeLimitedMeter}): a read that takes
     * longer is abandoned and logged, and {@link #close()} waits no longer than its bounded final flush.
     */
    ExecutorSampler(String executorId, String host, HostIdentity identity, HostReaderBroker broker, MeterSet meters,
                    HostElection election, HostCpuStat hostCpu, LongSupplier processCpuNanos,
                    LongSupplier epochMillis, Consumer<EnergySample> sink, Duration readLimit) {
        this(executorId, host, identity, identity.hostId(), broker, meters, election, hostCpu, processCpuNanos,
                epochMillis, sink, readLimit);
    }

    private ExecutorSampler(String executorId, String host, HostIdentity identity, String hostId,
                            HostReaderBroker broker, MeterSet meters, HostElection election, HostCpuStat hostCpu,
                            LongSupplier processCpuNanos, LongSupplier epochMillis, Consumer<EnergySample> sink,
                            Duration readLimit) {
        this.readLimit = readLimit;
        this.processMeters = meters.processMeters().stream().map(this::limited).toList();
        this.executorId = executorId;
        this.host = host;
        this.hostId = hostId;
        this.identity = identity;
        this.broker = broker;
        this.meters = meters;
        this.election = election;
        this.hostCpu = hostCpu;
        this.processCpuNanos = processCpuNanos;
        this.epochMillis = epochMillis;
        this.sink = sink;
        this.windowStart = epochMillis.getAsLong();
        this.lastCpuNanos = processCpuNanos.getAsLong();
        tryToLeadHost();
    }

    /** Builds the meters this process can use and starts sampling on a daemon thread. */
    static ExecutorSampler start(String executorId, String host, String applicationId, EnergySettings settings,
                                 Map<String, ResourceInformation> resources, HostReaderBroker broker,
                                 Consumer<EnergySample> sink) {
        MeterSet meters = MeterSet.forProcess(settings, resources);
        HostElection election = meters.hasHostMeter()
                ? new HostElection(settings.sampling().hostLockDir(), applicationId) : null;
        Duration interval = settings.sampling().interval();
        Duration limit = meters.maxReadInterval();
        if (!limit.isZero() && limit.compareTo(interval) < 0) {
            LOG.info("sampling every {} instead of {} so that no energy counter can wrap twice", limit, interval);
            interval = limit;
        }
        ExecutorSampler sampler = new ExecutorSampler(executorId, host, HostIdentity.current(meters.hostCounters()),
                broker, meters, election, new HostCpuStat(Path.of("/proc/stat")), ExecutorSampler::processCpuNanos,
                System::currentTimeMillis, sink, readLimitFor(interval));
        LOG.info("energy sampler for executor {} on {}: {}", executorId, host, meters.description());
        sampler.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "greentrain-energy-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        sampler.scheduler.scheduleAtFixedRate(() -> sampler.sampleSafely(), millis, millis, TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sampleSafely() {
        try {
            sampleNow(false);
        } catch (RuntimeException e) {
            // A failing read must not kill the sampler: the energy shows in the next good read.
            LOG.warn("energy sample failed: {}", e.toString());
        }
    }

    /** Reads every meter and sends the window since the previous sample. */
    synchronized void sampleNow(boolean last) {
        if (closed) {
            return;
        }
        long now = epochMillis.getAsLong();
        long cpuNow = processCpuNanos.getAsLong();
        List<DomainEnergy> domains = new ArrayList<>();
        for (EnergyMeter meter : processMeters) {
            addDeltas(meter, domains);
        }
        for (EnergyMeter meter : fallbackMeters) {
            addDeltas(meter, domains);
        }
        boolean leading = hostMeter != null;
        double busy = Double.NaN;
        if (leading) {
            addDeltas(hostMeter, domains);
            busy = hostCpu.busyRatioSinceLastRead();
        }
        sink.accept(new EnergySample(executorId, host, sequence++, windowStart, Math.max(now, windowStart),
                Math.max(0, cpuNow - lastCpuNanos), leading, busy, domains, last, hostId));
        windowStart = Math.max(now, windowStart);
        lastCpuNanos = cpuNow;
        if (!leading && !last) {
            tryToLeadHost();
        } else if (leading && !last) {
            checkStillReader();
        }
    }

    /**
     * Every {@value #CLAIM_EVERY_SAMPLES} samples, asks the driver whether this process still reads its host; when
     * the driver has chosen another reader, stops reading the host counters (and releases the host lock) at once, so
     * that two executors do not both read one host. Without an answer it keeps reading.
     */
    private void checkStillReader() {
        if (broker == null) {
            return;
        }
        if (samplesUntilReaderCheck > 0) {
            samplesUntilReaderCheck--;
            return;
        }
        samplesUntilReaderCheck = CLAIM_EVERY_SAMPLES - 1;
        HostReaderClaim.Decision decision = askDriver();
        if (decision == null || decision.read()) {
            return;
        }
        LOG.warn("the driver chose executor {} to read the counters of {} (no reading of executor {} reached it in "
                + "time): executor {} stops reading them", decision.reader(), host, executorId, executorId);
        stopReadingHost();
        samplesUntilClaim = CLAIM_EVERY_SAMPLES - 1;
    }

    /** Closes the host meter and forgets its last readings (a meter opened later counts from its opening). */
    private void stopReadingHost() {
        String prefix = hostMeter.name() + "/";
        lastJoules.keySet().removeIf(key -> key.startsWith(prefix));
        hostMeter.close();
        hostMeter = null;
        if (election != null) {
            election.close();
        }
    }

    private void addDeltas(EnergyMeter meter, List<DomainEnergy> out) {
        List<EnergyReading> readings;
        try {
            readings = meter.read();
        } catch (RuntimeException e) {
            // Skip this meter only: failing the whole sample would lose the deltas already taken
            // from the other meters. Its own energy shows in its next good read.
            LOG.warn("energy meter {} failed a read: {}", meter.name(), e.toString());
            return;
        }
        for (EnergyReading reading : readings) {
            String key = meter.name() + "/" + reading.domain();
            double previous = lastJoules.getOrDefault(key, 0.0);
            double delta = reading.joules() - previous;
            lastJoules.put(key, reading.joules());
            if (delta > 0) {
                out.add(new DomainEnergy(reading.domain(), reading.scope(), reading.method(), delta,
                        reading.provenance()));
            }
        }
    }

    /**
     * Becomes the host's reader if the driver says so (asked at most every {@value #CLAIM_EVERY_SAMPLES} samples
     * after a refusal) and the host lock, where its folder is usable, is free.
     */
    private void tryToLeadHost() {
        if (!meters.hasHostMeter() || !fallbackMeters.isEmpty()) {
            return;
        }
        if (broker != null) {
            if (samplesUntilClaim > 0) {
                samplesUntilClaim--;
                return;
            }
            HostReaderClaim.Decision decision = askDriver();
            if (decision != null && !decision.read()) {
                samplesUntilClaim = CLAIM_EVERY_SAMPLES - 1;
                return;
            }
        }
        if (election != null) {
            HostElection.Outcome lock = election.tryLock();
            if (lock == HostElection.Outcome.HELD_ELSEWHERE) {
                return;
            }
            if (lock == HostElection.Outcome.UNAVAILABLE && !warnedLockUnavailable) {
                warnedLockUnavailable = true;
                LOG.warn("the host lock {} cannot be created (check {}): executor {} reads the counters of {} on the "
                        + "driver's word alone", election.lockFile(), "spark.greentrain.energy.hostLockDir",
                        executorId, host);
            }
        }
        EnergyMeter opened = meters.openHostMeter();
        hostMeter = opened == null ? null : limited(opened);
        if (hostMeter != null) {
            hostCpu.busyRatioSinceLastRead();
            samplesUntilReaderCheck = CLAIM_EVERY_SAMPLES - 1;
            LOG.info("executor {} reads the host-wide counters of {}", executorId, host);
        } else {
            meters.openFallbackEstimates().forEach(meter -> fallbackMeters.add(limited(meter)));
            LOG.warn("executor {} was chosen to read the counters of {} but cannot open them: its CPU and memory "
                    + "energy are ESTIMATED from now on ({})", executorId, host,
                    fallbackMeters.isEmpty() ? "no estimate available either" : "labelled estimated");
            if (election != null) {
                election.close();
            }
        }
    }

    /** The driver's decision, or null when it cannot be asked (then the host lock decides alone; warned once). */
    private HostReaderClaim.Decision askDriver() {
        try {
            return broker.claim(new HostReaderClaim(executorId, identity));
        } catch (RuntimeException e) {
            if (!warnedNoBroker) {
                warnedNoBroker = true;
                LOG.warn("executor {} cannot ask the driver whether it reads the counters of {} ({}): the host lock "
                        + "decides; the driver keeps one reading per host and window", executorId, host, e.toString());
            }
            return null;
        }
    }

    /** Half the sampling interval, between 100 ms and {@link #READ_LIMIT_DEFAULT}: a read never delays the next sample. */
    static Duration readLimitFor(Duration interval) {
        Duration half = interval.dividedBy(2);
        Duration floor = Duration.ofMillis(100);
        return half.compareTo(floor) < 0 ? floor : half.compareTo(READ_LIMIT_DEFAULT) > 0 ? READ_LIMIT_DEFAULT : half;
    }

    private EnergyMeter limited(EnergyMeter meter) {
        return TimeLimitedMeter.of(meter, readLimit);
    }

    /**
     * The longest {@link #close()} takes: a sample in progress, the final sample and closing the meters, each read
     * and close bounded by the read limit.
     */
    Duration closeBound() {
        int meterCount = processMeters.size() + fallbackMeters.size() + 1;
        return readLimit.multipliedBy(3L * meterCount).plusSeconds(1);
    }

    /**
     * Sends the final window, stops the thread and releases meters and the host lock. Never blocks much longer than
     * {@link #closeBound()}: every counter read and close is time-limited, so a hung counter costs its limit and no
     * more.
     */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(readLimit.toMillis() * (processMeters.size() + 2) + 500,
                        TimeUnit.MILLISECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                sampleNow(true);
            } catch (RuntimeException e) {
                LOG.warn("final energy sample failed: {}", e.toString());
            }
            closed = true;
        }
        processMeters.forEach(EnergyMeter::close);
        fallbackMeters.forEach(EnergyMeter::close);
        if (hostMeter != null) {
            hostMeter.close();
        }
        if (election != null) {
            election.close();
        }
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(0, sun.getProcessCpuTime());
        }
        return 0;
    }
}
