package io.greentrain.preprocessing.text.quality;

import java.io.Serializable;
import java.util.List;

/**
 * Thresholds of the {@link GopherRepetitionFilter}. Defaults from the Gopher repetition filter (Rae et al. 2021,
 * "Scaling Language Models: Methods, Analysis &amp; Insights from Training Gopher", appendix A.1.1, table A1):
 * duplicate lines at most 0.3 of lines and 0.2 of characters; duplicate paragraphs likewise 0.3 and 0.2; the most
 * frequent 2-, 3-, 4-gram at most 0.20, 0.18, 0.16 of characters; characters in duplicated 5- to 10-grams at most
 * 0.15, 0.14, 0.13, 0.12, 0.11, 0.10. Unspaced scripts, whose n-grams are of characters, have their own n-gram
 * limits ({@link #UNSPACED_MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT}, {@link #UNSPACED_MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT}),
 * measured on the labelled evaluation set ({@code data/text/quality-eval/}, figures in {@code docs/text-cleaning.md}):
 * a character is not a word, and the parallel lines of classical verse repeat by design.
 *
 * <p>A maximum fraction of 1 turns its rule off. Build with {@link #builder()}, whose setters are named after the
 * components.
 *
 * @param maxDuplicateLineFraction          largest share of lines that repeat an earlier line
 * @param maxDuplicateLineCharFraction      largest share of characters in repeated lines
 * @param maxDuplicateParagraphFraction     largest share of paragraphs that repeat an earlier one
 * @param maxDuplicateParagraphCharFraction largest share of characters in repeated paragraphs
 * @param maxTopNgramCharFraction           for n = 2, 3, 4: largest share of word characters covered by the most
 *                                          frequent n-gram
 * @param maxDuplicateNgramCharFraction     for n = 5 to 10: largest share of word characters in n-grams that occur
 *                                          more than once
 * @param unspacedMaxTopNgramCharFraction   the same as maxTopNgramCharFraction for unspaced scripts (character n-grams)
 * @param unspacedMaxDuplicateNgramCharFraction the same as maxDuplicateNgramCharFraction for unspaced scripts
 */
