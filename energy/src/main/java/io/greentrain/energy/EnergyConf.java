package io.greentrain.energy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.network.util.JavaUtils;

/**
 * Every {@code spark.greentrain.energy.*} key: its type, default, meaning and check, defined once
 * (Spark's {@code ConfigBuilder} style). {@code docs/energy-configuration.md} is generated from
 * {@link #all()} and a test keeps it in step.
 *
 * <p>Values are read from Spark's configuration ({@code --conf spark.greentrain.energy.sampleInterval=500ms}),
 * as a plain map so that executors and tests read them the same way.
 */
public final class EnergyConf {

    private static final List<Entry<?>> ENTRIES = new ArrayList<>();

    public static final Entry<Boolean> ENABLED = add(new Entry<>("spark.greentrain.energy.enabled", "boolean",
            "true", EnergyConf::parseBoolean, v -> true,
            "Measure energy. When false the plugin loads but does nothing."));

    public static final Entry<Duration> SAMPLE_INTERVAL = add(new Entry<>("spark.greentrain.energy.sampleInterval",
            "time", "1s", EnergyConf::parseTime, d -> !d.isNegative() && d.toMillis() >= 10,
            "How often each executor reads its meters and sends a sample to the driver (at least 10ms). "
                    + "Shortened automatically when a RAPL counter could otherwise wrap twice between reads."));

    public static final Entry<Boolean> RAPL_ENABLED = add(new Entry<>("spark.greentrain.energy.rapl.enabled",
            "boolean", "true", EnergyConf::parseBoolean, v -> true,
            "Read CPU package and DRAM energy counters from the powercap tree (Intel and AMD RAPL)."));

    public static final Entry<String> RAPL_ROOT = add(new Entry<>("spark.greentrain.energy.rapl.root", "path",
            "/sys/class/powercap", Function.identity(), v -> !v.isBlank(),
            "The powercap sysfs folder to read RAPL zones from."));

    public static final Entry<Boolean> NVML_ENABLED = add(new Entry<>("spark.greentrain.energy.nvml.enabled",
            "boolean", "true", EnergyConf::parseBoolean, v -> true,
            "Read the energy of the GPUs Spark assigned to each executor through NVML (libnvidia-ml)."));

    public static final Entry<Duration> NVML_POWER_SAMPLE_INTERVAL = add(new Entry<>(
            "spark.greentrain.energy.nvml.powerSampleInterval", "time", "100ms", EnergyConf::parseTime,
            d -> d.toMillis() >= 1,
            "How often GPU power is sampled on GPUs without an energy counter (pre-Volta), for integration."));

    public static final Entry<Double> CPU_MIN_WATTS_PER_CORE = add(new Entry<>(
            "spark.greentrain.energy.estimate.cpu.minWattsPerCore", "double", "0.74", Double::parseDouble,
            v -> v >= 0, "Estimation model: watts per allocated core when idle (Cloud Carbon Footprint's "
                    + "SPECpower-based average minimum per vCPU)."));

    public static final Entry<Double> CPU_MAX_WATTS_PER_CORE = add(new Entry<>(
            "spark.greentrain.energy.estimate.cpu.maxWattsPerCore", "double", "3.5", Double::parseDouble,
            v -> v >= 0, "Estimation model: watts per core at full use (Cloud Carbon Footprint's "
                    + "SPECpower-based average maximum per vCPU)."));

    public static final Entry<Double> MEMORY_WATTS_PER_GB = add(new Entry<>(
            "spark.greentrain.energy.estimate.memory.wattsPerGb", "double", "0.392", Double::parseDouble,
            v -> v >= 0, "Estimation model: watts per GB of allocated memory (Cloud Carbon Footprint)."));

    public static final Entry<String> CGROUP_ROOT = add(new Entry<>("spark.greentrain.energy.cgroupRoot", "path",
            "/sys/fs/cgroup", Function.identity(), v -> !v.isBlank(),
            "Where to read the container's memory limit (cgroup v2 memory.max or v1 memory.limit_in_bytes)."));

