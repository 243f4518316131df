package io.greentrain.preprocessing.text.quality;

import java.io.Serializable;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thresholds of the {@link GopherQualityFilter}. Defaults from the Gopher quality filter (Rae et al. 2021, "Scaling
 * Language Models: Methods, Analysis &amp; Insights from Training Gopher", appendix A.1.1): 50 to 100,000 words; mean
 * word length 3 to 10; symbol-to-word ratio (# and ellipses) at most 0.1; at most 90% of lines starting with a bullet;
 * at most 30% of lines ending with an ellipsis; at least 80% of words with an alphabetic character; at least 2 of the
 * stop words the, be, to, of, and, that, have, with. Unspaced scripts (ours, see {@link ScriptClass}) need 10 to
 * 200,000 letters instead of 50 to 100,000 words (a 4-line, 5-character Chinese quatrain has 20), and a quotation
 * with its attribution line 4 (a four-character idiom, 成語, is the shortest saying that is quoted with a source).
 * Chinese documents need one of {@link #CHINESE_STOP_WORDS_DEFAULT}, the function characters of Chinese, for every
 * full 200 characters ({@link #CHINESE_MIN_STOP_WORD_SHARE_DEFAULT}): measured on the bundled Tang poems, 223 of the 842
 * poems under 50 characters have none (a quatrain needs no particle); on the 101,073 poems of both Tang collections
 * (scripts/fetch-corpora.sh chinese-poetry) one per full 100 characters would remove 27 long regulated poems and one
 * per full 200 none, while the long keyword lists of the labelled evaluation set ({@code data/text/quality-eval/},
 * figures in {@code docs/text-cleaning.md}) that have none are removed either way.
 *
 * <p>A limit set to its permissive extreme (0 for a minimum fraction, 1 for a maximum fraction, 0 stop words) turns
 * its rule off. Build with {@link #builder()}, whose setters are named after the components.
 *
 * @param minWords                fewest words of a spaced-script document
 * @param maxWords                most words of a spaced-script document
 * @param unspacedMinChars        fewest words (letters, see {@link TextDocument}) of an unspaced-script document
 * @param unspacedMaxChars        most words of an unspaced-script document
 * @param unspacedMinCharsQuoted  fewest words of an unspaced-script document with an attribution line
 *                                ({@link TextDocument#isAttributionLine}), the line not counted
 * @param minMeanWordLength       shortest mean word length, punctuation stripped (spaced scripts only)
 * @param maxMeanWordLength       longest mean word length (spaced scripts only)
 * @param maxSymbolWordRatio      most hash signs per word, and most ellipses per word
 * @param maxBulletLineFraction   largest share of lines starting with a bullet
 * @param maxEllipsisLineFraction largest share of lines ending in an ellipsis
 * @param minAlphaWordFraction    smallest share of words with a letter
 * @param minStopWords            fewest stop words (spaced scripts only); 0 turns the rule off
 * @param stopWords               the stop words, lower case
 * @param chineseMinStopWordShare fewest Chinese stop words (single characters) of a Chinese document per word
 *                                (character), counted in whole stop words: a share of 0.005 asks for none under 200
 *                                characters, one from 200, two from 400; 0 turns the rule off
 * @param chineseStopWords        the Chinese stop words, single characters
 */
public record GopherQualityThresholds(
        int minWords, int maxWords, int unspacedMinChars, int unspacedMaxChars, int unspacedMinCharsQuoted,
        double minMeanWordLength, double maxMeanWordLength, double maxSymbolWordRatio,
        double maxBulletLineFraction, double maxEllipsisLineFraction, double minAlphaWordFraction,
        int minStopWords, Set<String> stopWords, double chineseMinStopWordShare, Set<String> chineseStopWords)
        implements Serializable {

    public static final int MIN_WORDS_DEFAULT = 50;
    public static final int MAX_WORDS_DEFAULT = 100_000;
    public static final int UNSPACED_MIN_CHARS_DEFAULT = 10;
    public static final int UNSPACED_MAX_CHARS_DEFAULT = 200_000;
    public static final int UNSPACED_MIN_CHARS_QUOTED_DEFAULT = 4;
    public static final double MIN_MEAN_WORD_LENGTH_DEFAULT = 3;
    public static final double MAX_MEAN_WORD_LENGTH_DEFAULT = 10;
    public static final double MAX_SYMBOL_WORD_RATIO_DEFAULT = 0.1;
    public static final double MAX_BULLET_LINE_FRACTION_DEFAULT = 0.9;
    public static final double MAX_ELLIPSIS_LINE_FRACTION_DEFAULT = 0.3;
    public static final double MIN_ALPHA_WORD_FRACTION_DEFAULT = 0.8;
    public static final int MIN_STOP_WORDS_DEFAULT = 2;
    public static final Set<String> STOP_WORDS_DEFAULT = Set.of("the", "be", "to", "of", "and", "that", "have", "with");
    public static final double CHINESE_MIN_STOP_WORD_SHARE_DEFAULT = 0.005;
    /**
     * The function characters (虛詞) of Chinese, ours, written from its grammar rather than copied from a list: the
     * particles, pronouns, prepositions, conjunctions, negations and the copula of modern Chinese (的 了 是 在 和 ...)
     * and of the classical language (之 乎 者 也 矣 焉 哉 其 以 於 ...), in traditional and simplified forms. Single
     * characters, since a Chinese document's words are its characters.
     */
    public static final Set<String> CHINESE_STOP_WORDS_DEFAULT = characters(
            "的了是在和与與及也就都而着著把被这這那我你他她它们們有不没沒个個吗嗎呢吧啊从從对對给給让讓很还還又或但因如"
            + "之乎者矣焉哉兮其以于於为為所则則乃亦且若何此彼吾汝尔爾无無莫勿未非弗夫盖蓋");

    /** The published defaults listed above. */
    public static final GopherQualityThresholds DEFAULTS = builder().build();

    public GopherQualityThresholds {
        stopWords = Set.copyOf(stopWords);
        chineseStopWords = Set.copyOf(chineseStopWords);
        if (minWords < 0 || maxWords < minWords || unspacedMinChars < 0 || unspacedMaxChars < unspacedMinChars
                || unspacedMinCharsQuoted < 0 || unspacedMaxChars < unspacedMinCharsQuoted) {
            throw new IllegalArgumentException("word limits must satisfy 0 <= min <= max: words " + minWords + ".."
                    + maxWords + ", unspaced characters " + unspacedMinChars + ".." + unspacedMaxChars
                    + ", quoted from " + unspacedMinCharsQuoted);
        }
        for (String word : chineseStopWords) {
            if (word.codePointCount(0, word.length()) != 1) {
                throw new IllegalArgumentException("Chinese stop words are single characters, got '" + word + "'");
            }
        }
    }

    private static Set<String> characters(String text) {
        return text.codePoints().mapToObj(Character::toString).collect(Collectors.toUnmodifiableSet());
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
        private int unspacedMinCharsQuoted = UNSPACED_MIN_CHARS_QUOTED_DEFAULT;
        private double minMeanWordLength = MIN_MEAN_WORD_LENGTH_DEFAULT;
        private double maxMeanWordLength = MAX_MEAN_WORD_LENGTH_DEFAULT;
        private double maxSymbolWordRatio = MAX_SYMBOL_WORD_RATIO_DEFAULT;
        private double maxBulletLineFraction = MAX_BULLET_LINE_FRACTION_DEFAULT;
        private double maxEllipsisLineFraction = MAX_ELLIPSIS_LINE_FRACTION_DEFAULT;
        private double minAlphaWordFraction = MIN_ALPHA_WORD_FRACTION_DEFAULT;
        private int minStopWords = MIN_STOP_WORDS_DEFAULT;
        private Set<String> stopWords = STOP_WORDS_DEFAULT;
        private double chineseMinStopWordShare = CHINESE_MIN_STOP_WORD_SHARE_DEFAULT;
        private Set<String> chineseStopWords = CHINESE_STOP_WORDS_DEFAULT;

        private Builder() {
        }

        public Builder minWords(int v) { minWords = v; return this; }
        public Builder maxWords(int v) { maxWords = v; return this; }
        public Builder unspacedMinChars(int v) { unspacedMinChars = v; return this; }
        public Builder unspacedMaxChars(int v) { unspacedMaxChars = v; return this; }
        public Builder unspacedMinCharsQuoted(int v) { unspacedMinCharsQuoted = v; return this; }
        public Builder minMeanWordLength(double v) { minMeanWordLength = v; return this; }
        public Builder maxMeanWordLength(double v) { maxMeanWordLength = v; return this; }
        public Builder maxSymbolWordRatio(double v) { maxSymbolWordRatio = v; return this; }
        public Builder maxBulletLineFraction(double v) { maxBulletLineFraction = v; return this; }
        public Builder maxEllipsisLineFraction(double v) { maxEllipsisLineFraction = v; return this; }
        public Builder minAlphaWordFraction(double v) { minAlphaWordFraction = v; return this; }
        public Builder minStopWords(int v) { minStopWords = v; return this; }
        public Builder stopWords(Set<String> v) { stopWords = v; return this; }
        public Builder chineseMinStopWordShare(double v) { chineseMinStopWordShare = v; return this; }
        public Builder chineseStopWords(Set<String> v) { chineseStopWords = v; return this; }

        public GopherQualityThresholds build() {
            return new GopherQualityThresholds(minWords, maxWords, unspacedMinChars, unspacedMaxChars,
                    unspacedMinCharsQuoted, minMeanWordLength, maxMeanWordLength, maxSymbolWordRatio,
                    maxBulletLineFraction, maxEllipsisLineFraction, minAlphaWordFraction, minStopWords, stopWords,
                    chineseMinStopWordShare, chineseStopWords);
        }
    }
}
