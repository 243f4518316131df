package io.greentrain.energy.carbon;

import java.util.regex.Pattern;

/** Parses intensity values strictly: plain decimal numbers only, no NaN, infinity, hex or type suffixes. */
final class StrictNumbers {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private StrictNumbers() {
    }

    /**
     * @param where the file and line, for the message
     * @throws IllegalArgumentException naming {@code where} when the text is not a decimal number
     *                                  {@code >= 0}
     */
    static double gramsPerKwh(String text, String where) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException(where + ": carbon intensity '" + text + "' is not a number");
        }
        double value = Double.parseDouble(text);
        if (value < 0 || Double.isInfinite(value)) {
            throw new IllegalArgumentException(where + ": carbon intensity " + text + " must be >= 0 and finite");
        }
        return value;
    }
}
