package io.greentrain.energy.carbon;

import java.util.Locale;

/**
 * Zone ids compare without regard to case or surrounding blanks: {@code de}, {@code DE } and
 * {@code DE} are one zone.
 */
final class ZoneIds {

    private ZoneIds() {
    }

    /**
     * The canonical form of a zone id: trimmed, upper case.
     *
     * @throws IllegalArgumentException when the zone is null or blank
     */
    static String canonical(String zone) {
        if (zone == null || zone.isBlank()) {
            throw new IllegalArgumentException("a grid zone id is required, got '" + zone + "'");
        }
        return zone.trim().toUpperCase(Locale.ROOT);
    }
}
