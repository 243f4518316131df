package io.greentrain.energy.ledger;

import java.util.Locale;

/**
 * How sure a run's total energy is, added up from its energy and correction lines' {@code relativeUncertainty}
 * ({@link io.greentrain.energy.meter.MeasurementUncertainty} states the per-line formula).
 *
 * <p>The overall figure is the energy-weighted mean of the lines' relative uncertainties,
 * {@code sum(u x E) / sum(E)} over the lines that record one: the relative uncertainty of the total if every line's
 * error went the same way. It is a bound: independent errors, such as the quantisation of consecutive counter
 * windows, partly cancel. Lines written before uncertainties were recorded are left out of it and counted apart.
 *
 * @param joules           IT energy of the lines that record an uncertainty
 * @param uncertainJoules  {@code sum(u x E)} over those lines, joules
 * @param unrecordedJoules IT energy of older lines that record none
 */
public record EnergyUncertainty(double joules, double uncertainJoules, double unrecordedJoules) {

    /** Nothing added up. */
    public static final EnergyUncertainty NONE = new EnergyUncertainty(0, 0, 0);

    /** {@code record}'s part added: an energy or correction line's; any other line changes nothing. */
    public EnergyUncertainty plus(LedgerRecord record) {
        if (record instanceof LedgerEntry entry) {
            return plus(entry.joules(), entry.relativeUncertainty());
        }
        if (record instanceof CorrectionRecord correction) {
            return plus(correction.joules(), correction.relativeUncertainty());
        }
        return this;
    }

    private EnergyUncertainty plus(double lineJoules, double relative) {
        if (Double.isNaN(relative)) {
            return new EnergyUncertainty(joules, uncertainJoules, unrecordedJoules + lineJoules);
        }
        return new EnergyUncertainty(joules + lineJoules, uncertainJoules + relative * lineJoules, unrecordedJoules);
    }

    /** {@code sum(u x E) / sum(E)}: the overall relative uncertainty, or NaN when no line records one. */
    public double relative() {
        return joules > 0 ? uncertainJoules / joules : Double.NaN;
    }

    /**
     * In words: {@code ±0.4% (energy-weighted over the entries, a bound)}, with the older lines' energy when some
     * record none, or {@code not recorded (the ledger predates uncertainties)}.
     */
    public String describe() {
        if (Double.isNaN(relative())) {
            return "not recorded (the ledger predates uncertainties)";
        }
        String text = String.format(Locale.ROOT, "±%s (energy-weighted over the entries, a bound)",
                percent(relative()));
        if (unrecordedJoules > 0) {
            text += String.format(Locale.ROOT, "; %.1f%% of the energy is on older lines that record none",
                    100 * unrecordedJoules / (joules + unrecordedJoules));
        }
        return text;
    }

    /** {@code 0.0021} as {@code 0.21%}, {@code 0.5} as {@code 50%}: three significant digits at most. */
    static String percent(double fraction) {
        double percent = 100 * fraction;
        String text = percent >= 10 ? String.format(Locale.ROOT, "%.0f", percent)
                : percent >= 1 ? String.format(Locale.ROOT, "%.1f", percent)
                : String.format(Locale.ROOT, "%.2g", percent);
        return text + "%";
    }
}
