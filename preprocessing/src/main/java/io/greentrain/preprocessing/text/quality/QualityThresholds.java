package io.greentrain.preprocessing.text.quality;

import java.util.List;
import java.util.Set;

/**
 * Thresholds of the {@link QualityFilter}s. Defaults and their sources:
 * <ul>
 *   <li>Gopher quality filter (Rae et al. 2021, "Scaling Language Models: Methods, Analysis &amp; Insights from
 *       Training Gopher", appendix A.1.1): 50 to 100,000 words; mean word length 3 to 10; symbol-to-word ratio
 *       (# and ellipses) at most 0.1; at most 90% of lines starting with a bullet; at most 30% of lines ending with an
 *       ellipsis; at least 80% of words with an alphabetic character; at least 2 of the stop words
 *       the, be, to, of, and, that, have, with.</li>
 *   <li>Gopher repetition filter (same appendix, table A1): duplicate lines at most 0.3 of lines and 0.2 of characters;
 *       duplicate paragraphs likewise 0.3 and 0.2; the most frequent 2-, 3-, 4-gram at most 0.20, 0.18, 0.16 of
 *       characters; characters in duplicated 5- to 10-grams at most 0.15, 0.14, 0.13, 0.12, 0.11, 0.10.</li>
 *   <li>C4 (Raffel et al. 2020, section 2.2): pages with "lorem ipsum" or a curly bracket are removed.</li>
 *   <li>FineWeb (Penedo et al. 2024, section 3.5 and the DataTrove FineWebQualityFilter): at least 12% of lines end in
 *       terminal punctuation; at most 67% of lines are 30 characters or shorter.</li>
 *   <li>Unspaced scripts (ours, see {@link ScriptClass}): a document is unspaced when half of its letters are Han,
 *       kana, Thai, ...; it then needs 10 to 200,000 letters instead of 50 to 100,000 words (a 4-line, 5-character
 *       Chinese quatrain has 20). Mean word length, stop words and the short-line rule do not apply to it.</li>
 * </ul>
 * A limit set to its permissive extreme (0 for a minimum fraction, 1 for a maximum fraction, 0 stop words, false
 * for the C4 switches) turns its filter off.
 */
