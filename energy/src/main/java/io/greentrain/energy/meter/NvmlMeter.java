package io.greentrain.energy.meter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The energy of the NVIDIA GPUs assigned to one executor, through NVML: one domain per device, id
 * {@code gpu-<uuid>} (the UUID without NVML's {@code GPU-} prefix), {@link Scope#DEVICE}.
 *
 * <p>GPUs with a total-energy counter (Volta and later) are read from it,
 * {@link MeasurementMethod#COUNTER}: the cumulative energy is the counter now minus the counter at
 * open. Sampling power instead, and missing everything between samples, is how other tools have
 * under-counted GPUs by orders of magnitude.
 *
 * <p>Older GPUs have only a power reading, which is integrated by the trapezoidal rule,
 * {@link MeasurementMethod#POWER_INTEGRATION}: at each {@link #read()} and, once
 * {@link #startPowerSampling(Duration)} is called, every interval on the meter's own daemon thread.
 * The GPU's power sensor refreshes its value about every 20 to 100 ms depending on the generation:
 * sampling at that rate ({@link #POWER_SAMPLE_INTERVAL_DEFAULT}, 100 ms) follows load changes, while
 * sampling only at each read (seconds apart) would take one instant as the power of the whole
 * interval. Such a reading covers the time up to its last good sample and is stamped with it.
 *
 * <p>Takes ownership of the {@link Nvml} once opened: {@link #close()} stops the sampling thread and
 * shuts NVML down. If {@code open} throws, the caller still owns it.
 */
public final class NvmlMeter implements EnergyMeter {

    /** How often GPUs without an energy counter have their power sampled, unless told otherwise. */
    public static final Duration POWER_SAMPLE_INTERVAL_DEFAULT = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(NvmlMeter.class);

    private final Nvml nvml;
    private final LongSupplier nanoClock;
    private final List<CountedGpu> countedGpus;
    private final List<IntegratedGpu> integratedGpus;
    private final Object samplingLock = new Object();
    private ScheduledExecutorService sampler;
    private volatile Duration sampleInterval;
    private boolean closed;

    private NvmlMeter(Nvml nvml, LongSupplier nanoClock, List<CountedGpu> countedGpus,
                      List<IntegratedGpu> integratedGpus) {
        this.nvml = nvml;
        this.nanoClock = nanoClock;
        this.countedGpus = countedGpus;
        this.integratedGpus = integratedGpus;
    }

    /**
     * Opens the meter on {@link System#nanoTime()} and starts power sampling every
     * {@link #POWER_SAMPLE_INTERVAL_DEFAULT} if a device needs it.
     */
    public static NvmlMeter open(Nvml nvml, List<Integer> nvmlIndices) throws MeterUnavailableException {
        NvmlMeter meter = open(nvml, nvmlIndices, System::nanoTime);
        meter.startPowerSampling(POWER_SAMPLE_INTERVAL_DEFAULT);
        return meter;
    }

    /**
     * Opens the meter without a sampling thread: each device's counter or power is read once now as
     * its starting point.
     *
     * @param nvmlIndices the devices to measure, e.g. from {@link GpuAddressResolver}
     * @throws MeterUnavailableException when no index is given, or a device cannot be read
     */
    public static NvmlMeter open(Nvml nvml, List<Integer> nvmlIndices, LongSupplier nanoClock)
            throws MeterUnavailableException {
        if (nvmlIndices.isEmpty()) {
            throw new MeterUnavailableException("no GPU to measure: no NVML device index given");
        }
        List<CountedGpu> counted = new ArrayList<>();
        List<IntegratedGpu> integrated = new ArrayList<>();
        for (int index : nvmlIndices) {
            try {
                GpuIdentity identity = GpuIdentity.of(nvml, index);
                OptionalLong counter = nvml.totalEnergyMillijoules(index);
                if (counter.isPresent()) {
                    counted.add(new CountedGpu(identity, counter.getAsLong()));
                } else {
                    long milliwatts = nvml.powerMilliwatts(index);
                    integrated.add(new IntegratedGpu(identity, new PowerIntegrator(nanoClock.getAsLong(), milliwatts)));
                }
            } catch (NvmlException e) {
                throw new MeterUnavailableException("NVML device " + index + " cannot be read: " + e.getMessage(), e);
            }
        }
        counted.forEach(gpu -> LOG.info("GPU {} measured by its energy counter", gpu.identity));
        integrated.forEach(gpu -> LOG.info("GPU {} has no energy counter; its power is integrated", gpu.identity));
        return new NvmlMeter(nvml, nanoClock, List.copyOf(counted), List.copyOf(integrated));
    }

    /**
     * The domain id of the device with NVML UUID {@code uuid} in this meter's readings:
     * {@code gpu-<uuid>}, the UUID without NVML's {@code GPU-} prefix.
     */
    public static String domainOf(String uuid) {
        String bare = uuid.regionMatches(true, 0, "GPU-", 0, 4) ? uuid.substring(4) : uuid;
        return "gpu-" + bare;
    }

    /**
     * Starts sampling the power of the devices without an energy counter every {@code interval}, on
     * a daemon thread; does nothing when every device has a counter.
     *
     * @throws IllegalStateException if sampling was started already or the meter is closed
     */
    public synchronized void startPowerSampling(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("power sample interval must be positive, got " + interval);
        }
        if (closed || sampler != null) {
            throw new IllegalStateException(closed ? "meter is closed" : "power sampling already started");
        }
        if (integratedGpus.isEmpty()) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "greentrain-gpu-power-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampleInterval = interval;
        long nanos = interval.toNanos();
        sampler.scheduleAtFixedRate(this::sampleFromThread, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Reads the power of every device without an energy counter and integrates it up to
     * {@code nanos}. A device whose power cannot be read now is skipped; its next sample then spans
     * the gap. Thread-safe: the sampling thread and {@link #read()} both call it.
     *
     * @param nanos the time of the sample on the meter's clock; not later than the previous is ignored
     */
    public void samplePower(long nanos) {
        synchronized (samplingLock) {
            for (IntegratedGpu gpu : integratedGpus) {
                gpu.sample(nvml, nanos);
            }
        }
    }

    /** A failure must not end the schedule, which would silently stop the integration. */
    private void sampleFromThread() {
        try {
            samplePower(nanoClock.getAsLong());
        } catch (RuntimeException e) {
            LOG.error("GPU power sample failed; sampling continues", e);
        }
    }

    @Override
    public String name() {
        return "nvml";
    }

    /** One reading per device read successfully now. */
    @Override
    public List<EnergyReading> read() {
        List<EnergyReading> readings = new ArrayList<>();
        for (CountedGpu gpu : countedGpus) {
            if (gpu.readCounter(nvml)) {
                readings.add(new EnergyReading(gpu.identity.domain(), Scope.DEVICE, MeasurementMethod.COUNTER,
                        gpu.totalMillijoules / 1e3, nanoClock.getAsLong(),
                        "NVML total energy counter of " + gpu.identity));
            }
        }
        if (!integratedGpus.isEmpty()) {
            samplePower(nanoClock.getAsLong());
            String sampling = samplingDescription();
            synchronized (samplingLock) {
                for (IntegratedGpu gpu : integratedGpus) {
                    readings.add(new EnergyReading(gpu.identity.domain(), Scope.DEVICE,
                            MeasurementMethod.POWER_INTEGRATION, gpu.integrator.joules(),
                            gpu.integrator.lastSampleNanos(), "NVML power of " + gpu.identity
                                    + " integrated by the trapezoidal rule, sampled " + sampling));
                }
            }
        }
        return readings;
    }

    /** {@link Duration#ZERO}: the energy counter is 64 bits of millijoules and never wraps in practice. */
    @Override
    public Duration maxReadInterval() {
        return Duration.ZERO;
    }

    /** Stops the sampling thread (waiting up to a second) and shuts NVML down. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sampler != null) {
            sampler.shutdownNow();
            try {
                if (!sampler.awaitTermination(1, TimeUnit.SECONDS)) {
                    LOG.warn("GPU power sampler did not stop within a second");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            nvml.shutdown();
        } catch (NvmlException e) {
            LOG.warn("NVML shutdown failed: {}", e.getMessage());
        }
    }

    private String samplingDescription() {
        Duration interval = sampleInterval;
        return interval == null ? "at each read" : "every " + interval.toMillis() + " ms and at each read";
    }

    /** What identifies a device in domain ids and provenance. */
    private record GpuIdentity(int index, String uuid, String name, String pciBusId) {

        static GpuIdentity of(Nvml nvml, int index) {
            String pciBusId;
            try {
                pciBusId = nvml.pciBusId(index);
            } catch (NvmlException e) {
                LOG.debug("GPU {}: no PCI bus id ({})", index, e.getMessage());
                pciBusId = "unknown";
            }
            return new GpuIdentity(index, nvml.uuid(index), nvml.name(index), pciBusId);
        }

        String domain() {
            return domainOf(uuid);
        }

        @Override
        public String toString() {
            return name + " (" + uuid + ", NVML index " + index + ", PCI " + pciBusId + ")";
        }
    }

    /** A device read from its energy counter. Used by the reading thread only. */
    private static final class CountedGpu {
        private final GpuIdentity identity;
        private long lastMillijoules;
        private long totalMillijoules;
        private boolean failing;

        CountedGpu(GpuIdentity identity, long millijoulesAtOpen) {
            this.identity = identity;
            this.lastMillijoules = millijoulesAtOpen;
        }

        /** Adds the energy since the last read; false when the counter cannot be read now. */
        boolean readCounter(Nvml nvml) {
            OptionalLong counter;
            try {
                counter = nvml.totalEnergyMillijoules(identity.index());
            } catch (NvmlException e) {
                if (!failing) {
                    LOG.warn("GPU {}: energy counter not readable now ({}); counted at its next good read",
                            identity, e.getMessage());
                }
                failing = true;
                return false;
            }
            if (counter.isEmpty()) {
                LOG.warn("GPU {}: energy counter now reported as not supported; no reading", identity);
                return false;
            }
            long now = counter.getAsLong();
            if (now < lastMillijoules) {
                LOG.warn("GPU {}: energy counter went back from {} to {} mJ (driver reloaded?); sample dropped",
                        identity, lastMillijoules, now);
            } else {
                totalMillijoules += now - lastMillijoules;
            }
            lastMillijoules = now;
            failing = false;
            return true;
        }
    }

    /** A device whose power is integrated. Guarded by the meter's sampling lock. */
    private static final class IntegratedGpu {
        private final GpuIdentity identity;
        private final PowerIntegrator integrator;
        private boolean failing;

        IntegratedGpu(GpuIdentity identity, PowerIntegrator integrator) {
            this.identity = identity;
            this.integrator = integrator;
        }

        void sample(Nvml nvml, long nanos) {
            if (nanos <= integrator.lastSampleNanos()) {
                return;
            }
            try {
                integrator.add(nanos, nvml.powerMilliwatts(identity.index()));
                failing = false;
            } catch (NvmlException e) {
                if (!failing) {
                    LOG.warn("GPU {}: power not readable now ({}); the next sample spans the gap",
                            identity, e.getMessage());
                }
                failing = true;
            }
        }
    }
}
