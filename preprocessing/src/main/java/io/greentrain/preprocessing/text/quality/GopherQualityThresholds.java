package io.greentrain.preprocessing.text.quality;

import java.io.Serializable;
import java.util.Set;

/**
 * Thresholds of the {@link GopherQualityFilter}. Defaults from the Gopher quality filter (Rae et al. 2021, "Scaling
 * Language Models: Methods, Analysis &amp; Insights from Training Gopher", appendix A.1.1): 50 to 100,000 words; mean
 * word length 3 to 10; symbol-to-word ratio (# and ellipses) at most 0.1; at most 90% of lines starting with a bullet;
 * at most 30% of lines ending with an ellipsis; at least 80% of words with an alphabetic character; at least 2 of the
 * stop words the, be, to, of, and, that, have, with. Unspaced scripts (ours, see {@link ScriptClass}) need 10 to
 * 200,000 letters instead of 50 to 100,000 words (a 4-line, 5-character Chinese quatrain has 20).
 *
 * <p>A limit set to its permissive extreme (0 for a minimum fraction, 1 for a maximum fraction, 0 stop words) turns
 * its rule off. Build with {@link #builder()}, whose setters are named after the components.
 *
 * @param minWords                fewest words of a spaced-script document
 * @param maxWords                most words of a spaced-script document
 * @param unspacedMinChars        fewest words (letters, see {@link TextDocument}) of an unspaced-script document
 * @param unspacedMaxChars        most words of an unspaced-script document
 * @param minMeanWordLength       shortest mean word length, punctuation stripped (spaced scripts only)
 * @param maxMeanWordLength       longest mean word length (spaced scripts only)
 * @param maxSymbolWordRatio      most hash signs per word, and most ellipses per word
 * @param maxBulletLineFraction   largest share of lines starting with a bullet
 * @param maxEllipsisLineFraction largest share of lines ending in an ellipsis
 * @param minAlphaWordFraction    smallest share of words with a letter
 * @param minStopWords            fewest stop words (spaced scripts only); 0 turns the rule off
 * @param stopWords               the stop words, lower case
 */
public record GopherQualityThresholds(
        int minWords, int maxWords, int unspacedMinChars, int unspacedMaxChars,
        double minMeanWordLength, double maxMeanWordLength, double maxSymbolWordRatio,
        double maxBulletLineFraction, double maxEllipsisLineFraction, double minAlphaWordFraction,
        int minStopWords, Set<String> stopWords) implements Serializable {

    public static final int MIN_WORDS_DEFAULT = 50;
    public static final int MAX_WORDS_DEFAULT = 100_000;
    public static final int UNSPACED_MIN_CHARS_DEFAULT = 10;
    public static final int UNSPACED_MAX_CHARS_DEFAULT = 200_000;
    public static final double MIN_MEAN_WORD_LENGTH_DEFAULT = 3;
    public static final double MAX_MEAN_WORD_LENGTH_DEFAULT = 10;
    public static final double MAX_SYMBOL_WORD_RATIO_DEFAULT = 0.1;
    public static final double MAX_BULLET_LINE_FRACTION_DEFAULT = 0.9;
    public static final double MAX_ELLIPSIS_LINE_FRACTION_DEFAULT = 0.3;
    public static final double MIN_ALPHA_WORD_FRACTION_DEFAULT = 0.8;
    public static final int MIN_STOP_WORDS_DEFAULT = 2;
    public static final Set<String> STOP_WORDS_DEFAULT = Set.of("the", "be", "to", "of", "and", "that", "have", "with");

    /** The published defaults listed above. */
    public static final GopherQualityThresholds DEFAULTS = builder().build();

    public GopherQualityThresholds {
        stopWords = Set.copyOf(stopWords);
        if (minWords < 0 || maxWords < minWords || unspacedMinChars < 0 || unspacedMaxChars < unspacedMinChars) {
            throw new IllegalArgumentException("word limits must satisfy 0 <= min <= max: words " + minWords + ".."
                    + maxWords + ", unspaced characters " + unspacedMinChars + ".." + unspacedMaxChars);
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named setters; unset values keep their defaults. */
    public static final class Builder {
        private int minWords = MIN_WORDS_DEFAULT;
        private int maxWords = MAX_WORDS_DEFAULT;
        private int unspacedMinChars = UNSPACED_MIN_CHARS_DEFAULT;
        private int unspacedMaxChars = UNSPACED_MAX_CHARS_DEFAULT;
        private double minMeanWordLength = MIN_MEAN_WORD_LENGTH_DEFAULT;
        private double maxMeanWordLength = MAX_MEAN_WORD_LENGTH_DEFAULT;
        private double maxSymbolWordRatio = MAX_SYMBOL_WORD_RATIO_DEFAULT;
        private double maxBulletLineFraction = MAX_BULLET_LINE_FRACTION_DEFAULT;
        private double maxEllipsisLineFraction = MAX_ELLIPSIS_LINE_FRACTION_DEFAULT;
        private double minAlphaWordFraction = MIN_ALPHA_WORD_FRACTION_DEFAULT;
        private int minStopWords = MIN_STOP_WORDS_DEFAULT;
        private Set<String> stopWords = STOP_WORDS_DEFAULT;

        private Builder() {
        }

        public Builder minWords(int v) { minWords = v; return this; }
        public Builder maxWords(int v) { maxWords = v; return this; }
        public Builder unspacedMinChars(int v) { unspacedMinChars = v; return this; }
        public Builder unspacedMaxChars(int v) { unspacedMaxChars = v; return this; }
        public Builder minMeanWordLength(double v) { minMeanWordLength = v; return this; }
        public Builder maxMeanWordLength(double v) { maxMeanWordLength = v; return this; }
        public Builder maxSymbolWordRatio(double v) { maxSymbolWordRatio = v; return this; }
        public Builder maxBulletLineFraction(double v) { maxBulletLineFraction = v; return this; }
        public Builder maxEllipsisLineFraction(double v) { maxEllipsisLineFraction = v; return this; }
        public Builder minAlphaWordFraction(double v) { minAlphaWordFraction = v; return this; }
        public Builder minStopWords(int v) { minStopWords = v; return this; }
        public Builder stopWords(Set<String> v) { stopWords = v; return this; }

        public GopherQualityThresholds build() {
            return new GopherQualityThresholds(minWords, maxWords, unspacedMinChars, unspacedMaxChars,
                    minMeanWordLength, maxMeanWordLength, maxSymbolWordRatio, maxBulletLineFraction,
                    maxEllipsisLineFraction, minAlphaWordFraction, minStopWords, stopWords);
        }
    }
}