public record GopherRepetitionThresholds(
        double maxDuplicateLineFraction, double maxDuplicateLineCharFraction,
        double maxDuplicateParagraphFraction, double maxDuplicateParagraphCharFraction,
        List<Double> maxTopNgramCharFraction, List<Double> maxDuplicateNgramCharFraction,
        List<Double> unspacedMaxTopNgramCharFraction, List<Double> unspacedMaxDuplicateNgramCharFraction)
        implements Serializable {

    public static final double MAX_DUPLICATE_LINE_FRACTION_DEFAULT = 0.3;
    public static final double MAX_DUPLICATE_LINE_CHAR_FRACTION_DEFAULT = 0.2;
    public static final double MAX_DUPLICATE_PARAGRAPH_FRACTION_DEFAULT = 0.3;
    public static final double MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION_DEFAULT = 0.2;
    /** For n = 2, 3, 4. */
    public static final List<Double> MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT = List.of(0.20, 0.18, 0.16);
    /** For n = 5, 6, 7, 8, 9, 10. */
    public static final List<Double> MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT =
            List.of(0.15, 0.14, 0.13, 0.12, 0.11, 0.10);
    /**
     * For n = 2, 3, 4 characters of an unspaced script: 2n / 10, the share that two occurrences of an n-gram cover in
     * the shortest unspaced document allowed (10 characters), since a couplet or a saying repeats a phrase once by
     * design ({@code 知之為知之，不知為不知}; {@code 沒了期，沒了期}). The good CJK texts of the labelled evaluation set reach
     * 0.364, 0.400 and 0.444, its crafted repetitive junk 1.8 and more; Gopher's 0.20, 0.18, 0.16 remove 12 of its 304
     * good CJK texts.
     */
    public static final List<Double> UNSPACED_MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT = List.of(0.40, 0.60, 0.80);
    /**
     * For n = 5, 6, 7, 8, 9, 10 characters of an unspaced script: Gopher's, kept because no good CJK text of the
     * labelled evaluation set comes near them (largest 0.088 for 5-grams) and every crafted repetitive one is past them.
     */
    public static final List<Double> UNSPACED_MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT =
            List.of(0.15, 0.14, 0.13, 0.12, 0.11, 0.10);

    /** The published defaults listed above. */
    public static final GopherRepetitionThresholds DEFAULTS = builder().build();

    public GopherRepetitionThresholds {
        maxTopNgramCharFraction = List.copyOf(maxTopNgramCharFraction);
        maxDuplicateNgramCharFraction = List.copyOf(maxDuplicateNgramCharFraction);
        unspacedMaxTopNgramCharFraction = List.copyOf(unspacedMaxTopNgramCharFraction);
        unspacedMaxDuplicateNgramCharFraction = List.copyOf(unspacedMaxDuplicateNgramCharFraction);
        if (maxTopNgramCharFraction.size() != 3 || maxDuplicateNgramCharFraction.size() != 6
                || unspacedMaxTopNgramCharFraction.size() != 3 || unspacedMaxDuplicateNgramCharFraction.size() != 6) {
            throw new IllegalArgumentException("need 3 top n-gram limits (n = 2..4) and 6 duplicate n-gram limits"
                    + " (n = 5..10), got " + maxTopNgramCharFraction + " and " + maxDuplicateNgramCharFraction
                    + ", unspaced " + unspacedMaxTopNgramCharFraction + " and " + unspacedMaxDuplicateNgramCharFraction);
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named setters; unset values keep their defaults. */
    public static final class Builder {
        private double maxDuplicateLineFraction = MAX_DUPLICATE_LINE_FRACTION_DEFAULT;
        private double maxDuplicateLineCharFraction = MAX_DUPLICATE_LINE_CHAR_FRACTION_DEFAULT;
        private double maxDuplicateParagraphFraction = MAX_DUPLICATE_PARAGRAPH_FRACTION_DEFAULT;
        private double maxDuplicateParagraphCharFraction = MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION_DEFAULT;
        private List<Double> maxTopNgramCharFraction = MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT;
        private List<Double> maxDuplicateNgramCharFraction = MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT;
        private List<Double> unspacedMaxTopNgramCharFraction = UNSPACED_MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT;
        private List<Double> unspacedMaxDuplicateNgramCharFraction = UNSPACED_MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT;

        private Builder() {
        }

        public Builder maxDuplicateLineFraction(double v) { maxDuplicateLineFraction = v; return this; }
        public Builder maxDuplicateLineCharFraction(double v) { maxDuplicateLineCharFraction = v; return this; }
        public Builder maxDuplicateParagraphFraction(double v) { maxDuplicateParagraphFraction = v; return this; }
        public Builder maxDuplicateParagraphCharFraction(double v) { maxDuplicateParagraphCharFraction = v; return this; }
        public Builder maxTopNgramCharFraction(List<Double> v) { maxTopNgramCharFraction = v; return this; }
        public Builder maxDuplicateNgramCharFraction(List<Double> v) { maxDuplicateNgramCharFraction = v; return this; }
        public Builder unspacedMaxTopNgramCharFraction(List<Double> v) { unspacedMaxTopNgramCharFraction = v; return this; }
        public Builder unspacedMaxDuplicateNgramCharFraction(List<Double> v) {
            unspacedMaxDuplicateNgramCharFraction = v;
            return this;
        }

        public GopherRepetitionThresholds build() {
            return new GopherRepetitionThresholds(maxDuplicateLineFraction, maxDuplicateLineCharFraction,
                    maxDuplicateParagraphFraction, maxDuplicateParagraphCharFraction, maxTopNgramCharFraction,
                    maxDuplicateNgramCharFraction, unspacedMaxTopNgramCharFraction,
                    unspacedMaxDuplicateNgramCharFraction);
        }
    }
}
