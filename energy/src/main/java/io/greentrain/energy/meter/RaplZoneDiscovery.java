package io.greentrain.energy.meter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the RAPL zones of a powercap tree and decides which ones to count, by each zone's
 * {@code name} file and never by its path (zone numbers differ between machines: on a laptop
 * {@code intel-rapl:1} is often {@code psys}, on a two-socket server it is {@code package-1}).
 *
 * <p>Counted: every {@code package-N} (and {@code package-N-die-M} on multi-die parts) as
 * {@link RaplMeter#PACKAGE_DOMAIN}, every {@code dram} as {@link RaplMeter#DRAM_DOMAIN}. Ignored,
 * with a reason: {@code core} and {@code uncore} (already inside their package), {@code psys}
 * (the whole platform, which contains the packages), unknown names, and the second copy of a
 * domain that both {@code intel-rapl} and {@code intel-rapl-mmio} expose ({@code intel-rapl} wins).
 */
final class RaplZoneDiscovery {

    /** The control types we read; the order is the preference when both expose a domain. */
    static final List<String> CONTROL_TYPES = List.of("intel-rapl", "intel-rapl-mmio");

    private static final Pattern ZONE_ID = Pattern.compile("(intel-rapl(?:-mmio)?)((?::\\d+)+)");
    private static final Pattern PACKAGE_NAME = Pattern.compile("package-\\d+(?:-die-\\d+)?");

    /** A zone left out of the totals, and why. */
    record IgnoredZone(String id, String name, String reason) {

    }

    /** The zones to count, in preference order, and the ones left out. */
    record Result(List<RaplZone> counted, List<IgnoredZone> ignored) {
    }

    private RaplZoneDiscovery() {
    }

    /**
     * Lists the zones under {@code powercapRoot}. A missing root gives an empty result.
     *
     * @throws IOException when the root exists but cannot be listed
     */
    static Result discover(Path powercapRoot, SysfsReader reader) throws IOException {
        Map<String, Path> zoneDirs = new TreeMap<>(ZONE_ORDER);
        collectZoneDirs(powercapRoot, zoneDirs);

        Map<String, String> names = new HashMap<>();
        List<IgnoredZone> ignored = new ArrayList<>();
        for (Map.Entry<String, Path> zone : zoneDirs.entrySet()) {
            try {
                names.put(zone.getKey(), reader.read(zone.getValue().resolve("name")));
            } catch (IOException e) {
                ignored.add(new IgnoredZone(zone.getKey(), "?", "its name file cannot be read: " + e));
            }
        }

        List<RaplZone> counted = new ArrayList<>();
        Map<String, RaplZone> byHardware = new HashMap<>();
        for (Map.Entry<String, Path> entry : zoneDirs.entrySet()) {
            String id = entry.getKey();
            String name = names.get(id);
            if (name == null) {
                continue;
            }
            String parentName = parentId(id) == null ? null : names.getOrDefault(parentId(id), "?");
            String domain = domainOf(name, parentName);
            if (domain == null) {
                ignored.add(new IgnoredZone(id, name, whyIgnored(name, parentName)));
                continue;
            }
            RaplZone zone = new RaplZone(entry.getValue(), id, name, parentName, domain);
            RaplZone first = byHardware.putIfAbsent(zone.hardwareKey(), zone);
            if (first != null) {
                ignored.add(new IgnoredZone(id, name, "the same domain as " + first.id() + ", counted once there"));
            } else {
                counted.add(zone);
            }
        }
        return new Result(List.copyOf(counted), List.copyOf(ignored));
    }

    /**
     * Collects zone folders: sysfs lists every zone flat under the root (as links) and also nests
     * subzones inside their parent; fake trees may do either. A folder's own zones are taken before
     * those nested deeper, so the flat paths win where both exist. Only folders named like zones are
     * entered, so the {@code device} and {@code subsystem} links (which loop) are never followed.
     */
    private static void collectZoneDirs(Path dir, Map<String, Path> zoneDirs) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        } catch (NoSuchFileException e) {
            return;
        }
        List<Path> found = new ArrayList<>();
        for (Path child : children) {
            String id = child.getFileName().toString();
            if (ZONE_ID.matcher(id).matches() && Files.isDirectory(child) && !zoneDirs.containsKey(id)) {
                zoneDirs.put(id, child);
                found.add(child);
            }
        }
        for (Path zoneDir : found) {
            collectZoneDirs(zoneDir, zoneDirs);
        }
    }

    private static String parentId(String id) {
        int lastColon = id.lastIndexOf(':');
        int firstColon = id.indexOf(':');
        return lastColon == firstColon ? null : id.substring(0, lastColon);
    }

    private static String domainOf(String name, String parentName) {
        if (parentName == null && PACKAGE_NAME.matcher(name).matches()) {
            return RaplMeter.PACKAGE_DOMAIN;
        }
        if (name.equals("dram")) {
            return RaplMeter.DRAM_DOMAIN;
        }
        return null;
    }

    private static String whyIgnored(String name, String parentName) {
        return switch (name) {
            case "psys" -> "platform energy, which already contains the packages; adding it would count them twice";
            case "core", "uncore" -> "part of " + (parentName == null ? "its package" : parentName)
                    + ", which is counted whole";
            default -> "not a package or dram zone";
        };
    }

    /** {@code intel-rapl} before {@code intel-rapl-mmio}, then by zone numbers. */
    private static final Comparator<String> ZONE_ORDER = Comparator
            .comparingInt((String id) -> CONTROL_TYPES.indexOf(controlType(id)))
            .thenComparing(RaplZoneDiscovery::zoneNumbers, Arrays::compare)
            .thenComparing(Comparator.naturalOrder());

    private static String controlType(String id) {
        return id.substring(0, id.indexOf(':'));
    }

    private static long[] zoneNumbers(String id) {
        Matcher m = ZONE_ID.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a zone id: " + id);
        }
        return Stream.of(m.group(2).substring(1).split(":")).mapToLong(Long::parseLong).toArray();
    }
}