    public static final Entry<String> HOST_LOCK_DIR = add(new Entry<>("spark.greentrain.energy.hostLockDir", "path",
            System.getProperty("java.io.tmpdir"), Function.identity(), v -> !v.isBlank(),
            "A local folder shared by the executors of one host, where they elect the one that reads "
                    + "host-wide counters (default: the JVM's temporary folder)."));

    public static final Entry<String> SUMMARY_PATH = add(new Entry<>("spark.greentrain.energy.summaryPath", "path",
            "", Function.identity(), v -> true,
            "Where the driver writes the application's energy and carbon summary as JSON when it ends "
                    + "(any Hadoop file system); empty for none. The summary table is printed either way."));

    public static final Entry<String> LEDGER_PATH = add(new Entry<>("spark.greentrain.energy.ledger.path", "path",
            "", Function.identity(), v -> true,
            "Where the driver appends the carbon ledger (any Hadoop file system); empty for no ledger."));

    public static final Entry<String> LEDGER_RUN_ID = add(new Entry<>("spark.greentrain.energy.ledger.runId",
            "string", "", Function.identity(), v -> v.isEmpty() || v.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}"),
            "The run the ledger entries belong to (letters, digits, '.', '_', '-'); running the same id "
                    + "again continues its hash chain. Empty: the application id."));

    public static final Entry<Duration> LEDGER_FLUSH_INTERVAL = add(new Entry<>(
            "spark.greentrain.energy.ledger.flushInterval", "time", "10s", EnergyConf::parseTime,
            d -> d.toMillis() >= 100,
            "The longest time between two ledger segments: a driver crash loses at most this much."));

    public static final Entry<String> CARBON_ZONE = add(new Entry<>("spark.greentrain.energy.carbon.zone", "string",
            "WORLD", Function.identity(), v -> !v.isBlank(),
            "The grid zone hosts draw from (e.g. DE, FR, US-CAL-CISO) unless carbon.hostZones names theirs."));

    public static final Entry<String> CARBON_HOST_ZONES = add(new Entry<>("spark.greentrain.energy.carbon.hostZones",
            "string", "", Function.identity(), v -> v.isEmpty() || v.matches("[^=,]+=[^=,]+(,[^=,]+=[^=,]+)*"),
            "Zones of particular hosts, as host=ZONE,host=ZONE (hosts as Spark names them)."));

    public static final Entry<String> CARBON_INTENSITY = add(new Entry<>("spark.greentrain.energy.carbon.intensity",
            "double or empty", "", Function.identity(), v -> v.isEmpty() || isNonNegativeNumber(v),
            "A constant grid intensity in gCO2e/kWh for every zone; empty to use carbon.intensityFile, or else "
                    + "the bundled annual averages per zone (Ember)."));

    public static final Entry<String> CARBON_INTENSITY_FILE = add(new Entry<>(
            "spark.greentrain.energy.carbon.intensityFile", "path", "", Function.identity(), v -> true,
            "An hourly (or finer) intensity time series, CSV as exported by Electricity Maps, matched to every "
                    + "window and zone; windows it does not cover fall back to the bundled annual averages, labelled."));

    public static final Entry<String> CARBON_MARKET_FACTOR = add(new Entry<>(
            "spark.greentrain.energy.carbon.marketFactor", "double or empty", "", Function.identity(),
            v -> v.isEmpty() || isNonNegativeNumber(v),
            "A market-based emission factor in gCO2e/kWh from contractual instruments (PPAs, guarantees of "
                    + "origin) for every zone; empty: market-based equals location-based, labelled."));

    public static final Entry<Double> CARBON_PUE = add(new Entry<>("spark.greentrain.energy.carbon.pue", "double",
            "1.56", Double::parseDouble, v -> v >= 1.0,
            "Power usage effectiveness of the data centre (at least 1). Default: Uptime Institute Global Data "
                    + "Center Survey 2024 weighted average."));

    public static final Entry<String> CARBON_ZONE_PUE = add(new Entry<>("spark.greentrain.energy.carbon.zonePue",
            "string", "", Function.identity(), v -> v.isEmpty() || v.matches("[^=,]+=[0-9.]+(,[^=,]+=[0-9.]+)*"),
            "PUE of the data centres in particular zones, as ZONE=PUE,ZONE=PUE (each at least 1); other zones "
                    + "use carbon.pue."));

    public static final Entry<Integer> CARBON_SERVER_CORES = add(new Entry<>(
            "spark.greentrain.energy.carbon.serverCores", "int",
            String.valueOf(Runtime.getRuntime().availableProcessors()), Integer::parseInt, v -> v >= 1,
            "Cores of one server, to amortise its embodied emissions over the cores an executor holds "
                    + "(default: the driver machine's cores)."));

    private EnergyConf() {
    }

    private static boolean isNonNegativeNumber(String value) {
        try {
            double number = Double.parseDouble(value);
            return number >= 0 && Double.isFinite(number);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static <T> Entry<T> add(Entry<T> entry) {
        ENTRIES.add(entry);
        return entry;
    }

    /** Every key, in documentation order. */
    public static List<Entry<?>> all() {
        return Collections.unmodifiableList(ENTRIES);
    }

    /** Keys under {@code spark.greentrain.energy.} in {@code conf} that are not defined here. */
    public static List<String> unknownKeys(Map<String, String> conf) {
        return conf.keySet().stream()
                .filter(k -> k.startsWith("spark.greentrain.energy."))
                .filter(k -> ENTRIES.stream().noneMatch(e -> e.key().equals(k)))
                .sorted()
                .toList();
    }

    /** {@code true} or {@code false} in any case, as Spark reads booleans: a typo must not read as false. */
    private static Boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("not true or false");
    }

    private static Duration parseTime(String value) {
        return Duration.ofMillis(JavaUtils.timeStringAsMs(value));
    }

    /**
     * One key.
     *
     * @param <T> the value's type
     */
    public record Entry<T>(String key, String type, String defaultValue, Function<String, T> parser,
                           Predicate<T> check, String doc) {

        /**
         * The value in {@code conf}, or the default.
         *
         * @throws IllegalArgumentException naming the key when the value does not parse or fails its check
         */
        public T get(Map<String, String> conf) {
            String raw = conf.getOrDefault(key, defaultValue);
            T value;
            try {
                value = parser.apply(raw.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + ": cannot read '" + raw + "' as a " + type, e);
            }
            if (!check.test(value)) {
                throw new IllegalArgumentException(key + ": invalid value '" + raw + "'. " + doc);
            }
            return value;
        }
    }

    /** The Markdown reference of every key (written to docs/energy-configuration.md). */
    public static String renderDoc() {
        StringBuilder doc = new StringBuilder()
                .append("# Energy plugin configuration\n\n")
                .append("Generated from io.greentrain.energy.EnergyConf; do not edit. ")
                .append("Regenerate with `mvn -B -q -pl energy test -Dtest=EnergyConfTest -Dgreentrain.writeDocs=true`.\n\n")
                .append("Set these with `--conf KEY=VALUE` on `spark-submit` (or in `spark-defaults.conf`). ")
                .append("A value that does not parse or fails its check stops the plugin with a message naming the key.\n\n")
                .append("| Key | Type | Default | Meaning |\n|---|---|---|---|\n");
        for (Entry<?> entry : ENTRIES) {
            String shownDefault = entry == HOST_LOCK_DIR ? "the JVM's `java.io.tmpdir`"
                    : entry == CARBON_SERVER_CORES ? "the driver machine's cores"
                    : entry.defaultValue().isEmpty() ? "(empty)" : "`" + entry.defaultValue() + "`";
            doc.append("| `").append(entry.key()).append("` | ").append(entry.type()).append(" | ")
                    .append(shownDefault).append(" | ").append(entry.doc()).append(" |\n");
        }
        return doc.toString();
    }
}
