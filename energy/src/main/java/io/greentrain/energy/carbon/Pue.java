package io.greentrain.energy.carbon;

/**
 * A power usage effectiveness: total facility energy / IT equipment energy.
 *
 * @param value  {@code >= 1.0} and finite; 1.0 counts no cooling or power distribution at all
 * @param source where it comes from: a measurement of the site, a provider's report, or a survey
 */
public record Pue(double value, String source) {

    public Pue {
        if (!(value >= 1.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("PUE must be finite and >= 1.0 (facility energy / IT energy), got "
                    + value);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("say where the PUE " + value + " comes from");
        }
    }
}
