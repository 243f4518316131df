package io.greentrain.energy.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Units of the energy and carbon figures: the plugin accounts in joules and grams, and this class is the one rule
 * for showing them to people. {@link #energy} and {@link #mass} pick the metric prefix that puts the figure between 1
 * and 1000 ({@code 825 µWh}, {@code 3.6 Wh}, {@code 1.234 kWh}; {@code 412 mg}, {@code 2.5 kg}) and round it to at
 * most {@link #SIGNIFICANT_DIGITS} significant digits, so that no figure starts with a run of zeros. Files meant for
 * machines (CSV, Parquet, JSON) keep the exact values; only text for people goes through here.
 */
public final class EnergyUnits {

    /** Joules in one kilowatt-hour. */
    public static final double JOULES_PER_KWH = 3.6e6;

    /** Joules in one watt-hour. */
    public static final double JOULES_PER_WH = 3600;

    /** Grams in one kilogram. */
    public static final double GRAMS_PER_KG = 1000;

    /** The most significant digits a figure for people shows. */
    public static final int SIGNIFICANT_DIGITS = 4;

    /** Down to femto: the energy of one training FLOP is a few picowatt-hours. */
    private static final String[] PREFIXES = {"f", "p", "n", "\u00b5", "m", "", "k", "M", "G"};
    private static final int NO_PREFIX = 5;
    /** Mass prefixes stop at kilograms: a thousand kilograms stays {@code 1000 kg} rather than megagrams. */
    private static final int LARGEST_MASS_PREFIX = 6;

    private EnergyUnits() {
    }

    /** {@code joules} in kilowatt-hours. */
    public static double kwh(double joules) {
        return joules / JOULES_PER_KWH;
    }

    /** {@code joules} as watt-hours with a prefix, e.g. {@code 825 µWh}, {@code 1.234 kWh}; a dash when not finite. */
    public static String energy(double joules) {
        return withPrefix(joules / JOULES_PER_WH, "Wh", PREFIXES.length - 1);
    }

    /** {@code grams} as grams with a prefix, e.g. {@code 412 mg}, {@code 2.5 kg}; a dash when not finite. */
    public static String mass(double grams) {
        return withPrefix(grams, "g", LARGEST_MASS_PREFIX);
    }

    /** {@code watts} with a prefix, e.g. {@code 12.5 W}, {@code 1.2 kW}; a dash when not finite. */
    public static String power(double watts) {
        return withPrefix(watts, "W", PREFIXES.length - 1);
    }

    /**
     * {@code value} rounded to at most {@link #SIGNIFICANT_DIGITS} significant digits, without exponent and without
     * trailing zeros, thousands grouped ({@code 0.825}, {@code 612}, {@code 12,350}); a dash when not finite. Below
     * {@code 0.001} it keeps the leading zeros, so figures that can be that small should carry a unit
     * ({@link #energy}, {@link #mass}).
     */
    public static String number(double value) {
        if (!Double.isFinite(value)) {
            return "\u2013";
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        if (rounded.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return String.format(Locale.ROOT, "%,d", rounded.toBigInteger());
        }
        return rounded.toPlainString();
    }

    private static String withPrefix(double value, String unit, int largestPrefix) {
        if (!Double.isFinite(value)) {
            return "\u2013";
        }
        if (value == 0) {
            return "0 " + unit;
        }
        int prefix = NO_PREFIX;
        double scaled = value;
        while (Math.abs(roundedMagnitude(scaled)) >= 1000 && prefix < largestPrefix) {
            scaled /= 1000;
            prefix++;
        }
        while (Math.abs(roundedMagnitude(scaled)) < 1 && prefix > 0) {
            scaled *= 1000;
            prefix--;
        }
        return number(scaled) + " " + PREFIXES[prefix] + unit;
    }

    /** {@code value} as {@link #number} rounds it, so that 999.96 moves up a prefix rather than showing as 1,000. */
    private static double roundedMagnitude(double value) {
        return new BigDecimal(value).round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN)).doubleValue();
    }
}
