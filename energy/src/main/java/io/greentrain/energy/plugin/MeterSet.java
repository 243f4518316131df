package io.greentrain.energy.plugin;

import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.meter.AmdEnergyMeter;
import io.greentrain.energy.meter.CpuTimeEstimateMeter;
import io.greentrain.energy.meter.EnergyMeter;
import io.greentrain.energy.meter.GpuAddressResolver;
import io.greentrain.energy.meter.GpuResolution;
import io.greentrain.energy.meter.JnaNvml;
import io.greentrain.energy.meter.MemoryEstimateMeter;
import io.greentrain.energy.meter.MeterUnavailableException;
import io.greentrain.energy.meter.Nvml;
import io.greentrain.energy.meter.NvmlMeter;
import io.greentrain.energy.meter.RaplMeter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters one process uses, chosen once at start:
 * <ul>
 *   <li>host counters when readable: RAPL from the powercap tree (Intel, and AMD on kernels with AMD
 *       RAPL powercap support), else AMD's {@code amd_energy} hwmon socket counters; opened only by the
 *       host's reader, which the driver chooses;</li>
 *   <li>otherwise estimates from this process's CPU time and allocated memory, labelled
 *       {@code estimated} with their model;</li>
 *   <li>NVML for the GPUs Spark assigned to this executor, whatever the CPU side uses.</li>
 * </ul>
 */
