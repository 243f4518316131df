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

    /** The grammar as a regular expression, for documentation and for callers that only check. */
    public static final Pattern GRAMMAR = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private DecimalNumbers() {
    }

    /** {@code text} as a finite double, or null when it is not a number of the grammar. */
    public static Double parseFinite(String text) {
        if (text == null || !GRAMMAR.matcher(text).matches()) {
            return null;
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? value : null;
    }
}
