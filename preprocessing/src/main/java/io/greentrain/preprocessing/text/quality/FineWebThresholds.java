package io.greentrain.preprocessing.text.quality;

import java.io.Serializable;

/**
 * Thresholds of the {@link FineWebQualityFilter}. Defaults from FineWeb (Penedo et al. 2024, "The FineWeb Datasets",
 * section 3.5, and DataTrove's {@code FineWebQualityFilter}): at least 12% of lines end in terminal punctuation; at
 * most 67% of lines are 30 characters or shorter.
 *
 * <p>A minimum fraction of 0 or a maximum fraction of 1 turns its rule off. Build with {@link #builder()}, whose
 * setters are named after the components.
 *
 * @param minLinePunctuationFraction smallest share of lines ending in terminal punctuation
 * @param maxShortLineFraction       largest share of short lines (spaced scripts only)
 * @param shortLineChars             a line of at most this many characters is short
 */
public record FineWebThresholds(double minLinePunctuationFraction, double maxShortLineFraction, int shortLineChars)
        implements Serializable {

    public static final double MIN_LINE_PUNCTUATION_FRACTION_DEFAULT = 0.12;
    public static final double MAX_SHORT_LINE_FRACTION_DEFAULT = 0.67;
    public static final int SHORT_LINE_CHARS_DEFAULT = 30;

    /** The published defaults listed above. */
    public static final FineWebThresholds DEFAULTS = builder().build();

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named setters; unset values keep their defaults. */
    public static final class Builder {
        private double minLinePunctuationFraction = MIN_LINE_PUNCTUATION_FRACTION_DEFAULT;
        private double maxShortLineFraction = MAX_SHORT_LINE_FRACTION_DEFAULT;
        private int shortLineChars = SHORT_LINE_CHARS_DEFAULT;

        private Builder() {
        }

        public Builder minLinePunctuationFraction(double v) { minLinePunctuationFraction = v; return this; }
        public Builder maxShortLineFraction(double v) { maxShortLineFraction = v; return this; }
        public Builder shortLineChars(int v) { shortLineChars = v; return this; }

        public FineWebThresholds build() {
            return new FineWebThresholds(minLinePunctuationFraction, maxShortLineFraction, shortLineChars);
        }
    }
}