final class MeterSet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MeterSet.class);

    private final List<EnergyMeter> processMeters;
    /** Opens the host-wide meter, or returns null when it cannot be opened now; null when the host has none. */
    private final Supplier<EnergyMeter> hostMeterOpener;
    private final Duration maxReadInterval;
    private final String description;
    private final java.util.Set<String> hostCounters;
    /** Opens the estimates a chosen reader falls back to when it cannot open the host meter. */
    private final Supplier<List<EnergyMeter>> fallbackEstimates;

    private MeterSet(List<EnergyMeter> processMeters, Supplier<EnergyMeter> hostMeterOpener, Duration maxReadInterval,
                     String description, java.util.Set<String> hostCounters,
                     Supplier<List<EnergyMeter>> fallbackEstimates) {
        this.processMeters = List.copyOf(processMeters);
        this.hostMeterOpener = hostMeterOpener;
        this.maxReadInterval = maxReadInterval;
        this.description = description;
        this.hostCounters = java.util.Set.copyOf(hostCounters);
        this.fallbackEstimates = fallbackEstimates;
    }

    /**
     * A set of given meters (tests). {@code hostMeterOpener} is called each time this process becomes
     * its host's reader; null means the host has no host-wide meter.
     */
    static MeterSet of(List<EnergyMeter> processMeters, Supplier<EnergyMeter> hostMeterOpener) {
        return of(processMeters, hostMeterOpener, List::of);
    }

    /** A set of given meters (tests) with the estimates a chosen reader falls back to. */
    static MeterSet of(List<EnergyMeter> processMeters, Supplier<EnergyMeter> hostMeterOpener,
                       Supplier<List<EnergyMeter>> fallbackEstimates) {
        return new MeterSet(processMeters, hostMeterOpener, Duration.ZERO, "given meters",
                hostMeterOpener == null ? java.util.Set.of() : java.util.Set.of("given host meter"), fallbackEstimates);
    }

    static MeterSet forProcess(EnergySettings settings, Map<String, ResourceInformation> resources) {
        EnergySettings.Meters conf = settings.meters();
        List<EnergyMeter> meters = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        Path raplRoot = null;
        Path amdRoot = null;
        Duration interval = Duration.ZERO;
        if (conf.raplEnabled()) {
            Path root = conf.raplRoot();
            try (RaplMeter probe = RaplMeter.open(root, System::nanoTime)) {
                raplRoot = root;
                interval = probe.maxReadInterval();
                parts.add("RAPL counters at " + root + " (read by one process per host, chosen by the driver)");
            } catch (MeterUnavailableException e) {
                // Powercap counts no package: AMD's amd_energy hwmon driver may (never both, so no socket twice).
                try (AmdEnergyMeter probe = AmdEnergyMeter.open(conf.hwmonRoot(), System::nanoTime)) {
                    amdRoot = conf.hwmonRoot();
                    parts.add("amd_energy socket counters at " + amdRoot
                            + " (read by one process per host, chosen by the driver)");
                } catch (MeterUnavailableException amd) {
                    LOG.warn("no RAPL counters: {}; no amd_energy counters either: {}; CPU and memory energy will be "
                            + "ESTIMATED", e.getMessage(), amd.getMessage());
                }
            }
        }
        if (raplRoot == null && amdRoot == null) {
            meters.addAll(estimates(settings, parts));
        }
        gpuMeter(conf, resources).ifPresent(meter -> {
            meters.add(meter);
            parts.add("NVML for the assigned GPUs");
        });
        Path rapl = raplRoot;
        Path amd = amdRoot;
        Supplier<EnergyMeter> hostOpener = rapl != null ? () -> openRapl(rapl)
                : amd != null ? () -> openAmdEnergy(amd) : null;
        java.util.Set<String> counters = rapl != null ? java.util.Set.of("rapl " + rapl)
                : amd != null ? java.util.Set.of("amd_energy " + amd) : java.util.Set.of();
        return new MeterSet(meters, hostOpener, interval, String.join("; ", parts), counters,
                () -> estimates(settings, new ArrayList<>()));
    }

    /** The CPU-time and memory estimates of this process, labelled {@code estimated}; {@code parts} gets their description. */
    private static List<EnergyMeter> estimates(EnergySettings settings, List<String> parts) {
        EnergySettings.Meters conf = settings.meters();
        List<EnergyMeter> meters = new ArrayList<>();
        double cores = allocatedCores(settings.allocation());
        double min = conf.cpuMinWattsPerCore();
        double max = conf.cpuMaxWattsPerCore();
        try {
            meters.add(CpuTimeEstimateMeter.open(cores, min, max));
            parts.add("estimated CPU energy (" + cores + " cores, " + min + "-" + max + " W per core)");
        } catch (MeterUnavailableException e) {
            LOG.warn("no CPU energy estimate either: {}", e.getMessage());
        }
        Allocation memory = allocatedMemory(conf.cgroupRoot(), settings.allocation());
        meters.add(MemoryEstimateMeter.open(memory.bytes(), memory.source(), conf.memoryWattsPerGb()));
        parts.add("estimated memory energy (" + memory.source() + ")");
        return meters;
    }

    private static Optional<EnergyMeter> gpuMeter(EnergySettings.Meters conf, Map<String, ResourceInformation> resources) {
        ResourceInformation gpus = resources.get("gpu");
        if (!conf.nvmlEnabled() || gpus == null || gpus.addresses().length == 0) {
            return Optional.empty();
        }
        Optional<Nvml> nvml = JnaNvml.load();
        if (nvml.isEmpty()) {
            LOG.warn("Spark assigned GPUs {} but NVML (libnvidia-ml) cannot be loaded: their energy is not measured",
                    List.of(gpus.addresses()));
            return Optional.empty();
        }
        GpuResolution resolution = GpuAddressResolver.forDevicesOf(nvml.get())
                .resolve(List.of(gpus.addresses()), System.getenv("CUDA_VISIBLE_DEVICES"));
        resolution.problems().forEach(problem -> LOG.warn("GPU not measured: {}", problem));
        if (resolution.nvmlIndices().isEmpty()) {
            nvml.get().shutdown();
            return Optional.empty();
        }
        try {
            NvmlMeter meter = NvmlMeter.open(nvml.get(), resolution.nvmlIndices(), System::nanoTime);
            meter.startPowerSampling(conf.nvmlPowerSampleInterval());
            return Optional.of(meter);
        } catch (MeterUnavailableException e) {
            LOG.warn("GPUs not measured: {}", e.getMessage());
            nvml.get().shutdown();
            return Optional.empty();
        }
    }

    /** Cores this process may use: {@code spark.executor.cores}, the local master's threads, or the machine's. */
    static double allocatedCores(EnergySettings.SparkAllocation allocation) {
        String master = allocation.master();
        if (master.startsWith("local[") && !master.startsWith("local[*")) {
            String threads = master.substring("local[".length(), master.indexOf(']') > 0 ? master.indexOf(']') : master.length());
            try {
                return Integer.parseInt(threads.split(",")[0].trim());
            } catch (NumberFormatException e) {
                // local-cluster[...] and the like: fall through.
            }
        }
        if (allocation.executorCores().isPresent() && !master.startsWith("local")) {
            return allocation.executorCores().getAsDouble();
        }
        return Runtime.getRuntime().availableProcessors();
    }

    record Allocation(long bytes, String source) {
    }

    /** Memory this process holds: the container limit when there is one, else what Spark gave it. */
    static Allocation allocatedMemory(Path cgroupRoot, EnergySettings.SparkAllocation allocation) {
        OptionalLong cgroup = MemoryEstimateMeter.cgroupMemoryLimitBytes(cgroupRoot);
        if (cgroup.isPresent()) {
            return new Allocation(cgroup.getAsLong(), "cgroup memory limit");
        }
        if (!allocation.master().startsWith("local") && allocation.executorMemoryBytes().isPresent()) {
            long heap = allocation.executorMemoryBytes().getAsLong();
            long overhead = allocation.memoryOverheadBytes().orElse(Math.max(384L << 20, heap / 10));
            return new Allocation(heap + overhead, "spark.executor.memory + memoryOverhead");
        }
        return new Allocation(Runtime.getRuntime().maxMemory(), "JVM maximum heap");
    }

    List<EnergyMeter> processMeters() {
        return processMeters;
    }

    boolean hasHostMeter() {
        return hostMeterOpener != null;
    }

    /** The host-wide counters this process can see (empty: it cannot be its host's reader). */
    java.util.Set<String> hostCounters() {
        return hostCounters;
    }

    /** Opens the estimates a chosen reader that cannot open the host meter uses instead. */
    List<EnergyMeter> openFallbackEstimates() {
        return fallbackEstimates.get();
    }

    /** Opens the host-wide meter for the host's chosen reader; null when it cannot be opened now. */
    EnergyMeter openHostMeter() {
        return hostMeterOpener == null ? null : hostMeterOpener.get();
    }

    private static EnergyMeter openAmdEnergy(Path hwmonRoot) {
        try {
            return AmdEnergyMeter.open(hwmonRoot, System::nanoTime);
        } catch (MeterUnavailableException e) {
            LOG.warn("amd_energy counters became unreadable: {}", e.getMessage());
            return null;
        }
    }

    private static EnergyMeter openRapl(Path raplRoot) {
        try {
            return RaplMeter.open(raplRoot, System::nanoTime);
        } catch (MeterUnavailableException e) {
            LOG.warn("RAPL counters became unreadable: {}", e.getMessage());
            return null;
        }
    }

    /** The longest interval between reads that keeps every counter exact; ZERO for any. */
    Duration maxReadInterval() {
        Duration shortest = maxReadInterval;
        for (EnergyMeter meter : processMeters) {
            Duration limit = meter.maxReadInterval();
            if (!limit.isZero() && (shortest.isZero() || limit.compareTo(shortest) < 0)) {
                shortest = limit;
            }
        }
        return shortest;
    }

    String description() {
        return description.isEmpty() ? "no meters" : description;
    }

    @Override
    public void close() {
        processMeters.forEach(EnergyMeter::close);
    }
}