public record QualityThresholds(
        int minWords, int maxWords, double minMeanWordLength, double maxMeanWordLength, double maxSymbolWordRatio,
        double maxBulletLineFraction, double maxEllipsisLineFraction, double minAlphaWordFraction,
        int minStopWords, Set<String> stopWords, boolean rejectLoremIpsum, boolean rejectCurlyBracket,
        double maxDuplicateLineFraction, double maxDuplicateLineCharFraction,
        double maxDuplicateParagraphFraction, double maxDuplicateParagraphCharFraction,
        List<Double> maxTopNgramCharFraction, List<Double> maxDuplicateNgramCharFraction,
        double minLinePunctuationFraction, double maxShortLineFraction, int shortLineChars,
        double unspacedScriptShare, int unspacedMinChars, int unspacedMaxChars) implements java.io.Serializable {

    public static final int MIN_WORDS_DEFAULT = 50;
    public static final int MAX_WORDS_DEFAULT = 100_000;
    public static final double MIN_MEAN_WORD_LENGTH_DEFAULT = 3;
    public static final double MAX_MEAN_WORD_LENGTH_DEFAULT = 10;
    public static final double MAX_SYMBOL_WORD_RATIO_DEFAULT = 0.1;
    public static final double MAX_BULLET_LINE_FRACTION_DEFAULT = 0.9;
    public static final double MAX_ELLIPSIS_LINE_FRACTION_DEFAULT = 0.3;
    public static final double MIN_ALPHA_WORD_FRACTION_DEFAULT = 0.8;
    public static final int MIN_STOP_WORDS_DEFAULT = 2;
    public static final Set<String> STOP_WORDS_DEFAULT = Set.of("the", "be", "to", "of", "and", "that", "have", "with");
    public static final double MAX_DUPLICATE_LINE_FRACTION_DEFAULT = 0.3;
    public static final double MAX_DUPLICATE_LINE_CHAR_FRACTION_DEFAULT = 0.2;
    public static final double MAX_DUPLICATE_PARAGRAPH_FRACTION_DEFAULT = 0.3;
    public static final double MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION_DEFAULT = 0.2;
    /** For n = 2, 3, 4. */
    public static final List<Double> MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT = List.of(0.20, 0.18, 0.16);
    /** For n = 5, 6, 7, 8, 9, 10. */
    public static final List<Double> MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT =
            List.of(0.15, 0.14, 0.13, 0.12, 0.11, 0.10);
    public static final double MIN_LINE_PUNCTUATION_FRACTION_DEFAULT = 0.12;
    public static final double MAX_SHORT_LINE_FRACTION_DEFAULT = 0.67;
    public static final int SHORT_LINE_CHARS_DEFAULT = 30;
    public static final double UNSPACED_SCRIPT_SHARE_DEFAULT = 0.5;
    public static final int UNSPACED_MIN_CHARS_DEFAULT = 10;
    public static final int UNSPACED_MAX_CHARS_DEFAULT = 200_000;

    public QualityThresholds {
        stopWords = Set.copyOf(stopWords);
        maxTopNgramCharFraction = List.copyOf(maxTopNgramCharFraction);
        maxDuplicateNgramCharFraction = List.copyOf(maxDuplicateNgramCharFraction);
        if (minWords < 0 || maxWords < minWords || unspacedMinChars < 0 || unspacedMaxChars < unspacedMinChars) {
            throw new IllegalArgumentException("word limits must satisfy 0 <= min <= max: words " + minWords + ".."
                    + maxWords + ", unspaced characters " + unspacedMinChars + ".." + unspacedMaxChars);
        }
        if (maxTopNgramCharFraction.size() != 3 || maxDuplicateNgramCharFraction.size() != 6) {
            throw new IllegalArgumentException("need 3 top n-gram limits (n = 2..4) and 6 duplicate n-gram limits"
                    + " (n = 5..10), got " + maxTopNgramCharFraction + " and " + maxDuplicateNgramCharFraction);
        }
    }

    /** The published defaults listed in the class comment. */
    public static QualityThresholds defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these thresholds. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.minWords = minWords;
        b.maxWords = maxWords;
        b.minMeanWordLength = minMeanWordLength;
        b.maxMeanWordLength = maxMeanWordLength;
        b.maxSymbolWordRatio = maxSymbolWordRatio;
        b.maxBulletLineFraction = maxBulletLineFraction;
        b.maxEllipsisLineFraction = maxEllipsisLineFraction;
        b.minAlphaWordFraction = minAlphaWordFraction;
        b.minStopWords = minStopWords;
        b.stopWords = stopWords;
        b.rejectLoremIpsum = rejectLoremIpsum;
        b.rejectCurlyBracket = rejectCurlyBracket;
        b.maxDuplicateLineFraction = maxDuplicateLineFraction;
        b.maxDuplicateLineCharFraction = maxDuplicateLineCharFraction;
        b.maxDuplicateParagraphFraction = maxDuplicateParagraphFraction;
        b.maxDuplicateParagraphCharFraction = maxDuplicateParagraphCharFraction;
        b.maxTopNgramCharFraction = maxTopNgramCharFraction;
        b.maxDuplicateNgramCharFraction = maxDuplicateNgramCharFraction;
        b.minLinePunctuationFraction = minLinePunctuationFraction;
        b.maxShortLineFraction = maxShortLineFraction;
        b.shortLineChars = shortLineChars;
        b.unspacedScriptShare = unspacedScriptShare;
        b.unspacedMinChars = unspacedMinChars;
        b.unspacedMaxChars = unspacedMaxChars;
        return b;
    }

    /** Fluent setters named after the record components; unset values keep the defaults. */
    public static final class Builder {
        private int minWords = MIN_WORDS_DEFAULT;
        private int maxWords = MAX_WORDS_DEFAULT;
        private double minMeanWordLength = MIN_MEAN_WORD_LENGTH_DEFAULT;
        private double maxMeanWordLength = MAX_MEAN_WORD_LENGTH_DEFAULT;
        private double maxSymbolWordRatio = MAX_SYMBOL_WORD_RATIO_DEFAULT;
        private double maxBulletLineFraction = MAX_BULLET_LINE_FRACTION_DEFAULT;
        private double maxEllipsisLineFraction = MAX_ELLIPSIS_LINE_FRACTION_DEFAULT;
        private double minAlphaWordFraction = MIN_ALPHA_WORD_FRACTION_DEFAULT;
        private int minStopWords = MIN_STOP_WORDS_DEFAULT;
        private Set<String> stopWords = STOP_WORDS_DEFAULT;
        private boolean rejectLoremIpsum = true;
        private boolean rejectCurlyBracket = true;
        private double maxDuplicateLineFraction = MAX_DUPLICATE_LINE_FRACTION_DEFAULT;
        private double maxDuplicateLineCharFraction = MAX_DUPLICATE_LINE_CHAR_FRACTION_DEFAULT;
        private double maxDuplicateParagraphFraction = MAX_DUPLICATE_PARAGRAPH_FRACTION_DEFAULT;
        private double maxDuplicateParagraphCharFraction = MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION_DEFAULT;
        private List<Double> maxTopNgramCharFraction = MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT;
        private List<Double> maxDuplicateNgramCharFraction = MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT;
        private double minLinePunctuationFraction = MIN_LINE_PUNCTUATION_FRACTION_DEFAULT;
        private double maxShortLineFraction = MAX_SHORT_LINE_FRACTION_DEFAULT;
        private int shortLineChars = SHORT_LINE_CHARS_DEFAULT;
        private double unspacedScriptShare = UNSPACED_SCRIPT_SHARE_DEFAULT;
        private int unspacedMinChars = UNSPACED_MIN_CHARS_DEFAULT;
        private int unspacedMaxChars = UNSPACED_MAX_CHARS_DEFAULT;

        private Builder() {
        }

        public Builder minWords(int v) { minWords = v; return this; }
        public Builder maxWords(int v) { maxWords = v; return this; }
        public Builder minMeanWordLength(double v) { minMeanWordLength = v; return this; }
        public Builder maxMeanWordLength(double v) { maxMeanWordLength = v; return this; }
        public Builder maxSymbolWordRatio(double v) { maxSymbolWordRatio = v; return this; }
        public Builder maxBulletLineFraction(double v) { maxBulletLineFraction = v; return this; }
        public Builder maxEllipsisLineFraction(double v) { maxEllipsisLineFraction = v; return this; }
        public Builder minAlphaWordFraction(double v) { minAlphaWordFraction = v; return this; }
        public Builder minStopWords(int v) { minStopWords = v; return this; }
        public Builder stopWords(Set<String> v) { stopWords = v; return this; }
        public Builder rejectLoremIpsum(boolean v) { rejectLoremIpsum = v; return this; }
        public Builder rejectCurlyBracket(boolean v) { rejectCurlyBracket = v; return this; }
        public Builder maxDuplicateLineFraction(double v) { maxDuplicateLineFraction = v; return this; }
        public Builder maxDuplicateLineCharFraction(double v) { maxDuplicateLineCharFraction = v; return this; }
        public Builder maxDuplicateParagraphFraction(double v) { maxDuplicateParagraphFraction = v; return this; }
        public Builder maxDuplicateParagraphCharFraction(double v) { maxDuplicateParagraphCharFraction = v; return this; }
        public Builder maxTopNgramCharFraction(List<Double> v) { maxTopNgramCharFraction = v; return this; }
        public Builder maxDuplicateNgramCharFraction(List<Double> v) { maxDuplicateNgramCharFraction = v; return this; }
        public Builder minLinePunctuationFraction(double v) { minLinePunctuationFraction = v; return this; }
        public Builder maxShortLineFraction(double v) { maxShortLineFraction = v; return this; }
        public Builder shortLineChars(int v) { shortLineChars = v; return this; }
        public Builder unspacedScriptShare(double v) { unspacedScriptShare = v; return this; }
        public Builder unspacedMinChars(int v) { unspacedMinChars = v; return this; }
        public Builder unspacedMaxChars(int v) { unspacedMaxChars = v; return this; }

        public QualityThresholds build() {
            return new QualityThresholds(minWords, maxWords, minMeanWordLength, maxMeanWordLength, maxSymbolWordRatio,
                    maxBulletLineFraction, maxEllipsisLineFraction, minAlphaWordFraction, minStopWords, stopWords,
                    rejectLoremIpsum, rejectCurlyBracket, maxDuplicateLineFraction, maxDuplicateLineCharFraction,
                    maxDuplicateParagraphFraction, maxDuplicateParagraphCharFraction, maxTopNgramCharFraction,
                    maxDuplicateNgramCharFraction, minLinePunctuationFraction, maxShortLineFraction, shortLineChars,
                    unspacedScriptShare, unspacedMinChars, unspacedMaxChars);
        }
    }
}
