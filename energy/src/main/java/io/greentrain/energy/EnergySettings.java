package io.greentrain.energy;

import io.greentrain.energy.config.InvalidValueException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.spark.network.util.JavaUtils;

/**
 * The energy plugin's configuration, read once from Spark's configuration when a process starts
 * and handed to the parts that need it: every {@code spark.greentrain.energy.*} key of
 * {@link EnergyConf}, checked on its own and against the keys it must fit with, plus the few Spark
 * keys that say what a process was allocated. Immutable.
 *
 * @param enabled     {@link EnergyConf#ENABLED}
 * @param sampling    how executors sample
 * @param meters      which meters to use and the estimation model
 * @param carbon      how energy becomes emissions
 * @param ledger      where and how often the ledger is written
 * @param summaryPath {@link EnergyConf#SUMMARY_PATH}, empty for none
 * @param allocation  what Spark allocated to each executor
 */
public record EnergySettings(boolean enabled, Sampling sampling, Meters meters, Carbon carbon, Ledger ledger,
                             String summaryPath, SparkAllocation allocation) {

    /**
     * Reads and checks the whole configuration. Unknown {@code spark.greentrain.energy.*} keys are
     * an error (a misspelt key must not silently fall back to its default).
     *
     * @param conf Spark's configuration as a map
     * @throws InvalidValueException one line naming the key at fault
     */
    public static EnergySettings from(Map<String, String> conf) {
        var unknown = EnergyConf.unknownKeys(conf);
        if (!unknown.isEmpty()) {
            throw new InvalidValueException("unknown energy configuration key(s) " + unknown
                    + "; see docs/energy-configuration.md");
        }
        Meters meters = new Meters(EnergyConf.RAPL_ENABLED.get(conf), Path.of(EnergyConf.RAPL_ROOT.get(conf)),
                EnergyConf.NVML_ENABLED.get(conf), EnergyConf.NVML_POWER_SAMPLE_INTERVAL.get(conf),
                EnergyConf.CPU_MIN_WATTS_PER_CORE.get(conf), EnergyConf.CPU_MAX_WATTS_PER_CORE.get(conf),
                EnergyConf.MEMORY_WATTS_PER_GB.get(conf), Path.of(EnergyConf.CGROUP_ROOT.get(conf)),
                Path.of(EnergyConf.HWMON_ROOT.get(conf)));
        if (meters.cpuMaxWattsPerCore() < meters.cpuMinWattsPerCore()) {
            throw new InvalidValueException(EnergyConf.CPU_MAX_WATTS_PER_CORE.key() + ": must be at least "
                    + EnergyConf.CPU_MIN_WATTS_PER_CORE.key() + " (" + meters.cpuMinWattsPerCore() + "), got "
                    + meters.cpuMaxWattsPerCore());
        }
        Carbon carbon = new Carbon(EnergyConf.CARBON_ZONE.get(conf), EnergyConf.CARBON_HOST_ZONES.get(conf),
                EnergyConf.CARBON_INTENSITY.get(conf), EnergyConf.CARBON_INTENSITY_FILE.get(conf),
                EnergyConf.CARBON_MARKET_FACTOR.get(conf),
                conf.containsKey(EnergyConf.CARBON_PUE.key())
                        ? OptionalDouble.of(EnergyConf.CARBON_PUE.get(conf)) : OptionalDouble.empty(),
                EnergyConf.CARBON_ZONE_PUE.get(conf), EnergyConf.CARBON_SERVER_CORES.get(conf));
        return new EnergySettings(EnergyConf.ENABLED.get(conf),
                new Sampling(EnergyConf.SAMPLE_INTERVAL.get(conf), Path.of(EnergyConf.HOST_LOCK_DIR.get(conf))),
                meters, carbon,
                new Ledger(EnergyConf.LEDGER_PATH.get(conf), EnergyConf.LEDGER_RUN_ID.get(conf),
                        EnergyConf.LEDGER_FLUSH_INTERVAL.get(conf), EnergyConf.LEDGER_SEAL_KEY_PATH.get(conf)),
                EnergyConf.SUMMARY_PATH.get(conf), SparkAllocation.from(conf));
    }

    /** The settings of every key at its default, in local mode: for tests and tools. */
    public static EnergySettings defaults() {
        return from(Map.of());
    }

    /**
     * How executors sample.
     *
     * @param interval    {@link EnergyConf#SAMPLE_INTERVAL}
     * @param hostLockDir {@link EnergyConf#HOST_LOCK_DIR}
     */
    public record Sampling(Duration interval, Path hostLockDir) {
    }

    /**
     * Which meters a process uses, and the estimation model when it has no counters.
     *
     * @param raplEnabled             {@link EnergyConf#RAPL_ENABLED}
     * @param raplRoot                {@link EnergyConf#RAPL_ROOT}
     * @param nvmlEnabled             {@link EnergyConf#NVML_ENABLED}
     * @param nvmlPowerSampleInterval {@link EnergyConf#NVML_POWER_SAMPLE_INTERVAL}
     * @param cpuMinWattsPerCore      {@link EnergyConf#CPU_MIN_WATTS_PER_CORE}
     * @param cpuMaxWattsPerCore      {@link EnergyConf#CPU_MAX_WATTS_PER_CORE}, at least the minimum
     * @param memoryWattsPerGb        {@link EnergyConf#MEMORY_WATTS_PER_GB}
     * @param cgroupRoot              {@link EnergyConf#CGROUP_ROOT}
     * @param hwmonRoot               {@link EnergyConf#HWMON_ROOT}
     */
    public record Meters(boolean raplEnabled, Path raplRoot, boolean nvmlEnabled, Duration nvmlPowerSampleInterval,
                         double cpuMinWattsPerCore, double cpuMaxWattsPerCore, double memoryWattsPerGb,
                         Path cgroupRoot, Path hwmonRoot) {
    }

    /**
     * How energy becomes emissions.
     *
     * @param zone           {@link EnergyConf#CARBON_ZONE}, the zone of hosts not in {@code zoneByHost}
     * @param zoneByHost     {@link EnergyConf#CARBON_HOST_ZONES}
     * @param intensity      {@link EnergyConf#CARBON_INTENSITY}, empty for none
     * @param intensityFile  {@link EnergyConf#CARBON_INTENSITY_FILE}, empty for none
     * @param marketFactor   {@link EnergyConf#CARBON_MARKET_FACTOR}, empty for none
     * @param pue            {@link EnergyConf#CARBON_PUE} when it was configured, else empty (the bundled default)
     * @param pueByZone      {@link EnergyConf#CARBON_ZONE_PUE}
     * @param serverCores    {@link EnergyConf#CARBON_SERVER_CORES}
     */
    public record Carbon(String zone, Map<String, String> zoneByHost, OptionalDouble intensity, String intensityFile,
                         OptionalDouble marketFactor, OptionalDouble pue, Map<String, Double> pueByZone,
                         int serverCores) {
        public Carbon {
            // Unmodifiable copies that, unlike Map.copyOf, answer a lookup of null with the default.
            zoneByHost = Collections.unmodifiableMap(new LinkedHashMap<>(zoneByHost));
            pueByZone = Collections.unmodifiableMap(new LinkedHashMap<>(pueByZone));
        }
    }

    /**
     * Where and how often the ledger is written.
     *
     * @param path          {@link EnergyConf#LEDGER_PATH}, empty for no ledger
     * @param runId         {@link EnergyConf#LEDGER_RUN_ID}, empty for the application id
     * @param flushInterval {@link EnergyConf#LEDGER_FLUSH_INTERVAL}
     * @param sealKeyPath   {@link EnergyConf#LEDGER_SEAL_KEY_PATH}, empty for unsigned seals
     */
    public record Ledger(String path, String runId, Duration flushInterval, String sealKeyPath) {
    }

    /**
     * What Spark allocates to each executor, from Spark's own keys.
     *
     * @param master              {@code spark.master}, empty when unset
     * @param executorCores       {@code spark.executor.cores}, empty when unset
     * @param executorMemoryBytes {@code spark.executor.memory}, empty when unset
     * @param memoryOverheadBytes {@code spark.executor.memoryOverhead}, empty when unset
     */
    public record SparkAllocation(String master, OptionalDouble executorCores, OptionalLong executorMemoryBytes,
                                  OptionalLong memoryOverheadBytes) {

        static SparkAllocation from(Map<String, String> conf) {
            return new SparkAllocation(conf.getOrDefault("spark.master", ""),
                    conf.containsKey("spark.executor.cores")
                            ? OptionalDouble.of(number(conf, "spark.executor.cores")) : OptionalDouble.empty(),
                    bytes(conf, "spark.executor.memory"), bytes(conf, "spark.executor.memoryOverhead"));
        }

        private static double number(Map<String, String> conf, String key) {
            try {
                return Double.parseDouble(conf.get(key).trim());
            } catch (NumberFormatException e) {
                throw new InvalidValueException(key + ": cannot read '" + conf.get(key) + "' as a number", e);
            }
        }

        private static OptionalLong bytes(Map<String, String> conf, String key) {
            if (!conf.containsKey(key)) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(JavaUtils.byteStringAsBytes(conf.get(key)));
            } catch (RuntimeException e) {
                throw new InvalidValueException(key + ": cannot read '" + conf.get(key) + "' as a size", e);
            }
        }
    }
}
