package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.TextDocument.fraction;
import static io.greentrain.preprocessing.text.quality.TextDocument.stripPunctuation;

import io.greentrain.preprocessing.text.RemovalReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gopher's quality rules (Rae et al. 2021, appendix A.1.1; DataTrove's {@code GopherQualityFilter}), checked in this
 * order: document length ({@code too_few_words}, {@code too_many_words}; unspaced scripts counted in letters against
 * their own limits, attribution lines left out: {@link TextDocument#lengthWords()}), {@code mean_word_length} (spaced
 * scripts only), {@code symbol_ratio}, {@code bullet_lines}, {@code ellipsis_lines}, {@code alpha_words},
 * {@code stop_words} (spaced documents whose letters are mostly Latin only: the list is English, and a Cyrillic, Greek,
 * Hangul or Arabic text cannot hold it). Fractions are compared strictly: a value equal to its limit passes.
 *
 * @param thresholds the limits; {@link GopherQualityThresholds#DEFAULTS} for the published ones
 */
public record GopherQualityFilter(GopherQualityThresholds thresholds) implements TextFilter {

    private static final Set<RemovalReason> REASONS = Collections.unmodifiableSet(
            EnumSet.range(RemovalReason.TOO_FEW_WORDS, RemovalReason.STOP_WORDS));
    private static final Set<String> BULLETS = Set.of("•", "-", "*", "‣", "◦", "▪", "●", "○", "·");

    /** The filter with the published thresholds. */
    public static GopherQualityFilter defaults() {
        return new GopherQualityFilter(GopherQualityThresholds.DEFAULTS);
    }

    @Override
    public String name() {
        return "gopher_quality";
    }

    @Override
    public Set<RemovalReason> reasons() {
        return REASONS;
    }

    @Override
    public FilterResult check(TextDocument document) {
        GopherQualityThresholds t = thresholds;
        String text = document.text();
        boolean unspaced = document.unspaced();
        List<String> words = document.words();
        int n = words.size();
        int length = document.lengthWords();
        int min = unspaced ? t.unspacedMinChars() : t.minWords();
        int max = unspaced ? t.unspacedMaxChars() : t.maxWords();
        String unit = unspaced ? "unspaced words" : "words";
        if (length < min) {
            return FilterResult.drop(RemovalReason.TOO_FEW_WORDS, unit + " " + length + " < " + min);
        }
        if (length > max) {
            return FilterResult.drop(RemovalReason.TOO_MANY_WORDS, unit + " " + length + " > " + max);
        }
        if (!unspaced) {
            double mean = meanWordLength(words);
            if (mean < t.minMeanWordLength() || mean > t.maxMeanWordLength()) {
                return FilterResult.drop(RemovalReason.MEAN_WORD_LENGTH, String.format(Locale.ROOT,
                        "mean word length %.2f outside [%s, %s]", mean, t.minMeanWordLength(), t.maxMeanWordLength()));
            }
        }
        double hashes = (double) count(text, "#") / n;
        double ellipses = (double) (count(text, "...") + count(text, "…")) / n;
        if (hashes > t.maxSymbolWordRatio() || ellipses > t.maxSymbolWordRatio()) {
            return FilterResult.drop(RemovalReason.SYMBOL_RATIO, String.format(Locale.ROOT,
                    "%s per word %.3f > %s", hashes >= ellipses ? "hash" : "ellipsis", Math.max(hashes, ellipses),
                    t.maxSymbolWordRatio()));
        }
        List<String> lines = document.lines();
        double bullets = fraction(lines.stream().filter(l -> BULLETS.stream().anyMatch(l::startsWith)).count(),
                lines.size());
        if (bullets > t.maxBulletLineFraction()) {
            return FilterResult.drop(RemovalReason.BULLET_LINES, "lines starting with a bullet", bullets,
                    ">", t.maxBulletLineFraction());
        }
        double ellipsisLines = fraction(lines.stream().filter(l -> l.endsWith("...") || l.endsWith("…")).count(),
                lines.size());
        if (ellipsisLines > t.maxEllipsisLineFraction()) {
            return FilterResult.drop(RemovalReason.ELLIPSIS_LINES, "lines ending in an ellipsis", ellipsisLines,
                    ">", t.maxEllipsisLineFraction());
        }
        double alpha = fraction(words.stream().filter(GopherQualityFilter::hasLetter).count(), n);
        if (alpha < t.minAlphaWordFraction()) {
            return FilterResult.drop(RemovalReason.ALPHA_WORDS, "words with a letter", alpha, "<",
                    t.minAlphaWordFraction());
        }
        if (!unspaced && t.minStopWords() > 0 && mostlyLatin(text)) {
            long stops = words.stream().map(w -> stripPunctuation(w).toLowerCase(Locale.ROOT))
                    .filter(t.stopWords()::contains).count();
            if (stops < t.minStopWords()) {
                return FilterResult.drop(RemovalReason.STOP_WORDS, "stop words " + stops + " < " + t.minStopWords());
            }
        }
        return FilterResult.KEEP;
    }

    private static double meanWordLength(List<String> words) {
        long chars = 0;
        long counted = 0;
        for (String word : words) {
            String core = stripPunctuation(word);
            if (!core.isEmpty()) {
                chars += core.codePointCount(0, core.length());
                counted++;
            }
        }
        return counted == 0 ? 0 : (double) chars / counted;
    }

    /**
     * True when at least half of the letters of {@code text} are Latin: the stop words are English ones, and a
     * Russian, Greek, Korean or Arabic text has none of them however good it is.
     */
    static boolean mostlyLatin(String text) {
        long letters = 0;
        long latin = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                letters++;
                latin += Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN ? 1 : 0;
            }
        }
        return 2 * latin >= letters;
    }

    private static boolean hasLetter(String word) {
        return word.codePoints().anyMatch(Character::isLetter);
    }

    private static long count(String text, String needle) {
        long count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }
}
