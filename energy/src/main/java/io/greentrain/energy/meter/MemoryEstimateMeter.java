package io.greentrain.energy.meter;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Estimates the energy of the memory allocated to this process: allocated GB × watts per GB × time.
 * One domain, {@value #DOMAIN}, {@link Scope#PROCESS}, {@link MeasurementMethod#ESTIMATED}.
 *
 * <p>The default, {@value #WATTS_PER_GB_DEFAULT} W/GB, is the memory coefficient of the Cloud Carbon
 * Footprint methodology (the mean of Crucial's ~0.375 W/GB rule of thumb and Micron's ~0.408 W/GB
 * DDR4 power model). A GB here is 2^30 bytes, the unit Spark and cgroups size memory in.
 *
 * <p>The allocation is what the process was given, not what it touches and not the host's RAM:
 * pass Spark's executor memory plus overhead, or the container's limit from
 * {@link #cgroupMemoryLimitBytes(Path)}, with a few words saying which it is. Cloud Carbon Footprint
 * adds memory only beyond what its SPECpower-based CPU coefficients already contain; used beside
 * {@link CpuTimeEstimateMeter} this estimate errs on the high side.
 */
public final class MemoryEstimateMeter implements EnergyMeter {

    /** The domain id of the estimate. */
    public static final String DOMAIN = "memory-estimated";
    /** Watts per allocated GB: Cloud Carbon Footprint's memory coefficient. */
    public static final double WATTS_PER_GB_DEFAULT = 0.392;

    /** cgroup v1 shows "no limit" as a huge number (the largest page-aligned long); anything this large is none. */
    static final long CGROUP_V1_UNLIMITED_THRESHOLD = 1L << 60;

    private static final double BYTES_PER_GB = 1L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(MemoryEstimateMeter.class);

    private final double watts;
    private final LongSupplier nanoClock;
    private final long openNanos;
    private final String provenance;

    private MemoryEstimateMeter(long allocatedBytes, String allocationSource, double wattsPerGb,
                                LongSupplier nanoClock) {
        double gigabytes = allocatedBytes / BYTES_PER_GB;
        this.watts = gigabytes * wattsPerGb;
        this.nanoClock = nanoClock;
        this.openNanos = nanoClock.getAsLong();
        this.provenance = "estimated: " + plain(gigabytes) + " GB x " + plain(wattsPerGb) + " W/GB ("
                + (wattsPerGb == WATTS_PER_GB_DEFAULT ? "Cloud Carbon Footprint memory coefficient"
                        : "configured coefficient")
                + "); allocation from " + allocationSource;
    }

    /** Opens the meter with the default coefficient. See {@link #open(long, String, double)}. */
    public static MemoryEstimateMeter open(long allocatedBytes, String allocationSource) {
        return open(allocatedBytes, allocationSource, WATTS_PER_GB_DEFAULT);
    }

    /**
     * Opens the meter.
     *
     * @param allocatedBytes   the memory allocated to the process, {@code > 0}
     * @param allocationSource where that figure comes from, for provenance, e.g.
     *                         {@code "cgroup memory.max"} or {@code "spark.executor.memory + overhead"}
     * @param wattsPerGb       watts per allocated GB (2^30 bytes), {@code >= 0}
     */
    public static MemoryEstimateMeter open(long allocatedBytes, String allocationSource, double wattsPerGb) {
        return open(allocatedBytes, allocationSource, wattsPerGb, System::nanoTime);
    }

    static MemoryEstimateMeter open(long allocatedBytes, String allocationSource, double wattsPerGb,
                                    LongSupplier nanoClock) {
        if (allocatedBytes <= 0) {
            throw new IllegalArgumentException("allocated memory must be positive, got " + allocatedBytes + " bytes");
        }
        if (!(wattsPerGb >= 0) || Double.isInfinite(wattsPerGb)) {
            throw new IllegalArgumentException("watts per GB must be finite and >= 0, got " + wattsPerGb);
        }
        if (allocationSource == null || allocationSource.isBlank()) {
            throw new IllegalArgumentException("say where the allocated memory figure comes from");
        }
        return new MemoryEstimateMeter(allocatedBytes, allocationSource, wattsPerGb, nanoClock);
    }

    /**
     * The memory limit of the cgroup at {@code cgroupRoot} (usually {@code /sys/fs/cgroup} seen from
     * inside a container): cgroup v2's {@code memory.max}, else cgroup v1's
     * {@code memory/memory.limit_in_bytes}. Empty when there is no limit ({@code max} in v2, a value
     * of at least 2^60 in v1), when neither file exists, or when the file cannot be read or parsed
     * (logged). Never the host's RAM.
     */
    public static OptionalLong cgroupMemoryLimitBytes(Path cgroupRoot) {
        Path v2 = cgroupRoot.resolve("memory.max");
        if (Files.exists(v2)) {
            return readLimit(v2, Long.MAX_VALUE);
        }
        Path v1 = cgroupRoot.resolve("memory").resolve("memory.limit_in_bytes");
        if (Files.exists(v1)) {
            return readLimit(v1, CGROUP_V1_UNLIMITED_THRESHOLD);
        }
        LOG.debug("no cgroup memory limit file under {}", cgroupRoot);
        return OptionalLong.empty();
    }

    private static OptionalLong readLimit(Path file, long unlimitedFrom) {
        String text;
        try {
            text = SysfsReader.FILES.read(file);
        } catch (IOException e) {
            LOG.warn("cannot read memory limit {}: {}", file, e.toString());
            return OptionalLong.empty();
        }
        if (text.equals("max")) {
            return OptionalLong.empty();
        }
        long bytes;
        try {
            bytes = Long.parseLong(text);
        } catch (NumberFormatException e) {
            LOG.warn("memory limit {} is not a byte count: '{}'", file, text);
            return OptionalLong.empty();
        }
        return bytes < 0 || bytes >= unlimitedFrom ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    @Override
    public String name() {
        return "memory-estimate";
    }

    /** The estimate since open. */
    @Override
    public List<EnergyReading> read() {
        long now = nanoClock.getAsLong();
        double joules = watts * Math.max(0, now - openNanos) / 1e9;
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
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
