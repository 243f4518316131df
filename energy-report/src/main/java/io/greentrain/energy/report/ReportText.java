package io.greentrain.energy.report;

import io.greentrain.energy.api.EnergyUnits;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text the report's HTML and SVG share: escaping of data, numbers and times for people to read. */
final class ReportText {

    private static final DateTimeFormatter UTC_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReportText() {
    }

    /**
     * {@code text} made safe as HTML or SVG element content and as a quoted attribute value; null
     * becomes empty. Every string that comes from a ledger goes through here.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters are not allowed in XML (SVG) and mean nothing on a page.
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code text} cut to {@code max} characters, with an ellipsis when cut. */
    static String shorten(String text, int max) {
        String value = text == null ? "" : text;
        return value.length() <= max ? value : value.substring(0, max - 1) + "\u2026";
    }

    /** {@code value} by {@link EnergyUnits#number}, the one rule for plain numbers people read. */
    static String number(double value) {
        return EnergyUnits.number(value);
    }

    /** {@code fraction} (0 to 1) as a percentage with one decimal. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f %%", fraction * 100) : "\u2013";
    }

    /** A length of time for people: {@code 42 s}, {@code 9 min 57 s}, {@code 3 h 5 min}, {@code 2 d 4 h}. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "\u2013";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86400 + " d" + (s % 86400 / 3600 == 0 ? "" : " " + s % 86400 / 3600 + " h");
    }

    /** Epoch seconds as {@code yyyy-MM-dd HH:mm:ss} UTC; a dash when not a number. */
    static String utc(double epochSeconds) {
        if (!Double.isFinite(epochSeconds)) {
            return "\u2013";
        }
        return UTC_SECONDS.format(Instant.ofEpochMilli(Math.round(epochSeconds * 1000)));
    }
}
