package io.greentrain.energy.meter;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's CPU package and DRAM energy from the RAPL counters of the Linux powercap interface
 * ({@code /sys/class/powercap}), on Intel and AMD CPUs alike.
 *
 * <p>Two domains, both {@link Scope#HOST} and {@link MeasurementMethod#COUNTER}:
 * <ul>
 *   <li>{@value #PACKAGE_DOMAIN}: the sum of every {@code package-N} zone, i.e. every socket (and
 *       every die on multi-die parts);</li>
 *   <li>{@value #DRAM_DOMAIN}: the sum of every {@code dram} zone, where the CPU exposes one.</li>
 * </ul>
 * {@code core} and {@code uncore} are parts of their package and {@code psys} is the whole platform,
 * so adding any of them would count energy twice; they are logged and left out. Zones are found by
 * their {@code name} file under the {@code intel-rapl} and {@code intel-rapl-mmio} control types,
 * never by fixed paths; a package exposed by both counts once, through {@code intel-rapl}. See
 * {@link RaplZoneDiscovery}.
 *
 * <p>Each zone keeps its own cumulative total (see {@link RaplZoneCounter} for wraparound), and a
 * domain's reading is the sum of its zones' totals. A zone whose {@code energy_uj} cannot be read
 * this time adds nothing now and catches up from its last good value at its next good read; a
 * domain none of whose zones could be read is left out of that {@link #read()}. A zone whose folder
 * disappears stops contributing (what it counted before stays in the total) and is logged once.
 *
 * <p>Permissions: since the fix for CVE-2020-8694 (PLATYPUS) many kernels make {@code energy_uj}
 * readable by root only. To let a service account read it, either run
 * <code>sudo chmod a+r /sys/class/powercap/intel-rapl*:*&#47;energy_uj</code> after each boot, or add
 * a udev rule such as
 * {@code SUBSYSTEM=="powercap", ACTION=="add", RUN+="/bin/chmod a+r /sys%p/energy_uj"} (prefer a
 * group and {@code g+r} on shared machines: the restriction exists because fine-grained energy
 * readings leak information to unprivileged users).
 *
 * <p>Reading costs one small file read per zone. Not thread-safe (see {@link EnergyMeter}).
 */
public final class RaplMeter implements EnergyMeter {

    /** Where Linux exposes powercap zones. */
    public static final Path DEFAULT_POWERCAP_ROOT = Path.of("/sys/class/powercap");
    /** The domain of all CPU packages (sockets) summed. */
    public static final String PACKAGE_DOMAIN = "cpu-package";
    /** The domain of all DRAM zones summed. */
    public static final String DRAM_DOMAIN = "dram";

    /**
     * The most power one package zone is assumed to draw, for {@link #maxReadInterval()}: about
     * twice the highest server CPU TDPs of 2024 (500 W), so a counter is never read too late.
     */
    public static final double ASSUMED_MAX_PACKAGE_WATTS = 1000;
    /** The most power one dram zone is assumed to draw, for {@link #maxReadInterval()}. */
    public static final double ASSUMED_MAX_DRAM_WATTS = 200;
    /**
     * The range assumed for a zone whose {@code max_energy_range_uj} is unreadable: a 32-bit counter
     * in the finest energy unit CPUs use, 2^-16 J (15.3 µJ), i.e. 65,536 J.
     */
    static final long FALLBACK_RANGE_UJ = 65_536_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(RaplMeter.class);

    private final List<TrackedZone> zones;
    private final LongSupplier nanoClock;
    private final SysfsReader reader;
    private final Duration maxReadInterval;

    private RaplMeter(List<TrackedZone> zones, LongSupplier nanoClock, SysfsReader reader) {
        this.zones = zones;
        this.nanoClock = nanoClock;
        this.reader = reader;
        this.maxReadInterval = shortestSafeInterval(zones);
    }

    /** Opens the meter on {@link #DEFAULT_POWERCAP_ROOT} with {@link System#nanoTime()}. */
    public static RaplMeter open() throws MeterUnavailableException {
        return open(DEFAULT_POWERCAP_ROOT, System::nanoTime);
    }

    /**
     * Finds the zones under {@code powercapRoot} and reads each counter once as its baseline.
     *
     * @param powercapRoot usually {@link #DEFAULT_POWERCAP_ROOT}
     * @param nanoClock    the clock of the readings' timestamps, {@link System#nanoTime()} outside tests
     * @throws MeterUnavailableException when there is no package or dram zone, or no zone's
     *                                   {@code energy_uj} can be read (the message says how to grant
     *                                   access when permissions are the cause)
     */
    public static RaplMeter open(Path powercapRoot, LongSupplier nanoClock) throws MeterUnavailableException {
        return open(powercapRoot, nanoClock, SysfsReader.FILES);
    }

    static RaplMeter open(Path powercapRoot, LongSupplier nanoClock, SysfsReader reader)
            throws MeterUnavailableException {
        RaplZoneDiscovery.Result found;
        try {
            found = RaplZoneDiscovery.discover(powercapRoot, reader);
        } catch (IOException e) {
            throw new MeterUnavailableException("cannot list RAPL zones under " + powercapRoot + ": " + e, e);
        }
        for (RaplZoneDiscovery.IgnoredZone ignored : found.ignored()) {
            LOG.info("RAPL zone {} ({}) not counted: {}", ignored.id(), ignored.name(), ignored.reason());
        }
        if (found.counted().isEmpty()) {
            throw new MeterUnavailableException("no RAPL package or dram zone under " + powercapRoot
                    + " (no powercap RAPL driver, or a VM or container that does not expose it)");
        }

        List<TrackedZone> tracked = new ArrayList<>();
        Map<RaplZone, IOException> failures = new LinkedHashMap<>();
        for (RaplZone zone : found.counted()) {
            TrackedZone trackedZone = new TrackedZone(zone, new RaplZoneCounter(readRange(zone, reader)));
            try {
                trackedZone.counter.accept(readEnergy(zone, reader));
            } catch (IOException e) {
                failures.put(zone, e);
            }
            tracked.add(trackedZone);
        }
        if (failures.size() == tracked.size()) {
            IOException first = failures.values().iterator().next();
            if (failures.values().stream().allMatch(AccessDeniedException.class::isInstance)) {
                throw new MeterUnavailableException(permissionDeniedReason(powercapRoot), first);
            }
            throw new MeterUnavailableException("no RAPL energy_uj under " + powercapRoot + " can be read: " + first,
                    first);
        }
        failures.forEach((zone, e) -> LOG.warn("RAPL zone {}: cannot read {} ({}); it is counted from its first"
                + " good read", zone, zone.energyFile(), e.toString()));
        RaplMeter meter = new RaplMeter(List.copyOf(tracked), nanoClock, reader);
        LOG.info("RAPL meter counts {}; read at least every {}", found.counted(), meter.maxReadInterval);
        return meter;
    }

    @Override
    public String name() {
        return "rapl";
    }

    /**
     * Reads every zone and returns one reading per domain with at least one zone read now,
     * stamped with the clock after the reads.
     */
    @Override
    public List<EnergyReading> read() {
        for (TrackedZone zone : zones) {
            zone.readNow(reader);
        }
        long now = nanoClock.getAsLong();
        Map<String, List<TrackedZone>> byDomain = zones.stream().collect(
                Collectors.groupingBy(z -> z.zone.domain(), LinkedHashMap::new, Collectors.toList()));
        List<EnergyReading> readings = new ArrayList<>();
        for (Map.Entry<String, List<TrackedZone>> domain : byDomain.entrySet()) {
            List<TrackedZone> domainZones = domain.getValue();
            if (domainZones.stream().noneMatch(z -> z.readThisRound)) {
                continue;
            }
            long totalUj = domainZones.stream().mapToLong(z -> z.counter.totalMicrojoules()).sum();
            readings.add(new EnergyReading(domain.getKey(), Scope.HOST, MeasurementMethod.COUNTER, totalUj / 1e6,
                    now, provenance(domainZones)));
        }
        return readings;
    }

    /**
     * Half the time the fastest zone takes to wrap at {@link #ASSUMED_MAX_PACKAGE_WATTS} or
     * {@link #ASSUMED_MAX_DRAM_WATTS}, so no counter can wrap twice between reads (once is handled).
     * Typically about two minutes; never {@link Duration#ZERO}.
     */
    @Override
    public Duration maxReadInterval() {
        return maxReadInterval;
    }

    /** Nothing to release: files are opened per read. */
    @Override
    public void close() {
    }

    private static Duration shortestSafeInterval(List<TrackedZone> zones) {
        double shortestSeconds = Double.MAX_VALUE;
        for (TrackedZone tracked : zones) {
            double rangeJoules = tracked.counter.maxEnergyRangeUj().orElse(FALLBACK_RANGE_UJ) / 1e6;
            double watts = tracked.zone.domain().equals(PACKAGE_DOMAIN) ? ASSUMED_MAX_PACKAGE_WATTS
                    : ASSUMED_MAX_DRAM_WATTS;
            shortestSeconds = Math.min(shortestSeconds, rangeJoules / watts / 2);
        }
        return Duration.ofNanos(Math.max(1, (long) (shortestSeconds * 1e9)));
    }

    private static String provenance(List<TrackedZone> domainZones) {
        return "RAPL energy counters (wraparound at max_energy_range_uj): " + domainZones.stream()
                .map(TrackedZone::describe)
                .collect(Collectors.joining(" + "));
    }

    static String permissionDeniedReason(Path powercapRoot) {
        return "RAPL energy_uj under " + powercapRoot + " is readable by root only (kernel fix for CVE-2020-8694):"
                + " grant read access with 'sudo chmod a+r " + powercapRoot + "/intel-rapl*:*/energy_uj' (until reboot)"
                + " or a udev rule on SUBSYSTEM==\"powercap\", or use an estimating meter";
    }

    private static OptionalLong readRange(RaplZone zone, SysfsReader reader) {
        try {
            long range = Long.parseLong(reader.read(zone.maxEnergyRangeFile()));
            if (range > 0) {
                return OptionalLong.of(range);
            }
            LOG.warn("RAPL zone {}: max_energy_range_uj is {}; a backwards step will be dropped, not unwrapped",
                    zone, range);
        } catch (IOException | NumberFormatException e) {
            LOG.warn("RAPL zone {}: cannot use {} ({}); a backwards step will be dropped, not unwrapped",
                    zone, zone.maxEnergyRangeFile(), e.toString());
        }
        return OptionalLong.empty();
    }

    private static long readEnergy(RaplZone zone, SysfsReader reader) throws IOException {
        String text = reader.read(zone.energyFile());
        long microjoules;
        try {
            microjoules = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("not a microjoule count in " + zone.energyFile() + ": '" + text + "'", e);
        }
        if (microjoules < 0) {
            throw new IOException("negative microjoule count in " + zone.energyFile() + ": " + microjoules);
        }
        return microjoules;
    }

    /** One zone's counter and how its last read went. */
    private static final class TrackedZone {
        private final RaplZone zone;
        private final RaplZoneCounter counter;
        private boolean readThisRound;
        private boolean failing;
        private boolean gone;

        TrackedZone(RaplZone zone, RaplZoneCounter counter) {
            this.zone = zone;
            this.counter = counter;
        }

        void readNow(SysfsReader reader) {
            readThisRound = false;
            if (gone) {
                return;
            }
            try {
                if (counter.accept(readEnergy(zone, reader)) == RaplZoneCounter.Outcome.DROPPED) {
                    LOG.warn("RAPL zone {}: energy_uj went backwards and its range is unknown; sample dropped", zone);
                }
                if (failing) {
                    LOG.info("RAPL zone {} readable again; energy since its last good read is counted", zone);
                }
                failing = false;
                readThisRound = true;
            } catch (IOException e) {
                if (!Files.isDirectory(zone.dir())) {
                    gone = true;
                    LOG.warn("RAPL zone {} disappeared; it stops contributing, its {} J so far stay counted",
                            zone, counter.totalMicrojoules() / 1e6);
                } else if (!failing) {
                    failing = true;
                    LOG.warn("RAPL zone {}: cannot read {} ({}); its energy is counted at its next good read",
                            zone, zone.energyFile(), e.toString());
                }
            }
        }

        String describe() {
            String state = gone ? " [gone]" : readThisRound ? "" : " [not read this time]";
            return zone.energyFile() + " (" + zone.name() + ")" + state;
        }
    }
}
