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
 * their own limits, attribution lines left out: {@link TextDocument#lengthWords()}, and a quotation, a text with an
 * attribution line, against its own lower minimum), {@code mean_word_length} (spaced documents only, over their
 * {@link TextDocument#spacedPart spaced part}), {@code symbol_ratio}, {@code bullet_lines}, {@code ellipsis_lines},
 * {@code alpha_words}, {@code stop_words}: English stop words in the spaced part of spaced documents whose spaced
 * part is mostly Latin letters (a Cyrillic, Greek, Hangul or Arabic text cannot hold them), Chinese stop words in
 * unspaced documents written in Han ({@link ScriptUnits#chinese}), none for other languages. Fractions are compared
 * strictly: a value equal to its limit passes.
 *
 * @param thresholds the limits; {@link GopherQualityThresholds#DEFAULTS} for the published ones
 */
public record GopherQualityFilter(GopherQualityThresholds thresholds) implements TextFilter {

    private static final Set<RemovalReason> REASONS = Collections.unmodifiableSet(
            EnumSet.range(RemovalReason.TOO_FEW_WORDS, RemovalReason.STOP_WORDS));
    private static final Set<String> BULLETS = Set.of("•", "-", "*", "‣", "◦", "▪", "●", "○", "·");
    /**
     * The largest share of kana among a document's unspaced letters for the Chinese stop words to apply: Japanese
     * writes its particles and endings in kana, Chinese holds kana only in a quoted name. Ours.
     */
    public static final double CHINESE_MAX_KANA_SHARE = 0.1;

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
        boolean quoted = unspaced && document.lines().stream().anyMatch(TextDocument::isAttributionLine);
        int min = unspaced ? (quoted ? t.unspacedMinCharsQuoted() : t.unspacedMinChars()) : t.minWords();
        int max = unspaced ? t.unspacedMaxChars() : t.maxWords();
        String unit = unspaced ? (quoted ? "unspaced words of a quotation" : "unspaced words") : "words";
        if (length < min) {
            return FilterResult.drop(RemovalReason.TOO_FEW_WORDS, unit + " " + length + " < " + min);
        }
        if (length > max) {
            return FilterResult.drop(RemovalReason.TOO_MANY_WORDS, unit + " " + length + " > " + max);
        }
        List<String> spacedPart = document.spacedPart();
        if (!unspaced) {
            double mean = meanWordLength(spacedPart);
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
        if (!unspaced && t.minStopWords() > 0 && document.units().spacedPartMostlyLatin()) {
            long stops = spacedPart.stream().map(w -> stripPunctuation(w).toLowerCase(Locale.ROOT))
                    .filter(t.stopWords()::contains).count();
            if (stops < t.minStopWords()) {
                return FilterResult.drop(RemovalReason.STOP_WORDS, "stop words " + stops + " < " + t.minStopWords());
            }
        }
        if (unspaced && t.chineseMinStopWordShare() > 0 && document.units().chinese(CHINESE_MAX_KANA_SHARE)) {
            long needed = (long) Math.floor(t.chineseMinStopWordShare() * n);
            long stops = words.stream().filter(t.chineseStopWords()::contains).count();
            if (stops < needed) {
                return FilterResult.drop(RemovalReason.STOP_WORDS, "Chinese stop words " + stops + " < " + needed
                        + " (" + t.chineseMinStopWordShare() + " of " + n + " words)");
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
