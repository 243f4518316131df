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
        for (int i = 0; i < zone.length(); i++) {
            char c = zone.charAt(i);
            boolean canonical = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!canonical) {
                return zone.trim().toUpperCase(Locale.ROOT);
            }
        }
        // Already canonical, as every zone the driver accounts thousands of times a second is after the first time.
        return zone;
    }
}
