package io.greentrain.formats;

import java.util.regex.Pattern;

/**
 * The one number grammar of greentrain's inputs (CSV cells, configuration values given as strings):
 * an optional sign, decimal digits with an optional fraction (or a fraction alone), an optional
 * decimal exponent, e.g. {@code 12}, {@code -3.5}, {@code .5}, {@code 1e-3}; finite. Java's extras
 * that {@link Double#parseDouble} also takes are not numbers here: type suffixes ({@code 1.5d},
 * {@code 2f}), hex floats ({@code 0x1.8p1}), {@code NaN}, {@code Infinity}, and a value too large
 * for a double ({@code 1e309}). Thousands separators are not numbers either. Surrounding spaces are
 * the caller's to strip. Stateless and thread-safe.
 */
public final class DecimalNumbers {

    /**
     * The grammar as a regular expression, for documentation and for callers that only check; {@link #matches}
     * decides the same without a regular expression engine (a test holds the two to agreement).
     */
    public static final Pattern GRAMMAR = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private DecimalNumbers() {
    }

    /** {@code text} as a finite double, or null when it is not a number of the grammar. */
    public static Double parseFinite(String text) {
        if (text == null || !matches(text)) {
            return null;
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? value : null;
    }

    /**
     * Whether {@code text} is a number of the grammar ({@link #GRAMMAR}), finite or not. A single scan of the
     * characters: parsing CSV cells calls this once per numeric cell, where a regular expression match costs
     * several times more.
     */
    public static boolean matches(String text) {
        int length = text.length();
        int at = 0;
        if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
            at++;
        }
        int integerDigits = 0;
        while (at < length && isDigit(text.charAt(at))) {
            at++;
            integerDigits++;
        }
        int fractionDigits = 0;
        if (at < length && text.charAt(at) == '.') {
            at++;
            while (at < length && isDigit(text.charAt(at))) {
                at++;
                fractionDigits++;
            }
        }
        if (integerDigits == 0 && fractionDigits == 0) {
            return false;
        }
        if (at < length && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            int exponentDigits = 0;
            while (at < length && isDigit(text.charAt(at))) {
                at++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return at == length;
    }

    /** An ASCII digit, as {@code \d} is in {@link #GRAMMAR} (Java's patterns are ASCII unless told otherwise). */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
