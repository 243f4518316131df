package io.greentrain.energy;

import static io.greentrain.energy.config.ValueCheck.atLeast;
import static io.greentrain.energy.config.ValueCheck.notBlank;
import static io.greentrain.energy.config.ValueCheck.notShorterThan;

import io.greentrain.energy.config.ConfigEntry;
import io.greentrain.energy.config.SparkValueParsers;
import io.greentrain.energy.config.ValueCheck;
import io.greentrain.energy.config.ValueParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Every {@code spark.greentrain.energy.*} key: its type, default, meaning and check, defined once
 * (Spark's {@code ConfigBuilder} style). {@code docs/energy-configuration.md} is generated from
 * {@link #all()} and a test keeps it in step.
 *
 * <p>Values are read from Spark's configuration ({@code --conf spark.greentrain.energy.sampleInterval=500ms}),
 * as a plain map so that executors and tests read them the same way, and only once per process:
 * {@link EnergySettings#from} reads every key (and checks the keys that
 * must fit together) into the typed settings the plugin's parts are given.
 */
public final class EnergyConf {

    private static final List<ConfigEntry<String, ?>> ENTRIES = new ArrayList<>();

    private static final String ZONE_PAIRS = "[^=,]+=[^=,]+(,[^=,]+=[^=,]+)*";

    /** A finite number, or empty for none. */
    private static final ValueParser<String, OptionalDouble> OPTIONAL_DOUBLE = SparkValueParsers.of(
            "double or empty", v -> v.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(finite(v)));

    public static final ConfigEntry<String, Boolean> ENABLED = add(key("spark.greentrain.energy.enabled")
            .doc("Measure energy. When false the plugin loads but does nothing.")
            .readWith(SparkValueParsers.BOOLEAN)
            .createWithDefault("true"));

    public static final ConfigEntry<String, Duration> SAMPLE_INTERVAL = add(key("spark.greentrain.energy.sampleInterval")
            .doc("How often each executor reads its meters and sends a sample to the driver (at least 10ms). "
                    + "Shortened automatically when a RAPL counter could otherwise wrap twice between reads.")
            .readWith(SparkValueParsers.TIME)
            .check(notShorterThan(Duration.ofMillis(10)))
            .createWithDefault("1s"));

    public static final ConfigEntry<String, Boolean> RAPL_ENABLED = add(key("spark.greentrain.energy.rapl.enabled")
            .doc("Read CPU package and DRAM energy counters from the powercap tree (Intel and AMD RAPL).")
            .readWith(SparkValueParsers.BOOLEAN)
            .createWithDefault("true"));

    public static final ConfigEntry<String, String> RAPL_ROOT = add(key("spark.greentrain.energy.rapl.root")
            .doc("The powercap sysfs folder to read RAPL zones from.")
            .readWith(SparkValueParsers.PATH)
            .check(notBlank())
            .createWithDefault("/sys/class/powercap"));

    public static final ConfigEntry<String, String> HWMON_ROOT = add(key("spark.greentrain.energy.hwmon.root")
            .doc("The hwmon sysfs folder to look for AMD's amd_energy socket counters in; read only where the "
                    + "powercap tree has no RAPL package counter, so no socket is counted twice.")
            .readWith(SparkValueParsers.PATH)
            .check(notBlank())
            .createWithDefault("/sys/class/hwmon"));

    public static final ConfigEntry<String, Boolean> NVML_ENABLED = add(key("spark.greentrain.energy.nvml.enabled")
            .doc("Read the energy of the GPUs Spark assigned to each executor through NVML (libnvidia-ml).")
            .readWith(SparkValueParsers.BOOLEAN)
            .createWithDefault("true"));

    public static final ConfigEntry<String, Duration> NVML_POWER_SAMPLE_INTERVAL = add(key(
            "spark.greentrain.energy.nvml.powerSampleInterval")
            .doc("How often GPU power is sampled on GPUs without an energy counter (pre-Volta), for integration.")
            .readWith(SparkValueParsers.TIME)
            .check(notShorterThan(Duration.ofMillis(1)))
            .createWithDefault("100ms"));

    public static final ConfigEntry<String, Double> CPU_MIN_WATTS_PER_CORE = add(key(
            "spark.greentrain.energy.estimate.cpu.minWattsPerCore")
            .doc("Estimation model: watts per allocated core when idle (Cloud Carbon Footprint's "
                    + "SPECpower-based average minimum per vCPU).")
            .readWith(SparkValueParsers.DOUBLE)
            .check(atLeast(0.0))
            .createWithDefault("0.74"));

    public static final ConfigEntry<String, Double> CPU_MAX_WATTS_PER_CORE = add(key(
            "spark.greentrain.energy.estimate.cpu.maxWattsPerCore")
            .doc("Estimation model: watts per core at full use (Cloud Carbon Footprint's "
                    + "SPECpower-based average maximum per vCPU); at least estimate.cpu.minWattsPerCore.")
            .readWith(SparkValueParsers.DOUBLE)
            .check(atLeast(0.0))
            .createWithDefault("3.5"));

    public static final ConfigEntry<String, Double> MEMORY_WATTS_PER_GB = add(key(
            "spark.greentrain.energy.estimate.memory.wattsPerGb")
            .doc("Estimation model: watts per GB of allocated memory (Cloud Carbon Footprint).")
            .readWith(SparkValueParsers.DOUBLE)
            .check(atLeast(0.0))
            .createWithDefault("0.392"));

    public static final ConfigEntry<String, String> CGROUP_ROOT = add(key("spark.greentrain.energy.cgroupRoot")
            .doc("Where to read the container's memory limit (cgroup v2 memory.max or v1 memory.limit_in_bytes).")
            .readWith(SparkValueParsers.PATH)
            .check(notBlank())
            .createWithDefault("/sys/fs/cgroup"));

    public static final ConfigEntry<String, String> HOST_LOCK_DIR = add(key("spark.greentrain.energy.hostLockDir")
            .doc("A local folder for the host lock that guards the driver's choice of the one executor per machine "
                    + "that reads host-wide counters (default: the JVM's temporary folder). The driver decides from "
                    + "the machine's boot id, so a folder private to each container is fine; an unusable one is "
                    + "warned about, not fatal.")
            .readWith(SparkValueParsers.PATH)
            .check(notBlank())
            .createWithDefault(System.getProperty("java.io.tmpdir"), "the JVM's `java.io.tmpdir`"));

    public static final ConfigEntry<String, String> SUMMARY_PATH = add(key("spark.greentrain.energy.summaryPath")
            .doc("Where the driver writes the application's energy and carbon summary as JSON when it ends "
                    + "(any Hadoop file system); empty for none. The summary table is printed either way.")
            .readWith(SparkValueParsers.PATH)
            .createWithDefault(""));

    public static final ConfigEntry<String, String> LEDGER_PATH = add(key("spark.greentrain.energy.ledger.path")
            .doc("Where the driver appends the carbon ledger (any Hadoop file system); empty for no ledger.")
            .readWith(SparkValueParsers.PATH)
            .createWithDefault(""));

    public static final ConfigEntry<String, String> LEDGER_RUN_ID = add(key("spark.greentrain.energy.ledger.runId")
            .doc("The run the ledger entries belong to (letters, digits, '.', '_', '-'); running the same id "
                    + "again continues its hash chain. Empty: the application id.")
            .readWith(SparkValueParsers.STRING)
            .check(ValueCheck.of(v -> v.isEmpty() || v.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}"),
                    v -> "must be up to 200 letters, digits, '.', '_' or '-', starting with a letter or digit"))
            .createWithDefault(""));

    /** The one owner of the ledger's flush interval default; {@code LedgerWriter} takes the interval as given. */
    public static final ConfigEntry<String, Duration> LEDGER_FLUSH_INTERVAL = add(key(
            "spark.greentrain.energy.ledger.flushInterval")
            .doc("The longest time between two ledger segments: a driver crash loses at most this much.")
            .readWith(SparkValueParsers.TIME)
            .check(notShorterThan(Duration.ofMillis(100)))
            .createWithDefault("10s"));

    public static final ConfigEntry<String, String> LEDGER_SEAL_KEY_PATH = add(key(
            "spark.greentrain.energy.ledger.sealKeyPath")
            .doc("A file holding the site key (any Hadoop file system; its bytes, without a trailing line break) "
                    + "with which the driver signs each ledger seal (HMAC-SHA256); `ledger verify --key FILE` "
                    + "checks it. Empty: seals are unsigned.")
            .readWith(SparkValueParsers.PATH)
            .createWithDefault(""));

    public static final ConfigEntry<String, String> REPORT_EXPERIMENT_ID = add(key(
            "spark.greentrain.energy.report.experimentId")
            .doc("The ledger report's `experiment_id` column of `emissions.csv` (CodeCarbon's experiment); empty "
                    + "leaves it empty. Read from the report's Spark configuration (`--conf`, `-Dspark.*`) by either "
                    + "report engine.")
            .readWith(SparkValueParsers.STRING)
            .createWithDefault(""));

    public static final ConfigEntry<String, Double> REPORT_WUE = add(key("spark.greentrain.energy.report.wue")
            .doc("Water usage effectiveness of the data centre, litres per kWh, for the ledger report's `wue` and "
                    + "`water_consumed` (energy with PUE x WUE) columns of `emissions.csv`; 0 when not known. "
                    + "Read from the report's Spark configuration (`--conf`, `-Dspark.*`) by either report engine.")
            .readWith(SparkValueParsers.DOUBLE)
            .check(atLeast(0.0))
            .createWithDefault("0"));

    public static final ConfigEntry<String, String> CARBON_ZONE = add(key("spark.greentrain.energy.carbon.zone")
            .doc("The grid zone hosts draw from (e.g. DE, FR, US-CAL-CISO) unless carbon.hostZones names theirs.")
            .readWith(SparkValueParsers.STRING)
            .check(notBlank())
            .createWithDefault("WORLD"));

    public static final ConfigEntry<String, Map<String, String>> CARBON_HOST_ZONES = add(key(
            "spark.greentrain.energy.carbon.hostZones")
            .doc("Zones of particular hosts, as host=ZONE,host=ZONE (hosts as Spark names them).")
            .readWith(SparkValueParsers.STRING)
            .check(ValueCheck.of(v -> v.isEmpty() || v.matches(ZONE_PAIRS), v -> "must be host=ZONE,host=ZONE"))
            .map(EnergyConf::pairs)
            .createWithDefault(""));

    public static final ConfigEntry<String, OptionalDouble> CARBON_INTENSITY = add(key(
            "spark.greentrain.energy.carbon.intensity")
            .doc("A constant grid intensity in gCO2e/kWh for every zone; empty to use carbon.intensityFile, or else "
                    + "the bundled annual averages per zone (Ember).")
            .readWith(OPTIONAL_DOUBLE)
            .check(notNegativeIfPresent())
            .createWithDefault(""));

    public static final ConfigEntry<String, String> CARBON_INTENSITY_FILE = add(key(
            "spark.greentrain.energy.carbon.intensityFile")
            .doc("An hourly (or finer) intensity time series, CSV as exported by Electricity Maps, matched to every "
                    + "window and zone; windows it does not cover fall back to the bundled annual averages, labelled.")
            .readWith(SparkValueParsers.PATH)
            .createWithDefault(""));

    public static final ConfigEntry<String, OptionalDouble> CARBON_MARKET_FACTOR = add(key(
            "spark.greentrain.energy.carbon.marketFactor")
            .doc("A market-based emission factor in gCO2e/kWh from contractual instruments (PPAs, guarantees of "
                    + "origin) for every zone; empty: market-based equals location-based, labelled.")
            .readWith(OPTIONAL_DOUBLE)
            .check(notNegativeIfPresent())
            .createWithDefault(""));

    public static final ConfigEntry<String, Double> CARBON_PUE = add(key("spark.greentrain.energy.carbon.pue")
            .doc("Power usage effectiveness of the data centre (at least 1). Default: Uptime Institute Global Data "
                    + "Center Survey 2024 weighted average.")
            .readWith(SparkValueParsers.DOUBLE)
            .check(atLeast(1.0))
            .createWithDefault("1.56"));

    public static final ConfigEntry<String, Map<String, Double>> CARBON_ZONE_PUE = add(key(
            "spark.greentrain.energy.carbon.zonePue")
            .doc("PUE of the data centres in particular zones, as ZONE=PUE,ZONE=PUE (each at least 1); other zones "
                    + "use carbon.pue.")
            .readWith(SparkValueParsers.STRING)
            .check(ValueCheck.of(v -> v.isEmpty() || v.matches("[^=,]+=[0-9.]+(,[^=,]+=[0-9.]+)*"),
                    v -> "must be ZONE=PUE,ZONE=PUE"))
            .map(EnergyConf::pairs)
            .map(EnergyConf::pueByZone)
            .createWithDefault(""));

    public static final ConfigEntry<String, Integer> CARBON_SERVER_CORES = add(key(
            "spark.greentrain.energy.carbon.serverCores")
            .doc("Cores of one server, to amortise its embodied emissions over the cores an executor holds "
                    + "(default: the driver machine's cores).")
            .readWith(SparkValueParsers.INT)
            .check(ValueCheck.atLeast(1))
            .createWithDefault(String.valueOf(Runtime.getRuntime().availableProcessors()),
                    "the driver machine's cores"));

    private EnergyConf() {
    }

    private static ConfigEntry.Builder<String> key(String key) {
        return ConfigEntry.builder(key);
    }

    private static <T> ConfigEntry<String, T> add(ConfigEntry<String, T> entry) {
        ENTRIES.add(entry);
        return entry;
    }

    /** Every key, in documentation order. */
    public static List<ConfigEntry<String, ?>> all() {
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

    private static double finite(String value) {
        double number = Double.parseDouble(value);
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("not a finite number");
        }
        return number;
    }

    private static ValueCheck<OptionalDouble> notNegativeIfPresent() {
        return ValueCheck.of(v -> v.isEmpty() || v.getAsDouble() >= 0,
                v -> "must not be negative, got " + v.getAsDouble());
    }

    /** {@code a=b,c=d} (already checked to have that shape) as a map, each side trimmed, in the given order. */
    private static Map<String, String> pairs(String value) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (!value.isEmpty()) {
            for (String pair : value.split(",")) {
                String[] parts = pair.split("=", 2);
                pairs.put(parts[0].trim(), parts[1].trim());
            }
        }
        return Collections.unmodifiableMap(pairs);
    }

    private static Map<String, Double> pueByZone(Map<String, String> pairs) {
        Map<String, Double> pueByZone = new LinkedHashMap<>();
        pairs.forEach((zone, text) -> {
            double pue;
            try {
                pue = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PUE of zone " + zone + " is not a number: '" + text + "'");
            }
            if (!(pue >= 1.0)) {
                throw new IllegalArgumentException("PUE of zone " + zone + " must be at least 1, got " + pue);
            }
            pueByZone.put(zone, pue);
        });
        return Collections.unmodifiableMap(pueByZone);
    }

    /** The Markdown reference of every key (written to docs/energy-configuration.md). */
    public static String renderDoc() {
        StringBuilder doc = new StringBuilder()
                .append("# Energy plugin configuration\n\n")
                .append("Generated from io.greentrain.energy.EnergyConf; do not edit. ")
                .append("Regenerate with `mvn -B -q -pl energy test -Dtest=EnergyConfTest -Dgreentrain.writeDocs=true`.\n\n")
                .append("Set these with `--conf KEY=VALUE` on `spark-submit` (or in `spark-defaults.conf`). ")
                .append("A value that does not parse or fails its check, or keys that do not fit together, stop the ")
                .append("plugin with a message naming the key; the greentrain jobs check them before Spark starts ")
                .append("and exit with code 2.\n\n")
                .append("| Key | Type | Default | Meaning |\n|---|---|---|---|\n");
        for (ConfigEntry<String, ?> entry : ENTRIES) {
            String raw = entry.defaultValue().orElseThrow();
            String shownDefault = entry.defaultDescription()
                    .orElse(raw.isEmpty() ? "(empty)" : "`" + raw + "`");
            doc.append("| `").append(entry.key()).append("` | ").append(entry.typeDescription()).append(" | ")
                    .append(shownDefault).append(" | ").append(entry.doc()).append(" |\n");
        }
        return doc.toString();
    }
}
