package io.greentrain.energy.meter;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Estimates this process's CPU energy from its CPU time, where no counter can be read (laptops
 * without RAPL access, VMs, containers). One domain, {@value #DOMAIN}, {@link Scope#PROCESS},
 * {@link MeasurementMethod#ESTIMATED}.
 *
 * <p>The model is Cloud Carbon Footprint's linear one per vCPU: an allocated core draws
 * {@code minWattsPerCore} when idle and {@code maxWattsPerCore} when busy. Over a wall-clock
 * interval {@code Δt} in which the process used {@code s} CPU-seconds on {@code C} allocated cores:
 * <pre>
 *   E = C × minWattsPerCore × Δt + s × (maxWattsPerCore − minWattsPerCore)
 * </pre>
 * CPU time beyond {@code C × Δt} (more busy threads than allocated cores) is counted as it is, not
 * capped. The defaults, {@value #MIN_WATTS_PER_CORE_DEFAULT} W and {@value #MAX_WATTS_PER_CORE_DEFAULT} W,
 * are the "Average Min Watts" and "Average Max Watts" per vCPU that the Cloud Carbon Footprint
 * methodology derives for AWS from the SPECpower_ssj2008 results (its GCP figures are 0.71 and
 * 4.26 W, Azure 0.78 and 3.76 W); both are configurable. Since SPECpower measures whole servers,
 * these figures already include some memory power.
 *
 * <p>CPU time comes from {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}: all
 * of the JVM's threads, garbage collection and compilation included. Reading is cheap.
 */
public final class CpuTimeEstimateMeter implements EnergyMeter {

    /** The domain id of the estimate. */
    public static final String DOMAIN = "cpu-estimated";
    /** Watts per idle vCPU: Cloud Carbon Footprint's AWS "Average Min Watts". */
    public static final double MIN_WATTS_PER_CORE_DEFAULT = 0.74;
    /** Watts per fully busy vCPU: Cloud Carbon Footprint's AWS "Average Max Watts". */
    public static final double MAX_WATTS_PER_CORE_DEFAULT = 3.5;

    private final double allocatedCores;
    private final double minWattsPerCore;
    private final double maxWattsPerCore;
    private final LongSupplier processCpuNanos;
    private final LongSupplier nanoClock;
    private final long openNanos;
    private final long openCpuNanos;
    private final String provenance;
    private long highestCpuNanos;

    private CpuTimeEstimateMeter(double allocatedCores, double minWattsPerCore, double maxWattsPerCore,
                                 LongSupplier processCpuNanos, LongSupplier nanoClock, long openCpuNanos) {
        this.allocatedCores = allocatedCores;
        this.minWattsPerCore = minWattsPerCore;
        this.maxWattsPerCore = maxWattsPerCore;
        this.processCpuNanos = processCpuNanos;
        this.nanoClock = nanoClock;
        this.openCpuNanos = openCpuNanos;
        this.highestCpuNanos = openCpuNanos;
        this.openNanos = nanoClock.getAsLong();
        boolean defaults = minWattsPerCore == MIN_WATTS_PER_CORE_DEFAULT && maxWattsPerCore == MAX_WATTS_PER_CORE_DEFAULT;
        this.provenance = "estimated: " + plain(allocatedCores) + " cores x " + plain(minWattsPerCore)
                + " W idle + CPU-seconds x (" + plain(maxWattsPerCore) + "-" + plain(minWattsPerCore) + ") W ("
                + (defaults ? "Cloud Carbon Footprint SPECpower averages" : "configured coefficients") + ")";
    }

    /** Opens the meter with the default coefficients on this JVM's CPU time. */
    public static CpuTimeEstimateMeter open(double allocatedCores) throws MeterUnavailableException {
        return open(allocatedCores, MIN_WATTS_PER_CORE_DEFAULT, MAX_WATTS_PER_CORE_DEFAULT);
    }

    /**
     * Opens the meter on this JVM's CPU time.
     *
     * @param allocatedCores  the cores allocated to the process, e.g. {@code spark.executor.cores}; {@code > 0}
     * @param minWattsPerCore watts per allocated core when idle, {@code >= 0}
     * @param maxWattsPerCore watts per core when busy, {@code >= minWattsPerCore}
     * @throws MeterUnavailableException when this JVM cannot report its process CPU time
     */
    public static CpuTimeEstimateMeter open(double allocatedCores, double minWattsPerCore, double maxWattsPerCore)
            throws MeterUnavailableException {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
            throw new MeterUnavailableException("this JVM does not report process CPU time"
                    + " (no com.sun.management.OperatingSystemMXBean)");
        }
        return open(allocatedCores, minWattsPerCore, maxWattsPerCore, os::getProcessCpuTime, System::nanoTime);
    }

    static CpuTimeEstimateMeter open(double allocatedCores, double minWattsPerCore, double maxWattsPerCore,
                                     LongSupplier processCpuNanos, LongSupplier nanoClock)
            throws MeterUnavailableException {
        if (!(allocatedCores > 0) || Double.isInfinite(allocatedCores)) {
            throw new IllegalArgumentException("allocated cores must be positive, got " + allocatedCores);
        }
        if (!(minWattsPerCore >= 0) || !(maxWattsPerCore >= minWattsPerCore) || Double.isInfinite(maxWattsPerCore)) {
            throw new IllegalArgumentException("need 0 <= min <= max watts per core, got min " + minWattsPerCore
                    + " and max " + maxWattsPerCore);
        }
        long cpuNanos = processCpuNanos.getAsLong();
        if (cpuNanos < 0) {
            throw new MeterUnavailableException("this JVM does not report process CPU time on this platform");
        }
        return new CpuTimeEstimateMeter(allocatedCores, minWattsPerCore, maxWattsPerCore, processCpuNanos,
                nanoClock, cpuNanos);
    }

    @Override
    public String name() {
        return "cpu-time-estimate";
    }

    /** The estimate since open; empty if the CPU time cannot be read now. */
    @Override
    public List<EnergyReading> read() {
        long cpuNanos = processCpuNanos.getAsLong();
        long now = nanoClock.getAsLong();
        if (cpuNanos < 0) {
            return List.of();
        }
        highestCpuNanos = Math.max(highestCpuNanos, cpuNanos);
        double wallSeconds = Math.max(0, now - openNanos) / 1e9;
        double cpuSeconds = (highestCpuNanos - openCpuNanos) / 1e9;
        double joules = allocatedCores * minWattsPerCore * wallSeconds + cpuSeconds * (maxWattsPerCore - minWattsPerCore);
        return List.of(new EnergyReading(DOMAIN, Scope.PROCESS, MeasurementMethod.ESTIMATED, joules, now, provenance));
    }

    /** {@link Duration#ZERO}: the estimate is exact for any interval. */
    @Override
    public Duration maxReadInterval() {
        return Duration.ZERO;
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
