package io.greentrain.energy.meter;

import java.nio.file.Path;

/**
 * One powercap zone that {@link RaplMeter} counts.
 *
 * @param dir        the zone's folder, e.g. {@code /sys/class/powercap/intel-rapl:0}
 * @param id         the folder's name, e.g. {@code intel-rapl:0:0}
 * @param name       the content of its {@code name} file, e.g. {@code package-0} or {@code dram}
 * @param parentName the {@code name} of the zone it belongs to ({@code package-0} for a dram
 *                   subzone), or {@code null} for a top-level zone
 * @param domain     the reading it adds to: {@link RaplMeter#PACKAGE_DOMAIN} or {@link RaplMeter#DRAM_DOMAIN}
 */
record RaplZone(Path dir, String id, String name, String parentName, String domain) {

    /** The cumulative counter, in microjoules. */
    Path energyFile() {
        return dir.resolve("energy_uj");
    }

    /** The largest value {@link #energyFile()} shows before it wraps to zero, in microjoules. */
    Path maxEnergyRangeFile() {
        return dir.resolve("max_energy_range_uj");
    }

    /**
     * What makes two zones the same hardware domain whichever control type exposes them:
     * {@code package-0} under {@code intel-rapl} and under {@code intel-rapl-mmio} share a key.
     */
    String hardwareKey() {
        return parentName == null ? name : parentName + "/" + name;
    }

    @Override
    public String toString() {
        return id + " (" + name + ")";
    }
}
