package io.greentrain.energy.carbon;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The PUE to apply per cluster or grid zone, with a default. Precedence, written once: the host's
 * cluster, else its zone, else the default.
 *
 * <p>The default, {@value #PUE_DEFAULT}, is the weighted average the Uptime Institute Global Data
 * Center Survey 2024 reports across the sites it surveyed ({@link #PUE_DEFAULT_SOURCE}). A site's own
 * measured PUE is better: set it per cluster or zone.
 *
 * <p>Immutable: the {@code with...} methods return a new instance. Safe to share between threads.
 */
public final class PueSettings {

    /** The default PUE: the Uptime Institute's 2024 survey average. */
    public static final double PUE_DEFAULT = 1.56;
    /** Where {@link #PUE_DEFAULT} comes from. */
    public static final String PUE_DEFAULT_SOURCE =
            "Uptime Institute Global Data Center Survey 2024: weighted average PUE of about 1.56";

    private final Pue defaultPue;
    private final Map<String, Pue> byCluster;
    private final Map<String, Pue> byZone;

    private PueSettings(Pue defaultPue, Map<String, Pue> byCluster, Map<String, Pue> byZone) {
        this.defaultPue = defaultPue;
        this.byCluster = byCluster;
        this.byZone = byZone;
    }

    /** {@link #PUE_DEFAULT} everywhere. */
    public static PueSettings defaults() {
        return new PueSettings(new Pue(PUE_DEFAULT, PUE_DEFAULT_SOURCE), Map.of(), Map.of());
    }

    /**
     * These settings with another default.
     *
     * @throws IllegalArgumentException when {@code pue < 1.0} or the source is blank
     */
    public PueSettings withDefault(double pue, String source) {
        return new PueSettings(new Pue(pue, source), byCluster, byZone);
    }

    /**
     * These settings with a PUE for one cluster (its name as the hosts report it).
     *
     * @throws IllegalArgumentException when {@code pue < 1.0} or the source is blank
     */
    public PueSettings withCluster(String cluster, double pue, String source) {
        return new PueSettings(defaultPue, with(byCluster, key(cluster, "cluster"), new Pue(pue, source)), byZone);
    }

    /**
     * These settings with a PUE for one grid zone (case-insensitive).
     *
     * @throws IllegalArgumentException when {@code pue < 1.0} or the source is blank
     */
    public PueSettings withZone(String zone, double pue, String source) {
        return new PueSettings(defaultPue, byCluster, with(byZone, ZoneIds.canonical(zone), new Pue(pue, source)));
    }

    /**
     * The PUE for a host: its cluster's, else its zone's, else the default.
     *
     * @param cluster the host's cluster, or {@code null} when it has none
     * @param zone    the host's grid zone
     */
    public Pue pueFor(String cluster, String zone) {
        if (cluster != null && byCluster.containsKey(cluster.trim())) {
            return byCluster.get(cluster.trim());
        }
        return byZone.getOrDefault(ZoneIds.canonical(zone), defaultPue);
    }

    private static String key(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a " + what + " name must not be blank");
        }
        return name.trim();
    }

    private static Map<String, Pue> with(Map<String, Pue> map, String key, Pue pue) {
        Map<String, Pue> copy = new HashMap<>(map);
        copy.put(key, pue);
        return Collections.unmodifiableMap(copy);
    }
}
